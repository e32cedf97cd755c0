using RlmsRegistry.Cli.Csv;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Cli.Data;

/// <summary>What the user asked for in <c>rlms analyze cox</c>.</summary>
/// <param name="Time">Time column.</param>
/// <param name="Event">Event (0/1) column.</param>
/// <param name="Covariates">Covariate columns in model order.</param>
/// <param name="Factors">Covariates to treat as factors (treatment contrasts).</param>
/// <param name="Strata">Strata column, or null.</param>
/// <param name="Cluster">Cluster column, or null.</param>
/// <param name="References">Chosen reference level per factor (<c>--reference VAR=LEVEL</c>); others use the first sorted level.</param>
/// <param name="StatusCodes">True when the event column holds integer status codes (0 = censored, others = causes)
/// rather than 0/1, as for the competing-risks commands.</param>
internal sealed record CoxModelSpec(
    string Time,
    string Event,
    IReadOnlyList<string> Covariates,
    IReadOnlyList<string> Factors,
    string? Strata,
    string? Cluster,
    IReadOnlyDictionary<string, string>? References = null,
    bool StatusCodes = false);

/// <summary>A covariate of the design: its factor levels in coding order (reference first), or null when numeric.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Levels">Levels in coding order, or null for a numeric covariate.</param>
internal sealed record DesignVariable(string Name, IReadOnlyList<string>? Levels);

/// <summary>The design handed to the Cox engine, with the bookkeeping the report needs.</summary>
/// <param name="Data">Complete-case data for <see cref="CoxRegression.Fit"/>.</param>
/// <param name="ExcludedMissing">Rows dropped because a needed value was missing.</param>
/// <param name="StrataLabels">Stratum labels in code order (empty without strata).</param>
/// <param name="Variables">The covariates in model order with their factor levels.</param>
internal sealed record CoxDesign(CoxData Data, int ExcludedMissing, IReadOnlyList<string> StrataLabels, IReadOnlyList<DesignVariable> Variables);

/// <summary>
/// Builds the Cox design matrix from CSV columns as R's model.matrix does for <c>coxph</c>: numeric covariates
/// as they are; factor covariates as treatment contrasts whose reference is the first level in sorted order
/// (numeric values numerically, otherwise ordinal), named &lt;column&gt;&lt;level&gt; (e.g. "ph.ecog1",
/// "celltypelarge"); rows with any needed value missing are dropped and counted; strata and cluster become
/// integer codes in sorted level order. Levels are taken from the complete rows.
/// </summary>
internal static class CoxDesignBuilder
{
    /// <summary>Checks the spec and lists the CSV columns it needs.</summary>
    public static IReadOnlyList<ColumnRequest> RequiredColumns(CoxModelSpec spec)
    {
        var duplicate = spec.Covariates.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InputException($"--covariates lists '{duplicate.Key}' more than once");
        }

        foreach (var f in spec.Factors.Where(f => !spec.Covariates.Contains(f, StringComparer.Ordinal)))
        {
            throw new InputException($"--factors column '{f}' is not one of --covariates");
        }

        foreach (var r in (spec.References ?? new Dictionary<string, string>()).Keys.Where(r => !spec.Factors.Contains(r, StringComparer.Ordinal)))
        {
            throw new InputException($"--reference names '{r}', which is not one of --factors");
        }

        foreach (var c in spec.Covariates.Where(c => c == spec.Time || c == spec.Event))
        {
            throw new InputException($"column '{c}' cannot be both the time/event and a covariate");
        }

        var columns = new List<ColumnRequest> { new(spec.Time, ColumnKind.Numeric), new(spec.Event, ColumnKind.Numeric) };
        foreach (var c in spec.Covariates)
        {
            columns.Add(new(c, spec.Factors.Contains(c, StringComparer.Ordinal) ? ColumnKind.Text : ColumnKind.Numeric));
        }

        if (spec.Strata is not null)
        {
            columns.Add(new(spec.Strata, ColumnKind.Text));
        }

        if (spec.Cluster is not null)
        {
            columns.Add(new(spec.Cluster, ColumnKind.Text));
        }

