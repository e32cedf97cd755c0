namespace RlmsRegistry.Survival;

/// <summary>
/// The one place a Cox design matrix is built, as R's <c>model.matrix</c> builds it for <c>coxph</c>: numeric
/// covariates as they are; a factor as treatment contrasts, one 0/1 column per level other than the reference,
/// named covariate + level ("ph.ecog1", "celltypelarge"); strata and cluster as codes. Rows with a missing value in
/// any added column are dropped and counted (complete cases, R's <c>na.omit</c>); levels that only occur in dropped
/// rows get no column (R drops unused levels); a factor with fewer than two levels left adds no term and is listed
/// in <see cref="CoxDesignMatrix.SingleLevelFactors"/> for the caller to report.
/// </summary>
/// <remarks>
/// Inputs are whole columns (one entry per input row): time (NaN = missing), status (0/1, negative = missing),
/// numeric covariates (NaN = missing), factors/strata/cluster as level codes (negative = missing) with their level
/// labels in level order. Used by <c>rlms analyze cox</c> / <c>finegray</c> and by the registry's refit. Without
/// missing values the numeric columns are passed through without a copy. For competing risks the status holds cause
/// codes (any integer, 0 = censored); pass <c>statusPresent</c> so negative codes are causes, not missing values.
/// </remarks>
public sealed class CoxDesignMatrixBuilder
{
    private readonly double[] _time;
    private readonly int[] _status;
    private readonly bool[]? _statusPresent;
    private readonly List<Covariate> _covariates = [];
    private (int[] Codes, IReadOnlyList<string> Labels)? _strata;
    private int[]? _cluster;

    /// <summary>
    /// Starts a design on survival time and status columns of equal length. Without <paramref name="statusPresent"/>
    /// a negative status is missing; with it, the status is missing where it is false and any integer is a status code.
    /// </summary>
    public CoxDesignMatrixBuilder(double[] time, int[] status, bool[]? statusPresent = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(status);
        if (time.Length != status.Length)
        {
            throw new ArgumentException($"Status has {status.Length} rows, time has {time.Length}.", nameof(status));
        }

        if (statusPresent is not null && statusPresent.Length != time.Length)
        {
            throw new ArgumentException($"Status mask has {statusPresent.Length} rows, time has {time.Length}.", nameof(statusPresent));
        }

        _time = time;
        _status = status;
        _statusPresent = statusPresent;
    }

    /// <summary>Adds a numeric covariate (NaN = missing).</summary>
    public CoxDesignMatrixBuilder Numeric(string name, double[] values)
    {
        CheckLength(values.Length, name);
        _covariates.Add(new Covariate(name, values, null, [], null));
        return this;
    }

