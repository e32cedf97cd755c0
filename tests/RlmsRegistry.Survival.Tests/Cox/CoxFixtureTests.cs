using System.Text.Json;

namespace RlmsRegistry.Survival.Tests.Cox;

/// <summary>
/// Extra reference fixtures written by Cox/Fixtures/make-fixtures.R with R's survival 3.5-3 from datasets
/// shipped with survival (colon, nwtco, rats, pbc, mgus2, lung) plus a seeded synthetic set: clusters,
/// strata with clusters, heavy ties, non-integer factor levels, a singular column, a monotone likelihood,
/// iter.max reached and a stratum without events. Each JSON's "call" is the R call; besides the summary
/// numbers it holds fit$var, the first linear predictors and survfit(fit, newdata = row) points.
/// Tolerances as survcheck.py (1e-6 relative, 1e-5 zph chi-square, 1e-4 p-values).
/// </summary>
public sealed class CoxFixtureTests
{
    public static TheoryData<string> Fixtures => new(ReferenceCases.FixtureIds());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void GivenRFixture_WhenFitted_ThenMatchesCoxph(string id)
    {
        var testCase = ReferenceCases.LoadFixture(id);
        var expected = testCase.GetProperty("expected");
        var (data, options, excluded) = ReferenceCases.BuildCox(testCase, ReferenceCases.Fixtures);

        var fit = CoxRegression.Fit(data, options);

        Assert.Equal(expected.GetProperty("n").GetInt32(), fit.N);
        Assert.Equal(expected.GetProperty("events").GetInt32(), fit.Events);
        Assert.Equal(expected.GetProperty("excludedMissing").GetInt32(), excluded);
        Assert.Equal(expected.GetProperty("iterations").GetInt32(), fit.Iterations);
        Assert.Equal(expected.GetProperty("converged").GetBoolean(), fit.Converged);

        var warnings = expected.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(warnings.Any(w => w.Contains("coefficient may be infinite", StringComparison.Ordinal)), fit.InfiniteTerms.Length > 0);
        Assert.Equal(warnings.Any(w => w.Contains("Ran out of iterations", StringComparison.Ordinal)), !fit.Converged);

        var ll = expected.GetProperty("logLikelihood");
        Tolerance.Close(Num(ll.GetProperty("null")), fit.LogLikelihoodNull, Tolerance.Estimate, "loglik null");
        Tolerance.Close(Num(ll.GetProperty("model")), fit.LogLikelihoodModel, Tolerance.Estimate, "loglik model");

        foreach (var e in expected.GetProperty("coefficients").EnumerateArray())
        {
            var term = e.GetProperty("term").GetString()!;
            var a = fit.Coefficients.Single(c => c.Term == term);
            if (e.GetProperty("coef").ValueKind == JsonValueKind.Null)
            {
                Assert.True(double.IsNaN(a.Coef), term + " should be NA");
                Assert.Contains(term, fit.SingularTerms);
                Assert.Contains(term, fit.ProblemTerms);
                continue;
            }

            Tolerance.Close(Num(e.GetProperty("coef")), a.Coef, Tolerance.Estimate, term + " coef");
            Tolerance.Close(Num(e.GetProperty("se")), a.Se, Tolerance.Estimate, term + " se");
            if (e.GetProperty("robustSe").ValueKind == JsonValueKind.Null)
            {
                Assert.Null(a.RobustSe);
            }
            else
            {
                Tolerance.Close(Num(e.GetProperty("robustSe")), a.RobustSe!.Value, Tolerance.Estimate, term + " robustSe");
            }

            Tolerance.Close(Num(e.GetProperty("z")), a.Z, Tolerance.Estimate, term + " z");
            Tolerance.Close(Num(e.GetProperty("p")), a.P, Tolerance.PValue, term + " p", 1e-10);
            Tolerance.Close(Num(e.GetProperty("hazardRatio")), a.HazardRatio, Tolerance.Estimate, term + " HR");
            Tolerance.Close(Num(e.GetProperty("lower95")), a.Lower95, Tolerance.Estimate, term + " lower95");
            Tolerance.Close(Num(e.GetProperty("upper95")), a.Upper95, Tolerance.Estimate, term + " upper95");
        }

        AssertTest(expected.GetProperty("likelihoodRatioTest"), fit.LikelihoodRatioTest, "LR");
        AssertTest(expected.GetProperty("waldTest"), fit.WaldTest, "Wald");
        AssertTest(expected.GetProperty("scoreTest"), fit.ScoreTest, "Score");
        if (expected.TryGetProperty("robustScoreTest", out var robust))
        {
            AssertTest(robust, fit.RobustScoreTest!, "Robust score");
        }
        else
        {
            Assert.Null(fit.RobustScoreTest);
        }

        // fit$var (robust when clustered) and fit$naive.var, column-major.
        AssertMatrix(expected.GetProperty("variance"), fit.EffectiveVariance, "var");
        if (expected.TryGetProperty("naiveVariance", out var naive))
        {
            AssertMatrix(naive, fit.Variance, "naive.var");
        }

        var lpHead = expected.GetProperty("linearPredictorHead").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var i = 0; i < lpHead.Length; i++)
        {
            Tolerance.Close(lpHead[i], fit.LinearPredictor[i], Tolerance.Estimate, $"lp[{i}]", 1e-8);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void GivenRFixture_WhenZphComputed_ThenMatchesCoxZph(string id)
    {
        var testCase = ReferenceCases.LoadFixture(id);
        var ph = testCase.GetProperty("expected").GetProperty("proportionalHazards"); // every fixture has it: a missing one fails

        var (data, options, _) = ReferenceCases.BuildCox(testCase, ReferenceCases.Fixtures);
        var fit = CoxRegression.Fit(data, options);
        var zph = ProportionalHazardsTest.Compute(data, fit);

        var terms = ph.GetProperty("terms").EnumerateArray().ToList();
        Assert.Equal(terms.Select(t => t.GetProperty("term").GetString()), zph.Terms.Select(t => t.Term));
        foreach (var e in terms)
        {
            var term = e.GetProperty("term").GetString()!;
            var a = zph.Terms.Single(t => t.Term == term);
            Tolerance.Close(Num(e.GetProperty("chisq")), a.Chisq, Tolerance.Chisq, term + " chisq");
            Assert.Equal(e.GetProperty("df").GetInt32(), a.Df);
            Tolerance.Close(Num(e.GetProperty("p")), a.P, Tolerance.PValue, term + " p", 1e-10);
        }

        var global = ph.GetProperty("global");
        Tolerance.Close(Num(global.GetProperty("chisq")), zph.Global.Chisq, Tolerance.Chisq, "global chisq");
        Assert.Equal(global.GetProperty("df").GetInt32(), zph.Global.Df);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void GivenRFixture_WhenCurvePredicted_ThenMatchesSurvfit(string id)
    {
        var testCase = ReferenceCases.LoadFixture(id);
        var expected = testCase.GetProperty("expected");
        var (data, options, _) = ReferenceCases.BuildCox(testCase, ReferenceCases.Fixtures);
        var fit = CoxRegression.Fit(data, options);

        foreach (var e in expected.GetProperty("predictions").EnumerateArray())
        {
            var profile = Doubles(e.GetProperty("profile"));
            var stratum = e.GetProperty("stratum").ValueKind == JsonValueKind.Null ? 0 : e.GetProperty("stratum").GetInt32();
            var curve = CoxPrediction.Predict(data, fit, profile, stratum);
            var index = e.GetProperty("index").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var time = Doubles(e.GetProperty("time"));
            var nRisk = Doubles(e.GetProperty("nRisk"));
            var nEvent = Doubles(e.GetProperty("nEvent"));
            var surv = Doubles(e.GetProperty("surv"));
            var cumhaz = Doubles(e.GetProperty("cumhaz"));
            var stdErr = Doubles(e.GetProperty("stdErr"));
            var lower = Doubles(e.GetProperty("lower"));
            var upper = Doubles(e.GetProperty("upper"));
            for (var k = 0; k < index.Length; k++)
            {
                var t = index[k];
                var at = $"row {e.GetProperty("row").GetInt32()} point {t}";
                Tolerance.Close(time[k], curve.Time[t], 1e-12, at + " time");
                Assert.Equal((int)nRisk[k], curve.NRisk[t]);
                Assert.Equal((int)nEvent[k], curve.NEvent[t]);
                Tolerance.Close(surv[k], curve.Survival[t], Tolerance.Estimate, at + " surv");
                Tolerance.Close(cumhaz[k], curve.CumulativeHazard[t], Tolerance.Estimate, at + " cumhaz");
                Tolerance.Close(stdErr[k], curve.StdErr[t], Tolerance.Estimate, at + " std.err");
                Tolerance.Close(lower[k], curve.Lower[t], Tolerance.Estimate, at + " lower");
                Tolerance.Close(upper[k], curve.Upper[t], Tolerance.Estimate, at + " upper");
            }
        }
    }

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(Num)];

    /// <summary>A number as the R script writes it: null for NA, "Inf"/"-Inf" for infinities.</summary>
    private static double Num(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null => double.NaN,
        JsonValueKind.String => v.GetString() == "Inf" ? double.PositiveInfinity : double.NegativeInfinity,
        _ => v.GetDouble(),
    };

    private static void AssertMatrix(JsonElement columnMajor, double[,] actual, string what)
    {
        var values = Doubles(columnMajor);
        var p = actual.GetLength(0);
        Assert.Equal(p * p, values.Length);
        var scale = values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (var c = 0; c < p; c++)
        {
            for (var r = 0; r < p; r++)
            {
                // Off-diagonal entries can be tiny differences: compare relative to the largest entry.
                Tolerance.Close(values[(c * p) + r], actual[r, c], Tolerance.Estimate, $"{what}[{r},{c}]", 1e-6 * scale);
            }
        }
    }

    private static void AssertTest(JsonElement expected, TestResult actual, string what)
    {
        Tolerance.Close(Num(expected.GetProperty("statistic")), actual.Statistic, Tolerance.Estimate, what + " statistic");
        Assert.Equal(expected.GetProperty("df").GetInt32(), actual.Df);
        Tolerance.Close(Num(expected.GetProperty("p")), actual.P, Tolerance.PValue, what + " p", 1e-10);
    }
}
