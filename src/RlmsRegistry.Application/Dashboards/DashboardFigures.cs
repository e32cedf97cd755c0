using System.Globalization;
using RlmsRegistry.Application.Analysis;

namespace RlmsRegistry.Application.Dashboards;

/// <summary>
/// Turns a snapshot's results into the figures of the dashboards, for pages and the API alike. Pure: every number is
/// the snapshot's (no statistic is recomputed here); the only derived values are shares of two counts, the axis ticks
/// and the numbers at risk at those ticks (read off the curve: n at risk at t = n.risk of the first time ≥ t, as
/// <c>summary(survfit, times)</c>). <paramref name="suppress"/> applies the small-cell rule (<see cref="SmallCount"/>).
/// </summary>
public static class DashboardFigures
{
    public static readonly IReadOnlyList<CurveChoice> CurveChoices =
    [
        new("overall", "All patients"), new("fnclccGrade", "FNCLCC grade"), new("centre", "Centre"),
        new("resection", "Resection status"), new("nlr", "NLR above / below the cut-off"),
    ];

    private static readonly double[] TickSteps = [1, 3, 6, 12, 24, 36, 60, 120];

    /// <summary>
    /// The overview of a snapshot without the registry's current audit mark, so it can be memoized per snapshot (its
    /// accrual chart's JSON is then serialized once); <see cref="WithAuditMark"/> adds the mark of the request.
    /// </summary>
    public static OverviewFigure Overview(AnalysisResults results, bool suppress)
    {
        var overview = results.Overview;
        var cohorts = CohortCountsOf(results, suppress);
        if (overview is null)
        {
            return new OverviewFigure(false, 0, 0, cohorts, [], null, new AccrualFigure([], []));
        }

        var centres = overview.Centres.OrderBy(c => c.Centre, StringComparer.Ordinal).Select(c => CentreRow(c, suppress)).ToList();
        var total = CentreRow(
            new CentreOverview(
                "All centres",
                overview.Centres.Sum(c => c.Patients),
                overview.Centres.Sum(c => c.PrimaryCohort),
                overview.Centres.Sum(c => c.RecurrentCohort),
                overview.Centres.Sum(c => c.Forms),
                overview.Centres.Sum(c => c.CompleteForms),
                overview.Centres.Sum(c => c.AliveNotLost),
                overview.Centres.Sum(c => c.SeenInLast12Months)),
            suppress);
        var years = overview.Accrual.Select(a => a.Year).Distinct().Order().ToList();
        if (years.Count > 0)
        {
            years = Enumerable.Range(years[0], years[^1] - years[0] + 1).ToList(); // no gaps on the axis
        }

        var series = overview.Accrual
            .GroupBy(a => (a.Centre, a.Cohort))
            .OrderBy(g => g.Key.Cohort, StringComparer.Ordinal).ThenBy(g => g.Key.Centre, StringComparer.Ordinal)
            .Select(g => new AccrualSeries(g.Key.Centre, g.Key.Cohort, years.Select(y => Count(g.Where(a => a.Year == y).Sum(a => a.Patients), suppress)).ToList()))
            .ToList();
        return new OverviewFigure(
            false,
            overview.AuditHighWaterMark,
            0,
            cohorts,
            centres,
            total,
            new AccrualFigure(years, series));
    }

    /// <summary>The overview with the registry's newest audit entry about registry data: changed since the snapshot's read?</summary>
    public static OverviewFigure WithAuditMark(OverviewFigure figure, RegistryOverview? overview, long currentAuditMark) => figure with
    {
        CurrentAuditMark = currentAuditMark,
        DataChangedSinceSnapshot = overview is not null && currentAuditMark > overview.AuditHighWaterMark,
    };

    private static List<CohortCounts> CohortCountsOf(AnalysisResults results, bool suppress) =>
        results.Cohorts.Select(c => new CohortCounts(c.Cohort, Count(c.Patients, suppress), Count(c.Events, suppress), Count(c.Censored, suppress), c.MedianFollowUp)).ToList();

