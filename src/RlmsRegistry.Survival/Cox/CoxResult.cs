namespace RlmsRegistry.Survival;

/// <summary>A chi-square test: statistic, degrees of freedom and upper-tail p-value.</summary>
/// <param name="Statistic">The chi-square statistic (NaN when it cannot be formed).</param>
/// <param name="Df">Degrees of freedom.</param>
/// <param name="P">P(chi-square(Df) &gt; Statistic); NaN when Df is 0.</param>
public sealed record TestResult(double Statistic, int Df, double P)
{
    /// <summary>Builds the test with its p-value.</summary>
    public static TestResult Create(double statistic, int df) =>
        new(statistic, df, df > 0 ? Distributions.ChiSquareUpperTail(statistic, df) : double.NaN);
}

/// <summary>
/// One row of R's <c>summary(coxph)</c> coefficient table. A coefficient R reports as NA (a singular
/// column) has NaN in every numeric field.
/// </summary>
/// <param name="Term">The coefficient (design column) name, e.g. "celltypelarge".</param>
/// <param name="Coef">The estimate.</param>
/// <param name="Se">Model-based standard error (sqrt of the inverse information's diagonal).</param>
/// <param name="RobustSe">Sandwich standard error when the model has a cluster; null otherwise.</param>
/// <param name="Z">Coef / se, with the robust se when there is one.</param>
/// <param name="P">Two-sided normal p-value of Z.</param>
/// <param name="HazardRatio">exp(Coef).</param>
/// <param name="Lower95">exp(Coef - qnorm(0.975) se), se robust when available.</param>
/// <param name="Upper95">exp(Coef + qnorm(0.975) se), se robust when available.</param>
public sealed record CoxCoefficient(
    string Term,
    double Coef,
    double Se,
    double? RobustSe,
    double Z,
    double P,
    double HazardRatio,
    double Lower95,
    double Upper95);

/// <summary>
/// A fitted Cox proportional-hazards model, with the numbers R's <c>coxph</c> and <c>summary.coxph</c>
/// report (survival 3.5). Failures of the fit are data here, never exceptions: see
/// <see cref="Converged"/>, <see cref="ProblemTerms"/> and <see cref="Warnings"/>.
/// </summary>
public sealed class CoxResult
{
    /// <summary>Rows used.</summary>
    public required int N { get; init; }

    /// <summary>Number of events.</summary>
    public required int Events { get; init; }

    /// <summary>Tie method used.</summary>
    public required CoxTies Ties { get; init; }

    /// <summary>
    /// True when the log-likelihood converged (|1 - loglik_new / loglik_best| &lt;= eps) within
    /// <see cref="CoxOptions.MaxIterations"/>, as R's coxph (which warns "Ran out of iterations and did not
    /// converge" otherwise). A fit whose log-likelihood converged while a coefficient drifts to infinity
    /// (monotone likelihood) is still Converged, as in R; those terms are listed in
    /// <see cref="InfiniteTerms"/> and <see cref="ProblemTerms"/>. A model without events is not converged.
    /// </summary>
    public required bool Converged { get; init; }

    /// <summary>
    /// R's <c>coxph()$iter</c>: the Newton–Raphson iteration at which the log-likelihood converged;
    /// MaxIterations + 1 when it ran out of iterations (R's C loop counter); 0 for a null model or one
    /// without events.
    /// </summary>
    public required int Iterations { get; init; }

    /// <summary>Log partial likelihood at beta = 0.</summary>
    public required double LogLikelihoodNull { get; init; }

    /// <summary>Log partial likelihood at the estimate.</summary>
    public required double LogLikelihoodModel { get; init; }

    /// <summary>One row per design column, in input order.</summary>
    public required IReadOnlyList<CoxCoefficient> Coefficients { get; init; }

    /// <summary>
    /// Names of coefficients that need attention: singular columns (<see cref="SingularTerms"/>),
    /// possibly infinite coefficients (<see cref="InfiniteTerms"/>), and, when the fit did not converge,
    /// the coefficients still moving at the last iteration (all of them if none can be singled out).
    /// </summary>
    public required string[] ProblemTerms { get; init; }

    /// <summary>Columns found linearly dependent on earlier ones (toler.chol rule); their coefficient is NaN (R's NA).</summary>
    public required string[] SingularTerms { get; init; }

    /// <summary>
    /// Columns for which R warns "Loglik converged before variable ...; coefficient may be infinite":
    /// the next Newton step |u' V| exceeds both eps and toler.inf * |coef|.
    /// </summary>
    public required string[] InfiniteTerms { get; init; }

    /// <summary>
    /// R's warnings for this fit ("Ran out of iterations and did not converge", "Loglik converged before
    /// variable ...; coefficient may be infinite"), plus a note naming singular columns (which R reports
    /// only as NA coefficients) and the no-event / no-iteration cases. Empty when all is well.
    /// </summary>
    public required string[] Warnings { get; init; }

    /// <summary>Likelihood-ratio test 2 (LL_model - LL_null), df = non-singular coefficients.</summary>
    public required TestResult LikelihoodRatioTest { get; init; }

    /// <summary>Wald test b' V^-1 b (robust V when clustered), df = non-singular coefficients.</summary>
    public required TestResult WaldTest { get; init; }

    /// <summary>Score (log-rank) test U(0)' I(0)^-1 U(0), df = non-singular coefficients.</summary>
    public required TestResult ScoreTest { get; init; }

    /// <summary>Robust score test from cluster-summed score residuals at beta = 0; null without a cluster.</summary>
    public required TestResult? RobustScoreTest { get; init; }

    /// <summary>
    /// R's <c>coxph()$linear.predictors</c> per input row: x_i' b - means' b with <see cref="Means"/>
    /// (singular coefficients count as 0). This equals <c>predict(fit, type = "lp")</c> for unstratified
    /// models; for stratified ones R's predict re-centres within strata, this does not.
    /// </summary>
    public required double[] LinearPredictor { get; init; }

    /// <summary>Model-based variance (inverse information) of the coefficients; zero rows/columns for singular ones.</summary>
    public required double[,] Variance { get; init; }

    /// <summary>Sandwich variance D'D from cluster-summed dfbeta residuals; null without a cluster.</summary>
    public required double[,]? RobustVariance { get; init; }

    /// <summary>
    /// R's <c>coxph()$means</c>: the column means used for centring; 0 for columns whose values all lie in
    /// {-1, 0, 1}, which coxph leaves uncentred.
    /// </summary>
    public required double[] Means { get; init; }

    /// <summary>Score vector at the estimate (original scale); near zero at convergence.</summary>
    public required double[] Score { get; init; }

    /// <summary>The variance used for tests and intervals: robust when clustered, else model-based (R's <c>fit$var</c>).</summary>
    public double[,] EffectiveVariance => RobustVariance ?? Variance;
}
