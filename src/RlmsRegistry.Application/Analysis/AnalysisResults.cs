namespace RlmsRegistry.Application.Analysis;

// The results of one analysis run, as stored (JSON) in a snapshot and read by the dashboards.
// Months throughout; null where R would give NA (a median not reached, a CI that does not exist).

public sealed record AnalysisResults(IReadOnlyList<CohortResults> Cohorts, AnalysisSettings Settings)
{
    /// <summary>Registry-wide figures for the overview dashboard, computed by the refit job from the same consistent read.</summary>
    public RegistryOverview? Overview { get; init; }

    /// <summary>
    /// Table 1 over the rows of both cohorts together (a patient in both cohorts contributes one row to each, as in the
    /// cohort columns). Null in snapshots published before the dashboards existed.
    /// </summary>
    public BaselineTable? BaselineOverall { get; init; }

    /// <summary>Reverse Kaplan–Meier follow-up over the rows of both cohorts (the paper's "all" column).</summary>
    public FollowUpSummary? MedianFollowUpOverall { get; init; }
}

/// <summary>Table 1: the baseline characteristics of a set of analysis rows.</summary>
public sealed record BaselineTable(int Rows, IReadOnlyList<BaselineVariable> Variables);

/// <summary>
/// One row block of Table 1. Continuous: median and IQR (R's default quantile, type 7) of the non-missing values.
/// Categorical: n per level (percentages of the non-missing rows). <see cref="Missing"/> counts the rows without a value.
/// </summary>
public sealed record BaselineVariable(
    string Key,
    string Label,
    string Kind,
    int Available,
    int Missing,
    Quartiles? Summary,
    IReadOnlyList<LevelCount> Levels);

public sealed record Quartiles(double Median, double Q25, double Q75);

public sealed record LevelCount(string Level, int N);

/// <summary>
/// The overview dashboard's figures. <see cref="AuditHighWaterMark"/> is the newest audit entry id at the time of the
/// read: a later entry about registry data (<see cref="Audit.AuditEntry.RegistryDataEntities"/>; not an account's
/// sign-in or password) means the data changed since the snapshot was computed.
/// </summary>
public sealed record RegistryOverview(
    IReadOnlyList<CentreOverview> Centres,
    IReadOnlyList<AccrualCount> Accrual,
    long AuditHighWaterMark);

/// <summary>Per centre: patients per cohort, completed forms among all forms, and patients alive and seen in the last 12 months.</summary>
public sealed record CentreOverview(
    string Centre,
    int Patients,
    int PrimaryCohort,
    int RecurrentCohort,
    int Forms,
    int CompleteForms,
    int AliveNotLost,
    int SeenInLast12Months);

/// <summary>Patients entering a cohort (by index operation) per calendar year and centre.</summary>
public sealed record AccrualCount(int Year, string Centre, string Cohort, int Patients);

public sealed record CohortResults(
    string Cohort,
    int Patients,
    int Events,
    int Censored,
    IReadOnlyList<CentreCount> PerCentre,
    Estimate? MedianOs,
    IReadOnlyList<SurvivalAt> SurvivalAtTimes,
    FollowUpSummary? MedianFollowUp,
    IReadOnlyList<CurveSet> Curves,
    IReadOnlyList<CoxModelResult> Univariable,
    IReadOnlyList<string> SelectedFactors,
    CoxModelResult? Multivariable,
    CoxModelResult? MultivariableStratifiedByCentre,
    CoxModelResult? MultivariableClusteredByCentre,
    IReadOnlyList<MissingCount> Missing,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Table 1 of this cohort. Null in snapshots published before the dashboards existed.</summary>
    public BaselineTable? Baseline { get; init; }

    /// <summary>Patients left out of this cohort because their index operation is still a Draft (see <see cref="AnalysisInclusion"/>).</summary>
    public int LeftOutIndexNotComplete { get; init; }

    /// <summary>Recurrence endpoints as competing risks (issue 13). Null in snapshots published before them.</summary>
    public CompetingRisksResults? CompetingRisks { get; init; }

    /// <summary>
    /// The multivariable model refitted without each centre and evaluated on it (<see cref="InternalExternalValidation"/>).
    /// Null without a multivariable model, and in snapshots published before it existed.
    /// </summary>
    public InternalExternalResult? InternalExternal { get; init; }

    public double CensoredShare => Patients == 0 ? 0 : (double)Censored / Patients;
}

public sealed record CentreCount(string Centre, int Patients, int Events, int Censored);

public sealed record Estimate(double? Value, double? Lower, double? Upper);

public sealed record SurvivalAt(double Months, int NRisk, double? Survival, double? Lower, double? Upper);

public sealed record FollowUpSummary(double? Median, double? Q25, double? Q75);

/// <summary>Kaplan–Meier curves of one grouping, with the log-rank test when there are several groups.</summary>
public sealed record CurveSet(string By, string Label, IReadOnlyList<Curve> Groups, TestSummary? LogRank, int ExcludedMissing);

public sealed record Curve(string Group, int N, int Events, Estimate Median, IReadOnlyList<CurvePoint> Points);

public sealed record CurvePoint(double Time, int NRisk, int NEvent, int NCensor, double Survival, double? Lower, double? Upper);

public sealed record TestSummary(double Statistic, int Df, double P);

public sealed record CoxModelResult(
    string Name,
    IReadOnlyList<string> Factors,
    int N,
    int Events,
    int ExcludedMissing,
    bool Converged,
    IReadOnlyList<string> ProblemTerms,
    IReadOnlyList<CoxTermResult> Terms,
    TestSummary LikelihoodRatioTest,
    TestSummary WaldTest,
    TestSummary ScoreTest,
    TestSummary? RobustScoreTest,
    ConcordanceSummary? Concordance,
    PhTestSummary? ProportionalHazards,
    double EventsPerVariable,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The model's partial log-likelihood (R: <c>fit$loglik[2]</c>). Null in snapshots published before the forest plot (issue 18).</summary>
    public double? LogLikelihood { get; init; }

    /// <summary>
    /// Patients and deaths per level of each categorical factor among the model's complete cases, reference level
    /// included (what <c>survminer::ggforest</c> lists). Null in snapshots published before the forest plot.
    /// </summary>
    public IReadOnlyList<FactorLevelCount>? Levels { get; init; }

    /// <summary>Akaike's information criterion as R's <c>AIC(coxph)</c>: −2 log-likelihood + 2 × estimated coefficients.</summary>
    public double? Aic => LogLikelihood is { } ll ? (-2 * ll) + (2 * Terms.Count(t => double.IsFinite(t.Coef))) : null;
}

/// <summary>One level of a categorical factor in a model's sample: patients and deaths.</summary>
public sealed record FactorLevelCount(string Factor, string Level, int N, int Events);

public sealed record CoxTermResult(
    string Term, string Factor, double Coef, double Se, double? RobustSe, double Z, double P, double HazardRatio, double Lower95, double Upper95);

public sealed record ConcordanceSummary(double C, double Se);

public sealed record PhTestSummary(IReadOnlyList<PhTermSummary> Terms, PhTermSummary Global);

public sealed record PhTermSummary(string Term, double Chisq, int Df, double P);

public sealed record MissingCount(string Variable, int Missing);