    public static CohortSummary Cohort(AnalysisResults results, CohortResults cohort, bool suppress)
    {
        var columns = new List<BaselineColumn>();
        foreach (var c in results.Cohorts)
        {
            if (c.Baseline is { } table)
            {
                columns.Add(Baseline(Capitalize(c.Cohort), table, suppress));
            }
        }

        if (results.BaselineOverall is { } overall)
        {
            columns.Add(Baseline("Overall", overall, suppress));
        }

        return new CohortSummary(
            cohort.Cohort,
            Count(cohort.Patients, suppress),
            Count(cohort.Events, suppress),
            Count(cohort.Censored, suppress),
            cohort.Patients == 0 ? null : cohort.CensoredShare,
            cohort.PerCentre.Select(p => new CentreCohortRow(p.Centre, Count(p.Patients, suppress), Count(p.Events, suppress), Count(p.Censored, suppress))).ToList(),
            cohort.MedianOs,
            cohort.SurvivalAtTimes.Select(s => new SurvivalAtRow(s.Months, Count(s.NRisk, suppress), s.Survival, s.Lower, s.Upper)).ToList(),
            cohort.MedianFollowUp,
            cohort.Missing.Select(m => new MissingRow(m.Variable, AnalysisFactors.Find(m.Variable)?.Label ?? m.Variable, Count(m.Missing, suppress))).ToList(),
            cohort.Warnings,
            columns)
        {
            LeftOutIndexNotComplete = cohort.LeftOutIndexNotComplete,
        };
    }

    public static KmFigure KaplanMeier(CohortResults cohort, string by, bool suppress)
    {
        var set = cohort.Curves.FirstOrDefault(c => c.By == by);
        var label = CurveChoices.FirstOrDefault(c => c.By == by)?.Label ?? by;
        if (set is null)
        {
            return new KmFigure(cohort.Cohort, by, label, CurveChoices, 12, [0, 12], [], null, Count(0, suppress));
        }

        var maxTime = set.Groups.SelectMany(g => g.Points).Select(p => p.Time).DefaultIfEmpty(0).Max();
        var (xMax, ticks) = Axis(maxTime);
        var groups = set.Groups.Select(g => new KmGroup(
            g.Group,
            Count(g.N, suppress),
            Count(g.Events, suppress),
            g.Median,
            g.Points.Select(p => p.Time).ToList(),
            g.Points.Select(p => p.Survival).ToList(),
            g.Points.Select(p => p.Lower).ToList(),
            g.Points.Select(p => p.Upper).ToList(),
            g.Points.Select(p => Count(p.NRisk, suppress)).ToList(),
            g.Points.Select(p => Count(p.NEvent, suppress)).ToList(),
            g.Points.Select(p => Count(p.NCensor, suppress)).ToList(),
            ticks.Select(t => Count(AtRisk(g, t), suppress)).ToList())).ToList();
        return new KmFigure(cohort.Cohort, by, set.Label, CurveChoices, xMax, ticks, groups, set.LogRank, Count(set.ExcludedMissing, suppress));
    }

    /// <summary>Number at risk at <paramref name="t"/>: n.risk at the first curve time ≥ t (0 beyond the last time).</summary>
    public static int AtRisk(Curve curve, double t)
    {
        foreach (var p in curve.Points)
        {
            if (p.Time >= t)
            {
                return p.NRisk;
            }
        }

        return 0;
    }

    /// <summary>An axis from 0 with at most 10 steps of a round number of months (1, 3, 6, 12, 24, 36, 60, 120).</summary>
    public static (double XMax, IReadOnlyList<double> Ticks) Axis(double maxTime)
    {
        var step = TickSteps.FirstOrDefault(s => Math.Ceiling(maxTime / s) <= 10, TickSteps[^1]);
        var count = Math.Max(1, (int)Math.Ceiling(maxTime / step));
        return (count * step, Enumerable.Range(0, count + 1).Select(i => i * step).ToList());
    }

    public static ModelsFigure Models(CohortResults cohort, bool suppress) => new(
        cohort.Cohort,
        cohort.SelectedFactors,
        cohort.Univariable.Select(m => Model(m, suppress)).ToList(),
        cohort.Multivariable is { } m1 ? Model(m1, suppress) : null,
        cohort.MultivariableStratifiedByCentre is { } m2 ? Model(m2, suppress) : null,
        cohort.MultivariableClusteredByCentre is { } m3 ? Model(m3, suppress) : null)
    {
        MultivariableForest = cohort.Multivariable is { } mv ? ForestFigures.Of(mv, "Multivariable hazard ratios (95% CI)", suppress) : null,
        UnivariableForest = ForestFigures.Univariable(cohort.Univariable, suppress),
    };

