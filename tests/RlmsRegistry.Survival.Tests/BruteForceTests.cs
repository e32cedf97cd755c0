using RlmsRegistry.Survival.Internal;

namespace RlmsRegistry.Survival.Tests;

/// <summary>
/// The fast algorithms (radix sort, Fenwick-tree concordance, one-pass Kaplan–Meier) against direct O(n²)
/// definitions on random data with many ties, strata and clusters. Tolerance 1e-12 relative.
/// </summary>
public class BruteForceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GivenRandomTiedData_WhenComputingConcordance_ThenCountsAndVarianceEqualTheO_N2Definition(int seed)
    {
        var rng = new Random(seed);
        int n = 600;
        var time = new double[n];
        var status = new int[n];
        var risk = new double[n];
        var strata = new int[n];
        var cluster = new int[n];
        for (int i = 0; i < n; i++)
        {
            time[i] = rng.Next(40);          // heavy ties in time
            status[i] = rng.NextDouble() < 0.6 ? 1 : 0;
            risk[i] = rng.Next(25) - 12.5;     // heavy ties in the score, negative values too
            strata[i] = rng.Next(3);
            cluster[i] = rng.Next(50);
        }

        foreach (bool stratified in new[] { false, true })
        {
            foreach (bool clustered in new[] { false, true })
            {
                var slow = Naive(time, status, risk, stratified ? strata : null, clustered ? cluster : null);
                var prepared = Concordance.Prepare(time, status, stratified ? strata : default, clustered ? cluster : default);

                // The public call (small: one pass after the other), and both passes forced either way.
                foreach (var fast in new[]
                {
                    Concordance.Compute(time, status, risk, stratified ? strata : null, clustered ? cluster : null),
                    prepared.Compute(risk, parallel: true),
                    prepared.Compute(risk, parallel: false),
                })
                {
                    Assert.Equal(slow.Concordant, fast.Concordant);
                    Assert.Equal(slow.Discordant, fast.Discordant);
                    Assert.Equal(slow.TiedRisk, fast.TiedRisk);
                    Assert.Equal(slow.TiedTime, fast.TiedTime);
                    Assert.Equal(slow.TiedBoth, fast.TiedBoth);
                    Assert.Equal(slow.C, fast.C, 1e-12);
                    Assert.Equal(slow.Variance, fast.Variance, slow.Variance * 1e-12);
                }
            }
        }
    }

    [Fact]
    public void GivenManySmallStrataAndContinuousScores_WhenComputingConcordance_ThenTheO_N2DefinitionStillHolds()
    {
        // 300 strata of 8: the Fenwick tree is then reset entry by entry rather than cleared whole
        var rng = new Random(5);
        int n = 2400;
        var time = Enumerable.Range(0, n).Select(_ => (double)rng.Next(6)).ToArray();
        var status = Enumerable.Range(0, n).Select(_ => rng.Next(3) == 0 ? 0 : 1).ToArray();
        var risk = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var strata = Enumerable.Range(0, n).Select(i => i % 300).ToArray();

        var fast = Concordance.Compute(time, status, risk, strata);
        var slow = Naive(time, status, risk, strata, null);

        Assert.Equal((slow.Concordant, slow.Discordant, slow.TiedTime), (fast.Concordant, fast.Discordant, fast.TiedTime));
        Assert.Equal(slow.Variance, fast.Variance, slow.Variance * 1e-12);
    }

    [Fact]
    public void GivenRandomDoublesIncludingNegativesAndTies_WhenRadixSorting_ThenOrderIsAscendingAndStable()
    {
        var rng = new Random(7);
        var keys = new double[5000];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = i % 10 == 0 ? -0.0 : Math.Round((rng.NextDouble() - 0.5) * 1e4, rng.Next(4));
        }

        var order = RadixSort.SortedOrder(keys);

        var expected = Enumerable.Range(0, keys.Length).OrderBy(i => keys[i]).ThenBy(i => i).ToArray(); // LINQ OrderBy is stable
        Assert.Equal(expected, order);
    }

    [Fact]
    public void GivenRandomData_WhenFittingKaplanMeier_ThenProductLimitEqualsTheDirectDefinition()
    {
        var rng = new Random(11);
        int n = 3000;
        var time = Enumerable.Range(0, n).Select(_ => (double)rng.Next(500)).ToArray();
        var status = Enumerable.Range(0, n).Select(_ => rng.Next(2)).ToArray();

        var curve = KaplanMeier.Fit(time, status);

        double s = 1;
        foreach (var row in curve.Rows)
        {
            int atRisk = time.Count(t => t >= row.Time);
            int deaths = Enumerable.Range(0, n).Count(i => time[i] == row.Time && status[i] == 1);
            s *= 1.0 - ((double)deaths / atRisk);
            Assert.Equal(atRisk, row.NRisk);
            Assert.Equal(deaths, row.NEvent);
            Assert.Equal(s, row.Survival, 1e-12);
        }
    }

    private static ConcordanceResult Naive(double[] time, int[] status, double[] risk, int[]? strata, int[]? cluster)
    {
        int n = time.Length;
        long higher = 0, lower = 0, tied = 0, tiedY = 0, tiedXY = 0;
        var infHigher = new long[n];
        var infLower = new long[n];
        var infTied = new long[n];
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                if (strata is not null && strata[a] != strata[b])
                {
                    continue;
                }

                int early, late;
                if (time[a] == time[b])
                {
                    if (status[a] == 1 && status[b] == 1)
                    {
                        if (risk[a] == risk[b])
                        {
                            tiedXY++;
                        }
                        else
                        {
                            tiedY++;
                        }

                        continue;
                    }

                    if (status[a] == 0 && status[b] == 0)
                    {
                        continue;
                    }

                    (early, late) = status[a] == 1 ? (a, b) : (b, a);
                }
                else
                {
                    (early, late) = time[a] < time[b] ? (a, b) : (b, a);
                    if (status[early] == 0)
                    {
                        continue;
                    }
                }

                if (risk[late] > risk[early])
                {
                    higher++;
                    infHigher[early]++;
                    infHigher[late]++;
                }
                else if (risk[late] < risk[early])
                {
                    lower++;
                    infLower[early]++;
                    infLower[late]++;
                }
                else
                {
                    tied++;
                    infTied[early]++;
                    infTied[late]++;
                }
            }
        }

        long pairs = higher + lower + tied;
        double somers = (double)(higher - lower) / pairs;
        var dfbeta = Enumerable.Range(0, n)
            .Select(i => ((infHigher[i] - infLower[i]) - ((infHigher[i] + infLower[i] + infTied[i]) * somers)) / (2.0 * pairs))
            .ToArray();
        double variance = cluster is null
            ? dfbeta.Sum(d => d * d)
            : Enumerable.Range(0, n).GroupBy(i => cluster[i]).Sum(g => Math.Pow(g.Sum(i => dfbeta[i]), 2));
        double c = 1 - ((somers + 1) / 2);
        return new ConcordanceResult(c, Math.Sqrt(variance), variance, lower, higher, tied, tiedY, tiedXY, n);
    }
}
