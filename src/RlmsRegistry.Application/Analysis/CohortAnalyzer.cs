using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// The published study's analysis, on the registry's analysis dataset, with the survival engine:
/// per cohort — counts, median OS and OS at fixed times with 95% CIs (Kaplan–Meier, log CI), median follow-up by
/// reverse Kaplan–Meier with IQR, curves by grade / centre / resection / NLR with log-rank tests, univariable Cox for
/// each candidate factor, a multivariable Cox model of the factors with univariable likelihood-ratio p below the
/// threshold (plus forced factors), the same model stratified by centre and with centre-clustered robust errors,
/// concordance, proportional-hazards tests, events per variable and missing values per variable.
/// Inputs: rows of one or both cohorts (osMonths, osEvent and the covariates). Pure: no database, no clock.
/// </summary>
public static class CohortAnalyzer
{
    public static AnalysisResults Analyze(IReadOnlyList<AnalysisRow> rows, AnalysisSettings settings)
    {
        var cohorts = new List<CohortResults>();
        foreach (var cohort in new[] { Cohort.Primary, Cohort.Recurrent })
        {
            cohorts.Add(AnalyzeCohort(rows.Where(r => r.Cohort == cohort).ToList(), cohort, settings));
        }

        FollowUpSummary? followUpAll = null;
        if (rows.Count > 0)
        {
            var all = FollowUp.ReverseKaplanMeier(rows.Select(r => r.OsMonths).ToArray(), rows.Select(r => r.OsEvent).ToArray());
            followUpAll = new FollowUpSummary(Value(all.Median), Value(all.Q25), Value(all.Q75));
        }

        return new AnalysisResults(cohorts, settings) { BaselineOverall = BaselineTables.Build(rows), MedianFollowUpOverall = followUpAll };
    }

    public static CohortResults AnalyzeCohort(IReadOnlyList<AnalysisRow> rows, Cohort cohort, AnalysisSettings settings)
    {
        var name = cohort.Name();
        var events = rows.Count(r => r.OsEvent == 1);
        var perCentre = rows.GroupBy(r => r.CentreCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CentreCount(g.Key, g.Count(), g.Count(r => r.OsEvent == 1), g.Count(r => r.OsEvent == 0))).ToList();
        var warnings = new List<string>();
        if (rows.Count == 0)
        {
            return new CohortResults(name, 0, 0, 0, perCentre, null, [], null, [], [], [], null, null, null, [], ["No patients in this cohort yet."])
            {
                Baseline = BaselineTables.Build(rows),
            };
        }

        var time = rows.Select(r => r.OsMonths).ToArray();
        var status = rows.Select(r => r.OsEvent).ToArray();
        var overall = KaplanMeier.Fit(time, status);
        var followUp = FollowUp.ReverseKaplanMeier(time, status);

        var candidates = AnalysisFactors.Candidates(cohort);
        var ties = settings.Ties;
        var univariable = events == 0
            ? []
            : candidates.Select(f => FitModel(rows, [f], f.Key, ties, settings, stratifyByCentre: false, clusterByCentre: false)).OfType<CoxModelResult>().ToList();
        var selected = univariable.Where(m => m.Converged && m.LikelihoodRatioTest.P < settings.UnivariablePThreshold)
            .Select(m => m.Factors[0])
            .Concat(settings.ForcedFactors.Where(k => candidates.Any(c => c.Key == k)))
            .Distinct(StringComparer.Ordinal).ToList();
        var selectedFactors = candidates.Where(c => selected.Contains(c.Key)).ToList();

        CoxModelResult? multi = null, stratified = null, clustered = null;
        if (selectedFactors.Count > 0)
        {
            multi = FitModel(rows, selectedFactors, "multivariable", ties, settings, false, false);
            stratified = FitModel(rows, selectedFactors, "multivariable, stratified by centre", ties, settings, true, false);
            clustered = FitModel(rows, selectedFactors, "multivariable, centre-clustered robust errors", ties, settings, false, true);
        }
        else if (events > 0)
        {
            warnings.Add($"No factor reached univariable p < {settings.UnivariablePThreshold}: no multivariable model.");
        }

        var missing = candidates.Select(f => new MissingCount(f.Key, rows.Count(f.IsMissing))).ToList();
        return new CohortResults(
            name,
            rows.Count,
            events,
            rows.Count - events,
            perCentre,
            ToEstimate(overall.Median),
            settings.SurvivalTimesMonths.Select(t => SurvivalAtTime(overall, t, time)).ToList(),
            new FollowUpSummary(Value(followUp.Median), Value(followUp.Q25), Value(followUp.Q75)),
            Curves(rows, time, status, overall, settings),
            univariable,
            selected,
            multi,
            stratified,
            clustered,
            missing,
            warnings)
        {
            Baseline = BaselineTables.Build(rows),
            CompetingRisks = CompetingRisksAnalyzer.Analyze(rows, cohort, settings),
            InternalExternal = multi is null ? null : InternalExternalValidation.Run(rows, selectedFactors, ties),
        };
    }