    public static PaperComparison Paper(AnalysisResults results, bool suppress)
    {
        var primary = results.Cohorts.FirstOrDefault(c => c.Cohort == "primary");
        var recurrent = results.Cohorts.FirstOrDefault(c => c.Cohort == "recurrent");
        var all = (primary?.Patients ?? 0) + (recurrent?.Patients ?? 0);
        var rows = new List<ComparisonRow>
        {
            new("Patients", "primary", PublishedStudy.Primary.Patients, Count(primary?.Patients ?? 0, suppress).ToString()),
            new("Patients", "recurrent", PublishedStudy.Recurrent.Patients, Count(recurrent?.Patients ?? 0, suppress).ToString()),
            new("Patients", "all", PublishedStudy.AllPatients, Count(all, suppress).ToString()),
            new("Censored at last follow-up", "primary", PublishedStudy.Primary.Censored, Censored(primary, suppress)),
            new("Censored at last follow-up", "recurrent", PublishedStudy.Recurrent.Censored, Censored(recurrent, suppress)),
            new("Median follow-up, months (IQR)", "primary", PublishedStudy.Primary.MedianFollowUp, FollowUpText(primary?.MedianFollowUp)),
            new("Median follow-up, months (IQR)", "recurrent", PublishedStudy.Recurrent.MedianFollowUp, FollowUpText(recurrent?.MedianFollowUp)),
            new("Median follow-up, months (IQR)", "all", PublishedStudy.AllMedianFollowUp, FollowUpText(results.MedianFollowUpOverall)),
            new("Median overall survival, months (95% CI)", "primary", PublishedStudy.Primary.MedianOs, EstimateText(primary?.MedianOs)),
            new("Median overall survival, months (95% CI)", "recurrent", PublishedStudy.Recurrent.MedianOs, EstimateText(recurrent?.MedianOs)),
        };
        var factors = new List<FactorComparison>();
        foreach (var (cohort, paper) in new[] { (primary, PublishedStudy.Primary), (recurrent, PublishedStudy.Recurrent) })
        {
            var name = cohort?.Cohort ?? paper.Cohort;
            var inModel = cohort?.Multivariable?.Factors ?? [];
            foreach (var key in paper.IndependentFactors.Concat(inModel).Distinct(StringComparer.Ordinal))
            {
                var terms = cohort?.Multivariable?.Terms.Where(t => t.Factor == key).Select(Term).ToList() ?? [];
                factors.Add(new FactorComparison(name, key, AnalysisFactors.Find(key)?.Label ?? key, paper.IndependentFactors.Contains(key), inModel.Contains(key), terms));
            }
        }

        return new PaperComparison(rows, factors);
    }

    /// <summary>The history's numbers of one snapshot, unsuppressed (the cache keeps these; <see cref="History"/> applies the rule).</summary>
    public static (HistoryPoint Point, IReadOnlyList<(string Cohort, TermRow Term)> Terms) HistoryOf(Guid id, DateTimeOffset createdAt, string trigger, AnalysisResults results)
    {
        var point = new HistoryPoint(id, createdAt, trigger, CohortCountsOf(results, suppress: false));
        var terms = results.Cohorts.SelectMany(c => (c.Multivariable?.Terms ?? []).Select(t => (c.Cohort, Term(t)))).ToList();
        return (point, terms);
    }

