using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>The dashboards (issue 7): numbers equal to the snapshot's, small cells, the data-changed flag, the JSON API.</summary>
public sealed partial class DashboardTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAPublishedSnapshot_WhenTheCohortPageIsShown_ThenEveryNumberIsTheSnapshots(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        await SnapshotPublisher.PublishAsync(app.Services);
        var results = await app.Services.LatestResultsAsync();
        var admin = await app.SignInAsync("admin@demo.rlms");

        foreach (var cohort in new[] { "primary", "recurrent" })
        {
            foreach (var by in new[] { "overall", "fnclccGrade", "centre", "resection", "nlr" })
            {
                var html = await admin.GetStringAsync($"/Dashboards/Cohort/{cohort}?by={by}");
                var shown = ShownValues(html);
                var expected = ExpectedValues(results, cohort, by);

                var wrong = expected.Where(e => !shown.TryGetValue(e.Key, out var v) || v != e.Value)
                    .Select(e => $"{e.Key}: snapshot {e.Value}, page {(shown.TryGetValue(e.Key, out var v) ? v : "(missing)")}").ToList();
                var unchecked_ = shown.Keys.Except(expected.Keys).ToList();
                Assert.True(wrong.Count == 0, $"{cohort}/{by}: numbers that differ from the snapshot:\n" + string.Join("\n", wrong));
                Assert.True(unchecked_.Count == 0, $"{cohort}/{by}: numbers on the page the test does not know:\n" + string.Join("\n", unchecked_));
                Assert.True(expected.Count > 40, "the comparison covers the page");

                // The figure's data (fetched by the page from the address in its island) carries the snapshot's curves unchanged.
                var src = WebUtility.HtmlDecode(Regex.Match(Island(html, "km", withTag: true), "data-src=\"([^\"]+)\"").Groups[1].Value);
                Assert.Equal($"/Dashboards/Cohort/{cohort}/Km?by={by}", src);
                using var figure = JsonDocument.Parse(await admin.GetStringAsync(src));
                var island = figure.RootElement.GetProperty("data");
                Assert.Equal(ShownValues(html)["km.tick.1"], island.GetProperty("ticks")[1].GetDouble().ToString("R", Inv));
                var set = results.Cohorts.Single(c => c.Cohort == cohort).Curves.Single(c => c.By == by);
                var groups = island.GetProperty("groups").EnumerateArray().ToList();
                Assert.Equal(set.Groups.Select(g => g.Group), groups.Select(g => g.GetProperty("group").GetString()));
                foreach (var (curve, json) in set.Groups.Zip(groups))
                {
                    Assert.Equal(curve.Points.Select(p => p.Time), json.GetProperty("time").EnumerateArray().Select(x => x.GetDouble()));
                    Assert.Equal(curve.Points.Select(p => p.Survival), json.GetProperty("survival").EnumerateArray().Select(x => x.GetDouble()));
                    Assert.Equal(curve.Points.Select(p => p.Lower), json.GetProperty("lower").EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? (double?)null : x.GetDouble()));
                    Assert.Equal(curve.Points.Select(p => p.Upper), json.GetProperty("upper").EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? (double?)null : x.GetDouble()));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAnInvestigator_ThenCountsBelowFiveAreShownAsLessThanFive_OnPagesAndInTheApi(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        await AddSmallCentreAsync(app); // the demo's two centres are large; a third with a handful of patients has small cells
        await SnapshotPublisher.PublishAsync(app.Services);
        var results = await app.Services.LatestResultsAsync();
        var primary = results.Cohorts.Single(c => c.Cohort == "primary");
        Assert.Contains(primary.PerCentre, c => c.Patients is > 0 and < 5);

        var page = ShownValues(await (await app.SignInAsync("investigator@demo.rlms")).GetStringAsync("/Dashboards/Cohort/primary?by=fnclccGrade"));
        foreach (var centre in primary.PerCentre)
        {
            Assert.Equal(centre.Patients is > 0 and < 5 ? "<5" : centre.Patients.ToString(Inv), page[$"centre.{centre.Centre}.patients"]);
        }

        var investigator = await app.CreateApiClientAsync("investigator@demo.rlms");
        using var km = JsonDocument.Parse(await investigator.GetStringAsync("/api/v1/dashboards/cohorts/primary/km?by=centre"));
        Assert.True(km.RootElement.GetProperty("smallCellsSuppressed").GetBoolean());
        var group = km.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "C09");
        Assert.Equal("<5", group.GetProperty("n").GetString());
        Assert.All(group.GetProperty("nRisk").EnumerateArray(), n => Assert.True(n.ValueKind == JsonValueKind.String ? n.GetString() == "<5" : n.GetInt32() is 0 or >= 5));

        var admin = await app.CreateApiClientAsync("admin@demo.rlms");
        using var adminKm = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/dashboards/cohorts/primary/km?by=centre"));
        Assert.False(adminKm.RootElement.GetProperty("smallCellsSuppressed").GetBoolean());
        Assert.Equal(
            primary.Curves.Single(c => c.By == "centre").Groups.Single(g => g.Group == "C09").N,
            adminKm.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "C09").GetProperty("n").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenEveryFigure_ThenItsJsonIsAtAStableApiUrl_AndBadNamesAre400(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var snapshot = await SnapshotPublisher.PublishAsync(app.Services);
        var api = await app.CreateApiClientAsync("investigator@demo.rlms");

        foreach (var url in new[]
                 {
                     "/api/v1/dashboards/overview", "/api/v1/dashboards/cohorts/primary", "/api/v1/dashboards/cohorts/recurrent/km?by=nlr",
                     "/api/v1/dashboards/cohorts/primary/models", "/api/v1/dashboards/paper", "/api/v1/dashboards/history",
                 })
        {
            using var body = JsonDocument.Parse(await api.GetStringAsync(url));
            Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("data").ValueKind);
            Assert.NotEqual(JsonValueKind.Null, body.RootElement.GetProperty("snapshot").ValueKind);
        }

        using var history = JsonDocument.Parse(await api.GetStringAsync("/api/v1/dashboards/history"));
        Assert.Contains(history.RootElement.GetProperty("data").GetProperty("snapshots").EnumerateArray(), s => s.GetProperty("id").GetGuid() == snapshot.Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/dashboards/cohorts/primary/km?by=favouriteColour")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/dashboards/cohorts/metastatic")).StatusCode);
        var browser = await app.SignInAsync("investigator@demo.rlms");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/dashboards/overview")).StatusCode); // ADR 0002: no cookies on the API
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAChangeAfterTheSnapshot_ThenTheOverviewSaysTheDataChanged_UntilTheNextSnapshot(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        await SnapshotPublisher.PublishAsync(app.Services);
        var investigator = await app.SignInAsync("investigator@demo.rlms");
        Assert.Contains("data-changed=\"false\"", await investigator.GetStringAsync("/Dashboards"), StringComparison.Ordinal);

        // Account activity is in the audit trail too (a failed sign-in counts against the account) but is not registry data.
        var trailBefore = await app.Services.QueryAsync(db => db.AuditEntries.CountAsync());
        var failed = await RegistryAppFactory.PostFormAsync(app.CreateBrowser(), "/Account/Login", "/Account/Login", new() { ["Email"] = "dm.c02@demo.rlms", ["Password"] = "Not-the-password-1!" });
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.True(await app.Services.QueryAsync(db => db.AuditEntries.CountAsync()) > trailBefore);
        Assert.Contains("data-changed=\"false\"", await investigator.GetStringAsync("/Dashboards"), StringComparison.Ordinal);

        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        using var centres = JsonDocument.Parse(await dm.GetStringAsync("/api/v1/centres"));
        var c01 = centres.RootElement.EnumerateArray().Single(c => c.GetProperty("code").GetString() == "C01").GetProperty("id").GetString();
        (await dm.PostAsJsonAsync("/api/v1/patients", new { centreId = c01, sex = "male", birthYear = 1970, consentStatus = "given" })).EnsureSuccessStatusCode();

        Assert.Contains("data-changed=\"true\"", await investigator.GetStringAsync("/Dashboards"), StringComparison.Ordinal);
        await SnapshotPublisher.PublishAsync(app.Services);
        Assert.Contains("data-changed=\"false\"", await investigator.GetStringAsync("/Dashboards"), StringComparison.Ordinal);
        foreach (var page in new[] { "/Dashboards/Paper", "/Dashboards/History", "/Dashboards/Cohort/recurrent" })
        {
            Assert.Equal(HttpStatusCode.OK, (await investigator.GetAsync(page)).StatusCode);
        }
    }

    [Fact]
    public void RegistryDataEntities_AreExactlyTheDomainsStoredEntities()
    {
        using var db = new RegistryDbContext(
            new DbContextOptionsBuilder<RegistryDbContext>().UseSqlite("Data Source=:memory:").Options, new CurrentUser(new Microsoft.AspNetCore.Http.HttpContextAccessor()));
        var domain = typeof(RlmsRegistry.Domain.Patients.Patient).Assembly;

        var stored = db.Model.GetEntityTypes().Where(t => t.ClrType.Assembly == domain && !t.IsOwned()).Select(t => t.ClrType.Name);

        var classified = RlmsRegistry.Application.Audit.AuditEntry.RegistryDataEntities.Concat(RlmsRegistry.Application.Audit.AuditEntry.MonitoringEntities);
        Assert.Equal(stored.Order(StringComparer.Ordinal), classified.Order(StringComparer.Ordinal));
    }

    internal static async Task AddSmallCentreAsync(RegistryAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test");
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        if (await db.Centres.AnyAsync(c => c.Code == "C09"))
        {
            return;
        }

        var centre = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>()
            .Send(new RlmsRegistry.Application.Centres.Commands.CreateCentre.CreateCentreCommand("C09", "Small synthetic centre"));
        var writer = new RlmsRegistry.Infrastructure.Synthetic.SyntheticRegistryWriter(app.Services.GetRequiredService<IServiceScopeFactory>());
        await writer.WriteCasesAsync(new RlmsRegistry.Application.Synthetic.SyntheticRegistryOptions { Patients = 4, Centres = 1, Seed = 3 }, [centre.Id],
            RlmsRegistry.Infrastructure.Synthetic.SyntheticWriteMode.Bulk, "system:test");
    }

    /// <summary>Every <c>data-key</c>/<c>data-value</c> pair on the page (a key shown twice must show the same value).</summary>
    internal static Dictionary<string, string> ShownValues(string html)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in KeyValue().Matches(html))
        {
            var key = WebUtility.HtmlDecode(m.Groups[1].Value);
            var value = WebUtility.HtmlDecode(m.Groups[2].Value);
            if (values.TryGetValue(key, out var seen) && seen != value)
            {
                throw new InvalidOperationException($"{key} is shown as both {seen} and {value}");
            }

            values[key] = value;
        }

        return values;
    }

    internal static string Island(string html, string figure, bool withTag = false) =>
        Regex.Match(html, $"<script type=\"application/json\" data-figure=\"{figure}\"[^>]*>(.*?)</script>", RegexOptions.Singleline).Groups[withTag ? 0 : 1].Value;

    /// <summary>What the cohort page must show, built from the snapshot independently of the page's code.</summary>
    internal static Dictionary<string, string> ExpectedValues(AnalysisResults results, string cohort, string by)
    {
        var c = results.Cohorts.Single(x => x.Cohort == cohort);
        var e = new Dictionary<string, string>(StringComparer.Ordinal);
        void N(string k, double? v) => e[k] = v is { } x ? x.ToString("R", Inv) : string.Empty;
        void I(string k, int v) => e[k] = v.ToString(Inv);
        void Ci(string k, double? v, double? lo, double? hi)
        {
            N(k + ".value", v);
            if (v is not null)
            {
                N(k + ".lower", lo);
                N(k + ".upper", hi);
            }
        }

        I("patients", c.Patients);
        I("events", c.Events);
        I("censored", c.Censored);
        N("censoredShare", c.CensoredShare);
        Ci("medianOs", c.MedianOs?.Value, c.MedianOs?.Lower, c.MedianOs?.Upper);
        foreach (var s in c.SurvivalAtTimes)
        {
            var k = "os." + s.Months.ToString("0.##", Inv);
            Ci(k, s.Survival * 100, s.Lower * 100, s.Upper * 100);
            I(k + ".nRisk", s.NRisk);
        }

        N("followUp.median", c.MedianFollowUp?.Median);
        N("followUp.q25", c.MedianFollowUp?.Q25);
        N("followUp.q75", c.MedianFollowUp?.Q75);

        var set = c.Curves.Single(x => x.By == by);
        var (_, ticks) = DashboardFigures.Axis(set.Groups.SelectMany(g => g.Points).Select(p => p.Time).DefaultIfEmpty(0).Max());
        for (var i = 0; i < ticks.Count; i++)
        {
            N("km.tick." + i, ticks[i]);
        }

        if (set.LogRank is { } lr)
        {
            N("km.logRank.chisq", lr.Statistic);
            N("km.logRank.p", lr.P);
        }

        foreach (var g in set.Groups)
        {
            var k = "km." + g.Group;
            I(k + ".n", g.N);
            I(k + ".events", g.Events);
            Ci(k + ".median", g.Median.Value, g.Median.Lower, g.Median.Upper);
            for (var i = 0; i < ticks.Count; i++)
            {
                I(k + ".atRisk." + i, g.Points.FirstOrDefault(p => p.Time >= ticks[i])?.NRisk ?? 0);
            }
        }

        void Model(CoxModelResult m, string key, bool robust)
        {
            I(key + ".n", m.N);
            I(key + ".events", m.Events);
            N(key + ".lrtP", m.LikelihoodRatioTest.P);
            N(key + ".phP", m.ProportionalHazards?.Global.P);
            N(key + ".epv", m.EventsPerVariable);
            if (m.Concordance is { } cc)
            {
                N(key + ".c", cc.C);
                N(key + ".cSe", cc.Se);
            }
        }

        foreach (var m in c.Univariable)
        {
            Model(m, "uni." + m.Factors[0], false);
            foreach (var t in m.Terms)
            {
                Ci($"uni.{t.Term}.hr", t.HazardRatio, t.Lower95, t.Upper95);
                N($"uni.{t.Term}.p", t.P);
            }
        }

        foreach (var (m, key) in new[] { (c.Multivariable, "multi"), (c.MultivariableStratifiedByCentre, "strat"), (c.MultivariableClusteredByCentre, "clust") })
        {
            if (m is null)
            {
                continue;
            }

            Model(m, key, key == "clust");
            I(key + ".excluded", m.ExcludedMissing);
            foreach (var t in m.Terms)
            {
                Ci($"{key}.{t.Term}.hr", t.HazardRatio, t.Lower95, t.Upper95);
                N($"{key}.{t.Term}.coef", t.Coef);
                N($"{key}.{t.Term}.se", key == "clust" ? t.RobustSe ?? t.Se : t.Se);
                N($"{key}.{t.Term}.p", t.P);
            }
        }

        var columns = results.Cohorts.Where(x => x.Baseline is not null).Select(x => (Name: DashboardFigures.Capitalize(x.Cohort), Table: x.Baseline!)).ToList();
        if (results.BaselineOverall is { } overall)
        {
            columns.Add(("Overall", overall));
        }

        foreach (var (name, table) in columns)
        {
            I($"baseline.{name}.rows", table.Rows);
            foreach (var v in table.Variables)
            {
                var k = $"baseline.{name}.{v.Key}";
                I(k + ".missing", v.Missing);
                if (v.Summary is { } q)
                {
                    N(k + ".median", q.Median);
                    N(k + ".q25", q.Q25);
                    N(k + ".q75", q.Q75);
                }

                foreach (var l in v.Levels)
                {
                    I($"{k}.{l.Level}.n", l.N);
                    if (v.Available > 0)
                    {
                        N($"{k}.{l.Level}.share", (double)l.N / v.Available);
                    }
                }
            }
        }

        foreach (var p in c.PerCentre)
        {
            I($"centre.{p.Centre}.patients", p.Patients);
            I($"centre.{p.Centre}.events", p.Events);
            I($"centre.{p.Centre}.censored", p.Censored);
        }

        foreach (var m in c.Missing)
        {
            I("missing." + m.Variable, m.Missing);
        }

        CumulativeIncidenceDashboardTests.AddExpected(e, c, "overall"); // the competing-risks section (overall unless ?cif=)
        AddValidationValues(c, e);
        return e;
    }

    [GeneratedRegex("data-key=\"([^\"]*)\" data-value=\"([^\"]*)\"")]
    private static partial Regex KeyValue();
}
