using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RlmsRegistry.Application.Analysis;

namespace RlmsRegistry.Application.Dashboards;

/// <summary>
/// A count as a dashboard may show it. For users without row-level access (Investigators) a count of 1–4 is
/// suppressed: it travels as the string <c>"&lt;5"</c> in JSON and is shown as "&lt;5" on pages. 0 and counts of 5 or
/// more are shown as they are. Admins (row-level access to every centre) see every count.
/// </summary>
[JsonConverter(typeof(SmallCountJsonConverter))]
public readonly record struct SmallCount(int? Value)
{
    public const int Threshold = 5;
    public const string SuppressedText = "<5";

    public bool IsSuppressed => Value is null;

    public static SmallCount Of(int n, bool suppress) => suppress && n is > 0 and < Threshold ? new SmallCount(null) : new SmallCount(n);

    public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? SuppressedText;
}

/// <summary>Writes a <see cref="SmallCount"/> as a number, or as the string "&lt;5" when suppressed.</summary>
public sealed class SmallCountJsonConverter : JsonConverter<SmallCount>
{
    public override SmallCount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? new SmallCount(reader.GetInt32()) : new SmallCount(null);

    public override void Write(Utf8JsonWriter writer, SmallCount value, JsonSerializerOptions options)
    {
        if (value.Value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteStringValue(SmallCount.SuppressedText);
        }
    }
}

/// <summary>The snapshot a figure comes from.</summary>
public sealed record SnapshotInfo(Guid Id, DateTimeOffset CreatedAt, string Trigger, string TriggeredBy, string EngineVersion, string DataFingerprint);

/// <summary>
/// Every dashboard answer: the snapshot it was read from (null while no analysis has been published), whether small
/// cells were suppressed for the caller, and the figure's data (null without a snapshot).
/// </summary>
public sealed record DashboardResponse<T>(SnapshotInfo? Snapshot, bool SmallCellsSuppressed, T? Data)
    where T : class;

// ---- Overview ----

public sealed record OverviewFigure(
    bool DataChangedSinceSnapshot,
    long SnapshotAuditMark,
    long CurrentAuditMark,
    IReadOnlyList<CohortCounts> Cohorts,
    IReadOnlyList<CentreOverviewRow> Centres,
    CentreOverviewRow? Total,
    AccrualFigure Accrual);

public sealed record CohortCounts(string Cohort, SmallCount Patients, SmallCount Events, SmallCount Censored, FollowUpSummary? MedianFollowUp);

/// <summary>One centre's line: patients per cohort, form completeness and follow-up completeness (shares, 0–1).</summary>
public sealed record CentreOverviewRow(
    string Centre,
    SmallCount Patients,
    SmallCount PrimaryCohort,
    SmallCount RecurrentCohort,
    SmallCount Forms,
    SmallCount CompleteForms,
    double? FormCompleteness,
    SmallCount AliveNotLost,
    SmallCount SeenInLast12Months,
    double? FollowUpCompleteness);

/// <summary>Patients entering each cohort per year: one series per centre and cohort, aligned on <see cref="Years"/>.</summary>
public sealed record AccrualFigure(IReadOnlyList<int> Years, IReadOnlyList<AccrualSeries> Series);

public sealed record AccrualSeries(string Centre, string Cohort, IReadOnlyList<SmallCount> Patients);

// ---- Cohort ----

public sealed record CohortSummary(
    string Cohort,
    SmallCount Patients,
    SmallCount Events,
    SmallCount Censored,
    double? CensoredShare,
    IReadOnlyList<CentreCohortRow> PerCentre,
    Estimate? MedianOs,
    IReadOnlyList<SurvivalAtRow> SurvivalAtTimes,
    FollowUpSummary? MedianFollowUp,
    IReadOnlyList<MissingRow> Missing,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<BaselineColumn> Baseline)
{
    /// <summary>Patients left out of the cohort because their index operation is still a Draft.</summary>
    public int LeftOutIndexNotComplete { get; init; }
}

public sealed record CentreCohortRow(string Centre, SmallCount Patients, SmallCount Events, SmallCount Censored);

public sealed record SurvivalAtRow(double Months, SmallCount NRisk, double? Survival, double? Lower, double? Upper);

public sealed record MissingRow(string Variable, string Label, SmallCount Missing);

/// <summary>One column of Table 1 (a cohort, or both cohorts together).</summary>
public sealed record BaselineColumn(string Name, SmallCount Rows, IReadOnlyList<BaselineRow> Variables);

