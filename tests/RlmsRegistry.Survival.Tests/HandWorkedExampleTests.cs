namespace RlmsRegistry.Survival.Tests;

/// <summary>
/// Small examples whose answers are exact fractions, checked by hand and against R 3.5.3 (the R call is given in
/// each test). These catch tie-handling mistakes that big data hides. Tolerance 1e-12 unless stated.
/// </summary>
public class HandWorkedExampleTests
{
    private const double Exact = 1e-12;

    [Fact]
    public void GivenSixRowsWithEventAndCensoringTiedAtTwo_WhenFittingKaplanMeier_ThenCensoredStaysAtRiskAndValuesAreExactFractions()
    {
        // R: summary(survfit(Surv(c(1,2,2,3,4,5), c(1,1,0,1,0,1)) ~ 1), censored = TRUE)
        // t=1: 6 at risk, S = 5/6, Greenwood sum 1/30
        // t=2: 5 at risk (the censoring at 2 still counts), S = 2/3, sum 1/30 + 1/20 = 1/12
        // t=3: 3 at risk, S = 4/9, sum 1/12 + 1/6 = 1/4 -> se(S) = 4/9 * 1/2 = 2/9
        // t=4: censoring only; t=5: last subject dies, S = 0, se undefined (NaN), CI NA
        var curve = KaplanMeier.Fit([1, 2, 2, 3, 4, 5], [1, 1, 0, 1, 0, 1]);

        Assert.Equal([1.0, 2, 3, 4, 5], curve.Rows.Select(r => r.Time));
        Assert.Equal([6, 5, 3, 2, 1], curve.Rows.Select(r => r.NRisk));
        Assert.Equal([1, 1, 1, 0, 1], curve.Rows.Select(r => r.NEvent));
        Assert.Equal([0, 1, 0, 1, 0], curve.Rows.Select(r => r.NCensor));
        double[] s = [5.0 / 6, 2.0 / 3, 4.0 / 9, 4.0 / 9, 0];
        double[] se = [5.0 / 6 * Math.Sqrt(1.0 / 30), 2.0 / 3 * Math.Sqrt(1.0 / 12), 2.0 / 9, 2.0 / 9];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(s[i], curve.Rows[i].Survival, Exact);
            Assert.Equal(se[i], curve.Rows[i].StdErr, Exact);
        }

        Assert.Equal(0.0, curve.Rows[4].Survival);
        Assert.True(double.IsNaN(curve.Rows[4].StdErr));
        Assert.True(double.IsNaN(curve.Rows[4].Lower) && double.IsNaN(curve.Rows[4].Upper));

        // log CI at t = 3: exp(log(4/9) -/+ 1.959964 * 1/2), upper clipped at 1
        double z = ConfidenceLimits.ZForLevel(0.95);
        Assert.Equal(4.0 / 9 * Math.Exp(-z * 0.5), curve.Rows[2].Lower, Exact);
        Assert.Equal(1.0, curve.Rows[2].Upper);

