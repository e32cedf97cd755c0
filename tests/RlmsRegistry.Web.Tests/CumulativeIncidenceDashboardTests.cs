using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>The cohort page's competing-risks section (issue 13): every number is the snapshot's, for every grouping.</summary>
public sealed class CumulativeIncidenceDashboardTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAPublishedSnapshot_WhenTheCohortPageShowsCumulativeIncidence_ThenEveryNumberIsTheSnapshots(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        await SnapshotPublisher.PublishAsync(app.Services);
        var results = await app.Services.LatestResultsAsync();
        var admin = await app.SignInAsync("admin@demo.rlms");

        foreach (var cohort in new[] { "primary", "recurrent" })
        {
            var c = results.Cohorts.Single(x => x.Cohort == cohort);
            foreach (var by in new[] { "overall", "fnclccGrade", "resection" })
            {
                var html = await admin.GetStringAsync($"/Dashboards/Cohort/{cohort}?by=centre&cif={by}");
                var shown = DashboardTests.ShownValues(html).Where(kv => kv.Key.StartsWith("cif.", StringComparison.Ordinal) || kv.Key.StartsWith("fg.", StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
                var expected = new Dictionary<string, string>(StringComparer.Ordinal);
                AddExpected(expected, c, by);

                var wrong = expected.Where(e => !shown.TryGetValue(e.Key, out var v) || v != e.Value)
                    .Select(e => $"{e.Key}: snapshot {e.Value}, page {(shown.TryGetValue(e.Key, out var v) ? v : "(missing)")}").ToList();
                Assert.True(wrong.Count == 0, $"{cohort}/{by}: numbers that differ from the snapshot:\n" + string.Join("\n", wrong));
                Assert.Empty(shown.Keys.Except(expected.Keys));
                Assert.True(expected.Count > 60, $"{cohort}/{by}: the comparison covers the section ({expected.Count})");

                // The KM choice is kept by the CIF selector, and the figure's data (fetched by the page from the address
                // in its island, not carried in every page) holds the snapshot's curves.
                Assert.Contains("<input type=\"hidden\" name=\"by\" value=\"centre\" />", html, StringComparison.Ordinal);
                var src = WebUtility.HtmlDecode(Regex.Match(DashboardTests.Island(html, "cif", withTag: true), "data-src=\"([^\"]+)\"").Groups[1].Value);
                Assert.Equal($"/Dashboards/Cohort/{cohort}/Cif?by={by}", src);
                Assert.Empty(DashboardTests.Island(html, "cif").Trim());
                var island = await admin.GetStringAsync(src);
                using (var figure = System.Text.Json.JsonDocument.Parse(island))
                {
                    Assert.Equal(by, figure.RootElement.GetProperty("data").GetProperty("by").GetString());
                }

                var set = c.CompetingRisks!.CurveSets.Single(s => s.By == by);
                foreach (var g in set.Groups)
                {
                    foreach (var curve in g.Causes)
                    {
                        var first = curve.Incidence.FirstOrDefault(x => x > 0);
                        Assert.Contains(first.ToString("R", Inv), island, StringComparison.Ordinal);
                    }
                }
            }
        }

        // The clustered (robust-variance) Cox model on the demo's two centres carries the few-clusters warning.
        var primaryPage = await admin.GetStringAsync("/Dashboards/Cohort/primary");
        Assert.Matches(new Regex("data-model=\"clustered\">[^<]*rests on only 2 clusters \\(fewer than 10\\)", RegexOptions.IgnoreCase), primaryPage);
    }

    [Fact]
    public async Task GivenAnUnknownGrouping_WhenTheCohortPageIsShown_ThenTheOverallCurvesAreShown()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        await SnapshotPublisher.PublishAsync(app.Services);
        var admin = await app.SignInAsync("investigator@demo.rlms");

        var html = await admin.GetStringAsync("/Dashboards/Cohort/primary?cif=centre%3Cscript%3E");

        Assert.Contains("<option value=\"overall\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("centre<script>", html, StringComparison.Ordinal);
    }

    /// <summary>What the competing-risks section shows for <paramref name="by"/>, built from the snapshot independently of the page's code.</summary>
    internal static void AddExpected(Dictionary<string, string> e, CohortResults c, string by)
    {
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

        if (c.CompetingRisks is not { } cr)
        {
            return;
        }

        I("cif.patients", cr.Patients);
        I("cif.censored", cr.Censored);
        foreach (var cause in cr.Causes)
        {
            I($"cif.{cause.Key}.events", cause.Events);
        }

        var set = cr.CurveSets.Single(s => s.By == by);
        if (set.Groups.Count > 0)
        {
            var (_, ticks) = DashboardFigures.Axis(set.Groups.Max(g => g.MaxTime));
            for (var i = 0; i < ticks.Count; i++)
            {
                N("cif.tick." + i, ticks[i]);
            }

            foreach (var t in set.GrayTests)
            {
                var key = "cif.gray." + cr.Causes.Single(x => x.Code == t.Cause).Key;
                N(key + ".chisq", t.Statistic);
                N(key + ".p", t.P);
            }

            foreach (var g in set.Groups)
            {
                var k = "cif." + g.Group;
                I(k + ".n", g.N);
                for (var i = 0; i < ticks.Count; i++)
                {
                    var at = g.RiskTimes.Select((time, j) => (time, j)).FirstOrDefault(x => x.time >= ticks[i], (0, -1)).Item2;
                    I(k + ".atRisk." + i, at < 0 ? 0 : g.NRisk[at]);
                }

                foreach (var curve in g.Causes)
                {
                    var ck = cr.Causes.Single(x => x.Code == curve.Cause).Key;
                    I($"{k}.{ck}.events", curve.Events);
                    foreach (var a in curve.AtTimes)
                    {
                        Ci($"{k}.{ck}.{a.Months.ToString("0.##", Inv)}", a.Incidence * 100, a.Lower * 100, a.Upper * 100);
                    }
                }
            }
        }

        foreach (var m in cr.Models)
        {
            var key = "fg." + cr.Causes.Single(x => x.Code == m.Cause).Key;
            I(key + ".n", m.N);
            I(key + ".events", m.Events);
            I(key + ".competing", m.CompetingEvents);
            I(key + ".excluded", m.ExcludedMissing);
            N(key + ".epv", m.EventsPerVariable);
            foreach (var t in m.Terms)
            {
                Ci($"{key}.{t.Term}.hr", t.HazardRatio, t.Lower95, t.Upper95);
                N($"{key}.{t.Term}.coef", t.Coef);
                N($"{key}.{t.Term}.se", t.Se);
                N($"{key}.{t.Term}.p", t.P);
            }
        }
    }
}
