using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// The recurrence endpoints of one cohort as competing risks (issue 13): cumulative incidence of local recurrence (1),
/// distant metastasis (2) and death without recurrence (3) by the Aalen–Johansen estimator with cmprsk's variance,
/// overall, by FNCLCC grade and by resection (R0/R1/R2), Gray's test per cause, the incidences at the report times
/// (<see cref="AnalysisSettings.SurvivalTimesMonths"/>), and Fine–Gray models of local recurrence and of distant
/// metastasis on the cohort's candidate factors (complete cases, factors coded as for the Cox models).
/// Inputs: the cohort's rows (recurrenceMonths, recurrenceStatus, covariates). Pure: no database, no clock.
/// </summary>
public static class CompetingRisksAnalyzer
{
    public static readonly IReadOnlyList<(int Code, string Key, string Label)> CauseDefinitions =
    [
        (CohortDerivation.LocalRecurrence, "localRecurrence", "Local recurrence"),
        (CohortDerivation.DistantMetastasis, "distantMetastasis", "Distant metastasis"),
        (CohortDerivation.DeathWithoutRecurrence, "deathWithoutRecurrence", "Death without recurrence"),
    ];

    /// <summary>The groupings of the curves: key, label, and the group of a row (null = missing, not drawn).</summary>
    public static readonly IReadOnlyList<(string By, string Label, Func<AnalysisRow, string?> Key)> Groupings =
    [
        ("overall", "All patients", _ => "All"),
        ("fnclccGrade", "FNCLCC grade", r => r.FnclccGrade is { } g ? $"G{(int)g}" : null),
        ("resection", "Resection", r => r.Resection?.ToString()),
    ];

    /// <summary>The causes given a Fine–Gray model.</summary>
    public static readonly IReadOnlyList<int> ModelledCauses = [CohortDerivation.LocalRecurrence, CohortDerivation.DistantMetastasis];

    public static CompetingRisksResults Analyze(IReadOnlyList<AnalysisRow> rows, Cohort cohort, AnalysisSettings settings)
    {
        var causes = CauseDefinitions.Select(c => new CauseSummary(c.Code, c.Key, c.Label, rows.Count(r => r.RecurrenceStatus == c.Code))).ToList();
        var censored = rows.Count(r => r.RecurrenceStatus == CohortDerivation.Censored);
        if (rows.Count == 0)
        {
            return new CompetingRisksResults(0, 0, causes, [], [], ["No patients in this cohort yet."]);
        }

        var warnings = new List<string>();
        if (causes.All(c => c.Events == 0))
        {
            warnings.Add("No recurrence and no death recorded yet: no cumulative incidence to estimate.");
            return new CompetingRisksResults(rows.Count, censored, causes, [], [], warnings);
        }

        var sets = Groupings.Select(g => CurveSet(rows, g.By, g.Label, g.Key, settings)).ToList();
        var models = new List<FineGrayModelResult>();
        foreach (var cause in ModelledCauses)
        {
            var label = CauseDefinitions.First(c => c.Code == cause).Label;
            if (FitModel(rows, cause, label.ToLowerInvariant(), AnalysisFactors.Candidates(cohort), settings) is { } model)
            {
                models.Add(model);
            }
            else
            {
                warnings.Add($"{label}: no events among the complete cases, no Fine–Gray model.");
            }
        }

        return new CompetingRisksResults(rows.Count, censored, causes, sets, models, warnings);
    }

