using System.Globalization;
using RlmsRegistry.Application.Analysis;

namespace RlmsRegistry.Application.Dashboards;

/// <summary>
/// A forest plot in the manner of <c>survminer::ggforest</c>: one row per factor level (the reference level included,
/// marked "reference"), patients and deaths per level, HR (95% CI) and p as text columns, a log axis fitted to the
/// data, and a footer with the model's events, global log-rank (score test) p, AIC and concordance.
/// </summary>
/// <param name="Title">What the plot shows.</param>
/// <param name="Rows">Top to bottom.</param>
/// <param name="Footer">The model's summary line; null for a collection of univariable models (each has its own).</param>
/// <param name="AxisMin">Left end of the log axis: the largest 1-2-5 tick at or below every lower limit (and 1).</param>
/// <param name="AxisMax">Right end: the smallest 1-2-5 tick at or above every upper limit (and 1).</param>
/// <param name="Ticks">The 1-2-5 ticks from <paramref name="AxisMin"/> to <paramref name="AxisMax"/>.</param>
public sealed record ForestFigure(string Title, IReadOnlyList<ForestRow> Rows, string? Footer, double AxisMin, double AxisMax, IReadOnlyList<double> Ticks);

/// <summary>
/// One line of the forest plot. <see cref="HazardRatio"/> and its limits are null on a reference row and where the
/// estimate is not finite (a separated factor: listed, not drawn). The texts are as printed.
/// </summary>
public sealed record ForestRow(
    string Factor,
    string FactorLabel,
    string Level,
    bool IsReference,
    bool FirstOfFactor,
    string NText,
    double? HazardRatio,
    double? Lower95,
    double? Upper95,
    string HrText,
    string PText);

public static class ForestFigures
{
    /// <summary>The 1-2-5 sequence per decade.</summary>
    private static readonly double[] Mantissas = [1, 2, 5];

    /// <summary>The forest plot of one model (the multivariable one).</summary>
    public static ForestFigure Of(CoxModelResult model, string title, bool suppress)
    {
        var rows = model.Factors.SelectMany(f => RowsOf(model, f, suppress)).ToList();
        var footer = string.Create(
            CultureInfo.InvariantCulture,
            $"Deaths: {SmallCount.Of(model.Events, suppress)} of {SmallCount.Of(model.N, suppress)} patients; global p-value (log-rank): {ReportText.PInline(model.ScoreTest.P)}; AIC: {(model.Aic is { } aic ? aic.ToString("0.00", CultureInfo.InvariantCulture) : "NA")}; concordance index: {(model.Concordance is { } c ? c.C.ToString("0.00", CultureInfo.InvariantCulture) : "NA")}");
        return WithAxis(title, rows, footer);
    }

    /// <summary>One forest plot of every univariable model (each factor's rows from its own model).</summary>
    public static ForestFigure? Univariable(IReadOnlyList<CoxModelResult> models, bool suppress)
    {
        var rows = models.Where(m => m.Factors.Count == 1).SelectMany(m => RowsOf(m, m.Factors[0], suppress)).ToList();
        return rows.Count == 0 ? null : WithAxis("Univariable hazard ratios (95% CI)", rows, null);
    }

    private static ForestFigure WithAxis(string title, List<ForestRow> rows, string? footer)
    {
        var (min, max, ticks) = Axis(rows.SelectMany(r => new[] { r.Lower95, r.Upper95 }).OfType<double>());
        return new ForestFigure(title, rows, footer, min, max, ticks);
    }

    /// <summary>
    /// A log axis bracketing <paramref name="limits"/> and 1 (the HR = 1 line and the reference rows) between two
    /// 1-2-5 ticks, each within one tick of the data: no tick lies strictly between an axis end and the nearest limit.
    /// </summary>
    public static (double Min, double Max, IReadOnlyList<double> Ticks) Axis(IEnumerable<double> limits)
    {
        var values = limits.Where(x => double.IsFinite(x) && x > 0).Append(1.0).ToList();
        double lo = values.Min(), hi = values.Max();
        var min = TickAtOrBelow(lo);
        var max = TickAtOrAbove(hi);
        var ticks = new List<double>();
        for (var decade = (int)Math.Floor(Math.Log10(min)) - 1; decade <= (int)Math.Ceiling(Math.Log10(max)) + 1; decade++)
        {
            foreach (var m in Mantissas)
            {
                var t = Tick(m, decade);
                if (t >= min * (1 - 1e-12) && t <= max * (1 + 1e-12))
                {
                    ticks.Add(t);
                }
            }
        }

        return (min, max, ticks);
    }

