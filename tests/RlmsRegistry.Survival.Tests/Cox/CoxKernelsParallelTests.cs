namespace RlmsRegistry.Survival.Tests.Cox;

/// <summary>
/// The two-core kernels of the Cox engine (issue 10/ performance) must give the one-core numbers bit for bit: the
/// Gram product splits the rows of its lower triangle between the cores and the linear predictor splits the rows of
/// the data at a chunk boundary, so every value is summed in the same order as before.
/// </summary>
public class CoxKernelsParallelTests
{
    [Theory]
    [InlineData(200_003, 10)]
    [InlineData(150_001, 7)]
    [InlineData(500_000, 3)]
    public void GivenLargeData_WhenGramOnTwoCores_ThenEqualsOneCoreBitForBit(int n, int p)
    {
        var (x, c) = Random(n, p, seed: n + p);
        var one = new double[p * p];
        var two = new double[p * p];
        CoxKernels.AddWeightedGramLower(x, n, p, c, one, new double[p * CoxKernels.Chunk]);
        CoxKernels.AddWeightedGramLowerParallel(x, n, p, c, two, new double[p * CoxKernels.Chunk], new double[p * CoxKernels.Chunk]);

        Assert.True((long)n * p * p >= CoxKernels.ParallelWork, "the case must take the two-core path");
        Assert.Equal(one, two);
        Assert.Contains(one, v => v != 0);
    }

    [Theory]
    [InlineData(200_003, 10)]
    [InlineData(1_001, 5)]
    public void GivenThreeWeights_WhenGramsInOnePass_ThenEachEqualsItsOwnOneCoreGramBitForBit(int n, int p)
    {
        var (x, c0) = Random(n, p, seed: 3);
        var (_, c1) = Random(n, p, seed: 4);
        var (_, c2) = Random(n, p, seed: 5);
        double[][] weights = [c0, c1, c2];
        double[][] fused = [new double[p * p], new double[p * p], new double[p * p]];
        CoxKernels.AddWeightedGramsLowerParallel(x, n, p, weights, fused);

        for (var m = 0; m < weights.Length; m++)
        {
            var alone = new double[p * p];
            CoxKernels.AddWeightedGramLower(x, n, p, weights[m], alone, new double[p * CoxKernels.Chunk]);
            Assert.Equal(alone, fused[m]);
            Assert.Contains(alone, v => v != 0);
        }

        Assert.NotEqual(fused[0], fused[1]);
    }

    [Theory]
    [InlineData(700_003, 10)]
    [InlineData(37, 3)]
    public void GivenData_WhenLinearPredictor_ThenEachRowEqualsTheScalarRowSumBitForBit(int n, int p)
    {
        // Equal covariates must give equal scores whatever lane or core computes the row.
        var (x, _) = Random(n, p, seed: 17);
        var beta = Enumerable.Range(0, p).Select(j => (j % 3 == 1 ? 0 : 0.37) - (0.11 * j)).ToArray();
        var eta = new double[n];
        CoxKernels.LinearPredictorAndRisk(x, n, p, beta, eta, risk: null);

        for (var i = 0; i < n; i++)
        {
            var expected = 0.0;
            for (var j = 0; j < p; j++)
            {
                expected += beta[j] * x[(j * n) + i];
            }

            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(eta[i]));
        }
    }

    [Fact]
    public void GivenLargeData_WhenLinearPredictorOnTwoCores_ThenEqualsOneCoreBitForBit()
    {
        const int n = 300_007;
        const int p = 6;
        var (x, _) = Random(n, p, seed: 7);
        double[] beta = [0.3, -0.2, 0, 0.05, 1.1, -0.7];
        var eta = new double[n];
        CoxKernels.LinearPredictor(x, n, p, beta, eta);

        var eta2 = new double[n];
        var risk = new double[n];
        CoxKernels.LinearPredictorAndRisk(x, n, p, beta, eta2, risk);

        Assert.Equal(eta, eta2);
        Assert.Equal(eta.Select(Math.Exp), risk);
    }

    private static (double[] X, double[] C) Random(int n, int p, int seed)
    {
        var random = new Random(seed);
        var x = new double[n * p];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() - 0.5;
        }

        var c = new double[n];
        for (var i = 0; i < n; i++)
        {
            c[i] = random.NextDouble();
        }

        return (x, c);
    }
}
