using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Application.Analysis;

/// <summary>One covariate value of a patient profile: a number for a numeric factor, a level for a categorical one.</summary>
public readonly record struct FactorValue(double? Number, string? Level)
{
    public static FactorValue Of(AnalysisFactor factor, AnalysisRow row) =>
        factor.IsCategorical ? new FactorValue(null, factor.Level(row)) : new FactorValue(factor.Numeric(row), null);
}

/// <summary>
/// Codes a covariate profile on the columns of a fitted design as R's <c>model.matrix</c> does for new data with the
/// fit's factor levels: numeric factors as they are, a factor as 0/1 columns of its non-reference levels (the levels
/// the fit's complete rows had, reference first). A level the fit never saw cannot be coded (null), as R refuses it.
/// </summary>
public static class ProfileCoding
{
    /// <summary>The profile's design row, or null when a value is missing or a level is unknown to the fit.</summary>
    public static double[]? Code(CoxDesignMatrix design, Func<string, FactorValue> value)
    {
        var row = new List<double>(design.Data.Columns.Length);
        foreach (var variable in design.Variables)
        {
            var v = value(variable.Name);
            if (variable.Levels is null)
            {
                if (v.Number is not { } x || !double.IsFinite(x))
                {
                    return null;
                }

                row.Add(x);
                continue;
            }

            if (v.Level is not { } level || !variable.Levels.Contains(level, StringComparer.Ordinal))
            {
                return null;
            }

            for (var k = 1; k < variable.Levels.Count; k++)
            {
                row.Add(string.Equals(variable.Levels[k], level, StringComparison.Ordinal) ? 1 : 0);
            }
        }

        return row.Count == design.Data.Columns.Length
            ? [.. row]
            : throw new InvalidOperationException($"The profile has {row.Count} columns; the design has {design.Data.Columns.Length}.");
    }

    /// <summary>x'b with singular (NA) coefficients counted as 0, R's treatment of NA in a linear predictor computed by hand.</summary>
    public static double LinearPredictor(CoxResult fit, double[] x)
    {
        var lp = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            var b = fit.Coefficients[j].Coef;
            lp += double.IsNaN(b) ? 0 : b * x[j];
        }

        return lp;
    }
}
