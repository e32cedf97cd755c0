using RlmsRegistry.Domain.Analysis;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// Table 1 (baseline characteristics) of analysis rows: centre, age, sex, maximum diameter, FNCLCC grade, platelets,
/// NLR, resection, multifocality and, where recurrent rows are present, the disease-free interval. Continuous
/// variables: median and IQR by R's default <c>quantile(type = 7)</c>; categorical: n per level in the factor's order
/// (levels with no row are listed with 0). Missing values are counted, never imputed. Pure: no database, no clock.
/// </summary>
public static class BaselineTables
{
    public static BaselineTable Build(IReadOnlyList<AnalysisRow> rows)
    {
        var variables = new List<BaselineVariable>
        {
            Categorical("centre", "Centre", rows, r => r.CentreCode, rows.Select(r => r.CentreCode).Distinct().Order(StringComparer.Ordinal).ToList()),
            Continuous(AnalysisFactors.Age, rows),
            Categorical(AnalysisFactors.Sex.Key, AnalysisFactors.Sex.Label, rows, AnalysisFactors.Sex.Level, AnalysisFactors.Sex.Levels),
            Continuous(AnalysisFactors.Diameter, rows),
            Categorical(AnalysisFactors.Grade.Key, AnalysisFactors.Grade.Label, rows,
                r => AnalysisFactors.Grade.Level(r) is { } g ? "G" + g : null, ["G1", "G2", "G3"]),
            Continuous(AnalysisFactors.Platelets, rows),
            Continuous(AnalysisFactors.Nlr, rows),
            Categorical(AnalysisFactors.Resection.Key, AnalysisFactors.Resection.Label, rows, AnalysisFactors.Resection.Level, AnalysisFactors.Resection.Levels),
            Categorical(AnalysisFactors.Multifocal.Key, AnalysisFactors.Multifocal.Label, rows,
                r => r.Multifocal is { } m ? (m ? "yes" : "no") : null, ["no", "yes"]),
        };
        if (rows.Any(r => r.Cohort == Cohort.Recurrent))
        {
            variables.Add(Continuous(AnalysisFactors.Dfi, rows));
        }

        return new BaselineTable(rows.Count, variables);
    }

    /// <summary>R's <c>quantile(x, p, type = 7)</c> of sorted values.</summary>
    public static double Quantile7(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static BaselineVariable Continuous(AnalysisFactor factor, IReadOnlyList<AnalysisRow> rows)
    {
        var values = rows.Select(factor.Numeric).OfType<double>().Order().ToList();
        var summary = values.Count == 0 ? null : new Quartiles(Quantile7(values, 0.5), Quantile7(values, 0.25), Quantile7(values, 0.75));
        return new BaselineVariable(factor.Key, factor.Label, "continuous", values.Count, rows.Count - values.Count, summary, []);
    }

    private static BaselineVariable Categorical(string key, string label, IReadOnlyList<AnalysisRow> rows, Func<AnalysisRow, string?> level, IReadOnlyList<string> levels)
    {
        var values = rows.Select(level).OfType<string>().ToList();
        var counts = levels.Select(l => new LevelCount(l, values.Count(v => string.Equals(v, l, StringComparison.Ordinal)))).ToList();
        return new BaselineVariable(key, label, "categorical", values.Count, rows.Count - values.Count, null, counts);
    }

}