    /// <summary>
    /// Adds a factor: <paramref name="codes"/> index <paramref name="levels"/> (negative = missing). The reference is
    /// <paramref name="reference"/> (R's <c>relevel</c>: the other levels keep their order), else the first level
    /// present among the complete rows.
    /// </summary>
    public CoxDesignMatrixBuilder Factor(string name, int[] codes, IReadOnlyList<string> levels, string? reference = null)
    {
        CheckLength(codes.Length, name);
        if (reference is not null && !levels.Contains(reference, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Reference level '{reference}' is not a level of '{name}'.", nameof(reference));
        }

        _covariates.Add(new Covariate(name, null, codes, levels, reference));
        return this;
    }

    /// <summary>Stratifies by level codes (negative = missing); strata are numbered in level order.</summary>
    public CoxDesignMatrixBuilder Strata(int[] codes, IReadOnlyList<string> labels)
    {
        CheckLength(codes.Length, "strata");
        _strata = (codes, labels);
        return this;
    }

    /// <summary>Clusters by codes (negative = missing) for the robust variance.</summary>
    public CoxDesignMatrixBuilder Cluster(int[] codes)
    {
        CheckLength(codes.Length, "cluster");
        _cluster = codes;
        return this;
    }

    /// <summary>Builds the complete-case design.</summary>
    public CoxDesignMatrix Build()
    {
        int rows = _time.Length;
        var keep = new bool[rows];
        for (int i = 0; i < rows; i++)
        {
            keep[i] = !double.IsNaN(_time[i]) && (_statusPresent is null ? _status[i] >= 0 : _statusPresent[i]);
        }

        // Column by column (a column without a missing value, the usual case, costs one vectorised scan).
        foreach (var covariate in _covariates)
        {
            if (covariate.Values is { } values)
            {
                DropMissing(keep, values);
            }
            else
            {
                DropMissing(keep, covariate.Codes!);
            }
        }

        if (_strata is { } strataColumn)
        {
            DropMissing(keep, strataColumn.Codes);
        }

        if (_cluster is not null)
        {
            DropMissing(keep, _cluster);
        }

        int kept = keep.AsSpan().Count(true);

        bool all = kept == rows;
        var columns = new List<double[]>();
        var names = new List<string>();
        var termOf = new List<string>();
        var terms = new List<CoxTerm>();
        var singleLevel = new List<(string, string?)>();
        var variables = new List<CoxDesignVariable>();
        foreach (var covariate in _covariates)
        {
            int first = columns.Count;
            if (covariate.Values is { } values)
            {
                columns.Add(all ? values : Compact(values, keep, kept));
                names.Add(covariate.Name);
                termOf.Add(covariate.Name);
                variables.Add(new CoxDesignVariable(covariate.Name, null));
            }
            else
            {
                var codes = covariate.Codes!;
                var present = Present(codes, keep, covariate.Levels.Count);
                IReadOnlyList<string> presentLabels = [.. Enumerable.Range(0, covariate.Levels.Count).Where(l => present[l]).Select(l => covariate.Levels[l])];

                // R's relevel: the reference first, the others in their order. A reference that only occurs in
                // dropped rows is not a level of the complete cases; the first present level is then the reference
                // (the caller sees it in Variables).
                var reference = covariate.Reference is { } r && presentLabels.Contains(r, StringComparer.Ordinal) ? r : null;
                var orderLabels = FactorCoding.Relevel(presentLabels, reference);
                var order = orderLabels.Select(l => IndexOf(covariate.Levels, l)).ToList();
                variables.Add(new CoxDesignVariable(covariate.Name, orderLabels));

                if (order.Count < 2)
                {
                    singleLevel.Add((covariate.Name, order.Count == 1 ? covariate.Levels[order[0]] : null));
                    continue;
                }

                foreach (int level in order.Skip(1))
                {
                    var dummy = new double[kept];
                    for (int i = 0, j = 0; i < rows; i++)
                    {
                        if (keep[i])
                        {
                            dummy[j++] = codes[i] == level ? 1.0 : 0.0;
                        }
                    }

                    columns.Add(dummy);
                    names.Add(covariate.Name + covariate.Levels[level]);
                    termOf.Add(covariate.Name);
                }
            }

            terms.Add(new CoxTerm(covariate.Name, [.. Enumerable.Range(first, columns.Count - first)]));
        }

        int[]? strata = null;
        IReadOnlyList<string> strataLabels = [];
        if (_strata is { } s)
        {
            (strata, var used) = Dense(s.Codes, keep, kept, s.Labels.Count);
            strataLabels = [.. used.Select(l => s.Labels[l])];
        }

        int[]? cluster = _cluster is null ? null : Dense(_cluster, keep, kept, _cluster.Length == 0 ? 0 : _cluster.Max() + 1).Codes;
        var data = new CoxData
        {
            Time = all ? _time : Compact(_time, keep, kept),
            Status = all ? _status : Compact(_status, keep, kept),
            Columns = [.. columns],
            ColumnNames = [.. names],
            Terms = terms,
            Strata = strata,
            Cluster = cluster,
        };
        return new CoxDesignMatrix(data, rows - kept, keep, [.. termOf], strataLabels, singleLevel, variables);
    }

    private void CheckLength(int length, string name)
    {
        if (length != _time.Length)
        {
            throw new ArgumentException($"Column '{name}' has {length} rows, time has {_time.Length}.", nameof(name));
        }
    }

    private static int IndexOf(IReadOnlyList<string> levels, string level)
    {
        for (int l = 0; l < levels.Count; l++)
        {
            if (string.Equals(levels[l], level, StringComparison.Ordinal))
            {
                return l;
            }
        }

        return -1;
    }

    /// <summary>Clears <paramref name="keep"/> where the value is missing (NaN).</summary>
    private static void DropMissing(bool[] keep, double[] values)
    {
        // x != x only for NaN: a column is scanned a second time only when it has one.
        if (!CoxKernels.HasNaN(values))
        {
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            keep[i] &= !double.IsNaN(values[i]);
        }
    }

    /// <summary>Clears <paramref name="keep"/> where the code is missing (negative).</summary>
    private static void DropMissing(bool[] keep, int[] codes)
    {
        if (codes.AsSpan().IndexOfAnyInRange(int.MinValue, -1) < 0)
        {
            return;
        }

        for (int i = 0; i < codes.Length; i++)
        {
            keep[i] &= codes[i] >= 0;
        }
    }

    private static bool[] Present(int[] codes, bool[] keep, int levels)
    {
        var present = new bool[levels];
        for (int i = 0; i < codes.Length; i++)
        {
            if (keep[i])
            {
                present[codes[i]] = true;
            }
        }

        return present;
    }

    /// <summary>Codes of the kept rows renumbered 0..k-1 in code order (only codes that occur).</summary>
    private static (int[] Codes, List<int> Used) Dense(int[] codes, bool[] keep, int kept, int levels)
    {
        var present = Present(codes, keep, levels);
        var map = new int[levels];
        var used = new List<int>();
        for (int l = 0; l < levels; l++)
        {
            map[l] = present[l] ? used.Count : -1;
            if (present[l])
            {
                used.Add(l);
            }
        }

        var result = new int[kept];
        for (int i = 0, j = 0; i < codes.Length; i++)
        {
            if (keep[i])
            {
                result[j++] = map[codes[i]];
            }
        }

        return (result, used);
    }

    private static T[] Compact<T>(T[] values, bool[] keep, int kept)
    {
        var result = new T[kept];
        for (int i = 0, j = 0; i < keep.Length; i++)
        {
            if (keep[i])
            {
                result[j++] = values[i];
            }
        }

        return result;
    }

    private sealed record Covariate(string Name, double[]? Values, int[]? Codes, IReadOnlyList<string> Levels, string? Reference);
}

/// <summary>A complete-case Cox design and its bookkeeping.</summary>
/// <param name="Data">The design for <see cref="CoxRegression.Fit"/>.</param>
/// <param name="ExcludedMissing">Input rows dropped for a missing value.</param>
/// <param name="Kept">Per input row: true when it is in <paramref name="Data"/>.</param>
/// <param name="TermOfColumn">Per design column: the covariate it belongs to.</param>
/// <param name="StrataLabels">Stratum labels in stratum-code order (empty without strata).</param>
/// <param name="SingleLevelFactors">Factors left with fewer than two levels (no term added), with the one level if any.</param>
/// <param name="Variables">The covariates in model order; a factor with its levels among the complete rows in coding
/// order (reference first), as a covariate pattern for prediction is coded.</param>
public sealed record CoxDesignMatrix(
    CoxData Data,
    int ExcludedMissing,
    bool[] Kept,
    IReadOnlyList<string> TermOfColumn,
    IReadOnlyList<string> StrataLabels,
    IReadOnlyList<(string Factor, string? Level)> SingleLevelFactors,
    IReadOnlyList<CoxDesignVariable> Variables);

/// <summary>A covariate of a Cox design: its factor levels in coding order (reference first), or null when numeric.</summary>
/// <param name="Name">Covariate name.</param>
/// <param name="Levels">Levels in coding order (the first is the reference), or null for a numeric covariate.</param>
public sealed record CoxDesignVariable(string Name, IReadOnlyList<string>? Levels);