    private static IncidenceCurveSet CurveSet(IReadOnlyList<AnalysisRow> rows, string by, string label, Func<AnalysisRow, string?> key, AnalysisSettings settings)
    {
        var keys = rows.Select(key).ToArray();
        var levels = keys.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var index = Enumerable.Range(0, rows.Count).Where(i => keys[i] is not null).ToArray();
        var excluded = rows.Count - index.Length;
        var time = index.Select(i => rows[i].RecurrenceMonths).ToArray();
        var status = index.Select(i => rows[i].RecurrenceStatus).ToArray();
        if (levels.Count == 0 || status.All(s => s == 0))
        {
            return new IncidenceCurveSet(by, label, [], [], excluded);
        }

        var group = index.Select(i => levels.IndexOf(keys[i]!)).ToArray();
        var fit = levels.Count > 1
            ? CumulativeIncidence.Fit(time, status, group, levels.Count)
            : CumulativeIncidence.Fit(time, status);
        var groups = new List<IncidenceGroup>();
        for (var g = 0; g < levels.Count; g++)
        {
            var times = Enumerable.Range(0, time.Length).Where(i => group[i] == g).Select(i => time[i]).Order().ToArray();
            var riskTimes = new List<double>();
            var nRisk = new List<int>();
            for (var i = 0; i < times.Length; i++)
            {
                if (i == 0 || times[i] != times[i - 1])
                {
                    riskTimes.Add(times[i]);
                    nRisk.Add(times.Length - i);
                }
            }

            var curves = new List<IncidenceCurve>();
            for (var c = 0; c < fit.Causes.Count; c++)
            {
                var curve = fit.Curve(g, c);
                curves.Add(new IncidenceCurve(
                    curve.Cause,
                    curve.Events,
                    curve.Time,
                    curve.Incidence,
                    curve.Lower.Select(Finite).ToList(),
                    curve.Upper.Select(Finite).ToList(),
                    settings.SurvivalTimesMonths.Select(t =>
                    {
                        var p = curve.At(t);
                        return new IncidenceAt(t, Finite(p.Incidence), Finite(p.Variance), Finite(p.Lower), Finite(p.Upper));
                    }).ToList()));
            }

            groups.Add(new IncidenceGroup(levels[g], fit.GroupN[g], times[^1], riskTimes, nRisk, curves));
        }

        var tests = fit.GrayTests.Select(t => new GrayTestSummary(t.Cause, t.Singular ? null : Finite(t.Statistic), t.Df, t.Singular ? null : Finite(t.P))).ToList();
        return new IncidenceCurveSet(by, label, groups, tests, excluded);
    }

    /// <summary>A Fine–Gray model of <paramref name="cause"/> on the complete cases of <paramref name="factors"/>; null without events.</summary>
    internal static FineGrayModelResult? FitModel(IReadOnlyList<AnalysisRow> rows, int cause, string name, IReadOnlyList<AnalysisFactor> factors, AnalysisSettings settings)
    {
        var design = CohortAnalyzer.BuildDesign([.. rows.Select(r => r.RecurrenceMonths)], [.. rows.Select(r => r.RecurrenceStatus)], rows, factors, stratifyByCentre: false, clusterByCentre: false);
        var data = design.Data;
        if (data.Columns.Length == 0 || !data.Status.Contains(cause))
        {
            return null;
        }

        var fit = FineGray.Fit(data.Time, data.Status, cause, data.Columns, data.ColumnNames);
        var epv = (double)fit.Events / data.Columns.Length;
        var warnings = new List<string>();
        if (!fit.Converged)
        {
            warnings.Add($"The Fine–Gray model did not converge in {fit.Iterations} iterations: estimates are not reliable.");
        }

        if (epv < settings.MinEventsPerVariable)
        {
            warnings.Add($"Only {epv:0.#} events per coefficient (fewer than {settings.MinEventsPerVariable}): estimates may be unstable.");
        }

        return new FineGrayModelResult(
            cause,
            name,
            factors.Select(f => f.Key).ToList(),
            fit.N,
            fit.Events,
            fit.CompetingEvents,
            design.ExcludedMissing,
            fit.Converged,
            fit.Iterations,
            fit.LogPseudoLikelihood,
            fit.NullLogPseudoLikelihood,
            fit.Coefficients.Select((c, j) => new FineGrayTermResult(c.Term, design.TermOfColumn[j], c.Coef, c.StdErr, c.Z, c.P, c.HazardRatio, c.Lower, c.Upper)).ToList(),
            epv,
            warnings);
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
