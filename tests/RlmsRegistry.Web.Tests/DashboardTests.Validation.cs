using System.Globalization;
using System.Net;
using System.Text.Json;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Dashboards.Queries.GetDashboards;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>Issue 14: the validation by centre on the cohort page and in the API, and the risk calculator's API.</summary>
public sealed partial class DashboardTests
{
    private const double Z = 1.959963984540054;

    /// <summary>The validation section's numbers (admin view: nothing suppressed), from the snapshot.</summary>
    private static void AddValidationValues(CohortResults c, Dictionary<string, string> e)
    {
        foreach (var v in c.InternalExternal?.Centres ?? [])
        {
            var k = "validation." + v.Centre;
            e[k + ".n"] = v.N.ToString(Inv);
            e[k + ".events"] = v.Events.ToString(Inv);
            e[k + ".trainingN"] = v.TrainingN.ToString(Inv);
            e[k + ".trainingEvents"] = v.TrainingEvents.ToString(Inv);
            if (v.C is { } cc)
            {
                e[k + ".c"] = cc.ToString("R", Inv);
                e[k + ".c.lower"] = (cc - (Z * v.CSe!.Value)).ToString("R", Inv);
                e[k + ".c.upper"] = (cc + (Z * v.CSe!.Value)).ToString("R", Inv);
            }

            if (v.Slope is { } s)
            {
                e[k + ".slope"] = s.ToString("R", Inv);
                e[k + ".slope.lower"] = (s - (Z * v.SlopeSe!.Value)).ToString("R", Inv);
                e[k + ".slope.upper"] = (s + (Z * v.SlopeSe!.Value)).ToString("R", Inv);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenASnapshot_ThenTheCohortPageShowsTheValidationByCentre_InWords(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        await SnapshotPublisher.PublishAsync(app.Services);
        var results = await app.Services.LatestResultsAsync();
        var admin = await app.SignInAsync("admin@demo.rlms");

        var html = await admin.GetStringAsync("/Dashboards/Cohort/primary");
        Assert.Contains("Does the model predict in a centre it was not fitted on?", html, StringComparison.Ordinal);
        Assert.Contains("Calibration slope (95% CI)", html, StringComparison.Ordinal);
        Assert.Contains("/Dashboards/Cohort/primary/Calculator", html, StringComparison.Ordinal);
        var primary = results.Cohorts.Single(c => c.Cohort == "primary");
        Assert.Equal(["C01", "C02"], primary.InternalExternal!.Centres.Select(c => c.Centre));
        var shown = ShownValues(html);
        Assert.All(primary.InternalExternal.Centres, c => Assert.Equal(c.C!.Value.ToString("R", Inv), shown["validation." + c.Centre + ".c"]));

        var api = await app.CreateApiClientAsync("investigator@demo.rlms");
        using var body = JsonDocument.Parse(await api.GetStringAsync("/api/v1/dashboards/cohorts/primary/validation"));
        var rows = body.RootElement.GetProperty("data").GetProperty("centres").EnumerateArray().ToList();
        Assert.Equal(primary.InternalExternal.Centres.Select(c => c.Slope), rows.Select(r => (double?)r.GetProperty("slope").GetDouble()));
        Assert.Equal(primary.InternalExternal.Centres.Select(c => c.N), rows.Select(r => r.GetProperty("patients").GetInt32()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenThePredictionApi_ThenItAnswersTheCalculatorsNumbers_ReadsADecimalComma_AndRefusesBadValuesByLabel(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        await SnapshotPublisher.PublishAsync(app.Services);
        var results = await app.Services.LatestResultsAsync();
        var factors = results.Cohorts.Single(c => c.Cohort == "primary").Multivariable!.Factors;
        Assert.Contains("maxDiameterCm", factors);
        var api = await app.CreateApiClientAsync("investigator@demo.rlms");

        string Query(string diameter) => string.Join("&", factors.Select(f => f switch
        {
            "maxDiameterCm" => "maxDiameterCm=" + diameter,
            "fnclccGrade" => "fnclccGrade=3",
            "plateletsE9PerL" => "plateletsE9PerL=300",
            "nlr" => "nlr=3.5",
            "ageAtSurgery" => "ageAtSurgery=60",
            "sex" => "sex=female",
            "resection" => "resection=R0",
            "multifocal" => "multifocal=0",
            _ => f + "=1",
        }));

        using var point = JsonDocument.Parse(await api.GetStringAsync("/api/v1/dashboards/primary/prediction?" + Query("15.5")));
        using var comma = JsonDocument.Parse(await api.GetStringAsync("/api/v1/dashboards/primary/prediction?" + Query("15,5")));
        using var larger = JsonDocument.Parse(await api.GetStringAsync("/api/v1/dashboards/primary/prediction?" + Query("30")));
        static List<double> Survival(JsonDocument d) =>
            [.. d.RootElement.GetProperty("data").GetProperty("atTimes").EnumerateArray().Select(p => p.GetProperty("survival").GetDouble())];
        Assert.Equal(3, Survival(point).Count);
        Assert.Equal(Survival(point), Survival(comma));
        Assert.All(Survival(point).Zip(Survival(larger)), p => Assert.True(p.Second < p.First, "a larger tumour predicts lower survival"));
        var model = point.RootElement.GetProperty("data").GetProperty("model");
        Assert.Equal(results.Cohorts.Single(c => c.Cohort == "primary").Multivariable!.Concordance!.C, model.GetProperty("c").GetDouble());
        Assert.Contains("not a validated clinical tool", point.RootElement.GetProperty("data").GetProperty("caution").GetString(), StringComparison.Ordinal);

        // Bad input: 400 ProblemDetails naming every bad field with its label.
        var bad = await api.GetAsync("/api/v1/dashboards/primary/prediction?maxDiameterCm=1.234,5");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(factors.Order(), errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.StartsWith("Maximum tumour diameter:", errors.GetProperty("maxDiameterCm")[0].GetString(), StringComparison.Ordinal);
        var outOfRange = await api.GetAsync("/api/v1/dashboards/primary/prediction?" + Query("500"));
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Contains("0.5–100 cm", await outOfRange.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/dashboards/metastatic/prediction?nlr=3")).StatusCode);

        var dataManager = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        Assert.Equal(HttpStatusCode.Forbidden, (await dataManager.GetAsync("/api/v1/dashboards/primary/prediction?" + Query("15"))).StatusCode);
    }
}
