using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Resilience.Tests.Support;
using RlmsRegistry.Testing;
using Xunit.Abstractions;

namespace RlmsRegistry.Resilience.Tests;

/// <summary>
/// The database becomes unavailable under a running app and comes back: while it is away, every write is answered
/// 503 — <c>application/problem+json</c> with <c>Retry-After</c> on the API, the unavailable page on pages — and leaves
/// nothing behind; reads that need the database are 503 the same way, <c>/health</c> is 503; once it is back, the app
/// takes writes again by itself (no restart), and every acknowledged write is there.
/// SQLite: another process holds the write lock (as a backup or a stuck tool would), longer than the busy timeout
/// (reads go on). PostgreSQL: the database refuses connections and the app's open connections are terminated (then
/// even the session check of a signed-in request cannot read the database).
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const int WritesDuringOutage = 8;

    [Theory]
    [MemberData(nameof(TestDatabase.ProviderData), MemberType = typeof(TestDatabase))]
    public async Task GivenARunningApp_WhenTheDatabaseIsUnavailableAndRestored_ThenWritesFailVisiblyAndRecoverByThemselves(DatabaseProvider provider)
    {
        await using var registry = await SeededRegistry.CreateAsync(provider);
        var settings = registry.WebSettings();
        if (provider == DatabaseProvider.Sqlite)
        {
            // A short busy timeout (the default is 30 s) so that a write behind a held lock fails within the test's time.
            settings["ConnectionStrings:Registry"] = new SqliteConnectionStringBuilder(registry.ConnectionString) { DefaultTimeout = 3 }.ToString();
        }

        await using var app = AppProcess.StartWeb("node", settings);
        try
        {
            await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
            using var client = Api.Client(app.BaseUrl!, await Api.LoginAsync(app.BaseUrl!, SeededRegistry.DataManagerC01));
            using var browser = Api.Client(app.BaseUrl!);
            var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
            await Pages.SignInAsync(browser, SeededRegistry.DataManagerC01, cookies);
            var acknowledged = new List<Guid>();
            var nextYear = 1920;

            async Task<Answer> RegisterAsync()
            {
                var year = Interlocked.Increment(ref nextYear);
                using var response = await client.PostAsJsonAsync(Api.Path("/api/v1/patients"), new { centreId = registry.C01, sex = "female", birthYear = year, consentStatus = "given" });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
                }

                return await Answer.OfAsync(response, year);
            }

            Assert.Equal(HttpStatusCode.Created, (await RegisterAsync()).Status);
            var formToken = await Pages.FormTokenAsync(browser, "/Patients/Create", cookies);

            // The outage.
            var outage = await Outage.BeginAsync(registry);
            var during = new List<Answer>();
            Answer healthDuring, readDuring, pageDuring, pageWriteDuring;
            try
            {
                for (var i = 0; i < WritesDuringOutage; i++)
                {
                    during.Add(await RegisterAsync());
                }

                using (var health = await client.GetAsync(Api.Path("/health")))
                {
                    healthDuring = await Answer.OfAsync(health);
                }

                using (var read = await client.GetAsync(Api.Path($"/api/v1/patients/{acknowledged[0]}")))
                {
                    readDuring = await Answer.OfAsync(read);
                }

                using (var page = await Pages.GetAsync(browser, "/Patients", cookies))
                {
                    pageDuring = await Answer.OfAsync(page);
                }

                var pageYear = Interlocked.Increment(ref nextYear);
                using (var posted = await Pages.PostFormAsync(browser, "/Patients/Create", cookies, new()
                {
                    ["CentreId"] = registry.C01.ToString(),
                    ["Sex"] = "Female",
                    ["BirthYear"] = pageYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["ConsentStatus"] = "Given",
                    ["__RequestVerificationToken"] = formToken,
                }))
                {
                    pageWriteDuring = await Answer.OfAsync(posted, pageYear);
                }
            }
            finally
            {
                await outage.DisposeAsync();
            }

            // Recovery by itself: the same process, the same client, retried until a write is acknowledged again.
            var clock = Stopwatch.StartNew();
            var recovered = false;
            while (clock.Elapsed < TimeSpan.FromSeconds(60) && !recovered)
            {
                recovered = (await RegisterAsync()).Status == HttpStatusCode.Created;
                if (!recovered)
                {
                    await Task.Delay(250);
                }
            }

            var recoverySeconds = clock.Elapsed.TotalSeconds;
            using var healthAfter = await client.GetAsync(Api.Path("/health"));
            using var pageAfter = await Pages.GetAsync(browser, "/Patients", cookies);

            var stored = await registry.Services.QueryAsync(db => db.Patients.AsNoTracking().IgnoreQueryFilters().Select(p => new { p.Id, p.BirthYear }).ToListAsync());
            var lost = acknowledged.Count(id => stored.All(p => p.Id != id));
            var failedButStored = during.Append(pageWriteDuring).Count(d => d.Status != HttpStatusCode.Created && stored.Any(p => p.BirthYear == d.BirthYear));
            var replay = await AuditReplay.DifferencesAsync(registry.Services);
            Figures.Record(output, $"database unavailable and restored ({provider})", new
            {
                outage = outage.Description,
                writesDuringOutage = during.Count,
                statusesDuringOutage = during.GroupBy(d => d.Summary).ToDictionary(g => g.Key, g => g.Count()),
                retryAfterDuringOutage = during.Count(d => d.RetryAfter),
                healthDuringOutage = (int)healthDuring.Status,
                readDuringOutage = readDuring.Summary,
                pageDuringOutage = pageDuring.Summary,
                pageWriteDuringOutage = pageWriteDuring.Summary,
                acknowledged = acknowledged.Count,
                lost,
                failedButStored,
                recoverySeconds = Math.Round(recoverySeconds, 2),
                healthAfter = (int)healthAfter.StatusCode,
            });

            // While the database is away no write is acknowledged: each API write is a 503 ProblemDetails that says
            // when to retry, and a page's write shows the unavailable page.
            Assert.All(during, d =>
            {
                Assert.True(d.Status == HttpStatusCode.ServiceUnavailable, $"an API write during the outage answered {d.Summary}: {d.Body}");
                Assert.Equal("application/problem+json", d.ContentType);
                Assert.True(d.RetryAfter, "a 503 without Retry-After");
                Assert.Contains("Nothing was saved", d.Body, StringComparison.Ordinal);
            });
            AssertUnavailablePage(pageWriteDuring);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, healthDuring.Status);
            if (provider == DatabaseProvider.Sqlite)
            {
                // Only the write lock is held: reading goes on.
                Assert.Equal(HttpStatusCode.OK, readDuring.Status);
                Assert.Equal(HttpStatusCode.OK, pageDuring.Status);
            }
            else
            {
                // Nothing can be read, not even the session behind the token or the cookie: 503 all the same.
                Assert.True(readDuring.Status == HttpStatusCode.ServiceUnavailable, $"an API read during the outage answered {readDuring.Summary}: {readDuring.Body}");
                Assert.Equal("application/problem+json", readDuring.ContentType);
                Assert.True(readDuring.RetryAfter, "a 503 without Retry-After");
                AssertUnavailablePage(pageDuring);
            }

            Assert.Equal(0, failedButStored);
            Assert.True(recovered, $"no write was acknowledged within 60 s after the database came back:\n{app.Output}");
            Assert.Equal(HttpStatusCode.OK, healthAfter.StatusCode);
            Assert.Equal(HttpStatusCode.OK, pageAfter.StatusCode); // the cookie was not lost to the outage
            Assert.Equal(0, lost);
            Assert.Empty(replay);
            Assert.False(app.HasExited, "the app ended during the outage");
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or InvalidOperationException or TimeoutException)
        {
            output.WriteLine("--- app output ---\n" + app.Output);
            throw;
        }
    }

    private static void AssertUnavailablePage(Answer page)
    {
        Assert.True(page.Status == HttpStatusCode.ServiceUnavailable, $"a page during the outage answered {page.Summary}: {page.Body}");
        Assert.Equal("text/html", page.ContentType);
        Assert.True(page.RetryAfter, "a 503 page without Retry-After");
        Assert.Contains("Nothing was saved", page.Body, StringComparison.Ordinal);
    }

    /// <summary>What the app answered: status, media type, whether it said when to retry, the body.</summary>
    private sealed record Answer(HttpStatusCode Status, string? ContentType, bool RetryAfter, string Body, int BirthYear)
    {
        public string Summary => $"{(int)Status} {ContentType}";

        public static async Task<Answer> OfAsync(HttpResponseMessage response, int birthYear = 0) => new(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.RetryAfter is not null,
            await response.Content.ReadAsStringAsync(),
            birthYear);
    }

    /// <summary>Makes the registry's database unavailable until disposed.</summary>
    private sealed class Outage : IAsyncDisposable
    {
        private readonly Func<Task> _restore;

        private Outage(string description, Func<Task> restore)
        {
            Description = description;
            _restore = restore;
        }

        public string Description { get; }

        public static async Task<Outage> BeginAsync(SeededRegistry registry)
        {
            if (registry.Provider == DatabaseProvider.Sqlite)
            {
                var holder = new SqliteConnection(new SqliteConnectionStringBuilder(registry.ConnectionString) { Pooling = false }.ToString());
                await holder.OpenAsync();
                await using (var command = holder.CreateCommand())
                {
                    command.CommandText = "BEGIN EXCLUSIVE;";
                    await command.ExecuteNonQueryAsync();
                }

                return new Outage("another process holds the SQLite write lock (BEGIN EXCLUSIVE) beyond the 3 s busy timeout", async () =>
                {
                    await using (var command = holder.CreateCommand())
                    {
                        command.CommandText = "ROLLBACK;";
                        await command.ExecuteNonQueryAsync();
                    }

                    await holder.DisposeAsync();
                });
            }

            var admin = Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)!;
            var name = registry.DatabaseName;
            await ExecuteAsync(admin, $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
            await ExecuteAsync(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
            return new Outage("PostgreSQL database refuses connections (ALLOW_CONNECTIONS false) and the app's sessions are terminated", async () =>
            {
                await ExecuteAsync(admin, $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true");
                NpgsqlConnection.ClearAllPools(); // the test's own pool, not the app's
            });
        }

        private static async Task ExecuteAsync(string connectionString, string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync() => await _restore();
    }
}
