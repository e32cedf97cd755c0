namespace RlmsRegistry.Survival.Internal;

/// <summary>
/// Counts of items per rank 1..size with O(log n) insertion and "how many below / equal / above" queries.
/// </summary>
/// <remarks>
/// Inputs: ranks in 1..size, integer weights (negative to remove). A binary indexed tree holds prefix sums;
/// a plain array holds the count at each rank; a running total gives "above" without a second query.
/// </remarks>
internal sealed class FenwickTree
{
    private readonly long[] _tree;
    private readonly long[] _atRank;
    private long _total;

    public FenwickTree(int size)
    {
        _tree = new long[size + 1];
        _atRank = new long[size + 1];
    }

    public void Add(int rank, long weight)
    {
        _atRank[rank] += weight;
        _total += weight;
        for (int i = rank; i < _tree.Length; i += i & -i)
        {
            _tree[i] += weight;
        }
    }

    /// <summary>Weight at ranks below, equal to and above <paramref name="rank"/>.</summary>
    public (long Less, long Equal, long Greater) Split(int rank)
    {
        long less = 0;
        for (int i = rank - 1; i > 0; i -= i & -i)
        {
            less += _tree[i];
        }

        long equal = _atRank[rank];
        return (less, equal, _total - less - equal);
    }
}