public sealed record BaselineRow(string Key, string Label, string Kind, SmallCount Available, SmallCount Missing, Quartiles? Summary, IReadOnlyList<BaselineLevel> Levels);

/// <summary>A categorical level: n, and its share of the non-missing rows (null when n is suppressed).</summary>
public sealed record BaselineLevel(string Level, SmallCount N, double? Share);

// ---- Kaplan–Meier ----

public sealed record CurveChoice(string By, string Label);

/// <summary>
/// One set of Kaplan–Meier curves with everything the figure draws: steps, 95% band, censoring marks, medians, the
/// log-rank test, and the numbers at risk at the x-axis ticks (<see cref="Ticks"/>, months; the axis runs 0–<see cref="XMax"/>).
/// </summary>
public sealed record KmFigure(
    string Cohort,
    string By,
    string Label,
    IReadOnlyList<CurveChoice> Choices,
    double XMax,
    IReadOnlyList<double> Ticks,
    IReadOnlyList<KmGroup> Groups,
    TestSummary? LogRank,
    SmallCount ExcludedMissing);

/// <summary>One curve. Point arrays are parallel (one entry per distinct time of the snapshot's curve).</summary>
public sealed record KmGroup(
    string Group,
    SmallCount N,
    SmallCount Events,
    Estimate Median,
    IReadOnlyList<double> Time,
    IReadOnlyList<double> Survival,
    IReadOnlyList<double?> Lower,
    IReadOnlyList<double?> Upper,
    IReadOnlyList<SmallCount> NRisk,
    IReadOnlyList<SmallCount> NEvent,
    IReadOnlyList<SmallCount> NCensor,
    IReadOnlyList<SmallCount> AtRisk);

// ---- Cox models ----

public sealed record ModelsFigure(
    string Cohort,
    IReadOnlyList<string> SelectedFactors,
    IReadOnlyList<ModelSummary> Univariable,
    ModelSummary? Multivariable,
    ModelSummary? MultivariableStratifiedByCentre,
    ModelSummary? MultivariableClusteredByCentre)
{
    /// <summary>The forest plot of the multivariable model (issue 18).</summary>
    public ForestFigure? MultivariableForest { get; init; }

    /// <summary>The forest plot of every univariable model.</summary>
    public ForestFigure? UnivariableForest { get; init; }
}

public sealed record ModelSummary(
    string Name,
    IReadOnlyList<string> Factors,
    string Label,
    SmallCount N,
    SmallCount Events,
    SmallCount ExcludedMissing,
    bool Converged,
    IReadOnlyList<TermRow> Terms,
    double LikelihoodRatioP,
    ConcordanceSummary? Concordance,
    double? PhGlobalP,
    IReadOnlyList<PhTermSummary> PhTerms,
    double EventsPerVariable,
    IReadOnlyList<string> Warnings);

public sealed record TermRow(string Term, string Factor, string Label, double Coef, double Se, double? RobustSe, double HazardRatio, double Lower95, double Upper95, double P);

// ---- Paper vs registry ----

public sealed record PaperComparison(IReadOnlyList<ComparisonRow> Rows, IReadOnlyList<FactorComparison> Factors);

/// <summary>One figure of the published study beside the registry's value (text as printed; numbers for checking).</summary>
public sealed record ComparisonRow(string Figure, string Cohort, string Paper, string Registry);

/// <summary>An OS factor: independent in the paper's multivariable model, and its HR in the registry's current model.</summary>
public sealed record FactorComparison(string Cohort, string Factor, string Label, bool IndependentInPaper, bool InRegistryModel, IReadOnlyList<TermRow> RegistryTerms);

// ---- History ----

public sealed record HistoryFigure(IReadOnlyList<HistoryPoint> Snapshots, IReadOnlyList<HistoryTerm> Terms);

public sealed record HistoryPoint(Guid Id, DateTimeOffset CreatedAt, string Trigger, IReadOnlyList<CohortCounts> Cohorts);

/// <summary>One multivariable term of one cohort across snapshots, aligned on <see cref="HistoryFigure.Snapshots"/> (null where absent).</summary>
public sealed record HistoryTerm(string Cohort, string Term, string Label, IReadOnlyList<double?> HazardRatio, IReadOnlyList<double?> Lower95, IReadOnlyList<double?> Upper95);
