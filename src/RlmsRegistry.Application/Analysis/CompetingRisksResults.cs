namespace RlmsRegistry.Application.Analysis;

// Competing-risks results of one cohort, as stored (JSON) in a snapshot: the recurrence endpoint of the analysis
// dataset (recurrenceMonths, recurrenceStatus), analysed as cmprsk does. Months throughout; null where R gives NA.

/// <summary>
/// Cumulative incidence of local recurrence, distant metastasis and death without recurrence (Aalen–Johansen, as
/// <c>cmprsk::cuminc</c>) overall, by FNCLCC grade and by resection, with Gray's test per cause, the incidences at the
/// report times with log(−log) 95% limits, and a Fine–Gray model (<c>cmprsk::crr</c>) for local recurrence and for
/// distant metastasis on the cohort's candidate factors.
/// </summary>
public sealed record CompetingRisksResults(
    int Patients,
    int Censored,
    IReadOnlyList<CauseSummary> Causes,
    IReadOnlyList<IncidenceCurveSet> CurveSets,
    IReadOnlyList<FineGrayModelResult> Models,
    IReadOnlyList<string> Warnings);

/// <summary>One cause of the recurrence endpoint: its status code, a key, its label and its events in the cohort.</summary>
public sealed record CauseSummary(int Code, string Key, string Label, int Events);

/// <summary>The curves of one grouping; Gray's test per cause when there are several groups (ρ = 0).</summary>
public sealed record IncidenceCurveSet(string By, string Label, IReadOnlyList<IncidenceGroup> Groups, IReadOnlyList<GrayTestSummary> GrayTests, int ExcludedMissing);

/// <summary>Gray's test for one cause; statistic and p are null when the score variance is singular (R reports −1).</summary>
public sealed record GrayTestSummary(int Cause, double? Statistic, int Df, double? P);

/// <summary>
/// One group: its size, the number at risk (time ≥ t) at each distinct observed time (<see cref="RiskTimes"/>, ascending,
/// for the risk table) and one curve per cause.
/// </summary>
public sealed record IncidenceGroup(string Group, int N, double MaxTime, IReadOnlyList<double> RiskTimes, IReadOnlyList<int> NRisk, IReadOnlyList<IncidenceCurve> Causes);

/// <summary>
/// The cumulative incidence of one cause in one group at every distinct event time (any cause) of the group, with
/// log(−log) 95% limits (null where the estimate is 0 or 1), and read at the report times as <c>timepoints()</c>.
/// </summary>
public sealed record IncidenceCurve(
    int Cause,
    int Events,
    IReadOnlyList<double> Time,
    IReadOnlyList<double> Incidence,
    IReadOnlyList<double?> Lower,
    IReadOnlyList<double?> Upper,
    IReadOnlyList<IncidenceAt> AtTimes);

/// <summary>The incidence in force at <see cref="Months"/>, its cmprsk variance and limits; null beyond the group's follow-up (R's NA).</summary>
public sealed record IncidenceAt(double Months, double? Incidence, double? Variance, double? Lower, double? Upper);

/// <summary>A Fine–Gray model of one cause (complete cases of its factors), as <c>crr</c> with default options.</summary>
public sealed record FineGrayModelResult(
    int Cause,
    string Name,
    IReadOnlyList<string> Factors,
    int N,
    int Events,
    int CompetingEvents,
    int ExcludedMissing,
    bool Converged,
    int Iterations,
    double LogPseudoLikelihood,
    double NullLogPseudoLikelihood,
    IReadOnlyList<FineGrayTermResult> Terms,
    double EventsPerVariable,
    IReadOnlyList<string> Warnings);

/// <summary>One coefficient: the log subdistribution hazard ratio, crr's sandwich SE, and the SHR with Wald 95% limits.</summary>
public sealed record FineGrayTermResult(
    string Term, string Factor, double Coef, double Se, double Z, double P, double HazardRatio, double Lower95, double Upper95);
