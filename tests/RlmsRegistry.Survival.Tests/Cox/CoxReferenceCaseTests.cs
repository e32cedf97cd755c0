using System.Text.Json;

namespace RlmsRegistry.Survival.Tests.Cox;

/// <summary>
/// Every shared Cox reference case, written from R 4.x / survival 3.5 as, for example,
/// <c>fit &lt;- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, ties = "efron");
/// summary(fit); cox.zph(fit)</c> (the case's args give the formula: covariates, factors, strata(),
/// cluster = and ties). Tolerances as survcheck.py: 1e-6 relative, 1e-5 for PH chi-squares, 1e-4 for p.
/// Concordance belongs to another module and is not checked here.
/// </summary>
public sealed class CoxReferenceCaseTests
{
    public static TheoryData<string> Cases => new()
    {
        "lung-cox-breslow",
        "lung-cox-cluster",
        "lung-cox-efron",
        "lung-cox-factor",
        "lung-cox-strata",
        "ovarian-cox",
        "veteran-cox",
    };

    public static TheoryData<string> PhCases => new()
    {
        "lung-cox-breslow",
        "lung-cox-efron",
        "lung-cox-factor",
        "lung-cox-strata",
        "ovarian-cox",
        "veteran-cox",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivenReferenceCase_WhenFitted_ThenMatchesRSummary(string id)
    {
        var testCase = ReferenceCases.LoadCase(id);
        var expected = testCase.GetProperty("expected");
        var (data, options, excluded) = ReferenceCases.BuildCox(testCase);

        var fit = CoxRegression.Fit(data, options);

        Assert.Equal(expected.GetProperty("n").GetInt32(), fit.N);
        Assert.Equal(expected.GetProperty("events").GetInt32(), fit.Events);
        Assert.Equal(expected.GetProperty("excludedMissing").GetInt32(), excluded);
        Assert.Equal(expected.GetProperty("converged").GetBoolean(), fit.Converged);
        Assert.Equal(expected.GetProperty("iterations").GetInt32(), fit.Iterations);
        Assert.Empty(fit.ProblemTerms);

        var ll = expected.GetProperty("logLikelihood");
        Tolerance.Close(ll.GetProperty("null").GetDouble(), fit.LogLikelihoodNull, Tolerance.Estimate, "loglik null");
        Tolerance.Close(ll.GetProperty("model").GetDouble(), fit.LogLikelihoodModel, Tolerance.Estimate, "loglik model");

        var coefficients = expected.GetProperty("coefficients").EnumerateArray().ToList();
        Assert.Equal(coefficients.Count, fit.Coefficients.Count);
        foreach (var e in coefficients)
        {
            var term = e.GetProperty("term").GetString()!;
            var a = fit.Coefficients.Single(c => c.Term == term);
            Tolerance.Close(e.GetProperty("coef").GetDouble(), a.Coef, Tolerance.Estimate, term + " coef");
            Tolerance.Close(e.GetProperty("se").GetDouble(), a.Se, Tolerance.Estimate, term + " se");
            if (e.GetProperty("robustSe").ValueKind == JsonValueKind.Null)
            {
                Assert.Null(a.RobustSe);
            }
            else
            {
                Assert.NotNull(a.RobustSe);
                Tolerance.Close(e.GetProperty("robustSe").GetDouble(), a.RobustSe.Value, Tolerance.Estimate, term + " robustSe");
            }

            Tolerance.Close(e.GetProperty("z").GetDouble(), a.Z, Tolerance.Estimate, term + " z");
            Tolerance.Close(e.GetProperty("p").GetDouble(), a.P, Tolerance.PValue, term + " p", 1e-10);
            Tolerance.Close(e.GetProperty("hazardRatio").GetDouble(), a.HazardRatio, Tolerance.Estimate, term + " HR");
            Tolerance.Close(e.GetProperty("lower95").GetDouble(), a.Lower95, Tolerance.Estimate, term + " lower95");
            Tolerance.Close(e.GetProperty("upper95").GetDouble(), a.Upper95, Tolerance.Estimate, term + " upper95");
        }

        AssertTest(expected.GetProperty("likelihoodRatioTest"), fit.LikelihoodRatioTest, "LR");
        AssertTest(expected.GetProperty("waldTest"), fit.WaldTest, "Wald");
        AssertTest(expected.GetProperty("scoreTest"), fit.ScoreTest, "Score");
        if (expected.TryGetProperty("robustScoreTest", out var robust))
        {
            Assert.NotNull(fit.RobustScoreTest);
            AssertTest(robust, fit.RobustScoreTest, "Robust score");
        }
        else
        {
            Assert.Null(fit.RobustScoreTest);
        }
    }

    [Theory]
    [MemberData(nameof(PhCases))]
    public void GivenReferenceCase_WhenZphComputed_ThenMatchesRCoxZph(string id)
    {
        var testCase = ReferenceCases.LoadCase(id);
        var expected = testCase.GetProperty("expected").GetProperty("proportionalHazards");
        var (data, options, _) = ReferenceCases.BuildCox(testCase);
        var fit = CoxRegression.Fit(data, options);

        var zph = ProportionalHazardsTest.Compute(data, fit);

        var terms = expected.GetProperty("terms").EnumerateArray().ToList();
        Assert.Equal(terms.Count, zph.Terms.Count);
        foreach (var e in terms)
        {
            var term = e.GetProperty("term").GetString()!;
            var a = zph.Terms.Single(t => t.Term == term);
            Tolerance.Close(e.GetProperty("chisq").GetDouble(), a.Chisq, Tolerance.Chisq, term + " chisq");
            Assert.Equal(e.GetProperty("df").GetInt32(), a.Df);
            Tolerance.Close(e.GetProperty("p").GetDouble(), a.P, Tolerance.PValue, term + " p", 1e-10);
        }

        var global = expected.GetProperty("global");
        Tolerance.Close(global.GetProperty("chisq").GetDouble(), zph.Global.Chisq, Tolerance.Chisq, "global chisq");
        Assert.Equal(global.GetProperty("df").GetInt32(), zph.Global.Df);
        Tolerance.Close(global.GetProperty("p").GetDouble(), zph.Global.P, Tolerance.PValue, "global p", 1e-10);
    }

    private static void AssertTest(JsonElement expected, TestResult actual, string what)
    {
        Tolerance.Close(expected.GetProperty("statistic").GetDouble(), actual.Statistic, Tolerance.Estimate, what + " statistic");
        Assert.Equal(expected.GetProperty("df").GetInt32(), actual.Df);
        Tolerance.Close(expected.GetProperty("p").GetDouble(), actual.P, Tolerance.PValue, what + " p", 1e-10);
    }
}
