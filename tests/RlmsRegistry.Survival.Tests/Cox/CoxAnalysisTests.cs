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
}
