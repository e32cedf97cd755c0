namespace RlmsRegistry.Survival;

/// <summary>A model term: its label and the design columns it owns (a factor owns one column per non-reference level).</summary>
/// <param name="Name">The term label as R prints it in <c>cox.zph</c>, e.g. "celltype".</param>
/// <param name="Columns">Indices into <see cref="CoxData.Columns"/>.</param>
public sealed record CoxTerm(string Name, int[] Columns);

/// <summary>
/// Right-censored survival data with a numeric design matrix, ready for <see cref="CoxRegression.Fit"/>.
/// All arrays have one entry per row (n rows) and must already be free of missing values.
/// </summary>
public sealed class CoxData
{
    /// <summary>Follow-up time of each row (any unit; only the order matters).</summary>
    public required double[] Time { get; init; }

    /// <summary>1 = event, 0 = censored.</summary>
    public required int[] Status { get; init; }

    /// <summary>Design columns: <c>Columns[j][i]</c> is column j at row i.</summary>
    public required double[][] Columns { get; init; }

    /// <summary>Coefficient names as R builds them, e.g. "age" or "celltypelarge".</summary>
    public required string[] ColumnNames { get; init; }

    /// <summary>Model terms (for grouping in the proportional-hazards test); null = one term per column.</summary>
    public IReadOnlyList<CoxTerm>? Terms { get; init; }

    /// <summary>Stratum code of each row (0..k-1), or null for an unstratified model.</summary>
    public int[]? Strata { get; init; }

    /// <summary>Cluster code of each row for the robust (sandwich) variance, or null.</summary>
    public int[]? Cluster { get; init; }

    /// <summary>Number of rows.</summary>
    public int RowCount => Time.Length;

    /// <summary>The terms to use: <see cref="Terms"/> or one term per column.</summary>
    public IReadOnlyList<CoxTerm> EffectiveTerms =>
        Terms ?? [.. ColumnNames.Select((name, j) => new CoxTerm(name, [j]))];

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the arrays disagree in length, a value is not finite,
    /// a status is not 0/1, or a term refers to a missing column. Numerical trouble in a valid data set
    /// (singular design, infinite coefficients) is reported in the result instead.
    /// </summary>
    public void Validate()
    {
        var n = Time.Length;
        if (Status.Length != n)
        {
            throw new ArgumentException($"Status has {Status.Length} rows, Time has {n}.", nameof(Status));
        }

        if (Columns.Length != ColumnNames.Length)
        {
            throw new ArgumentException(
                $"{Columns.Length} design columns but {ColumnNames.Length} column names.", nameof(ColumnNames));
        }

        if (!CoxKernels.AllFinite(Time))
        {
            var i = Array.FindIndex(Time, t => !double.IsFinite(t));
            throw new ArgumentException($"Time at row {i} is not a finite number.", nameof(Time));
        }

        var status = Status.AsSpan().IndexOfAnyExcept(0, 1);
        if (status >= 0)
        {
            throw new ArgumentException($"Status at row {status} is {Status[status]}; expected 0 or 1.", nameof(Status));
        }

        for (var j = 0; j < Columns.Length; j++)
        {
            if (Columns[j].Length != n)
            {
                throw new ArgumentException($"Column {ColumnNames[j]} has {Columns[j].Length} rows, expected {n}.", nameof(Columns));
            }
        }

        // One vectorised scan per column (on the cores there are for large data); the row is looked up only to
        // name it in the message.
        var finite = new bool[Columns.Length];
        CoxKernels.ForEachColumn(n, Columns.Length, 1_000_000, j => finite[j] = CoxKernels.AllFinite(Columns[j]));
        var notFinite = Array.IndexOf(finite, false);
        if (notFinite >= 0)
        {
            var i = Array.FindIndex(Columns[notFinite], x => !double.IsFinite(x));
            throw new ArgumentException($"Column {ColumnNames[notFinite]} at row {i} is not finite.", nameof(Columns));
        }

        if (Strata is { } strata)
        {
            if (strata.Length != n)
            {
                throw new ArgumentException($"Strata has {strata.Length} rows, expected {n}.", nameof(Strata));
            }

            foreach (var s in strata)
            {
                if (s < 0)
                {
                    throw new ArgumentException("Stratum codes must be non-negative.", nameof(Strata));
                }
            }
        }

        if (Cluster is { } cluster && cluster.Length != n)
        {
            throw new ArgumentException($"Cluster has {cluster.Length} rows, expected {n}.", nameof(Cluster));
        }

        if (Terms is { } terms)
        {
            foreach (var term in terms)
            {
                foreach (var c in term.Columns)
                {
                    if (c < 0 || c >= Columns.Length)
                    {
                        throw new ArgumentException($"Term {term.Name} refers to column {c}, which does not exist.", nameof(Terms));
                    }
                }
            }
        }
    }
}
