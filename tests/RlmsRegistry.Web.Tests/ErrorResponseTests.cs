using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>
/// Issue 13, acceptance 5: every API refusal is <c>application/problem+json</c> without type names or stack traces;
/// authorization before body validation; 413 for oversized bodies; 400 for out-of-range query values; 503 while the
/// database cannot be written, on writes and on /health, recovering by itself.
/// </summary>
public sealed class ErrorResponseTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenEveryKindOfRefusal_ThenTheAnswerIsProblemJson_WithoutTypeNames(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var anonymous = app.CreateClient();
        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var investigator = await app.CreateApiClientAsync("investigator@demo.rlms");
        var admin = await app.CreateApiClientAsync("admin@demo.rlms");
        var patientId = await ConcurrentCreateTests.RegisterPatientAsync(app, dm);

        await AssertProblemAsync(HttpStatusCode.Unauthorized, anonymous.GetAsync("/api/v1/me"));
        await AssertProblemAsync(HttpStatusCode.Unauthorized, anonymous.GetAsync($"/api/v1/patients/{patientId}"));
        await AssertProblemAsync(HttpStatusCode.Forbidden, investigator.GetAsync("/api/v1/patients"));
        await AssertProblemAsync(HttpStatusCode.NotFound, dm.GetAsync("/api/v1/patients/not-a-guid"));
        await AssertProblemAsync(HttpStatusCode.NotFound, dm.GetAsync($"/api/v1/patients/{Guid.NewGuid()}"));
        await AssertProblemAsync(HttpStatusCode.NotFound, dm.GetAsync("/api/v1/no-such-thing"));
        await AssertProblemAsync(HttpStatusCode.MethodNotAllowed, dm.DeleteAsync("/api/v1/patients"));
        await AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, dm.PostAsync("/api/v1/patients", new StringContent("sex=female", Encoding.UTF8, "text/plain")));
        var badEnum = await AssertProblemAsync(HttpStatusCode.BadRequest, dm.PostAsync(
            $"/api/v1/patients/{patientId}/follow-up-events", new StringContent("{\"date\":\"2020-01-01\",\"type\":\"party\"}", Encoding.UTF8, "application/json")));
        Assert.Contains("\"errors\"", badEnum, StringComparison.Ordinal);
        await AssertProblemAsync(HttpStatusCode.BadRequest, dm.PostAsync("/api/v1/patients", new StringContent("{not json", Encoding.UTF8, "application/json")));
        await AssertProblemAsync(HttpStatusCode.BadRequest, admin.GetAsync("/api/v1/audit?to=9999-12-31"));
        await AssertProblemAsync(HttpStatusCode.BadRequest, admin.GetAsync("/api/v1/audit?from=0001-01-01"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/audit?from=2020-01-01&to=2999-12-31")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAMalformedWriteByARoleThatMayNotWrite_Then403_Not400(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var monitor = await app.CreateApiClientAsync("monitor.c01@demo.rlms");
        var investigator = await app.CreateApiClientAsync("investigator@demo.rlms");
        var patientId = await ConcurrentCreateTests.RegisterPatientAsync(app, dm);
        var malformed = "{\"date\":\"yesterday\",\"type\":42}";

        await AssertProblemAsync(HttpStatusCode.Forbidden, investigator.PostAsync($"/api/v1/patients/{patientId}/follow-up-events", new StringContent(malformed, Encoding.UTF8, "application/json")));
        await AssertProblemAsync(HttpStatusCode.Forbidden, monitor.PutAsync($"/api/v1/patients/{patientId}", new StringContent("{\"birthYear\":\"old\"}", Encoding.UTF8, "application/json")));
        // The role that may write still gets the field errors.
        await AssertProblemAsync(HttpStatusCode.BadRequest, dm.PostAsync($"/api/v1/patients/{patientId}/follow-up-events", new StringContent(malformed, Encoding.UTF8, "application/json")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenA50MegabyteBody_Then413(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var body = new ByteArrayContent(new byte[50 * 1024 * 1024]);
        body.Headers.ContentType = new("application/json");

        await AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, dm.PostAsync("/api/v1/patients", body));
    }

    [Fact]
    public async Task GivenADatabaseThatCannotBeWritten_ThenWritesAndHealthAre503_AndBothRecoverByThemselves()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patientId = await ConcurrentCreateTests.RegisterPatientAsync(app, dm);
        var readOnly = new ReadOnlyDatabase();
        await using var failing = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureDbContext<RegistryDbContext>(o => o.AddInterceptors(readOnly))));
        var api = failing.CreateClient();
        api.DefaultRequestHeaders.Authorization = dm.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health")).StatusCode);

        readOnly.On = true;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.GetAsync("/health")).StatusCode);
        var refused = await AssertProblemAsync(HttpStatusCode.ServiceUnavailable, api.PostAsJsonAsync($"/api/v1/patients/{patientId}/follow-up-events", new { date = "2016-01-01", type = "visit" }));
        Assert.Contains("Nothing was saved", refused, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/patients/{patientId}")).StatusCode); // reads go on

        readOnly.On = false;
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/patients/{patientId}/follow-up-events", new { date = "2016-01-01", type = "visit" })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAnApiAnswerWithPatientData_ThenItIsNotCached_AndNoServerHeaderIsSent(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patientId = await ConcurrentCreateTests.RegisterPatientAsync(app, dm);

        var answer = await dm.GetAsync($"/api/v1/patients/{patientId}");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore);
        Assert.False(answer.Headers.Contains("Server"));
    }

    private static async Task<string> AssertProblemAsync(HttpStatusCode expected, Task<HttpResponseMessage> send)
    {
        var response = await send;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal((int)expected, json.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("RlmsRegistry.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return body;
    }

    /// <summary>Makes every write fail as SQLite does on a read-only database file, while <see cref="On"/>.</summary>
    private sealed class ReadOnlyDatabase : DbCommandInterceptor
    {
        public volatile bool On;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Refuse(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Refuse(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Refuse(DbCommand command)
        {
            var sql = command.CommandText;
            if (On && (sql.Contains("INSERT ", StringComparison.Ordinal) || sql.Contains("UPDATE ", StringComparison.Ordinal) || sql.Contains("DELETE ", StringComparison.Ordinal)))
            {
                throw new SqliteException("attempt to write a readonly database", 8);
            }
        }
    }
}
