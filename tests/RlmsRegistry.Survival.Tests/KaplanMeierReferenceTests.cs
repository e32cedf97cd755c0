using RlmsRegistry.Survival.Tests.Support;

namespace RlmsRegistry.Survival.Tests;

/// <summary>
/// Kaplan–Meier curves, medians and log-rank tests against R 3.5's survfit / quantile / survdiff.
/// R: fit &lt;- survfit(Surv(time, status) ~ group, data, conf.type = ...); summary(fit, censored = TRUE);
///    quantile(fit, 0.5); survdiff(Surv(time, status) ~ group, data).
/// Tolerances as survcheck.py: relative 1e-6 for estimates, 1e-5 for chisq, 1e-4 for p.
/// </summary>
public class KaplanMeierReferenceTests
{
    public static TheoryData<string> KmCases => new()
    {
        "lung-km", "lung-km-plain", "lung-km-sex", "lung-km-sex-loglog", "ovarian-km-rx", "veteran-km-celltype",
    };

    [Theory]
    [MemberData(nameof(KmCases))]
    public void GivenReferenceCase_WhenFittingKaplanMeier_ThenEveryRowMedianAndCiMatchR(string id)
    {
        var testCase = ReferenceCases.Load(id);
        var data = Load(testCase);
        var options = new KaplanMeierOptions { ConfidenceType = ParseConfType(ReferenceCases.Arg(testCase, "--conf-type")) };

        var curves = KaplanMeier.Fit(SurvivalSample.Create(data.Time, data.Status, data.Group, data.Labels.Length), options);

        var expectedGroups = testCase.GetProperty("expected").GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(expectedGroups.Count, curves.Count);
        foreach (var eg in expectedGroups)
        {
            string label = eg.GetProperty("group").GetString()!;
            var curve = curves[Array.IndexOf(data.Labels, label)];
            Assert.Equal(eg.GetProperty("n").GetInt32(), curve.N);
            Assert.Equal(eg.GetProperty("events").GetInt32(), curve.Events);
            Approx.Equal(Approx.Num(eg, "median"), curve.Median.Time, Approx.Estimate, $"{id}[{label}].median");
            Approx.Equal(Approx.Num(eg, "medianLower95"), curve.Median.Lower, Approx.Estimate, $"{id}[{label}].medianLower95");
            Approx.Equal(Approx.Num(eg, "medianUpper95"), curve.Median.Upper, Approx.Estimate, $"{id}[{label}].medianUpper95");

            var table = eg.GetProperty("table").EnumerateArray().ToList();
            Assert.Equal(table.Count, curve.Rows.Count);
            for (int i = 0; i < table.Count; i++)
            {
                var e = table[i];
                var a = curve.Rows[i];
                string at = $"{id}[{label}].table[{i}]";
                Approx.Equal(Approx.Num(e, "time"), a.Time, Approx.Estimate, at + ".time");
                Assert.Equal(e.GetProperty("nRisk").GetInt32(), a.NRisk);
                Assert.Equal(e.GetProperty("nEvent").GetInt32(), a.NEvent);
                Assert.Equal(e.GetProperty("nCensor").GetInt32(), a.NCensor);
                Approx.Equal(Approx.Num(e, "survival"), a.Survival, Approx.Estimate, at + ".survival");
                Approx.Equal(Approx.Num(e, "stdErr"), a.StdErr, Approx.Estimate, at + ".stdErr");
                Approx.Equal(Approx.Num(e, "lower95"), a.Lower, Approx.Estimate, at + ".lower95");
                Approx.Equal(Approx.Num(e, "upper95"), a.Upper, Approx.Estimate, at + ".upper95");
            }
        }
    }

    [Theory]
    [InlineData("lung-km-sex")]
    [InlineData("lung-km-sex-loglog")]
    [InlineData("ovarian-km-rx")]
    [InlineData("veteran-km-celltype")]
    public void GivenReferenceCase_WhenRunningLogRank_ThenChisqDfAndPMatchR(string id)
    {
        var testCase = ReferenceCases.Load(id);
        var data = Load(testCase);

        var result = LogRank.Test(data.Time, data.Status, data.Group);

        var expected = testCase.GetProperty("expected").GetProperty("logRank");
        Approx.Equal(Approx.Num(expected, "chisq"), result.ChiSquare, Approx.ChiSquare, id + ".chisq");
        Assert.Equal(expected.GetProperty("df").GetInt32(), result.Df);
        Approx.Equal(Approx.Num(expected, "p"), result.P, Approx.PValue, id + ".p");
        Assert.False(result.VarianceSingular);
    }

    [Fact]
    public void GivenLung_WhenEstimatingReverseKaplanMeierFollowUp_ThenQuartilesMatchR()
    {
        // R: quantile(survfit(Surv(time, 1 - status) ~ 1, data = lung)) -> 301, 588, 965
        // (CIs checked against the same R call: lower 272, 511, 821; upper 404, 1010, NA)
        var testCase = ReferenceCases.Load("lung-followup");
        var data = Load(testCase);

        var result = FollowUp.ReverseKaplanMeier(data.Time, data.Status);

        var expected = testCase.GetProperty("expected").GetProperty("reverseKm");
        Approx.Equal(Approx.Num(expected, "q25"), result.Q25.Time, Approx.Estimate, "q25");
        Approx.Equal(Approx.Num(expected, "median"), result.Median.Time, Approx.Estimate, "median");
        Approx.Equal(Approx.Num(expected, "q75"), result.Q75.Time, Approx.Estimate, "q75");
        Assert.Equal([272.0, 511.0, 821.0], [result.Q25.Lower, result.Median.Lower, result.Q75.Lower]);
        Assert.Equal(404.0, result.Q25.Upper);
        Assert.Equal(1010.0, result.Median.Upper);
        Assert.True(double.IsNaN(result.Q75.Upper));
    }

    private static GroupedData Load(System.Text.Json.JsonElement testCase)
    {
        var csv = ReferenceCases.Csv(ReferenceCases.Arg(testCase, "--input")!);
        return GroupedData.From(csv, ReferenceCases.Arg(testCase, "--time")!, ReferenceCases.Arg(testCase, "--event")!, ReferenceCases.Arg(testCase, "--group"));
    }

    private static ConfidenceType ParseConfType(string? s) => s switch
    {
        null or "log" => ConfidenceType.Log,
        "log-log" => ConfidenceType.LogLog,
        "plain" => ConfidenceType.Plain,
        _ => throw new ArgumentException(s),
    };
}
