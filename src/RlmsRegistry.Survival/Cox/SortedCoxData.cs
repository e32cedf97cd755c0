using System.Runtime.CompilerServices;
using RlmsRegistry.Survival.Internal;

namespace RlmsRegistry.Survival;

/// <summary>
/// The data of a Cox model laid out once for every later pass (fit, residuals, zph, survival curves).
/// <list type="bullet">
/// <item>Rows are sorted by stratum (ascending code), then time descending, then deaths before censored
///   rows of the same time, so a forward walk over the arrays grows each stratum's risk set.</item>
/// <item>Times are "fixed" as R's <c>aeqSurv</c> does when <see cref="CoxOptions.TimeFix"/> is set.</item>
/// <item>Covariates are stored column-major (<c>X[j * n + i]</c>), centred and scaled exactly as survival's
///   coxfit6 does: a column whose values all lie in {-1, 0, 1} is left alone (R's <c>nocenter</c>
///   default); any other column has its mean subtracted and is multiplied by n / sum|x - mean|.</item>
/// <item>A <em>block</em> is a run of rows sharing stratum and time; its deaths come first.
///   A <em>segment</em> is the run of blocks of one stratum.</item>
/// </list>
/// Memory: 8 bytes per covariate value plus about 25 bytes per row.
/// </summary>
internal sealed class SortedCoxData
{
    /// <summary>R's .Machine$double.eps.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    private SortedCoxData(int n, int p)
    {
        N = n;
        P = p;
        Order = new int[n];
        Time = new double[n];
        Status = new byte[n];
        X = new double[checked(n * p)];
        Means = new double[p];
        Scale = new double[p];
        Centered = new bool[p];
    }

    /// <summary>Number of rows.</summary>
    public int N { get; }

    /// <summary>Number of covariate columns.</summary>
    public int P { get; }

    /// <summary>Sorted position → input row.</summary>
    public int[] Order { get; }

    /// <summary>Time at each sorted position, after the time fix.</summary>
    public double[] Time { get; }

    /// <summary>1 = event at each sorted position.</summary>
    public byte[] Status { get; }

    /// <summary>Centred and scaled covariates, column-major over sorted positions.</summary>
    public double[] X { get; }

    /// <summary>Value subtracted from each column (0 for columns left alone); R's <c>coxph()$means</c>.</summary>
    public double[] Means { get; }

    /// <summary>Multiplier applied after centring (1 for columns left alone).</summary>
    public double[] Scale { get; }

    /// <summary>Whether each column was centred and scaled.</summary>
    public bool[] Centered { get; }

    /// <summary>Block b covers sorted positions [BlockStart[b], BlockStart[b + 1]).</summary>
    public int[] BlockStart { get; private set; } = [];

    /// <summary>Number of deaths in each block (they occupy the block's first positions).</summary>
    public int[] BlockDeaths { get; private set; } = [];

    /// <summary>Segment s (one stratum) covers blocks [SegmentStart[s], SegmentStart[s + 1]).</summary>
    public int[] SegmentStart { get; private set; } = [];

    /// <summary>Stratum code of each segment.</summary>
    public int[] SegmentStratum { get; private set; } = [];

    /// <summary>Number of blocks.</summary>
    public int BlockCount => BlockDeaths.Length;

    /// <summary>Number of events.</summary>
    public int Events { get; private set; }

