namespace RlmsRegistry.Survival.Tests.Competing;

/// <summary>Robust (clustered) variance on fewer than 10 clusters carries a warning; with 10 or more it does not.</summary>
public class FewClustersWarningTests
{
    [Theory]
    [InlineData(2, true)]
    [InlineData(9, true)]
    [InlineData(10, false)]
    public void GivenClusterCount_WhenFittingWithRobustVariance_ThenFewClustersAreFlagged(int clusters, bool warned)
    {
        var rng = new Random(7);
        const int n = 200;
        var time = new double[n];
        var status = new int[n];
        var x = new double[n];
        var cluster = new int[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble();
            time[i] = Math.Round(-Math.Log(1 - rng.NextDouble()) / Math.Exp(0.5 * x[i]), 2) + 0.01;
            status[i] = rng.NextDouble() < 0.7 ? 1 : 0;
            cluster[i] = i % clusters;
        }

        var fit = CoxRegression.Fit(new CoxData { Time = time, Status = status, Columns = [x], ColumnNames = ["x"], Cluster = cluster });

        Assert.Equal(warned, fit.Warnings.Any(w => w.Contains($"only {clusters} clusters", StringComparison.Ordinal)));
        Assert.NotNull(fit.RobustVariance);
    }
}
