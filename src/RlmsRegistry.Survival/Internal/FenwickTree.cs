using System.Runtime.Intrinsics.X86;

namespace RlmsRegistry.Survival.Internal;

/// <summary>
/// Counts of items per rank 1..size with O(log n) insertion and "how many below / equal / above" queries.
/// </summary>
/// <remarks>
/// Inputs: ranks in 1..size, integer weights (negative to remove); the total count must stay below 2^31.
/// A binary indexed tree holds prefix sums; a plain array holds the count at each rank; a running total gives
/// "above" without a second walk. Counts are 32-bit so the arrays stay small and cache friendly.
/// </remarks>
internal sealed class FenwickTree
{
    private readonly int[] _tree;
    private readonly int[] _atRank;
    private int _total;

    public FenwickTree(int size)
    {
        _tree = new int[size + 1];
        _atRank = new int[size + 1];
    }

    public void Add(int rank, int weight)
    {
        _atRank[rank] += weight;
        _total += weight;
        var tree = _tree;
        for (int i = rank; i < tree.Length; i += i & -i)
        {
            tree[i] += weight;
        }
    }

    /// <summary>
    /// Asks the processor to start loading the cache lines that <see cref="Add"/> and <see cref="Split"/> at
    /// <paramref name="rank"/> will read: on a large tree each operation otherwise waits for several lines in turn,
    /// at random places. Called a few operations ahead; only a hint, nothing is read or changed.
    /// </summary>
    /// <remarks>
    /// The few nodes with a lowest set bit of 1024 or more are read by every operation and stay cached, so neither walk
    /// asks for them. The walk up skips nodes whose lowest set bit is below 16: they are within 16 counts of the leaf,
    /// mostly in its cache line. The walk down asks for each node below 1024 (a handful).
    /// </remarks>
    public unsafe void Prefetch(int rank)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        fixed (int* tree = _tree, atRank = _atRank)
        {
            int length = _tree.Length;
            Sse.Prefetch0(atRank + rank);
            Sse.Prefetch0(tree + rank);
            for (int i = rank; i < length && (i & -i) < 1024; i += i & -i)
            {
                if ((i & -i) >= 16)
                {
                    Sse.Prefetch0(tree + i);
                }
            }

            for (int i = rank - 1; i > 0 && (i & -i) < 1024; i -= i & -i)
            {
                Sse.Prefetch0(tree + i);
            }
        }
    }

    /// <summary>Count at <paramref name="rank"/>.</summary>
    public int CountAt(int rank) => _atRank[rank];

    /// <summary>Count at ranks below, equal to and above <paramref name="rank"/>.</summary>
    public (int Less, int Equal, int Greater) Split(int rank)
    {
        int less = 0;
        var tree = _tree;
        for (int i = rank - 1; i > 0; i -= i & -i)
        {
            less += tree[i];
        }

        int equal = _atRank[rank];
        return (less, equal, _total - less - equal);
    }

    /// <summary>
    /// Removes everything. When the items were added at <paramref name="ranksAdded"/> (a subset of the tree), only
    /// those entries are reset, so clearing after a small stratum does not cost the whole tree.
    /// </summary>
    public void Clear(ReadOnlySpan<int> ranksAdded)
    {
        if (ranksAdded.Length * 8 >= _tree.Length)
        {
            Array.Clear(_tree);
            Array.Clear(_atRank);
        }
        else
        {
            foreach (int rank in ranksAdded)
            {
                _atRank[rank] = 0;
                for (int i = rank; i < _tree.Length && _tree[i] != 0; i += i & -i)
                {
                    _tree[i] = 0;
                }
            }
        }

        _total = 0;
    }
}
