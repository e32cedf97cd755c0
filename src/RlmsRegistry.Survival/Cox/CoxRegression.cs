using System.Globalization;

namespace RlmsRegistry.Survival;

/// <summary>
/// Cox proportional-hazards regression for right-censored data, reproducing R's
/// <c>coxph(Surv(time, status) ~ ..., ties = "efron" | "breslow")</c> of survival 3.5 together with the
/// numbers of <c>summary.coxph</c>: Newton–Raphson from beta = 0 with step-halving (survival's coxfit6),
/// the toler.chol singular-column rule, the infinite-coefficient check, and with a cluster the sandwich
/// variance and robust score test.
/// </summary>
public static class CoxRegression
{
    /// <summary>Below this many clusters the sandwich variance is flagged as unreliable (a warning in the result).</summary>
    public const int MinimumClusters = 10;

    /// <summary>
    /// Fits the model. Input: validated-on-entry <paramref name="data"/> (throws
    /// <see cref="ArgumentException"/> for malformed input only). Output: a <see cref="CoxResult"/>;
    /// singular designs, non-convergence and infinite coefficients are flagged in it, never thrown.
    /// Cost: one O(n) radix sort, then O(n p^2 / 2) per iteration; O(n p) extra memory.
    /// </summary>
    public static CoxResult Fit(CoxData data, CoxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new CoxOptions();
        options.Validate();
        data.Validate();
        var sorted = SortedCoxData.Create(data, options.TimeFix);
        return Fit(data, sorted, options);
    }

    internal static CoxResult Fit(CoxData data, SortedCoxData sorted, CoxOptions options)
    {
        var n = sorted.N;
        var p = sorted.P;
        var efron = options.Ties == CoxTies.Efron;
        if (sorted.Events == 0)
        {
            return NoEvents(data, sorted, options);
        }

        var likelihood = new CoxLikelihood(sorted, efron);
        var beta = new double[p];
        var newBeta = new double[p];
        var u = new double[p];
        var imat = new double[p * p];
        var step = new double[p];
        var lastStep = new double[p];
        var warnings = new List<string>();

        // Iteration 0: loglik, score and information at beta = 0; the score test.
        var loglik0 = likelihood.Evaluate(beta, u, imat);
        u.CopyTo(step, 0);
        var flag = SymmetricCholesky.Decompose(imat, p, options.TolerChol);
        SymmetricCholesky.Solve(imat, p, step);
        var scoreStatistic = 0.0;
        for (var j = 0; j < p; j++)
        {
            scoreStatistic += u[j] * step[j];
        }

        var maxIter = options.MaxIterations;
        var loglik1 = loglik0;
        var converged = false;
        int iterations;
        var ranOut = false;

        if (p == 0 || maxIter == 0 || !double.IsFinite(loglik0))
        {
            SymmetricCholesky.Invert(imat, p);
            iterations = 0;
            converged = p == 0;
            if (p > 0 && maxIter == 0)
            {
                warnings.Add("No iterations were requested (MaxIterations = 0); coefficients are the initial values.");
            }
        }
        else
        {
            for (var j = 0; j < p; j++)
            {
                newBeta[j] = beta[j] + step[j];
            }

            var halving = 0;
            iterations = 1;
            for (; iterations <= maxIter; iterations++)
            {
                var newlk = likelihood.Evaluate(newBeta, u, imat);
                flag = SymmetricCholesky.Decompose(imat, p, options.TolerChol);
                var notFinite = !double.IsFinite(newlk) || !AllFinite(u) || !AllFinite(imat);

                if (!notFinite && Math.Abs(1 - (loglik1 / newlk)) <= options.Epsilon)
                {
                    loglik1 = newlk;
                    SymmetricCholesky.Invert(imat, p);
                    newBeta.CopyTo(beta, 0);
                    if (halving > 0)
                    {
                        flag = -2;
                    }

                    converged = true;
                    break;
                }

                if (notFinite || newlk < loglik1)
                {
                    // Not improving: step back towards the last good beta, more each time.
                    halving++;
                    for (var j = 0; j < p; j++)
                    {
                        newBeta[j] = (newBeta[j] + (halving * beta[j])) / (halving + 1.0);
                    }
                }
                else
                {
                    halving = 0;
                    loglik1 = newlk;
                    u.CopyTo(step, 0);
                    SymmetricCholesky.Solve(imat, p, step);
                    for (var j = 0; j < p; j++)
                    {
                        lastStep[j] = newBeta[j] - beta[j];
                        beta[j] = newBeta[j];
                        newBeta[j] += step[j];
                    }
                }
            }

            if (!converged)
            {
                // Out of iterations (R: iter = iter.max + 1, flag 1000). Like coxfit6, recompute loglik and
                // score at the last accepted beta when iter.max > 1 and then apply chinv2 to the raw
                // information matrix, which leaves diag(1 / I_jj): R's variance in this case.
                ranOut = true;
                if (maxIter > 1)
                {
                    loglik1 = likelihood.Evaluate(beta, u, imat);
                    DiagonalOnlyInverse(imat, p);
                }
                else
                {
                    SymmetricCholesky.Invert(imat, p);
                }

                flag = 1000;
            }
        }

        // Back to the original scale.
        var coef = new double[p];
        var score = new double[p];
        var variance = new double[p, p];
        for (var j = 0; j < p; j++)
        {
            coef[j] = beta[j] * sorted.Scale[j];
            score[j] = u[j] / sorted.Scale[j];
            for (var k = 0; k < p; k++)
            {
                variance[j, k] = imat[(j * p) + k] * sorted.Scale[j] * sorted.Scale[k];
            }
        }

        var names = data.ColumnNames;
        var singular = new bool[p];
        if (flag < p)
        {
            for (var j = 0; j < p; j++)
            {
                singular[j] = variance[j, j] == 0;
            }
        }

        // Linear predictor at the estimate (singular coefficients are 0 there, as in R's lp). Every row is summed in
        // column order without fused multiply-adds (CoxKernels.AddScaled): rows with equal covariates get bit-identical
        // values, so ties in the risk score (which concordance counts as 1/2) are not split by rounding.
        var etaSorted = new double[n];
        CoxKernels.LinearPredictorAndRisk(sorted.X, n, p, beta, etaSorted, risk: null);
        var linearPredictor = new double[n];
        var maxLp = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            linearPredictor[sorted.Order[i]] = etaSorted[i];
            maxLp = Math.Max(maxLp, etaSorted[i]);
        }