    public static HistoryFigure History(IReadOnlyList<(HistoryPoint Point, IReadOnlyList<(string Cohort, TermRow Term)> Terms)> snapshots, bool suppress)
    {
        var points = snapshots.Select(s => s.Point with
        {
            Cohorts = s.Point.Cohorts.Select(c => c with
            {
                Patients = Count(c.Patients.Value ?? 0, suppress),
                Events = Count(c.Events.Value ?? 0, suppress),
                Censored = Count(c.Censored.Value ?? 0, suppress),
            }).ToList(),
        }).ToList();
        var keys = snapshots.SelectMany(s => s.Terms).Select(t => (t.Cohort, t.Term.Term, t.Term.Label)).Distinct()
            .OrderBy(k => k.Cohort, StringComparer.Ordinal).ThenBy(k => k.Term, StringComparer.Ordinal).ToList();
        var terms = keys.Select(k =>
        {
            var rows = snapshots.Select(s => s.Terms.Where(t => t.Cohort == k.Cohort && t.Term.Term == k.Term).Select(t => t.Term).FirstOrDefault()).ToList();
            return new HistoryTerm(k.Cohort, k.Term, k.Label, rows.Select(r => r?.HazardRatio).ToList(), rows.Select(r => r?.Lower95).ToList(), rows.Select(r => r?.Upper95).ToList());
        }).ToList();
        return new HistoryFigure(points, terms);
    }

    public static string TermLabel(string term, string factor)
    {
        var f = AnalysisFactors.Find(factor);
        if (f is null)
        {
            return term;
        }

        return f.IsCategorical && term.Length > factor.Length ? $"{f.Label}: {term[factor.Length..]} (vs {f.Levels[0]})" : f.Label;
    }

    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static SmallCount Count(int n, bool suppress) => SmallCount.Of(n, suppress);

    private static CentreOverviewRow CentreRow(CentreOverview c, bool suppress) => new(
        c.Centre,
        Count(c.Patients, suppress),
        Count(c.PrimaryCohort, suppress),
        Count(c.RecurrentCohort, suppress),
        Count(c.Forms, suppress),
        Count(c.CompleteForms, suppress),
        c.Forms == 0 ? null : (double)c.CompleteForms / c.Forms,
        Count(c.AliveNotLost, suppress),
        Count(c.SeenInLast12Months, suppress),
        c.AliveNotLost == 0 ? null : (double)c.SeenInLast12Months / c.AliveNotLost);

    private static BaselineColumn Baseline(string name, BaselineTable table, bool suppress) => new(
        name,
        Count(table.Rows, suppress),
        table.Variables.Select(v => new BaselineRow(
            v.Key,
            v.Label,
            v.Kind,
            Count(v.Available, suppress),
            Count(v.Missing, suppress),
            v.Summary,
            v.Levels.Select(l =>
            {
                var n = Count(l.N, suppress);
                return new BaselineLevel(l.Level, n, n.IsSuppressed || v.Available == 0 ? null : (double)l.N / v.Available);
            }).ToList())).ToList());

    private static ModelSummary Model(CoxModelResult m, bool suppress) => new(
        m.Name,
        m.Factors,
        m.Factors.Count == 1 && m.Name == m.Factors[0] ? AnalysisFactors.Find(m.Factors[0])?.Label ?? m.Name : Capitalize(m.Name),
        Count(m.N, suppress),
        Count(m.Events, suppress),
        Count(m.ExcludedMissing, suppress),
        m.Converged,
        m.Terms.Select(Term).ToList(),
        m.LikelihoodRatioTest.P,
        m.Concordance,
        m.ProportionalHazards?.Global.P,
        m.ProportionalHazards?.Terms ?? [],
        m.EventsPerVariable,
        m.Warnings);

    private static TermRow Term(CoxTermResult t) =>
        new(t.Term, t.Factor, TermLabel(t.Term, t.Factor), t.Coef, t.Se, t.RobustSe, t.HazardRatio, t.Lower95, t.Upper95, t.P);

    private static string Censored(CohortResults? c, bool suppress)
    {
        if (c is null || c.Patients == 0)
        {
            return "—";
        }

        var n = Count(c.Censored, suppress);
        return n.IsSuppressed ? n.ToString() : string.Create(CultureInfo.InvariantCulture, $"{c.Censored} ({c.CensoredShare * 100:0.0} %)");
    }

    public static string Number(double? x, string format = "0.0") => x is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string FollowUpText(FollowUpSummary? f) =>
        f is null ? "—" : ReportText.Estimate(f.Median, f.Q25, f.Q75);

    public static string EstimateText(Estimate? e) =>
        e is null ? "—" : ReportText.Estimate(e.Value, e.Lower, e.Upper);
}
