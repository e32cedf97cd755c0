namespace RlmsRegistry.Survival.Tests.Competing;

/// <summary>Hand-checkable properties of the competing-risks estimators, independent of R.</summary>
public class CompetingRisksPropertyTests
{
    private static readonly double[] Time = [1, 2, 2, 3, 4, 4, 5, 6, 7, 8, 8, 9];
    private static readonly int[] OneCause = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0];

    [Fact]
    public void GivenOneCause_WhenEstimatingCumulativeIncidence_ThenOneMinusKaplanMeier()
    {
        var cif = CumulativeIncidence.Fit(Time, OneCause).Curve(0, 0);
        var km = KaplanMeier.Fit(Time, OneCause);

        var eventRows = km.Rows.Where(r => r.NEvent > 0).ToList();
        Assert.Equal(eventRows.Select(r => r.Time), cif.Time);
        for (var i = 0; i < eventRows.Count; i++)
        {
            Assert.Equal(1 - eventRows[i].Survival, cif.Incidence[i], 12);
        }
    }

    [Fact]
    public void GivenTwoCauses_WhenEstimating_ThenIncidencesAddUpToOneMinusAllCauseKaplanMeier()
    {
        int[] status = [1, 0, 2, 1, 0, 2, 2, 0, 1, 2, 1, 0];
        var result = CumulativeIncidence.Fit(Time, status);
        var km = KaplanMeier.Fit(Time, [.. status.Select(s => s == 0 ? 0 : 1)]);

        var eventRows = km.Rows.Where(r => r.NEvent > 0).ToList();
        for (var i = 0; i < eventRows.Count; i++)
        {
            var total = result.Curve(0, 0).Incidence[i] + result.Curve(0, 1).Incidence[i];
            Assert.Equal(1 - eventRows[i].Survival, total, 12);
        }

        // First event (time 1, cause 1): 1 of 12 at risk. Variance stored at cause 2's first time is carried
        // for cause 1 (cmprsk updates a curve's variance at its own event times only).
        Assert.Equal(1.0 / 12, result.Curve(0, 0).Incidence[0], 14);
        Assert.Equal(result.Curve(0, 0).Variance[0], result.Curve(0, 0).Variance[1], 14);
    }

    [Fact]
    public void GivenCurve_WhenReadAtTimes_ThenTimepointsSemantics()
    {
        double[] time = [2, 3, 5, 7];
        int[] status = [1, 0, 1, 0];
        var curve = CumulativeIncidence.Fit(time, status).Curve(0, 0);

        Assert.Equal(0, curve.At(1).Incidence);
        Assert.True(double.IsNaN(curve.At(1).Lower));
        Assert.Equal(0.25, curve.At(2).Incidence, 14);
        Assert.Equal(0.25, curve.At(4.9).Incidence, 14);
        Assert.Equal(curve.Incidence[1], curve.At(7).Incidence);
        Assert.True(double.IsNaN(curve.At(7.5).Incidence), "beyond the last follow-up time R's timepoints gives NA");
    }

    [Fact]
    public void GivenOneGroup_WhenEstimating_ThenNoGrayTest()
    {
        Assert.Empty(CumulativeIncidence.Fit(Time, OneCause).GrayTests);
    }

    [Fact]
    public void GivenIdenticalGroups_WhenTesting_ThenGrayStatisticIsZero()
    {
        int[] status = [1, 0, 2, 1, 0, 2, 2, 0, 1, 2, 1, 0];
        double[] time = [.. Time, .. Time];
        int[] both = [.. status, .. status];
        int[] group = [.. Enumerable.Repeat(0, 12), .. Enumerable.Repeat(1, 12)];

        var result = CumulativeIncidence.Fit(time, both, group, 2);

        Assert.All(result.GrayTests, t => Assert.Equal(0, t.Statistic, 12));
        Assert.All(result.GrayTests, t => Assert.Equal(1, t.P, 10));
    }

    [Fact]
    public void GivenNoCompetingEvents_WhenFittingFineGray_ThenCoefficientIsCoxBreslow()
    {
        double[] x = [0.5, -1, 2, 0, 1.5, -0.5, 1, 0.2, -2, 0.7, 1.1, -0.3];
        var fg = FineGray.Fit(Time, OneCause, 1, [x], ["x"], new FineGrayOptions { GradientTolerance = 1e-12, MaxIterations = 50 });
        var cox = CoxRegression.Fit(
            new CoxData { Time = Time, Status = OneCause, Columns = [x], ColumnNames = ["x"] }, new CoxOptions { Ties = CoxTies.Breslow });

        Assert.True(fg.Converged);
        Assert.Equal(cox.Coefficients[0].Coef, fg.Coefficients[0].Coef, 8);
        Assert.Equal(cox.LogLikelihoodModel, fg.LogPseudoLikelihood, 8);
    }

    [Fact]
    public void GivenCauseAbsent_WhenFittingFineGray_ThenArgumentErrorNamesTheCause()
    {
        var error = Assert.Throws<ArgumentException>(() => FineGray.Fit(Time, OneCause, 3, [[.. Time]], ["t"]));

        Assert.Contains("3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNegativeTime_WhenEstimatingIncidence_ThenArgumentError()
    {
        Assert.Throws<ArgumentException>(() => CumulativeIncidence.Fit([1, -2], [1, 1]));
    }
}