        // R's checks for non-convergence and infinite coefficients (only when iter.max > 1).
        var infinite = new bool[p];
        if (maxIter > 1 && p > 0)
        {
            var infs = new double[p];
            for (var j = 0; j < p; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < p; k++)
                {
                    sum += score[k] * variance[k, j];
                }

                infs[j] = Math.Abs(sum);
            }

            if (ranOut)
            {
                warnings.Add("Ran out of iterations and did not converge");
                if (maxLp > 500 || infs.Any(v => !double.IsFinite(v)))
                {
                    warnings.Add("one or more coefficients may be infinite");
                }
            }
            else
            {
                var tolerInf = options.EffectiveTolerInfinite;
                for (var j = 0; j < p; j++)
                {
                    infinite[j] = !double.IsFinite(score[j])
                        || (infs[j] > options.Epsilon && infs[j] > tolerInf * Math.Abs(coef[j]));
                }

                if (infinite.Any(v => v))
                {
                    warnings.Add(
                        "Loglik converged before variable  " + JoinIndices(infinite) + " ; coefficient may be infinite. ");
                }
            }
        }
        else if (ranOut)
        {
            warnings.Add("Ran out of iterations and did not converge");
        }

        if (maxIter > 0)
        {
            for (var j = 0; j < p; j++)
            {
                if (singular[j])
                {
                    coef[j] = double.NaN;
                }
            }
        }

        if (singular.Any(v => v))
        {
            warnings.Add("X matrix deemed to be singular; variable " + JoinIndices(singular).Replace(',', ' '));
        }

        var df = coef.Count(c => !double.IsNaN(c));

        // Robust variance and robust score test with a cluster.
        double[,]? robustVariance = null;
        TestResult? robustScore = null;
        if (data.Cluster is { } cluster && df > 0)
        {
            (robustVariance, var robustScoreStatistic) = Robust(sorted, cluster, efron, etaSorted, variance, options.TolerChol);
            robustScore = TestResult.Create(robustScoreStatistic, df);
            var clusters = cluster.Distinct().Count();
            if (clusters < MinimumClusters)
            {
                warnings.Add(
                    $"The robust (clustered) variance rests on only {clusters} clusters (fewer than {MinimumClusters}): its standard errors and "
                    + "confidence intervals are unreliable; prefer a model stratified by the clustering variable (e.g. centre).");
            }
        }

        var effectiveVariance = robustVariance ?? variance;

        // Wald test on the non-NA coefficients.
        var keep = Enumerable.Range(0, p).Where(j => !double.IsNaN(coef[j])).ToArray();
        var sub = new double[keep.Length * keep.Length];
        var subCoef = new double[keep.Length];
        for (var a = 0; a < keep.Length; a++)
        {
            subCoef[a] = coef[keep[a]];
            for (var b = 0; b < keep.Length; b++)
            {
                sub[(a * keep.Length) + b] = effectiveVariance[keep[a], keep[b]];
            }
        }

        var wald = keep.Length == 0 || !AllFinite(sub) || !AllFinite(subCoef)
            ? double.NaN
            : SymmetricCholesky.QuadraticForm(sub, keep.Length, subCoef, options.TolerChol).Statistic;

        var z975 = Distributions.NormalQuantile(0.975);
        var coefficients = new CoxCoefficient[p];
        for (var j = 0; j < p; j++)
        {
            if (double.IsNaN(coef[j]))
            {
                coefficients[j] = new CoxCoefficient(
                    names[j], double.NaN, double.NaN, robustVariance is null ? null : double.NaN,
                    double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
                continue;
            }

            var se = Math.Sqrt(variance[j, j]);
            double? robustSe = robustVariance is null ? null : Math.Sqrt(robustVariance[j, j]);
            var seUsed = robustSe ?? se;
            var z = coef[j] / seUsed;
            coefficients[j] = new CoxCoefficient(
                names[j],
                coef[j],
                se,
                robustSe,
                z,
                Distributions.NormalTwoSided(z),
                Math.Exp(coef[j]),
                Math.Exp(coef[j] - (z975 * seUsed)),
                Math.Exp(coef[j] + (z975 * seUsed)));
        }

        var singularTerms = names.Where((_, j) => singular[j]).ToArray();
        var infiniteTerms = names.Where((_, j) => infinite[j]).ToArray();
        var problems = new List<string>();
        for (var j = 0; j < p; j++)
        {
            if (singular[j] || infinite[j])
            {
                problems.Add(names[j]);
            }
        }

        if (ranOut)
        {
            // Coefficients still moving at the last accepted step; all of them if none stands out.
            var tolerInf = options.EffectiveTolerInfinite;
            var moving = Enumerable.Range(0, p)
                .Where(j => !singular[j] && !infinite[j]
                    && Math.Abs(lastStep[j] * sorted.Scale[j]) > options.Epsilon
                    && Math.Abs(lastStep[j] * sorted.Scale[j]) > tolerInf * Math.Abs(coef[j]))
                .ToList();
            if (moving.Count == 0)
            {
                moving = [.. Enumerable.Range(0, p).Where(j => !singular[j] && !infinite[j])];
            }

            problems.AddRange(moving.Select(j => names[j]));
            problems = [.. names.Where(problems.Contains)];
        }

        return new CoxResult
        {
            N = n,
            Events = sorted.Events,
            Ties = options.Ties,
            Converged = converged,
            Iterations = ranOut ? maxIter + 1 : iterations,
            LogLikelihoodNull = loglik0,
            LogLikelihoodModel = loglik1,
            Coefficients = coefficients,
            ProblemTerms = [.. problems],
            SingularTerms = singularTerms,
            InfiniteTerms = infiniteTerms,
            Warnings = [.. warnings],
            LikelihoodRatioTest = TestResult.Create(2 * (loglik1 - loglik0), df),
            WaldTest = TestResult.Create(wald, df),
            ScoreTest = TestResult.Create(scoreStatistic, df),
            RobustScoreTest = robustScore,
            LinearPredictor = linearPredictor,
            Variance = variance,
            RobustVariance = robustVariance,
            Means = (double[])sorted.Means.Clone(),
            Score = score,
        };
    }

    /// <summary>
    /// Sandwich variance and robust score test (R's coxph with cluster): D = per-cluster sums of the
    /// score residuals at the estimate times the model variance (dfbeta), V_robust = D'D; the robust
    /// score test is u' (S'S)^- u with S the per-cluster sums of the score residuals at beta = 0 and
    /// u = colSums(S). Input: sorted layout, cluster code per input row, eta at the estimate (sorted),
    /// model variance on the original scale. O(n p + K p^2) for K clusters.
    /// </summary>
    private static (double[,] Variance, double ScoreStatistic) Robust(
        SortedCoxData sorted, int[] cluster, bool efron, ReadOnlySpan<double> etaSorted, double[,] variance, double tolerChol)
    {
        var n = sorted.N;
        var p = sorted.P;
        var clusterIndex = new int[n];
        var codes = new Dictionary<int, int>();
        for (var i = 0; i < n; i++)
        {
            var code = cluster[sorted.Order[i]];
            if (!codes.TryGetValue(code, out var k))
            {
                k = codes.Count;
                codes.Add(code, k);
            }

            clusterIndex[i] = k;
        }

        var clusters = codes.Count;

        // Like coxph.fit, shift a linear predictor that would overflow exp() (near-infinite
        // coefficients); score residuals do not change with a common shift.
        var maxEta = double.NegativeInfinity;
        foreach (var e in etaSorted)
        {
            maxEta = Math.Max(maxEta, e);
        }

        var logMax = Math.Log(double.MaxValue);
        var shift = maxEta > logMax ? logMax - (1 + maxEta) : 0.0;
        var risk = new double[n];
        for (var i = 0; i < n; i++)
        {
            risk[i] = Math.Exp(etaSorted[i] + shift);
        }

        var buffer = new double[checked(n * p)];
        var residSums = CollapsedResiduals(sorted, risk, efron, clusterIndex, clusters, buffer);

        // dfbeta per cluster = residual sums times the model variance; V = D'D.
        var robust = new double[p, p];
        var dfbeta = new double[p];
        for (var c = 0; c < clusters; c++)
        {
            for (var j = 0; j < p; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < p; k++)
                {
                    sum += residSums[(c * p) + k] * variance[k, j];
                }

                dfbeta[j] = sum;
            }

            for (var j = 0; j < p; j++)
            {
                for (var k = 0; k < p; k++)
                {
                    robust[j, k] += dfbeta[j] * dfbeta[k];
                }
            }
        }

        // Robust score test at beta = 0: all risk scores 1.
        Array.Fill(risk, 1.0);
        var residSums0 = CollapsedResiduals(sorted, risk, efron, clusterIndex, clusters, buffer);
        var ss = new double[p * p];
        var u0 = new double[p];
        for (var c = 0; c < clusters; c++)
        {
            for (var j = 0; j < p; j++)
            {
                var v = residSums0[(c * p) + j];
                u0[j] += v;
                for (var k = 0; k < p; k++)
                {
                    ss[(j * p) + k] += v * residSums0[(c * p) + k];
                }
            }
        }

        var test = AllFinite(ss) && AllFinite(u0)
            ? SymmetricCholesky.QuadraticForm(ss, p, u0, tolerChol).Statistic
            : double.NaN;
        return (robust, test);
    }

    /// <summary>Score residuals (original scale) summed within clusters: K x p row-major.</summary>
    private static double[] CollapsedResiduals(
        SortedCoxData sorted, double[] risk, bool efron, int[] clusterIndex, int clusters, double[] buffer)
    {
        var n = sorted.N;
        var p = sorted.P;
        var resid = CoxScoreResiduals.Compute(sorted, risk, efron, buffer);
        var sums = new double[clusters * p];
        for (var j = 0; j < p; j++)
        {
            var scale = sorted.Scale[j];
            var column = resid.AsSpan(j * n, n);
            for (var i = 0; i < n; i++)
            {
                sums[(clusterIndex[i] * p) + j] += column[i] / scale;
            }
        }

        return sums;
    }

    private static CoxResult NoEvents(CoxData data, SortedCoxData sorted, CoxOptions options)
    {
        // R returns NA coefficients, loglik c(0, 0), score 0 and iter 0 when there is no event.
        var p = sorted.P;
        var coefficients = data.ColumnNames
            .Select(name => new CoxCoefficient(
                name, double.NaN, double.NaN, data.Cluster is null ? null : double.NaN,
                double.NaN, double.NaN, double.NaN, double.NaN, double.NaN))
            .ToArray();
        return new CoxResult
        {
            N = sorted.N,
            Events = 0,
            Ties = options.Ties,
            Converged = false,
            Iterations = 0,
            LogLikelihoodNull = 0,
            LogLikelihoodModel = 0,
            Coefficients = coefficients,
            ProblemTerms = data.ColumnNames,
            SingularTerms = [],
            InfiniteTerms = [],
            Warnings = ["There are no events: the model cannot be estimated."],
            LikelihoodRatioTest = TestResult.Create(double.NaN, 0),
            WaldTest = TestResult.Create(double.NaN, 0),
            ScoreTest = TestResult.Create(double.NaN, 0),
            RobustScoreTest = data.Cluster is null ? null : TestResult.Create(double.NaN, 0),
            LinearPredictor = new double[sorted.N],
            Variance = new double[p, p],
            RobustVariance = data.Cluster is null ? null : new double[p, p],
            Means = (double[])sorted.Means.Clone(),
            Score = new double[p],
        };
    }

    /// <summary>coxfit6's chinv2 applied to an unfactored information matrix: diag(1 / I_jj), zero elsewhere.</summary>
    private static void DiagonalOnlyInverse(double[] imat, int p)
    {
        for (var j = 0; j < p; j++)
        {
            var d = imat[(j * p) + j];
            for (var k = 0; k < p; k++)
            {
                imat[(j * p) + k] = 0;
            }

            imat[(j * p) + j] = d > 0 ? 1 / d : 0;
        }
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private static string JoinIndices(bool[] flags) =>
        string.Join(",", flags.Select((f, j) => (f, j)).Where(t => t.f).Select(t => (t.j + 1).ToString(CultureInfo.InvariantCulture)));
}
