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

/// <summary>The design handed to the Cox engine, with the bookkeeping the report needs.</summary>
/// <param name="Data">Complete-case data for <see cref="CoxRegression.Fit"/>.</param>
/// <param name="ExcludedMissing">Rows dropped because a needed value was missing.</param>
/// <param name="StrataLabels">Stratum labels in code order (empty without strata).</param>
/// <param name="Variables">The covariates in model order with their factor levels in coding order (reference first).</param>
internal sealed record CoxDesign(CoxData Data, int ExcludedMissing, IReadOnlyList<string> StrataLabels, IReadOnlyList<CoxDesignVariable> Variables);

/// <summary>
/// Feeds CSV columns to the engine's one design builder (<see cref="CoxDesignMatrixBuilder"/>: complete cases,
/// treatment contrasts named &lt;column&gt;&lt;level&gt; such as "ph.ecog1", strata and cluster codes). The CLI's part
/// is the level order (<see cref="FactorLevels"/>: numeric values numerically, otherwise ordinal; the first level is
/// the reference unless <c>--reference VAR=LEVEL</c> names another, which the engine moves first as R's
/// <c>relevel</c>), the competing-risks status codes, the <c>--predict</c> profile and its one-line messages.
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
        var eventValues = csv.Numeric(spec.Event);
        var status = new int[eventValues.Length];
        var statusPresent = new bool[eventValues.Length];
        for (int i = 0; i < status.Length; i++)
        {
            statusPresent[i] = !double.IsNaN(eventValues[i]);
            status[i] = statusPresent[i] ? (int)eventValues[i] : 0;
        }

        var builder = new CoxDesignMatrixBuilder(csv.Numeric(spec.Time), status, statusPresent);
        var unmatchedReferences = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in spec.Covariates)
        {
            if (spec.Factors.Contains(c, StringComparer.Ordinal))
            {
                var levels = FactorLevels.From(csv.Text(c));
                string? reference = null;
                if (spec.References?.GetValueOrDefault(c) is { } asked)
                {
                    reference = MatchLevel(levels.Labels, asked);
                    if (reference is null)
                    {
                        unmatchedReferences[c] = asked;
                    }
                }

                builder.Factor(c, levels.Codes, levels.Labels, reference);
            }
            else
            {
                builder.Numeric(c, csv.Numeric(c));
            }
        }

        if (spec.Strata is not null)
        {
            var levels = FactorLevels.From(csv.Text(spec.Strata));
            builder.Strata(levels.Codes, levels.Labels);
        }

        if (spec.Cluster is not null)
        {
            builder.Cluster(FactorLevels.From(csv.Text(spec.Cluster)).Codes);
        }

        var design = builder.Build();
        var data = design.Data;
        int n = data.RowCount;
        if (n == 0)
        {
            throw new InputException($"no complete rows in {csv.Source} (every row misses '{spec.Time}', '{spec.Event}' or another needed value)");
        }

        if (spec.StatusCodes ? data.Status.All(s => s == 0) : !data.Status.Contains(1))
        {
            throw new InputException(spec.StatusCodes
                ? $"column '{spec.Event}' has no events (only 0 among the {n} complete rows of {csv.Source})"
                : $"column '{spec.Event}' has no events (no 1 among the {n} complete rows of {csv.Source})");
        }

        foreach (var variable in design.Variables.Where(v => v.Levels is not null))
        {
            var levels = variable.Levels!;
            if (levels.Count < 2)
            {
                throw new InputException($"factor '{variable.Name}' has only one level ('{(levels.Count > 0 ? levels[0] : "")}') among the {n} complete rows");
            }

            // The reference must be a level of the complete rows (the engine falls back to the first level otherwise).
            var asked = spec.References?.GetValueOrDefault(variable.Name);
            if (asked is not null && (unmatchedReferences.ContainsKey(variable.Name) || MatchLevel(levels, asked) != levels[0]))
            {
                throw new InputException($"--reference {variable.Name}={asked}: '{asked}' is not a level of '{variable.Name}' (levels: {string.Join(", ", levels)})");
            }
        }

        return new CoxDesign(data, design.ExcludedMissing, design.StrataLabels, design.Variables);
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
                var level = MatchLevel(v.Levels, value)
                    ?? throw new InputException($"--predict {v.Name}={value}: '{value}' is not a level of '{v.Name}' (levels: {string.Join(", ", v.Levels)})");
                profile.AddRange(v.Levels.Skip(1).Select(l => l == level ? 1.0 : 0.0));
            }
        }

        return [.. profile];
    }

    /// <summary>The level spelled <paramref name="value"/>; numerically equal spellings ("2", "2.0") name the same level, as factor levels of numbers do.</summary>
    private static string? MatchLevel(IReadOnlyList<string> levels, string value) =>
        levels.FirstOrDefault(l => l == value
            || (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
                && double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var e) && d == e));
}
