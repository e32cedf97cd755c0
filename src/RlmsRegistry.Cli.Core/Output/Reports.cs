using System.Text.Json.Serialization;

namespace RlmsRegistry.Cli.Output;

// JSON documents printed with --format json. Property names become camelCase; NaN/Inf become null
// (R's NA). Field names and nesting follow the reference cases in shared/reference/survival.

/// <summary><c>rlms analyze km</c>.</summary>
internal sealed record KmReport(
    string ConfType,
    double ConfLevel,
    int N,
    int ExcludedMissing,
    IReadOnlyList<KmGroupReport> Groups,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LogRankReport? LogRank);

/// <summary>One Kaplan–Meier curve.</summary>
internal sealed record KmGroupReport(
    string Group,
    int N,
    int Events,
    double Median,
    double MedianLower95,
    double MedianUpper95,
    IReadOnlyList<QuantileReport> Quantiles,
    IReadOnlyList<KmRowReport> Table);

/// <summary>One row per distinct time.</summary>
internal sealed record KmRowReport(double Time, int NRisk, int NEvent, int NCensor, double Survival, double StdErr, double Lower95, double Upper95);

/// <summary>A survival quantile with its CI.</summary>
internal sealed record QuantileReport(double Probability, double Time, double Lower95, double Upper95);

/// <summary>Log-rank test.</summary>
internal sealed record LogRankReport(double Chisq, int Df, double P, IReadOnlyList<LogRankGroupReport> Groups);

/// <summary>Observed and expected events of one group.</summary>
internal sealed record LogRankGroupReport(string Group, int N, double Observed, double Expected);

/// <summary><c>rlms analyze followup</c>.</summary>
internal sealed record FollowUpReport(int N, int ExcludedMissing, int Events, int Censored, ReverseKmReport ReverseKm);

/// <summary>Reverse Kaplan–Meier quartiles of follow-up.</summary>
internal sealed record ReverseKmReport(
    double Q25, double Median, double Q75,
    double Q25Lower95, double Q25Upper95, double MedianLower95, double MedianUpper95, double Q75Lower95, double Q75Upper95);

/// <summary><c>rlms analyze cox</c>.</summary>
internal sealed record CoxReport(
    int N,
    int Events,
    int ExcludedMissing,
    string Ties,
    int Iterations,
    bool Converged,
    IReadOnlyList<string> ProblemTerms,
    LogLikelihoodReport LogLikelihood,
    IReadOnlyList<CoefficientReport> Coefficients,
    TestReport LikelihoodRatioTest,
    TestReport WaldTest,
    TestReport ScoreTest,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TestReport? RobustScoreTest,
    ConcordanceReport Concordance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PhReport? ProportionalHazards,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PredictionReport? Prediction = null,
    IReadOnlyList<string>? Warnings = null);

/// <summary>Predicted survival of one covariate pattern (survfit(fit, newdata) read with summary(times, extend = TRUE)).</summary>
internal sealed record PredictionReport(IReadOnlyDictionary<string, string> Pattern, IReadOnlyList<PredictionRowReport> Table);

/// <summary>One requested time.</summary>
internal sealed record PredictionRowReport(double Time, double Survival, double StdErr, double Lower95, double Upper95);

/// <summary>Log partial likelihoods.</summary>
internal sealed record LogLikelihoodReport(double Null, double Model);

/// <summary>One Cox coefficient.</summary>
internal sealed record CoefficientReport(string Term, double Coef, double Se, double? RobustSe, double Z, double P, double HazardRatio, double Lower95, double Upper95);

/// <summary>A chi-square test.</summary>
internal sealed record TestReport(double Statistic, int Df, double P);

/// <summary>Harrell's C and its standard error.</summary>
internal sealed record ConcordanceReport(double C, double Se);

/// <summary>Proportional-hazards test (cox.zph).</summary>
internal sealed record PhReport(IReadOnlyList<PhTermReport> Terms, PhTermReport Global);

/// <summary>One PH-test row; the global row has no term.</summary>
internal sealed record PhTermReport(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Term, double Chisq, int Df, double P);

/// <summary><c>rlms analyze cif</c>.</summary>
internal sealed record CifReport(
    int N,
    int ExcludedMissing,
    IReadOnlyList<int> Causes,
    string ConfType,
    double ConfLevel,
    IReadOnlyList<CifGroupReport> Groups,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<GrayTestReport>? GrayTest);

/// <summary>The curves of one group.</summary>
internal sealed record CifGroupReport(string Group, int N, IReadOnlyList<CifCurveReport> Curves);

/// <summary>One cause's curve: a row per distinct event time (any cause) of the group.</summary>
internal sealed record CifCurveReport(int Cause, int Events, IReadOnlyList<CifRowReport> Table);

/// <summary>Estimate, cmprsk's variance and log(-log) limits at one time.</summary>
internal sealed record CifRowReport(double Time, double Cif, double Variance, double Lower95, double Upper95);

/// <summary>Gray's test for one cause.</summary>
internal sealed record GrayTestReport(int Cause, double Statistic, int Df, double P);

/// <summary><c>rlms analyze finegray</c>.</summary>
internal sealed record FineGrayReport(
    int N,
    int ExcludedMissing,
    int Cause,
    int Events,
    int CompetingEvents,
    bool Converged,
    int Iterations,
    double LogPseudoLikelihood,
    double NullLogPseudoLikelihood,
    IReadOnlyList<FineGrayCoefficientReport> Coefficients);

/// <summary>One subdistribution-hazard coefficient (se from crr's sandwich variance).</summary>
internal sealed record FineGrayCoefficientReport(string Term, double Coef, double Se, double Z, double P, double HazardRatio, double Lower95, double Upper95);
