using RlmsRegistry.Survival.Internal;
namespace RlmsRegistry.Survival.Tests.Cox;

public sealed class RadixSortTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(5000)]
    public void GivenMixedSignsAndTies_WhenSorted_ThenMatchesStableOrderBy(int n)
    {
        var rng = new Random(n + 11);
        var keys = Enumerable.Range(0, n).Select(_ => rng.Next(4) switch
        {
            0 => Math.Round((rng.NextDouble() * 20) - 5, 2),          // heavy ties, negatives
            1 => rng.NextDouble() * 1e6,
            2 => -rng.NextDouble() * 1e-300,
            _ => rng.Next(3) - 1.0,                                    // -1, 0, 1
        }).ToArray();
        keys = [.. keys.Select((k, i) => i % 97 == 0 ? -0.0 : k)];
        var expected = keys.Select((k, i) => (k, i)).OrderBy(t => t.k).Select(t => t.i).ToArray();
        var items = Enumerable.Range(0, n).ToArray();
        var sorted = (double[])keys.Clone();

        RadixSort.Sort(sorted, items);

        Assert.Equal(expected, items);
        Assert.Equal(expected.Select(i => keys[i] == 0 ? 0.0 : keys[i]), sorted);
    }
}