    private static double Tick(double mantissa, int decade) =>
        double.Parse(string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{decade}"), CultureInfo.InvariantCulture);

    private static double TickAtOrBelow(double x)
    {
        var decade = (int)Math.Floor(Math.Log10(x));
        var best = Tick(1, decade - 1);
        foreach (var d in new[] { decade - 1, decade, decade + 1 })
        {
            foreach (var m in Mantissas)
            {
                var t = Tick(m, d);
                if (t <= x * (1 + 1e-12) && t > best)
                {
                    best = t;
                }
            }
        }

        return best;
    }

    private static double TickAtOrAbove(double x)
    {
        var decade = (int)Math.Floor(Math.Log10(x));
        var best = Tick(1, decade + 2);
        foreach (var d in new[] { decade - 1, decade, decade + 1 })
        {
            foreach (var m in Mantissas)
            {
                var t = Tick(m, d);
                if (t >= x * (1 - 1e-12) && t < best)
                {
                    best = t;
                }
            }
        }

        return best;
    }

    private static IEnumerable<ForestRow> RowsOf(CoxModelResult model, string factorKey, bool suppress)
    {
        var factor = AnalysisFactors.Find(factorKey);
        var label = factor?.Label ?? factorKey;
        var terms = model.Terms.Where(t => t.Factor == factorKey).ToList();
        if (factor is null || !factor.IsCategorical)
        {
            var t = terms.FirstOrDefault();
            yield return Row(factorKey, label, factor is null ? string.Empty : UnitLevel(factor), first: true, SmallCount.Of(model.N, suppress).ToString(), t);
            yield break;
        }

        var counts = model.Levels?.Where(l => l.Factor == factorKey).ToDictionary(l => l.Level);
        var first = true;
        var referenceShown = false;
        foreach (var level in factor.Levels)
        {
            var term = terms.FirstOrDefault(t => t.Term == factorKey + level);
            FactorLevelCount? count = null;
            if (counts is not null && (!counts.TryGetValue(level, out count) || count.N == 0))
            {
                continue; // a level nobody in the model has: no row
            }

            var nText = count is null ? "—" : NText(count.N, count.Events, suppress);
            if (term is null)
            {
                if (referenceShown)
                {
                    continue; // an absent level in an older snapshot without counts
                }

                referenceShown = true;
                yield return new ForestRow(factorKey, label, LevelLabel(factor, level), true, first, nText, null, null, null, "reference", string.Empty);
            }
            else
            {
                yield return Row(factorKey, label, LevelLabel(factor, level), first, nText, term);
            }

            first = false;
        }
    }

    private static ForestRow Row(string factor, string label, string level, bool first, string nText, CoxTermResult? t)
    {
        if (t is null || !(double.IsFinite(t.HazardRatio) && double.IsFinite(t.Lower95) && double.IsFinite(t.Upper95) && t.Lower95 > 0))
        {
            return new ForestRow(factor, label, level, false, first, nText, null, null, null, t is null ? "not estimated" : "not estimable", t is null ? string.Empty : ReportText.PValue(t.P));
        }

        return new ForestRow(factor, label, level, false, first, nText, t.HazardRatio, t.Lower95, t.Upper95, ReportText.HazardRatio(t.HazardRatio, t.Lower95, t.Upper95), ReportText.PValue(t.P));
    }

    private static string NText(int n, int events, bool suppress) =>
        $"{SmallCount.Of(n, suppress)} ({SmallCount.Of(events, suppress)})";

    /// <summary>A categorical level as a reader names it (grade "1" is "G1").</summary>
    private static string LevelLabel(AnalysisFactor factor, string level) => factor.Key switch
    {
        "fnclccGrade" => "G" + level,
        _ => level,
    };

    /// <summary>The step a numeric factor's HR refers to.</summary>
    private static string UnitLevel(AnalysisFactor factor) => factor.Key switch
    {
        "ageAtSurgery" => "per year",
        "maxDiameterCm" => "per cm",
        "plateletsE9PerL" => "per 10⁹/L",
        "nlr" => "per unit",
        "multifocal" => "yes vs no",
        "dfiMonths" => "per month",
        _ => string.Empty,
    };
}
