using RlmsRegistry.Application.Analysis;

namespace RlmsRegistry.Application.Dashboards;

// ---- Cumulative incidence of the recurrence endpoints (issue 13) ----

/// <summary>
/// The cohort page's competing-risks figure for one grouping: per group and cause the Aalen–Johansen curve, the
/// number at risk at the axis ticks, the incidences at the report times with 95% CIs, Gray's test per cause, and the
/// Fine–Gray models of local recurrence and distant metastasis. <see cref="Available"/> is false for a snapshot
/// published before the recurrence endpoints existed.
/// </summary>
public sealed record CumulativeIncidenceFigure(
    string Cohort,
    bool Available,
    string By,
    string Label,
    IReadOnlyList<CurveChoice> Choices,
    SmallCount Patients,
    SmallCount Censored,
    IReadOnlyList<CifCause> Causes,
    double XMax,
    IReadOnlyList<double> Ticks,
    IReadOnlyList<CifGroup> Groups,
    IReadOnlyList<GrayTestRow> GrayTests,
    SmallCount ExcludedMissing,
    IReadOnlyList<FineGrayModelSummary> Models,
    IReadOnlyList<string> Warnings);

public sealed record CifCause(int Code, string Key, string Label, SmallCount Events);

/// <summary>One group: size, number at risk at each tick (the first-event risk set, the same for every cause) and its curves.</summary>
public sealed record CifGroup(string Group, SmallCount N, double MaxTime, IReadOnlyList<SmallCount> AtRisk, IReadOnlyList<CifCurve> Curves);

/// <summary>One cause in one group: the step function (time, incidence, 95% limits) and the incidences at the report times.</summary>
public sealed record CifCurve(
    int Cause,
    string Key,
    string Label,
    SmallCount Events,
    IReadOnlyList<double> Time,
    IReadOnlyList<double> Incidence,
    IReadOnlyList<double?> Lower,
    IReadOnlyList<double?> Upper,
    IReadOnlyList<IncidenceAt> AtTimes);

public sealed record GrayTestRow(int Cause, string Label, double? Statistic, int Df, double? P);

public sealed record FineGrayModelSummary(
    int Cause,
    string Label,
    SmallCount N,
    SmallCount Events,
    SmallCount CompetingEvents,
    SmallCount ExcludedMissing,
    bool Converged,
    double EventsPerVariable,
    IReadOnlyList<FineGrayTermRow> Terms,
    IReadOnlyList<string> Warnings);

public sealed record FineGrayTermRow(string Term, string Label, double Coef, double Se, double HazardRatio, double Lower95, double Upper95, double P);

/// <summary>Builds <see cref="CumulativeIncidenceFigure"/> from a snapshot's cohort results. Pure: every number is the snapshot's.</summary>
public static class CumulativeIncidenceFigures
{
    public static readonly IReadOnlyList<CurveChoice> Choices =
        [.. CompetingRisksAnalyzer.Groupings.Select(g => new CurveChoice(g.By, g.By == "resection" ? "Resection status" : g.Label))];

    public static bool IsChoice(string? by) => by is not null && Choices.Any(c => c.By == by);

    public static CumulativeIncidenceFigure Build(CohortResults cohort, string by, bool suppress)
    {
        var label = Choices.FirstOrDefault(c => c.By == by)?.Label ?? by;
        if (cohort.CompetingRisks is not { } cr)
        {
            return new CumulativeIncidenceFigure(cohort.Cohort, false, by, label, Choices, Count(0, suppress), Count(0, suppress), [], 12, [0, 12], [], [], Count(0, suppress), [], []);
        }

        var causes = cr.Causes.Select(c => new CifCause(c.Code, c.Key, c.Label, Count(c.Events, suppress))).ToList();
        var models = cr.Models.Select(m => Model(m, cr, suppress)).ToList();
        var set = cr.CurveSets.FirstOrDefault(s => s.By == by);
        if (set is null || set.Groups.Count == 0)
        {
            return new CumulativeIncidenceFigure(cohort.Cohort, true, by, label, Choices, Count(cr.Patients, suppress), Count(cr.Censored, suppress), causes, 12, [0, 12], [], [],
                Count(set?.ExcludedMissing ?? 0, suppress), models, cr.Warnings);
        }

        var (xMax, ticks) = DashboardFigures.Axis(set.Groups.Select(g => g.MaxTime).DefaultIfEmpty(0).Max());
        var groups = set.Groups.Select(g => new CifGroup(
            g.Group,
            Count(g.N, suppress),
            g.MaxTime,
            ticks.Select(t => Count(AtRisk(g, t), suppress)).ToList(),
            g.Causes.Select(c =>
            {
                var def = cr.Causes.First(x => x.Code == c.Cause);
                return new CifCurve(c.Cause, def.Key, def.Label, Count(c.Events, suppress), c.Time, c.Incidence, c.Lower, c.Upper, c.AtTimes);
            }).ToList())).ToList();
        var tests = set.GrayTests.Select(t => new GrayTestRow(t.Cause, CauseLabel(cr, t.Cause), t.Statistic, t.Df, t.P)).ToList();
        return new CumulativeIncidenceFigure(cohort.Cohort, true, by, set.Label, Choices, Count(cr.Patients, suppress), Count(cr.Censored, suppress), causes, xMax, ticks, groups, tests,
            Count(set.ExcludedMissing, suppress), models, cr.Warnings);
    }

    /// <summary>Number at risk (time ≥ t) at <paramref name="t"/>: at the first observed time ≥ t (0 beyond the last).</summary>
    public static int AtRisk(IncidenceGroup group, double t)
    {
        for (var i = 0; i < group.RiskTimes.Count; i++)
        {
            if (group.RiskTimes[i] >= t)
            {
                return group.NRisk[i];
            }
        }

        return 0;
    }

    private static string CauseLabel(CompetingRisksResults cr, int cause) => cr.Causes.FirstOrDefault(c => c.Code == cause)?.Label ?? cause.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static FineGrayModelSummary Model(FineGrayModelResult m, CompetingRisksResults cr, bool suppress) => new(
        m.Cause,
        CauseLabel(cr, m.Cause),
        Count(m.N, suppress),
        Count(m.Events, suppress),
        Count(m.CompetingEvents, suppress),
        Count(m.ExcludedMissing, suppress),
        m.Converged,
        m.EventsPerVariable,
        m.Terms.Select(t => new FineGrayTermRow(t.Term, DashboardFigures.TermLabel(t.Term, t.Factor), t.Coef, t.Se, t.HazardRatio, t.Lower95, t.Upper95, t.P)).ToList(),
        m.Warnings);

    private static SmallCount Count(int n, bool suppress) => SmallCount.Of(n, suppress);
}