    /// <summary>
    /// Builds the layout. Input: validated <paramref name="data"/>. Cost: one O(n) radix sort of the
    /// times plus O(n p) copying. Assumes no missing values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SortedCoxData Create(CoxData data, bool timeFix)
    {
        var n = data.RowCount;
        var p = data.Columns.Length;
        var s = new SortedCoxData(n, p);

        // 1. Stable ascending sort of the times, then R's aeqSurv on the sorted values.
        var keys = (double[])data.Time.Clone();
        var index = new int[n];
        for (var i = 0; i < n; i++)
        {
            index[i] = i;
        }

        RadixSort.Sort(keys, index);
        if (timeFix)
        {
            TimeFix.ApplySorted(keys);
        }

        // 2. Stable counting sort by stratum while walking the ascending times backwards:
        //    stratum ascending, time descending.
        var strata = data.Strata;
        var order = s.Order;
        if (strata is null)
        {
            for (var i = 0; i < n; i++)
            {
                order[i] = index[n - 1 - i];
                s.Time[i] = keys[n - 1 - i];
            }
        }
        else
        {
            // Dense ranks of the codes (ascending), so sparse or large codes cost nothing extra.
            var rank = DenseRanks(strata, out var levels);
            var next = new int[levels + 1];
            foreach (var r in rank)
            {
                next[r + 1]++;
            }

            for (var k = 1; k < next.Length; k++)
            {
                next[k] += next[k - 1];
            }

            for (var i = n - 1; i >= 0; i--)
            {
                var row = index[i];
                var pos = next[rank[row]]++;
                order[pos] = row;
                s.Time[pos] = keys[i];
            }
        }

        // 3. Blocks of equal (stratum, time), deaths first within a block.
        s.BuildBlocks(data);

        // 4. Covariates: centre and scale as coxfit6, then gather into sorted column-major order (columns are
        //    independent: on two cores for large data, same values).
        CoxKernels.ForEachColumn(n, p, 1_000_000, j => s.Gather(data.Columns[j], j));

        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(double[] column, int j)
    {
        var n = N;
        var order = Order;
        var (sum, zeroOne) = CoxKernels.SumAndUnitCheck(column);
        double mean = 0, scale = 1;
        if (!zeroOne && n > 0)
        {
            mean = sum / n;
            var abs = CoxKernels.SumAbsoluteDeviation(column, mean);
            scale = abs > 0 ? n / abs : 1.0;
        }

        Means[j] = mean;
        Scale[j] = scale;
        Centered[j] = !zeroOne;
        var x = X.AsSpan(j * n, n);
        for (var i = 0; i < n; i++)
        {
            x[i] = (column[order[i]] - mean) * scale;
        }
    }

    /// <summary>Rank of each code among the distinct codes (0-based, ascending); <paramref name="levels"/> distinct codes.</summary>
    private static int[] DenseRanks(int[] codes, out int levels)
    {
        var max = 0;
        foreach (var c in codes)
        {
            max = Math.Max(max, c);
        }

        var rank = new int[codes.Length];
        if (max <= (4 * codes.Length) + 1024)
        {
            var map = new int[max + 1];
            foreach (var c in codes)
            {
                map[c] = 1;
            }

            levels = 0;
            for (var c = 0; c <= max; c++)
            {
                map[c] = map[c] == 1 ? levels++ : -1;
            }

            for (var i = 0; i < codes.Length; i++)
            {
                rank[i] = map[codes[i]];
            }

            return rank;
        }

        var distinct = codes.Distinct().Order().ToArray();
        levels = distinct.Length;
        for (var i = 0; i < codes.Length; i++)
        {
            rank[i] = Array.BinarySearch(distinct, codes[i]);
        }

        return rank;
    }

    /// <summary>
    /// Splits the sorted rows into blocks of equal (stratum, time), puts each block's deaths first
    /// (stable), fills <see cref="Status"/> and the block and segment indices. O(n).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildBlocks(CoxData data)
    {
        var n = N;
        var strata = data.Strata;
        var blockStart = new List<int>();
        var blockDeaths = new List<int>();
        var segmentStart = new List<int>();
        var segmentStratum = new List<int>();
        var scratch = new int[16];
        var events = 0;
        var i = 0;
        while (i < n)
        {
            var stratum = strata is null ? 0 : strata[Order[i]];
            if (segmentStratum.Count == 0 || segmentStratum[^1] != stratum)
            {
                segmentStart.Add(blockStart.Count);
                segmentStratum.Add(stratum);
            }

            var t = Time[i];
            var end = i + 1;
            while (end < n && Time[end] == t && (strata is null || strata[Order[end]] == stratum))
            {
                end++;
            }

            // Stable partition: deaths first.
            var deaths = 0;
            if (end - i > scratch.Length)
            {
                scratch = new int[Math.Max(end - i, scratch.Length * 2)];
            }

            var censored = 0;
            for (var k = i; k < end; k++)
            {
                var row = Order[k];
                if (data.Status[row] == 1)
                {
                    Order[i + deaths] = row;
                    deaths++;
                }
                else
                {
                    scratch[censored++] = row;
                }
            }

            for (var k = 0; k < censored; k++)
            {
                Order[i + deaths + k] = scratch[k];
            }

            for (var k = i; k < end; k++)
            {
                Status[k] = (byte)(k < i + deaths ? 1 : 0);
            }

            blockStart.Add(i);
            blockDeaths.Add(deaths);
            events += deaths;
            i = end;
        }

        blockStart.Add(n);
        segmentStart.Add(blockDeaths.Count);
        BlockStart = [.. blockStart];
        BlockDeaths = [.. blockDeaths];
        SegmentStart = [.. segmentStart];
        SegmentStratum = [.. segmentStratum];
        Events = events;
    }
}
