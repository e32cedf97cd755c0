using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>
/// Issue 18, acceptance 6 (ADR 0016): what the dashboards remember between requests — rendered fragments per snapshot
/// and small-cell rule, the newest snapshot's id, a sign-in's session check — never crosses users and never outlives
/// a change: a refit's snapshot shows on the next request, a revoked session or a changed stamp is refused on the
/// next request through this node, and within the cache's few seconds when the change was made elsewhere.
/// </summary>
public sealed partial class DashboardCacheTests(DashboardCacheTests.Hosts hosts) : IClassFixture<DashboardCacheTests.Hosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAnAdminSawTheCohortPageFirst_ThenAnInvestigatorGetsTheSuppressedPage_AndNeitherGetsTheOthersAccount(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        await DashboardTests.AddSmallCentreAsync(app);
        await SnapshotPublisher.PublishAsync(app.Services);
        var results = await app.Services.LatestResultsAsync();
        var small = results.Cohorts.Single(c => c.Cohort == "primary").PerCentre.Single(c => c.Centre == "C09");
        Assert.InRange(small.Patients, 1, 4);
        const string url = "/Dashboards/Cohort/primary?by=centre&cif=fnclccGrade";
        var admin = await app.SignInAsync("admin@demo.rlms");
        var investigator = await app.SignInAsync("investigator@demo.rlms");

        for (var round = 0; round < 2; round++)
        {
            // The admin first (the fragments are cached unsuppressed), then the investigator, then again.
            var adminPage = await admin.GetStringAsync(url);
            var investigatorPage = await investigator.GetStringAsync(url);

            Assert.Equal(small.Patients.ToString(System.Globalization.CultureInfo.InvariantCulture), DashboardTests.ShownValues(adminPage)["centre.C09.patients"]);
            Assert.Equal("<5", DashboardTests.ShownValues(investigatorPage)["centre.C09.patients"]);
            Assert.DoesNotContain("small-cell protection", adminPage, StringComparison.Ordinal);
            Assert.Contains("small-cell protection", investigatorPage, StringComparison.Ordinal);

            // The per-user parts are never shared: the account's name, the admin's refit button, the anti-forgery token.
            Assert.Contains("admin@demo.rlms", adminPage, StringComparison.Ordinal);
            Assert.Contains("id=\"dashboard-refit\"", adminPage, StringComparison.Ordinal);
            Assert.DoesNotContain("admin@demo.rlms", investigatorPage, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"dashboard-refit\"", investigatorPage, StringComparison.Ordinal);
            Assert.Contains("investigator@demo.rlms", investigatorPage, StringComparison.Ordinal);
            Assert.Empty(Tokens(adminPage).Intersect(Tokens(investigatorPage)));

            // The figures' data the page fetches follow the same rule.
            foreach (var figure in new[] { "km", "cif" })
            {
                var src = WebUtility.HtmlDecode(Regex.Match(DashboardTests.Island(investigatorPage, figure, withTag: true), "data-src=\"([^\"]+)\"").Groups[1].Value);
                Assert.True(await SuppressedAsync(investigator, src), $"{figure} for the investigator");
                Assert.False(await SuppressedAsync(admin, src), $"{figure} for the admin");
            }
        }

        // Nothing on the page depends on the browser's language: one cached fragment serves every culture.
        var german = new HttpRequestMessage(HttpMethod.Get, url);
        german.Headers.AcceptLanguage.ParseAdd("de-DE");
        var germanPage = await (await investigator.SendAsync(german)).Content.ReadAsStringAsync();
        Assert.Equal(DashboardTests.ShownValues(await investigator.GetStringAsync(url)), DashboardTests.ShownValues(germanPage));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTheDashboardsWereShown_WhenARefitPublishesANewSnapshot_ThenTheNextRequestShowsIt(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var before = await SnapshotPublisher.PublishAsync(app.Services);
        var investigator = await app.SignInAsync("investigator@demo.rlms");
        foreach (var page in Pages)
        {
            Assert.Contains(before.Id.ToString(), await investigator.GetStringAsync(page), StringComparison.Ordinal);
        }

        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        (await dm.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "female", birthYear = 1966, consentStatus = "given" })).EnsureSuccessStatusCode();
        var after = await SnapshotPublisher.PublishAsync(app.Services);
        Assert.NotEqual(before.Id, after.Id);

        foreach (var page in Pages)
        {
            var html = await investigator.GetStringAsync(page);
            Assert.Contains(after.Id.ToString(), html, StringComparison.Ordinal);
            Assert.DoesNotContain(before.Id.ToString(), html, StringComparison.Ordinal);
        }

        foreach (var data in new[] { "/Dashboards/Cohort/primary/Km?by=overall", "/Dashboards/Cohort/primary/Cif?by=overall" })
        {
            using var json = JsonDocument.Parse(await investigator.GetStringAsync(data));
            Assert.Equal(after.Id, json.RootElement.GetProperty("snapshot").GetProperty("id").GetGuid());
        }
    }

    [Fact]
    public async Task GivenASnapshotWrittenByAnotherProcess_ThenThisNodeShowsItWithinTheCachesLifetime()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var cache = app.Services.GetRequiredService<SnapshotCache>();
        cache.NewestLifetime = TimeSpan.FromSeconds(1);
        cache.Forget(); // nothing remembered under the default lifetime by this class's earlier tests
        var before = await SnapshotPublisher.PublishAsync(app.Services);
        var investigator = await app.SignInAsync("investigator@demo.rlms");
        Assert.Contains(before.Id.ToString(), await investigator.GetStringAsync("/Dashboards/Cohort/primary"), StringComparison.Ordinal);

        // Another process (the CLI, another node) publishes: its save does not pass through this node's context.
        var copy = await app.Services.QueryAsync(db => db.AnalysisSnapshots.AsNoTracking().SingleAsync(s => s.Id == before.Id));
        copy.Id = Guid.CreateVersion7();
        copy.CreatedAt = DateTimeOffset.UtcNow;
        await using (var elsewhere = OtherProcessContext(app))
        {
            elsewhere.AnalysisSnapshots.Add(copy);
            await elsewhere.SaveChangesAsync();
        }

        Assert.Equal(copy.Id, await app.Services.QueryAsync(db => db.AnalysisSnapshots.OrderByDescending(s => s.CreatedAt).Select(s => s.Id).FirstAsync()));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string shown;
        while (!(shown = await investigator.GetStringAsync("/Dashboards/Cohort/primary")).Contains(copy.Id.ToString(), StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the other process's snapshot {copy.Id} (before: {before.Id}) did not show within the cache's lifetime (1 s); shown: {Regex.Match(shown, "Snapshots/([0-9a-f-]+)/Bundle").Groups[1].Value}, {Regex.Match(shown, "id=\"snapshot-time\">[^<]*").Value}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task GivenRegistryDataChangedByAnotherProcess_ThenTheOverviewSaysSoWithinTheCachesLifetime()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var cache = app.Services.GetRequiredService<SnapshotCache>();
        cache.NewestLifetime = TimeSpan.FromSeconds(1);
        cache.Forget();
        cache.ForgetDataMark();
        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        (await dm.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "male", birthYear = 1971, consentStatus = "given" })).EnsureSuccessStatusCode();
        await SnapshotPublisher.PublishAsync(app.Services);
        var investigator = await app.SignInAsync("investigator@demo.rlms");
        Assert.Contains("data-changed=\"false\"", await investigator.GetStringAsync("/Dashboards"), StringComparison.Ordinal);

        // Another process edits a patient (audited, but not through this node's context).
        await using (var elsewhere = OtherProcessContext(app))
        {
            var patient = await elsewhere.Patients.OrderBy(p => p.Id).FirstAsync();
            elsewhere.Entry(patient).Property(p => p.BirthYear).CurrentValue = patient.BirthYear + 1;
            await elsewhere.SaveChangesAsync();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(await investigator.GetStringAsync("/Dashboards")).Contains("data-changed=\"true\"", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), "another process's edit did not show on the overview within the cache's lifetime (1 s)");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task GivenASessionRevokedByAnotherNode_ThenThisNodeRefusesItWithinTheCachesLifetime()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        Assert.Equal(TimeSpan.FromSeconds(1), app.Services.GetRequiredService<SessionCheckCache>().Lifetime);
        var browser = await app.SignInAsync("investigator@demo.rlms");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Dashboards")).StatusCode);
        var userId = await app.Services.QueryAsync(db => db.Users.Where(u => u.Email == "investigator@demo.rlms").Select(u => u.Id).SingleAsync());

        // Another node signs the account's sessions out: an update this node's context never sees.
        await using (var elsewhere = OtherProcessContext(app))
        {
            await elsewhere.Set<UserSession>().Where(s => s.UserId == userId && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, DateTimeOffset.UtcNow));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await browser.GetAsync("/Dashboards")).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), "a session revoked elsewhere was still accepted after the cache's lifetime (1 s)");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task GivenAStampChangedInsideATransaction_ThenACheckRememberedBeforeTheCommitIsForgottenAtTheCommit()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var checks = app.Services.GetRequiredService<SessionCheckCache>();
        var session = Guid.NewGuid();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var user = new ApplicationUser($"stamp-{Guid.NewGuid():N}@demo.rlms");
        Assert.True((await users.CreateAsync(user)).Succeeded);
        var oldStamp = user.SecurityStamp!;
        checks.Remember(session, user.Id, oldStamp, DateTimeOffset.UtcNow.AddHours(1), checks.Generation);
        Assert.True(checks.IsKnownValid(session, user.Id, oldStamp));

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            Assert.True((await users.UpdateSecurityStampAsync(user)).Succeeded);
            Assert.False(checks.IsKnownValid(session, user.Id, oldStamp)); // forgotten at the save

            // A request on another connection reads the old stamp (not yet committed) and remembers its check.
            checks.Remember(session, user.Id, oldStamp, DateTimeOffset.UtcNow.AddHours(1), checks.Generation);
            Assert.True(checks.IsKnownValid(session, user.Id, oldStamp));
            await transaction.CommitAsync();
        }

        Assert.False(checks.IsKnownValid(session, user.Id, oldStamp)); // and forgotten again at the commit
    }

    [Fact]
    public void SessionCheckCache_RemembersOnlyWhatNothingChangedSince_AndOnlyForItsLifetime()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var cache = new SessionCheckCache(time) { Lifetime = TimeSpan.FromSeconds(5) };
        Guid session = Guid.NewGuid(), user = Guid.NewGuid();
        var expires = time.GetUtcNow().AddHours(1);

        // A check that began before a change cannot store its answer.
        var began = cache.Generation;
        cache.Forget();
        cache.Remember(session, user, "stamp", expires, began);
        Assert.False(cache.IsKnownValid(session, user, "stamp"));

        cache.Remember(session, user, "stamp", expires, cache.Generation);
        Assert.True(cache.IsKnownValid(session, user, "stamp"));
        Assert.False(cache.IsKnownValid(session, user, "another stamp"));
        Assert.False(cache.IsKnownValid(session, Guid.NewGuid(), "stamp"));
        Assert.False(cache.IsKnownValid(Guid.NewGuid(), user, "stamp"));
        Assert.False(cache.IsKnownValid(session, user, null));

        time.Now += TimeSpan.FromSeconds(5);
        Assert.False(cache.IsKnownValid(session, user, "stamp"));

        // Never beyond the session's own expiry, and not at all with a lifetime of zero.
        cache.Remember(session, user, "stamp", time.GetUtcNow().AddSeconds(1), cache.Generation);
        time.Now += TimeSpan.FromSeconds(2);
        Assert.False(cache.IsKnownValid(session, user, "stamp"));
        cache.Lifetime = TimeSpan.Zero;
        cache.Remember(session, user, "stamp", expires, cache.Generation);
        Assert.False(cache.IsKnownValid(session, user, "stamp"));
    }

    private static readonly string[] Pages = ["/Dashboards", "/Dashboards/Cohort/primary", "/Dashboards/Cohort/recurrent?by=fnclccGrade"];

    private static async Task<bool> SuppressedAsync(HttpClient browser, string url)
    {
        using var json = JsonDocument.Parse(await browser.GetStringAsync(url));
        return json.RootElement.GetProperty("smallCellsSuppressed").GetBoolean();
    }

    private static IEnumerable<string> Tokens(string html) =>
        AntiforgeryToken().Matches(html).Select(m => m.Groups[1].Value);

    /// <summary>A registry context as another process has it: same database, none of this node's caches.</summary>
    private static RegistryDbContext OtherProcessContext(RegistryAppFactory app)
    {
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        var builder = new DbContextOptionsBuilder<RegistryDbContext>();
        DatabaseSetup.Configure(builder, database.Provider, database.ConnectionString);
        var user = new CurrentUser(new Microsoft.AspNetCore.Http.HttpContextAccessor());
        user.ActAsSystem("system:other-node");
        return new RegistryDbContext(builder.Options, user);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>Hosts whose session checks are trusted for one second (the multi-node bound under test).</summary>
    public sealed class Hosts : AppHosts
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Security:SessionCheckCacheSeconds"] = "1" };
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