        // quantile(fit): 25% = 2, 50% = 3, 75% = 5; lower 1, 2, 3; upper NA
        Assert.Equal(2.0, curve.Quantile(0.25).Time);
        Assert.Equal(new SurvivalQuantile(0.5, 3, 2, double.NaN), curve.Median);
        Assert.Equal(5.0, curve.Quantile(0.75).Time);
        Assert.Equal(3.0, curve.Quantile(0.75).Lower);
    }

    [Fact]
    public void GivenCurveExactlyFlatAtOneHalf_WhenTakingTheMedian_ThenMidpointOfTheFlatIsUsed()
    {
        // R: quantile(survfit(Surv(1:4, rep(1, 4)) ~ 1)) -> 1.5, 2.5, 3.5 (S = 3/4, 1/2, 1/4, 0)
        var curve = KaplanMeier.Fit([1, 2, 3, 4], [1, 1, 1, 1]);

        Assert.Equal(1.5, curve.Quantile(0.25).Time);
        Assert.Equal(2.5, curve.Median.Time);
        Assert.Equal(3.5, curve.Quantile(0.75).Time);
        Assert.Equal(1.0, curve.Median.Lower);
        Assert.True(double.IsNaN(curve.Median.Upper));
    }

    [Fact]
    public void GivenCurveFlatAtOneHalfUntilTheLastCensoring_WhenTakingTheMedian_ThenMidpointUsesTheLastTime()
    {
        // R: quantile(survfit(Surv(c(1, 2, 3, 3), c(1, 1, 0, 0)) ~ 1)) -> 25% 1.5, 50% 2.5 = (2 + 3) / 2, 75% NA
        var curve = KaplanMeier.Fit([1, 2, 3, 3], [1, 1, 0, 0]);

        Assert.Equal(1.5, curve.Quantile(0.25).Time);
        Assert.Equal(2.5, curve.Median.Time);
        Assert.False(curve.Quantile(0.75).IsReached);
    }

    [Fact]
    public void GivenAllCensoredGroup_WhenFittingByGroup_ThenSurvivalStaysOneAndMedianIsNotReached()
    {
        // R: fit <- survfit(Surv(1:6, c(1,1,1,0,0,0)) ~ rep(1:2, each = 3)); summary(fit, censored = TRUE); quantile(fit)
        //    group 2: S = 1, std.err 0, CI (1, 1); quantiles NA. survdiff chisq = 5.05166051660517
        double[] time = [1, 2, 3, 4, 5, 6];
        int[] status = [1, 1, 1, 0, 0, 0];
        int[] group = [0, 0, 0, 1, 1, 1];
        var sample = SurvivalSample.Create(time, status, group);

        var curves = KaplanMeier.Fit(sample);
        var logRank = LogRank.Test(sample);

        var censoredOnly = curves[1];
        Assert.Equal(0, censoredOnly.Events);
        Assert.All(censoredOnly.Rows, r => Assert.Equal((1.0, 0.0, 1.0, 1.0), (r.Survival, r.StdErr, r.Lower, r.Upper)));
        Assert.False(censoredOnly.Median.IsReached);
        Assert.True(double.IsNaN(censoredOnly.Median.Lower) && double.IsNaN(censoredOnly.Median.Upper));
        Assert.Equal(new SurvivalQuantile(0.5, 2, 1, double.NaN), curves[0].Median);
        Assert.Equal(5.05166051660517, logRank.ChiSquare, 1e-13);
        Assert.Equal(1, logRank.Df);
    }

    [Fact]
    public void GivenTwoGroupsOfThree_WhenRunningLogRank_ThenExpectedAndVarianceAreTheHypergeometricFractions()
    {
        // R: survdiff(Surv(c(1,2,2,3,4,5), c(1,1,0,1,0,1)) ~ c(1,1,1,2,2,2))
        //   expected 0.9, 3.1; var 0.49; chisq = (2 - 0.9)^2 / 0.49 = 121/49
        var result = LogRank.Test([1, 2, 2, 3, 4, 5], [1, 1, 0, 1, 0, 1], [0, 0, 0, 1, 1, 1]);

        Assert.Equal([2.0, 2.0], result.Observed);
        Assert.Equal(0.9, result.Expected[0], Exact);
        Assert.Equal(3.1, result.Expected[1], Exact);
        Assert.Equal(0.49, result.Variance[0][0], Exact);
        Assert.Equal(-0.49, result.Variance[0][1], Exact);
        Assert.Equal(121.0 / 49, result.ChiSquare, Exact);
        Assert.Equal(Distributions.ChiSquareUpperTail(121.0 / 49, 1), result.P);
    }

    [Fact]
    public void GivenSevenRowsWithTiedEventsAndTiedScores_WhenComputingConcordance_ThenCountsCAndVarianceMatchR()
    {
        // R: concordance(Surv(tt, ss) ~ x, reverse = TRUE) with tt = c(1,2,2,3,4,5,6), ss = c(1,1,1,0,1,0,1),
        //    x = c(5,3,3,4,1,2,0): concordant 13, discordant 3, tied.x 0, tied.y 0, tied.xy 1;
        //    C = 13/16 = 0.8125, var = 0.0155029296875 (= 127/8192)
        double[] time = [1, 2, 2, 3, 4, 5, 6];
        int[] status = [1, 1, 1, 0, 1, 0, 1];
        double[] risk = [5, 3, 3, 4, 1, 2, 0];

        var result = Concordance.Compute(time, status, risk);

        Assert.Equal((13L, 3L, 0L, 0L, 1L), (result.Concordant, result.Discordant, result.TiedRisk, result.TiedTime, result.TiedBoth));
        Assert.Equal(0.8125, result.C, Exact);
        Assert.Equal(127.0 / 8192, result.Variance, Exact);
    }

    [Fact]
    public void GivenClustersOrStrata_WhenComputingConcordance_ThenGroupedJackknifeAndWithinStratumPairsMatchR()
    {
        // R: concordance(Surv(tt, ss) ~ x + cluster(cl), reverse = TRUE), cl = c(1,1,2,2,3,3,3): var 0.013946533203125
        //    concordance(Surv(tt, ss) ~ x + strata(st), reverse = TRUE), st = c(1,1,1,1,2,2,2):
        //    counts (3,2,0,0,1) + (1,1,0,0,0), C = 4/7, var 0.05581007913369429
        double[] time = [1, 2, 2, 3, 4, 5, 6];
        int[] status = [1, 1, 1, 0, 1, 0, 1];
        double[] risk = [5, 3, 3, 4, 1, 2, 0];

        var clustered = Concordance.Compute(time, status, risk, cluster: [1, 1, 2, 2, 3, 3, 3]);
        var stratified = Concordance.Compute(time, status, risk, strata: [1, 1, 1, 1, 2, 2, 2]);

        Assert.Equal(0.8125, clustered.C, Exact);
        Assert.Equal(0.013946533203125, clustered.Variance, Exact);
        Assert.Equal((4L, 3L, 1L), (stratified.Concordant, stratified.Discordant, stratified.TiedBoth));
        Assert.Equal(4.0 / 7, stratified.C, Exact);
        Assert.Equal(0.05581007913369429, stratified.Variance, 1e-15);
    }

    [Fact]
    public void GivenNoComparablePair_WhenComputingConcordance_ThenResultIsFlaggedUndefinedNotThrown()
    {
        var result = Concordance.Compute([1, 2, 3], [0, 0, 0], [1, 2, 3]);

        Assert.False(result.IsDefined);
        Assert.True(double.IsNaN(result.C));
        Assert.True(double.IsNaN(result.StdErr));
    }

    [Fact]
    public void GivenTimesDifferingByRoundingNoise_WhenFitting_ThenTheyAreTiedAsRsTimefixDoes()
    {
        // R: survfit(Surv(c(1, 1 + 1e-10, 2, 3), c(1, 1, 0, 1)) ~ 1)$time -> 1 2 3, n.event 2 0 1
        var curve = KaplanMeier.Fit([1, 1 + 1e-10, 2, 3], [1, 1, 0, 1]);

        Assert.Equal([1.0, 2, 3], curve.Rows.Select(r => r.Time));
        Assert.Equal([2, 0, 1], curve.Rows.Select(r => r.NEvent));
        Assert.Equal([1.0, 1.0, 2.0], TimeFix.Apply([1 + 1e-10, 1, 2]));
    }

    [Fact]
    public void GivenLogLogIntervals_WhenSurvivalIsStillOne_ThenLimitsAreUndefinedAsInR()
    {
        // R: survfit(Surv(c(1,2,3), c(0,1,1)) ~ 1, conf.type = "log-log"): NA limits at t = 1 (S = 1) and t = 3 (S = 0)
        var curve = KaplanMeier.Fit([1, 2, 3], [0, 1, 1], new KaplanMeierOptions { ConfidenceType = ConfidenceType.LogLog });

        Assert.True(double.IsNaN(curve.Rows[0].Lower));
        Assert.False(double.IsNaN(curve.Rows[1].Lower));
        Assert.True(double.IsNaN(curve.Rows[2].Upper));
    }

    [Fact]
    public void GivenPlainIntervals_WhenTheBandLeavesZeroToOne_ThenItIsClipped()
    {
        // R clips conf.type = "plain" to [0, 1]: S = 1/3 with se(log S) = 1 gives 1/3 -/+ 1.96/3 -> (0, 0.987)
        var (lower, upper) = ConfidenceLimits.Compute(1.0 / 3, 1.0, ConfidenceLimits.ZForLevel(0.95), ConfidenceType.Plain);

        Assert.Equal(0.0, lower);
        Assert.Equal((1.0 / 3) + (ConfidenceLimits.ZForLevel(0.95) / 3), upper, Exact);
    }
}
