using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>
/// Every test class's app is checked on disposal by <see cref="AuditReplay"/>; these tests show the check itself
/// catches what it must (a change that bypasses the audit) and passes on audited work.
/// </summary>
public sealed class AuditCompletenessTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenCreatesUpdatesAndDeletesThroughTheApi_ThenTheAuditTrailReplaysToTheStoredData(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patient = await (await dm.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "female", birthYear = 1955, consentStatus = "given" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var url = $"/api/v1/patients/{patient.GetProperty("id").GetString()}";
        (await dm.PutAsJsonAsync(url, new { sex = "female", birthYear = 1956, consentStatus = "withdrawn", version = 1, reason = "correction" })).EnsureSuccessStatusCode();
        var op = await (await dm.PostAsJsonAsync($"{url}/operations", new { date = "2019-05-06", setting = "primary", maxDiameterCm = 9.5 })).Content.ReadFromJsonAsync<JsonElement>();
        var ev = await (await dm.PostAsJsonAsync($"{url}/follow-up-events", new { date = "2020-01-10", type = "visit", diseaseStatus = "noEvidenceOfDisease" })).Content.ReadFromJsonAsync<JsonElement>();
        (await dm.DeleteAsync($"/api/v1/follow-up-events/{ev.GetProperty("id").GetString()}?version=1")).EnsureSuccessStatusCode();
        Assert.True(op.TryGetProperty("id", out _));

        Assert.Empty(await AuditReplay.DifferencesAsync(app.Services));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAChangeThatBypassesTheAudit_ThenTheReplayCheckReportsIt(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var dm = await app.CreateApiClientAsync("dm.c02@demo.rlms");
        var patient = await (await dm.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C02"), sex = "male", birthYear = 1960, consentStatus = "given" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = Guid.Parse(patient.GetProperty("id").GetString()!);

        await app.Services.QueryAsync(db => db.Patients.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.BirthYear, 1961))); // bypasses SaveChanges

        var differences = await AuditReplay.DifferencesAsync(app.Services);
        Assert.Contains(differences, d => d.Contains(id.ToString(), StringComparison.Ordinal) && d.Contains("BirthYear", StringComparison.Ordinal));

        // Put it back through the same back door so this class's own end-of-run audit check stays meaningful.
        await app.Services.QueryAsync(db => db.Patients.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.BirthYear, 1960)));

        Assert.Empty(await AuditReplay.DifferencesAsync(app.Services));
    }
}
