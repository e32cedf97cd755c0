using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>
/// Issue 13, acceptance 3: creates on one patient's case never conflict with each other (the case is locked while a
/// form is added), nor do registrations in one centre (the centre's sequence is locked while a study ID is taken);
/// only a stale edit of the same form is a 409.
/// </summary>
public sealed class ConcurrentCreateTests(AppHosts hosts, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<AppHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenFiftyParallelFollowUpEventsForOnePatient_ThenAllFiftyAreCreatedAndStored(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patientId = await RegisterPatientAsync(app, api);

        var start = new DateOnly(2015, 1, 1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => api.PostAsJsonAsync(
            $"/api/v1/patients/{patientId}/follow-up-events",
            new { date = start.AddDays(7 * i).ToString("yyyy-MM-dd"), type = "visit", diseaseStatus = "noEvidenceOfDisease" })));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.True(statuses.All(s => s == 201), "statuses: " + string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} × {g.Key}")));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        var stored = await app.Services.QueryAsync(db => db.FollowUpEvents.Where(e => e.PatientId == patientId).Select(e => e.Id).ToListAsync());
        Assert.Equal(50, stored.Count);
        Assert.Equal(ids.Order(), stored.Order());
        // Every create is audited once.
        var keys = stored.Select(id => id.ToString()).ToList();
        var audited = await app.Services.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Entity == "FollowUpEvent" && a.Action == "Insert" && keys.Contains(a.EntityKey)));
        Assert.Equal(50, audited);
    }

    /// <summary>
    /// Registrations in one centre take the centre's next study ID one after another: 120 at once are all created,
    /// each with its own study ID, and the numbers they took follow the centre's last one without a gap.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenParallelRegistrationsInOneCentre_ThenAllAreCreatedWithDistinctConsecutiveStudyIds(DatabaseProvider provider)
    {
        const int count = 120;
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var centreId = Guid.Parse(await app.CentreIdAsync("C01"));
        var before = await app.Services.QueryAsync(db => db.Centres.Where(c => c.Id == centreId).Select(c => c.LastPatientSequence).SingleAsync());

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(i => api.PostAsJsonAsync(
            "/api/v1/patients", new { centreId, sex = i % 2 == 0 ? "female" : "male", birthYear = 1930 + (i % 60), consentStatus = "given" })));
        output.WriteLine($"{count} parallel registrations in one centre ({provider}): {clock.Elapsed.TotalSeconds:0.00} s");

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.True(statuses.All(s => s == 201), "statuses: " + string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} × {g.Key}")));
        var created = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).Clone()));
        var ids = created.Select(c => c.GetProperty("id").GetGuid()).ToList();
        var studyIds = created.Select(c => c.GetProperty("studyId").GetString()!).ToList();
        Assert.Equal(count, studyIds.Distinct().Count());

        var stored = await app.Services.QueryAsync(db => db.Patients.IgnoreQueryFilters().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.StudyId }).ToListAsync());
        Assert.Equal(count, stored.Count);
        Assert.Equal(studyIds.Order(), stored.Select(p => p.StudyId).Order());
        var numbers = stored.Select(p => int.Parse(p.StudyId[(p.StudyId.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(before + 1, count), numbers);
        var after = await app.Services.QueryAsync(db => db.Centres.Where(c => c.Id == centreId).Select(c => c.LastPatientSequence).SingleAsync());
        Assert.Equal(before + count, after);
        // Every registration is audited once.
        var keys = ids.Select(id => id.ToString()).ToList();
        var audited = await app.Services.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Entity == "Patient" && a.Action == "Insert" && keys.Contains(a.EntityKey)));
        Assert.Equal(count, audited);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTwoEditsOfDifferentFormsOfOnePatientAtOnce_ThenBothSucceed_AndAStaleEditOfOneFormIsAConflict(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patientId = await RegisterPatientAsync(app, api);
        var first = await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{patientId}/follow-up-events", new { date = "2016-01-01", type = "visit" }));
        var second = await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{patientId}/follow-up-events", new { date = "2016-06-01", type = "visit" }));

        var edits = await Task.WhenAll(
            api.PutAsJsonAsync($"/api/v1/follow-up-events/{first.GetProperty("id").GetGuid()}", new { date = "2016-01-02", type = "visit", version = first.GetProperty("version").GetInt32() }),
            api.PutAsJsonAsync($"/api/v1/follow-up-events/{second.GetProperty("id").GetGuid()}", new { date = "2016-06-02", type = "visit", version = second.GetProperty("version").GetInt32() }));
        Assert.All(edits, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var stale = await api.PutAsJsonAsync($"/api/v1/follow-up-events/{first.GetProperty("id").GetGuid()}", new { date = "2016-01-03", type = "visit", version = first.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
    }

    internal static async Task<Guid> RegisterPatientAsync(RegistryAppFactory app, HttpClient api)
    {
        var created = await CreatedAsync(api.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "female", birthYear = 1960, consentStatus = "given" }));
        var id = created.GetProperty("id").GetGuid();
        // Follow-up starts at the first operation.
        await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{id}/operations", new { date = "2014-06-01", setting = "primary" }));
        return id;
    }

    internal static async Task<JsonElement> CreatedAsync(Task<HttpResponseMessage> send)
    {
        var response = await send;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
