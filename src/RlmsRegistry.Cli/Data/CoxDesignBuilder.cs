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
internal sealed record CoxModelSpec(string Time, string Event, IReadOnlyList<string> Covariates, IReadOnlyList<string> Factors, string? Strata, string? Cluster);

/// <summary>The design handed to the Cox engine, with the bookkeeping the report needs.</summary>
/// <param name="Data">Complete-case data for <see cref="CoxRegression.Fit"/>.</param>
/// <param name="ExcludedMissing">Rows dropped because a needed value was missing.</param>
/// <param name="StrataLabels">Stratum labels in code order (empty without strata).</param>
internal sealed record CoxDesign(CoxData Data, int ExcludedMissing, IReadOnlyList<string> StrataLabels);

/// <summary>
/// Feeds CSV columns to the engine's one design builder (<see cref="CoxDesignMatrixBuilder"/>: complete cases,
/// treatment contrasts named &lt;column&gt;&lt;level&gt; such as "ph.ecog1", strata and cluster codes). The CLI's part
/// is the level order (<see cref="FactorLevels"/>: numeric values numerically, otherwise ordinal; the first level is
/// the reference) and its one-line messages.
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
        SurvivalColumns.Validate(csv, spec.Time, spec.Event, keep);
        var eventValues = csv.Numeric(spec.Event);
        var status = new int[eventValues.Length];
        for (int i = 0; i < status.Length; i++)
        {
            status[i] = double.IsNaN(eventValues[i]) ? -1 : (int)eventValues[i];
        }

        var builder = new CoxDesignMatrixBuilder(csv.Numeric(spec.Time), status);
        foreach (var c in spec.Covariates)
        {
            if (spec.Factors.Contains(c, StringComparer.Ordinal))
            {
                var levels = FactorLevels.From(csv.Text(c));
                builder.Factor(c, levels.Codes, levels.Labels);
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

        if (!data.Status.Contains(1))
        {
            throw new InputException($"column '{spec.Event}' has no events (no 1 among the {n} complete rows of {csv.Source})");
        }

        foreach (var (factor, level) in design.SingleLevelFactors)
        {
            throw new InputException($"factor '{factor}' has only one level ('{level}') among the {n} complete rows");
        }

        return new CoxDesign(data, design.ExcludedMissing, design.StrataLabels);
    }
}
