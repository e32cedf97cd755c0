using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>Issue 13, acceptance 4: a create retried with the same <c>Idempotency-Key</c> answers the first response and stores nothing new.</summary>
public sealed class IdempotencyTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTheSameKeyTwice_ThenTheSameIdIsAnswered_AndOneRecordIsStored(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patientId = await ConcurrentCreateTests.RegisterPatientAsync(app, api);
        var key = Guid.NewGuid().ToString();
        var body = new { date = "2017-03-04", type = "visit", diseaseStatus = "noEvidenceOfDisease" };

        var first = await SendAsync(api, $"/api/v1/patients/{patientId}/follow-up-events", key, body);
        var second = await SendAsync(api, $"/api/v1/patients/{patientId}/follow-up-events", key, body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(firstId, secondId);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        var stored = await app.Services.QueryAsync(db => db.FollowUpEvents.CountAsync(e => e.PatientId == patientId));
        Assert.Equal(1, stored);
        var audited = await app.Services.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Entity == "FollowUpEvent" && a.EntityKey == firstId.ToString()));
        Assert.Equal(1, audited);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTheSameKeyInParallel_ThenOneRecordIsStored_AndEveryAnswerNamesIt(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var centreId = await app.CentreIdAsync("C01");
        var key = Guid.NewGuid().ToString();
        var body = new { centreId, sex = "male", birthYear = 1971, consentStatus = "given" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(api, "/api/v1/patients", key, body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Single(ids.Distinct());
        var stored = await app.Services.QueryAsync(db => db.Patients.IgnoreQueryFilters().CountAsync(p => p.Id == ids[0]));
        Assert.Equal(1, stored);
        var audited = await app.Services.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Entity == "Patient" && a.Action == "Insert" && a.EntityKey == ids[0].ToString()));
        Assert.Equal(1, audited);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTheSameKeyWithAnotherBody_Then422_AndNothingNewIsStored(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patientId = await ConcurrentCreateTests.RegisterPatientAsync(app, api);
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(api, $"/api/v1/patients/{patientId}/follow-up-events", key, new { date = "2017-03-04", type = "visit" });
        var other = await SendAsync(api, $"/api/v1/patients/{patientId}/follow-up-events", key, new { date = "2017-03-05", type = "visit" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await app.Services.QueryAsync(db => db.FollowUpEvents.CountAsync(e => e.PatientId == patientId)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenOneKeyUsedByTwoUsers_ThenEachGetsTheirOwnRecord(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var c01 = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var c02 = await app.CreateApiClientAsync("dm.c02@demo.rlms");
        var key = Guid.NewGuid().ToString();

        var a = await SendAsync(c01, "/api/v1/patients", key, new { centreId = await app.CentreIdAsync("C01"), sex = "male", birthYear = 1980, consentStatus = "given" });
        var b = await SendAsync(c02, "/api/v1/patients", key, new { centreId = await app.CentreIdAsync("C02"), sex = "male", birthYear = 1980, consentStatus = "given" });

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.NotEqual(
            (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await b.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAFailedCreate_ThenTheKeyIsNotSpent(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patientId = await ConcurrentCreateTests.RegisterPatientAsync(app, api);
        var key = Guid.NewGuid().ToString();

        var refused = await SendAsync(api, $"/api/v1/patients/{patientId}/follow-up-events", key, new { date = "2999-01-01", type = "visit" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(0, await app.Services.QueryAsync(db => db.Set<IdempotencyRecord>().CountAsync(r => r.Key == key)));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient api, string url, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return api.SendAsync(request);
    }
}
