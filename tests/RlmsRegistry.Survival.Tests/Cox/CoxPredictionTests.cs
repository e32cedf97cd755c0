namespace RlmsRegistry.Survival.Tests.Cox;

/// <summary>
/// Hand-derived properties of the predicted curves (survfit.coxph semantics, survival 3.5). R comparisons
/// for fitted models with covariates, strata and clusters are in <see cref="CoxFixtureTests"/>.
/// </summary>
public sealed class CoxPredictionTests
{
    [Fact]
    public void GivenNullModelWithEfronTies_WhenPredicted_ThenFlemingHarringtonHazard()
    {
        // T&G test data 1 without covariates. Distinct times 1, 6, 8, 9 with (at risk, deaths) =
        // (6, 1), (4, 2), (2, 0), (1, 1). Efron increments: 1/6; 1/4 + 1/3; 0; 1.
        // Variance increments: 1/36; 1/16 + 1/9; 0; 1.
        // R: survfit(coxph(Surv(time, status) ~ 1, test1)) -> cumhaz 1/6, 0.75, 0.75, 1.75,
        // std.err 0.1666667 0.4487637 0.4487637 1.0960789.
        var one = CoxHandWorkedTests.Test1();
        var data = new CoxData { Time = one.Time, Status = one.Status, Columns = [], ColumnNames = [] };
        var fit = CoxRegression.Fit(data);

        var curve = CoxPrediction.Predict(data, fit, []);

        Assert.Equal([1.0, 6, 8, 9], curve.Time);
        Assert.Equal([6, 4, 2, 1], curve.NRisk);
        Assert.Equal([1, 2, 0, 1], curve.NEvent);
        Assert.Equal([1, 0, 1, 0], curve.NCensor);
        double[] cumhaz = [1.0 / 6, 1.0 / 6 + 7.0 / 12, 1.0 / 6 + 7.0 / 12, 1.0 / 6 + 7.0 / 12 + 1];
        double[] variance = [1.0 / 36, 1.0 / 36 + 1.0 / 16 + 1.0 / 9, 1.0 / 36 + 1.0 / 16 + 1.0 / 9, 1.0 / 36 + 1.0 / 16 + 1.0 / 9 + 1];
        for (var t = 0; t < 4; t++)
        {
            Tolerance.Exact(cumhaz[t], curve.CumulativeHazard[t], "cumhaz");
            Tolerance.Exact(Math.Exp(-cumhaz[t]), curve.Survival[t], "surv");
            Tolerance.Exact(Math.Sqrt(variance[t]), curve.StdErr[t], "se");
            Tolerance.Exact(curve.Survival[t] * Math.Exp(-1.959963984540054 * curve.StdErr[t]), curve.Lower[t], "lower");
            Tolerance.Exact(Math.Min(1, curve.Survival[t] * Math.Exp(1.959963984540054 * curve.StdErr[t])), curve.Upper[t], "upper");
        }
    }

    [Fact]
    public void GivenNullModelWithBreslowTies_WhenPredicted_ThenNelsonAalen()
    {
        // Nelson–Aalen: 1/6, 1/6 + 2/4, same, + 1; variance sum d/n^2 (R: survfit(coxph(..., ties = "breslow"))
        // -> cumhaz 0.1666667 0.6666667 0.6666667 1.6666667, std.err 0.1666667 0.3908680 0.3908680 1.0736749).
        var one = CoxHandWorkedTests.Test1();
        var data = new CoxData { Time = one.Time, Status = one.Status, Columns = [], ColumnNames = [] };
        var fit = CoxRegression.Fit(data, new CoxOptions { Ties = CoxTies.Breslow });

        var curve = CoxPrediction.Predict(data, fit, []);

        Tolerance.Exact(2.0 / 3, curve.CumulativeHazard[1], "cumhaz(6)");
        Tolerance.Exact(5.0 / 3, curve.CumulativeHazard[3], "cumhaz(9)");
        Tolerance.Exact(Math.Sqrt((1.0 / 36) + (2.0 / 16)), curve.StdErr[2], "se(8)");
    }

    [Fact]
    public void GivenFittedModel_WhenPredictedAtMeansAndElsewhere_ThenHazardsAreProportional()
    {
        var one = CoxHandWorkedTests.Test1();
        var fit = CoxRegression.Fit(one);
        var beta = fit.Coefficients[0].Coef;

        var baseline = CoxPrediction.Predict(one, fit);          // profile = fit.Means (0: x is 0/1, left uncentred)
        var treated = CoxPrediction.Predict(one, fit, [1.0]);

        Assert.Equal(1.0, baseline.RiskScore);
        Tolerance.Exact(Math.Exp(beta), treated.RiskScore, "risk score");

        // Baseline (x = 0) Efron increments with r = exp(beta): 1/(3r + 3); 1/(r + 3) + 1/((r + 5)/2); 0; 1.
        var r = Math.Exp(beta);
        var h0 = (1 / ((3 * r) + 3)) + (1 / (r + 3)) + (2 / (r + 5));
        Tolerance.Exact(h0, baseline.CumulativeHazard[1], "baseline cumhaz(6)");
        for (var t = 0; t < baseline.Time.Length; t++)
        {
            Tolerance.Exact(baseline.CumulativeHazard[t] * r, treated.CumulativeHazard[t], "proportional");
            Tolerance.Exact(Math.Pow(baseline.Survival[t], r), treated.Survival[t], "S^r");
        }
    }

    [Fact]
    public void GivenStratifiedModel_WhenAllStrataPredicted_ThenOneCurvePerStratum()
    {
        var one = CoxHandWorkedTests.Test1();
        var data = new CoxData
        {
            Time = [.. one.Time, .. one.Time, 2, 7],
            Status = [.. one.Status, .. one.Status, 0, 0],
            Columns = [[.. one.Columns[0], .. one.Columns[0], 1, 0]],
            ColumnNames = ["x"],
            Strata = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2],
        };
        var fit = CoxRegression.Fit(data);

        var curves = CoxPrediction.PredictAllStrata(data, fit, [0.0]);

        Assert.Equal([0, 1, 2], curves.Select(c => c.Stratum));
        Assert.Equal(curves[0].CumulativeHazard, curves[1].CumulativeHazard);
        Assert.All(curves[2].CumulativeHazard, h => Assert.Equal(0, h));   // no events in stratum 2
        Assert.Equal([2.0, 7], curves[2].Time);
        Assert.Throws<ArgumentException>(() => CoxPrediction.Predict(data, fit, [0.0], stratum: 5));
    }
}
