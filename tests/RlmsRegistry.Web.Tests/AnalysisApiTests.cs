using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>An app with its job server on, so refits requested over HTTP really run.</summary>
public sealed class JobServerHosts : AppHosts
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Jobs:RunServer"] = "true" };
}

public sealed class AnalysisApiTests(JobServerHosts hosts) : IClassFixture<JobServerHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTheDemo_ThenAFirstSnapshotIsPublished_WithItsResultsAndABundle(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var investigator = await app.CreateApiClientAsync("investigator@demo.rlms");

        using var latest = JsonDocument.Parse(await investigator.GetStringAsync("/api/v1/analysis/snapshots/latest"));
        var id = latest.RootElement.GetProperty("snapshot").GetProperty("id").GetString();
        var cohorts = latest.RootElement.GetProperty("results").GetProperty("cohorts");
        Assert.Equal(127, cohorts[0].GetProperty("patients").GetInt32());
        Assert.Equal(100, cohorts[1].GetProperty("patients").GetInt32());
        var bundle = await investigator.GetAsync($"/api/v1/analysis/snapshots/{id}/bundle");
        Assert.Equal("application/zip", bundle.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await bundle.Content.ReadAsStreamAsync());
        Assert.Contains(zip.Entries, e => e.FullName == "reproduce.R");
        Assert.Contains(zip.Entries, e => e.FullName == "analysis-dataset.csv");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAdmin_WhenRequestingARefit_Then202WithAStatusUrlThatReachesAFinalState(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var admin = await app.CreateApiClientAsync("admin@demo.rlms");

        var accepted = await admin.PostAsync("/api/v1/analysis/refits", null);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var statusUrl = body.GetProperty("statusUrl").GetString()!;
        Assert.Equal(statusUrl, accepted.Headers.Location!.OriginalString);
        string status = "queued";
        for (var i = 0; i < 120 && status is "queued" or "running"; i++)
        {
            await Task.Delay(500);
            status = (await admin.GetFromJsonAsync<JsonElement>(statusUrl)).GetProperty("status").GetString()!;
        }

        Assert.Equal("unchanged", status); // the demo's data equal the first snapshot's
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenInvestigatorOrDataManager_WhenRequestingARefit_Then403(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.CreateApiClientAsync("investigator@demo.rlms")).PostAsync("/api/v1/analysis/refits", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.CreateApiClientAsync("dm.c01@demo.rlms")).GetAsync("/api/v1/analysis/snapshots")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAdmin_WhenPressingRefitNow_ThenARunIsListedOnTheAnalysisPage(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var admin = await app.SignInAsync("admin@demo.rlms");

        var response = await RegistryAppFactory.PostFormAsync(admin, "/Analysis", "/Analysis/Refit", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await admin.GetStringAsync("/Analysis");
        Assert.Contains("Refit queued", page, StringComparison.Ordinal);
        Assert.Contains("manual (admin@demo.rlms)", page, StringComparison.Ordinal);
    }
}