    private static List<CurveSet> Curves(IReadOnlyList<AnalysisRow> rows, double[] time, int[] status, KaplanMeierCurve overall, AnalysisSettings settings)
    {
        var sets = new List<CurveSet>
        {
            new("overall", "All patients", [ToCurve("All", overall)], null, 0),
            Grouped(rows, time, status, "fnclccGrade", "FNCLCC grade", r => r.FnclccGrade is { } g ? $"G{(int)g}" : null),
            Grouped(rows, time, status, "centre", "Centre", r => r.CentreCode),
            Grouped(rows, time, status, "resection", "Resection", r => r.Resection?.ToString()),
            Grouped(rows, time, status, "nlr", $"NLR (cut-off {settings.NlrCutoff.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
                r => r.Nlr is { } n ? ((double)n > settings.NlrCutoff ? $"NLR > {settings.NlrCutoff.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $"NLR ≤ {settings.NlrCutoff.ToString(System.Globalization.CultureInfo.InvariantCulture)}") : null),
        };
        return sets;
    }

    private static CurveSet Grouped(IReadOnlyList<AnalysisRow> rows, double[] time, int[] status, string by, string label, Func<AnalysisRow, string?> key)
    {
        var keys = rows.Select(key).ToArray();
        var levels = keys.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var index = rows.Select((_, i) => i).Where(i => keys[i] is not null).ToArray();
        var excluded = rows.Count - index.Length;
        if (levels.Count == 0)
        {
            return new CurveSet(by, label, [], null, excluded);
        }

        var t = index.Select(i => time[i]).ToArray();
        var s = index.Select(i => status[i]).ToArray();
        var g = index.Select(i => levels.IndexOf(keys[i]!)).ToArray();
        var sample = SurvivalSample.Create(t, s, g, levels.Count);
        var curves = KaplanMeier.Fit(sample);
        TestSummary? logRank = null;
        if (levels.Count > 1 && s.Any(x => x == 1))
        {
            var lr = LogRank.Test(sample);
            logRank = new TestSummary(lr.ChiSquare, lr.Df, lr.P);
        }

        return new CurveSet(by, label, curves.Select(c => ToCurve(levels[c.Group], c)).ToList(), logRank, excluded);
    }

    private static Curve ToCurve(string group, KaplanMeierCurve c) => new(
        group,
        c.N,
        c.Events,
        ToEstimate(c.Median) ?? new Estimate(null, null, null),
        c.Rows.Select(r => new CurvePoint(r.Time, r.NRisk, r.NEvent, r.NCensor, r.Survival, Finite(r.Lower), Finite(r.Upper))).ToList());

    private static SurvivalAt SurvivalAtTime(KaplanMeierCurve curve, double months, double[] time)
    {
        var atRisk = time.Count(t => t >= months);
        if (curve.Rows.Count == 0 || months > curve.Rows[^1].Time)
        {
            return new SurvivalAt(months, atRisk, null, null, null); // beyond the last follow-up: not estimable
        }

        KaplanMeierRow? last = null;
        foreach (var row in curve.Rows)
        {
            if (row.Time > months)
            {
                break;
            }

            last = row;
        }

        return last is { } r
            ? new SurvivalAt(months, atRisk, r.Survival, Finite(r.Lower), Finite(r.Upper))
            : new SurvivalAt(months, atRisk, 1.0, 1.0, 1.0);
    }

    /// <summary>Fits one Cox model on the complete cases of its factors; null when nothing can be fitted.</summary>
    internal static CoxModelResult? FitModel(
        IReadOnlyList<AnalysisRow> rows, IReadOnlyList<AnalysisFactor> factors, string name, CoxTies ties, AnalysisSettings settings, bool stratifyByCentre, bool clusterByCentre)
    {
        var design = BuildDesign(rows, factors, stratifyByCentre, clusterByCentre);
        var data = design.Data;
        if (data.Columns.Length == 0 || !data.Status.Contains(1))
        {
            return null;
        }

        var fit = CoxRegression.Fit(data, new CoxOptions { Ties = ties });
        var concordance = Concordance.Compute(data.Time, data.Status, fit.LinearPredictor, data.Strata, data.Cluster);
        PhTestSummary? ph = null;
        if (fit.Converged && fit.ProblemTerms.Length == 0)
        {
            var zph = ProportionalHazardsTest.Compute(data, fit);
            ph = new PhTestSummary(
                zph.Terms.Select(t => new PhTermSummary(t.Term, t.Chisq, t.Df, t.P)).ToList(),
                new PhTermSummary("GLOBAL", zph.Global.Chisq, zph.Global.Df, zph.Global.P));
        }

        var epv = (double)fit.Events / data.Columns.Length;
        var warnings = new List<string>(fit.Warnings);
        if (epv < settings.MinEventsPerVariable)
        {
            warnings.Add($"Only {epv:0.#} events per coefficient (fewer than {settings.MinEventsPerVariable}): estimates may be unstable.");
        }

        if (ph is not null && ph.Global.P < 0.05)
        {
            warnings.Add($"The proportional-hazards test rejects (global p = {ph.Global.P:0.###}).");
        }

        var robust = fit.RobustVariance is not null;
        return new CoxModelResult(
            name,
            factors.Select(f => f.Key).ToList(),
            fit.N,
            fit.Events,
            design.ExcludedMissing,
            fit.Converged,
            fit.ProblemTerms,
            fit.Coefficients.Select((c, j) => new CoxTermResult(
                c.Term, design.TermOfColumn[j], c.Coef, c.Se, c.RobustSe, c.Z, c.P, c.HazardRatio, c.Lower95, c.Upper95)).ToList(),
            Test(fit.LikelihoodRatioTest),
            Test(fit.WaldTest),
            Test(fit.ScoreTest),
            robust && fit.RobustScoreTest is { } rs ? Test(rs) : null,
            concordance.IsDefined ? new ConcordanceSummary(concordance.C, concordance.StdErr) : null,
            ph,
            epv,
            warnings)
        {
            LogLikelihood = fit.LogLikelihoodModel,
            Levels = LevelCounts(rows, factors),
        };
    }

    /// <summary>Patients and deaths per level of each categorical factor, among the rows complete for every factor of the model.</summary>
    private static List<FactorLevelCount> LevelCounts(IReadOnlyList<AnalysisRow> rows, IReadOnlyList<AnalysisFactor> factors)
    {
        var complete = rows.Where(r => !factors.Any(f => f.IsMissing(r))).ToList();
        return factors.Where(f => f.IsCategorical)
            .SelectMany(f => f.Levels.Select(level =>
            {
                var at = complete.Where(r => f.Level(r) == level).ToList();
                return new FactorLevelCount(f.Key, level, at.Count, at.Count(r => r.OsEvent == 1));
            }))
            .ToList();
    }

    /// <summary>
    /// The analysis rows as the engine's design builder takes them: numeric factors as they are, categorical ones
    /// as codes of their levels in the factor's order (the first present level is the reference), the centre as
    /// stratum and/or cluster. Rows missing a factor are left out and counted.
    /// </summary>
    internal static CoxDesignMatrix BuildDesign(IReadOnlyList<AnalysisRow> rows, IReadOnlyList<AnalysisFactor> factors, bool stratifyByCentre, bool clusterByCentre) =>
        BuildDesign([.. rows.Select(r => r.OsMonths)], [.. rows.Select(r => r.OsEvent)], rows, factors, stratifyByCentre, clusterByCentre);

    /// <summary>The same design for another endpoint: <paramref name="time"/> and <paramref name="status"/> by row.</summary>
    internal static CoxDesignMatrix BuildDesign(double[] time, int[] status, IReadOnlyList<AnalysisRow> rows, IReadOnlyList<AnalysisFactor> factors, bool stratifyByCentre, bool clusterByCentre)
    {
        var builder = new CoxDesignMatrixBuilder(time, status);
        foreach (var factor in factors)
        {
            if (factor.IsCategorical)
            {
                builder.Factor(factor.Key, [.. rows.Select(r => factor.Level(r) is { } l ? IndexOf(factor.Levels, l) : -1)], factor.Levels);
            }
            else
            {
                builder.Numeric(factor.Key, [.. rows.Select(r => factor.Numeric(r) ?? double.NaN)]);
            }
        }

        if (stratifyByCentre || clusterByCentre)
        {
            var centres = rows.Select(r => r.CentreCode).Distinct().Order(StringComparer.Ordinal).ToList();
            var codes = rows.Select(r => centres.IndexOf(r.CentreCode)).ToArray();
            if (stratifyByCentre)
            {
                builder.Strata(codes, centres);
            }

            if (clusterByCentre)
            {
                builder.Cluster(codes);
            }
        }

        return builder.Build();
    }

    private static int IndexOf(IReadOnlyList<string> levels, string level)
    {
        for (int i = 0; i < levels.Count; i++)
        {
            if (levels[i] == level)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"'{level}' is not a level of the factor.");
    }

    private static TestSummary Test(TestResult t) => new(t.Statistic, t.Df, t.P);

    private static Estimate? ToEstimate(SurvivalQuantile q) => new(Value(q), Finite(q.Lower), Finite(q.Upper));

    private static double? Value(SurvivalQuantile q) => q.IsReached ? Finite(q.Time) : null;

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
