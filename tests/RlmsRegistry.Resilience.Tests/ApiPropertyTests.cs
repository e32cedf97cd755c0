using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Resilience.Tests.Support;
using RlmsRegistry.Testing;
using Xunit.Abstractions;

namespace RlmsRegistry.Resilience.Tests;

/// <summary>
/// Property-based tests of the JSON API with random bodies (missing, null, wrongly typed, out-of-range and foreign
/// values), against the real app process: every answer is a success or a refusal (never a server error), a 400 is a
/// ProblemDetails listing fields, and exactly the acknowledged writes are stored, each audited.
/// </summary>
public sealed class ApiPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task GivenRandomPatientBodies_WhenPostedAndPut_ThenEachIsStoredOrRefusedWithProblemDetailsAndNothingElseIsStored()
    {
        await using var registry = await SeededRegistry.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = AppProcess.StartWeb("node", registry.WebSettings());
        await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        using var client = Api.Client(app.BaseUrl!, await Api.LoginAsync(app.BaseUrl!, SeededRegistry.DataManagerC01));

        // A field is a valid value (three times in four, so that whole bodies are often valid), or null, wrongly typed,
        // out of range or an unknown name; one field may be left out.
        Gen<JsonNode?> Field(JsonNode?[] valid, JsonNode?[] invalid) =>
            Gen.Frequency((3, (IGen<JsonNode?>)Gen.OneOf(valid)), (1, Gen.OneOf(invalid.Append(null).ToArray())));
        var centre = Field([registry.C01.ToString(), registry.C01.ToString(), registry.C02.ToString()], [Guid.NewGuid().ToString(), "not-a-guid", 7, "", true]);
        var sex = Field(["female", "male"], ["Female", "other", 1, 2.5, "", new JsonArray()]);
        var year = Gen.Frequency(
            (3, (IGen<JsonNode?>)Gen.Int[1900, 2025].Select(i => (JsonNode?)i)),
            (1, Gen.Int[-5000, 5000].Select(i => (JsonNode?)i)),
            (1, Gen.OneOf<JsonNode?>("1960", -1, int.MaxValue, 19.6, null, "x")));
        var consent = Field(["given", "waived", "withdrawn"], ["maybe", 3, "GIVEN", new JsonObject()]);
        var version = Gen.OneOf(Gen.Int[-2, 4].Select(i => (JsonNode?)i), Gen.OneOf<JsonNode?>(null, "1", 1.5));
        var leaveOut = Gen.Int[0, 11]; // index of a field to leave out (4 and above: none)
        var body = Gen.Select(centre, sex, year, consent, version, leaveOut).Select(t =>
        {
            var o = new JsonObject { ["centreId"] = t.Item1?.DeepClone(), ["sex"] = t.Item2?.DeepClone(), ["birthYear"] = t.Item3?.DeepClone(), ["consentStatus"] = t.Item4?.DeepClone(), ["version"] = t.Item5?.DeepClone() };
            if (t.Item6 < 4)
            {
                o.Remove(new[] { "centreId", "sex", "birthYear", "consentStatus" }[t.Item6]);
            }

            return o.ToJsonString();
        });

        // One patient of C01 whose edits are tried (PUT); its version is followed as the app answers.
        var seed = await SendAsync(client, HttpMethod.Post, "/api/v1/patients", $"{{\"centreId\":\"{registry.C01}\",\"sex\":\"male\",\"birthYear\":1970,\"consentStatus\":\"given\"}}");
        Assert.Equal(201, seed.Status);
        var edited = JsonDocument.Parse(seed.Body).RootElement.GetProperty("id").GetGuid();

        var created = new List<Guid> { edited };
        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        var cases = 0;
        await body.SampleAsync(async json =>
        {
            cases++;
            var put = cases % 3 == 0;
            var answer = await SendAsync(client, put ? HttpMethod.Put : HttpMethod.Post, put ? $"/api/v1/patients/{edited}" : "/api/v1/patients", json);
            statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
            var problem = answer.ContentType == "application/problem+json";
            var ok = answer.Status switch
            {
                201 when !put => true,
                200 when put => true,
                400 => problem && JsonDocument.Parse(answer.Body).RootElement.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(),
                403 or 404 or 409 => true, // a centre the user does not manage, an unknown centre, a stale version
                _ => false,
            };
            if (answer.Status == 201)
            {
                created.Add(JsonDocument.Parse(answer.Body).RootElement.GetProperty("id").GetGuid());
            }

            if (!ok)
            {
                failures.Add($"{(put ? "PUT" : "POST")} {json} → {answer.Status} {answer.ContentType}: {Truncate(answer.Body)}");
            }
        }, iter: 150, threads: 1);

        var stored = await registry.Services.QueryAsync(db => db.Patients.AsNoTracking().IgnoreQueryFilters().Select(p => p.Id).ToListAsync());
        var replay = await AuditReplay.DifferencesAsync(registry.Services);
        Figures.Record(output, "API property test (random patient bodies)", new { cases, statuses, stored = stored.Count, acknowledgedCreates = created.Count, failures = failures.Count });
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.Equal(created.Order(), stored.Order()); // exactly the acknowledged creates are stored: nothing on refusal
        Assert.Empty(replay);
        Assert.Contains(400, statuses.Keys); // the generator reaches refusals…
        Assert.Contains(201, statuses.Keys); // …and successes
    }

    private static async Task<(int Status, string? ContentType, string Body)> SendAsync(HttpClient client, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] : s;
}