        return columns;
    }

    /// <summary>Builds the design. Throws <see cref="InputException"/> for invalid values or an unusable design.</summary>
    public static CoxDesign Build(CsvColumns csv, CoxModelSpec spec)
    {
        var keep = SurvivalColumns.AllRows(csv);
        SurvivalColumns.Validate(csv, spec.Time, spec.Event, keep, spec.StatusCodes);
        bool IsFactor(string c) => spec.Factors.Contains(c, StringComparer.Ordinal);

        foreach (var c in spec.Covariates)
        {
            if (IsFactor(c))
            {
                DropMissing(csv.Text(c).Codes, keep);
            }
            else
            {
                var v = csv.Numeric(c);
                for (int i = 0; i < v.Length; i++)
                {
                    if (double.IsNaN(v[i]))
                    {
                        keep[i] = false;
                    }
                }
            }
        }

        if (spec.Strata is not null)
        {
            DropMissing(csv.Text(spec.Strata).Codes, keep);
        }

        if (spec.Cluster is not null)
        {
            DropMissing(csv.Text(spec.Cluster).Codes, keep);
        }

        int excluded = keep.Count(k => !k);
        var (time, status) = SurvivalColumns.Extract(csv, spec.Time, spec.Event, keep);
        int n = time.Length;

        var columns = new List<double[]>();
        var names = new List<string>();
        var terms = new List<CoxTerm>();
        var variables = new List<DesignVariable>();
        foreach (var c in spec.Covariates)
        {
            if (IsFactor(c))
            {
                var levels = FactorLevels.From(csv.Text(c), keep);
                if (levels.Labels.Count < 2)
                {
                    throw new InputException($"factor '{c}' has only one level ('{(levels.Labels.Count > 0 ? levels.Labels[0] : "")}') among the {n} complete rows");
                }

                var order = Relevel(c, levels.Labels, spec.References?.GetValueOrDefault(c));
                var dummies = FactorCoding.DummyColumns(Compact(levels.Codes, keep), [.. order.Select(l => IndexOf(levels.Labels, l))]);
                var termColumns = new List<int>();
                for (int k = 0; k < dummies.Length; k++)
                {
                    termColumns.Add(columns.Count);
                    columns.Add(dummies[k]);
                    names.Add(c + order[k + 1]);
                }

                terms.Add(new CoxTerm(c, [.. termColumns]));
                variables.Add(new DesignVariable(c, order));
            }
            else
            {
                terms.Add(new CoxTerm(c, [columns.Count]));
                columns.Add(Compact(csv.Numeric(c), keep));
                names.Add(c);
                variables.Add(new DesignVariable(c, null));
            }
        }

        int[]? strata = null;
        IReadOnlyList<string> strataLabels = [];
        if (spec.Strata is not null)
        {
            var levels = FactorLevels.From(csv.Text(spec.Strata), keep);
            strata = Compact(levels.Codes, keep);
            strataLabels = levels.Labels;
        }

        int[]? cluster = spec.Cluster is null ? null : Compact(FactorLevels.From(csv.Text(spec.Cluster), keep).Codes, keep);

        var data = new CoxData
        {
            Time = time,
            Status = status,
            Columns = [.. columns],
            ColumnNames = [.. names],
            Terms = terms,
            Strata = strata,
            Cluster = cluster,
        };
        return new CoxDesign(data, excluded, strataLabels, variables);
    }

    /// <summary>
    /// The design row of one covariate pattern (<c>--predict A=1,B=x</c>): every covariate must be given, numeric
    /// values must be numbers and factor values existing levels. Throws <see cref="InputException"/> naming the value.
    /// </summary>
    public static double[] Profile(CoxDesign design, IReadOnlyDictionary<string, string> pattern)
    {
        foreach (var name in pattern.Keys.Where(k => design.Variables.All(v => v.Name != k)))
        {
            throw new InputException($"--predict names '{name}', which is not one of --covariates");
        }

        var profile = new List<double>();
        foreach (var v in design.Variables)
        {
            if (!pattern.TryGetValue(v.Name, out var value))
            {
                throw new InputException($"--predict gives no value for covariate '{v.Name}'");
            }

            if (v.Levels is null)
            {
                if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                {
                    throw new InputException($"--predict {v.Name}={value}: '{value}' is not a number");
                }

                profile.Add(x);
            }
            else
            {
                var level = v.Levels.FirstOrDefault(l => l == value || (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
                    && double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var e) && d == e))
                    ?? throw new InputException($"--predict {v.Name}={value}: '{value}' is not a level of '{v.Name}' (levels: {string.Join(", ", v.Levels)})");
                profile.AddRange(v.Levels.Skip(1).Select(l => l == level ? 1.0 : 0.0));
            }
        }

        return [.. profile];
    }

    private static IReadOnlyList<string> Relevel(string column, IReadOnlyList<string> levels, string? reference)
    {
        if (reference is null)
        {
            return levels;
        }

        // Numerically equal spellings ("2", "2.0") name the same level, as factor levels of numbers do.
        var match = levels.FirstOrDefault(l => l == reference
            || (double.TryParse(reference, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
                && double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var e) && d == e));
        return match is null
            ? throw new InputException($"--reference {column}={reference}: '{reference}' is not a level of '{column}' (levels: {string.Join(", ", levels)})")
            : FactorCoding.Relevel(levels, match);
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
            {
                return i;
            }
        }

        return -1;
    }

    private static void DropMissing(int[] codes, bool[] keep)
    {
        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i] < 0)
            {
                keep[i] = false;
            }
        }
    }

    private static T[] Compact<T>(T[] values, bool[] keep)
    {
        var result = new T[keep.Count(k => k)];
        for (int i = 0, j = 0; i < keep.Length; i++)
        {
            if (keep[i])
            {
                result[j++] = values[i];
            }
        }

        return result;
    }
}
