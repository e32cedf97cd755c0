namespace RlmsRegistry.Survival.Tests.Cox;

/// <summary>
/// <see cref="CoxAnalysis.Run"/> shares one sorted layout between the fit and cox.zph and runs concordance beside
/// the test: its numbers must be exactly those of the three separate calls, and R's (survcheck tolerances).
/// </summary>
public class CoxAnalysisTests
{
    [Theory]
    [InlineData("veteran-cox")]
    [InlineData("lung-cox-strata")]
    [InlineData("lung-cox-cluster")]
    public void GivenReferenceCase_WhenRunTogether_ThenEqualsTheSeparateCallsBitForBit(string id)
    {
        var (data, options, _) = ReferenceCases.BuildCox(ReferenceCases.LoadCase(id));
        bool ph = data.Cluster is null;

        var together = CoxAnalysis.Run(data, options, concordance: true, proportionalHazards: ph);

        var fit = CoxRegression.Fit(data, options);
        var c = Concordance.Compute(data.Time, data.Status, fit.LinearPredictor, data.Strata, data.Cluster);
        Assert.Equal(fit.Coefficients.Select(x => x.Coef), together.Fit.Coefficients.Select(x => x.Coef));
        Assert.Equal(fit.LogLikelihoodModel, together.Fit.LogLikelihoodModel);
        Assert.Equal(c.C, together.Concordance!.C);
        Assert.Equal(c.StdErr, together.Concordance.StdErr);
        if (ph)
        {
            var zph = ProportionalHazardsTest.Compute(data, fit);
            Assert.Equal(zph.Global.Chisq, together.ProportionalHazards!.Global.Chisq);
            Assert.Equal(zph.Terms.Select(t => t.Chisq), together.ProportionalHazards.Terms.Select(t => t.Chisq));
        }
        else
        {
            Assert.Null(together.ProportionalHazards);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void GivenLargeTiedData_WhenRunTogether_ThenTheConcordanceReadOffTheLayoutEqualsItsOwnSort(bool stratified, bool clustered)
    {
        // 60,000 rows (above the size where the concordance counts its passes side by side), times with one decimal
        // and a binary plus a coarse covariate: many tied times and tied scores, in every stratum.
        var rng = new Random(11);
        int n = 60_000;
        var time = new double[n];
        var status = new int[n];
        var binary = new double[n];
        var coarse = new double[n];
        var strata = new int[n];
        var cluster = new int[n];
        for (int i = 0; i < n; i++)
        {
            binary[i] = rng.Next(2);
            coarse[i] = rng.Next(8);
            time[i] = Math.Round(-Math.Log(1 - rng.NextDouble()) * 10 / Math.Exp((0.5 * binary[i]) + (0.1 * coarse[i])), 1);
            status[i] = rng.NextDouble() < 0.7 ? 1 : 0;
            strata[i] = rng.Next(3);
            cluster[i] = rng.Next(400);
        }

        var data = new CoxData
        {
            Time = time,
            Status = status,
            Columns = [binary, coarse],
            ColumnNames = ["binary", "coarse"],
            Strata = stratified ? strata : null,
            Cluster = clustered ? cluster : null,
        };

        var together = CoxAnalysis.Run(data, new CoxOptions(), concordance: true, proportionalHazards: false).Concordance!;
        var fit = CoxRegression.Fit(data, new CoxOptions());
        var alone = Concordance.Compute(time, status, fit.LinearPredictor, data.Strata, data.Cluster);

        Assert.True(alone.TiedRisk > 0 && alone.TiedTime > 0, "the data must tie on score and on time");
        Assert.Equal(alone.Concordant, together.Concordant);
        Assert.Equal(alone.Discordant, together.Discordant);
        Assert.Equal(alone.TiedRisk, together.TiedRisk);
        Assert.Equal(alone.TiedTime, together.TiedTime);
        Assert.Equal(alone.TiedBoth, together.TiedBoth);
        Assert.Equal(alone.C, together.C);

        // The same per-subject terms summed in another order: equal to rounding.
        Assert.Equal(alone.Variance, together.Variance, alone.Variance * 1e-12);
    }
}
