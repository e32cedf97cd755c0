using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Browser.Tests;

/// <summary>
/// The dashboards' figures as an investigator would put them in a paper (issue 18): the forest plot's layout measured
/// from the rendered SVG, and the text of every dashboard page free of the glitches the issue lists.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicationFigureBrowserTests(BrowserApp app)
{
    [BrowserFact]
    public async Task GivenTheForestPlots_ThenNoTextOverlapsALineOrMark_TheAxisBracketsTheLimitsWithinOneTick_AndEachCategoricalFactorHasOneReferenceRow()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        var results = await app.Services.LatestResultsAsync();
        await using var browser = await app.NewBrowserAsync();
        var (page, problems) = await app.SignInAsync(browser, "investigator@demo.rlms");

        var checkedPlots = 0;
        foreach (var cohort in new[] { "primary", "recurrent" })
        {
            await page.GotoAsync($"{app.BaseUrl}/Dashboards/Cohort/{cohort}");
            await FiguresReadyAsync(page);
            var model = results.Cohorts.Single(c => c.Cohort == cohort).Multivariable;
            foreach (var chart in new[] { "forest-chart", "forest-uni-chart" })
            {
                if (await page.Locator($"#{chart}").CountAsync() == 0)
                {
                    Assert.True(chart != "forest-chart" || model is null, $"{cohort}: a multivariable model exists but no forest plot is shown");
                    continue;
                }

                checkedPlots++;
                var island = JsonDocument.Parse(await page.InnerTextAsync($"script[data-target={chart}]")).RootElement;
                var layout = await LayoutAsync(page, chart);
                var what = $"{cohort}/{chart}";

                // 1. No text crosses a line or a mark, and no two texts overlap.
                foreach (var t in layout.Texts)
                {
                    foreach (var m in layout.Marks)
                    {
                        Assert.False(t.Overlaps(m), $"{what}: text '{t.Name}' {t} overlaps the {m.Name} {m}");
                    }
                }

                for (var i = 0; i < layout.Texts.Count; i++)
                {
                    for (var j = i + 1; j < layout.Texts.Count; j++)
                    {
                        Assert.False(layout.Texts[i].Overlaps(layout.Texts[j]), $"{what}: '{layout.Texts[i].Name}' overlaps '{layout.Texts[j].Name}'");
                    }
                }

                // 2. The axis ends are ticks bracketing every CI (and HR = 1) with no tick between an end and the data.
                var rows = island.GetProperty("rows").EnumerateArray().ToList();
                var lowers = rows.Where(r => r.GetProperty("lower95").ValueKind == JsonValueKind.Number).Select(r => r.GetProperty("lower95").GetDouble()).Append(1.0).ToList();
                var uppers = rows.Where(r => r.GetProperty("upper95").ValueKind == JsonValueKind.Number).Select(r => r.GetProperty("upper95").GetDouble()).Append(1.0).ToList();
                var ticks = layout.TickLabels.Select(t => double.Parse(t.Name, CultureInfo.InvariantCulture)).ToList();
                var allTicks = island.GetProperty("ticks").EnumerateArray().Select(t => t.GetDouble()).ToList();
                Assert.True(ticks.Count >= 2, $"{what}: the axis has labelled ends");
                Assert.Equal(allTicks[0], ticks[0]);
                Assert.Equal(allTicks[^1], ticks[^1]);
                Assert.True(allTicks[0] <= lowers.Min() * (1 + 1e-9), $"{what}: the axis starts at {allTicks[0]}, above the smallest limit {lowers.Min()}");
                Assert.True(allTicks[1] > lowers.Min(), $"{what}: the tick {allTicks[1]} lies between the axis start and the smallest limit {lowers.Min()}");
                Assert.True(allTicks[^1] >= uppers.Max() * (1 - 1e-9), $"{what}: the axis ends at {allTicks[^1]}, below the largest limit {uppers.Max()}");
                Assert.True(allTicks[^2] < uppers.Max(), $"{what}: the tick {allTicks[^2]} lies between the largest limit {uppers.Max()} and the axis end");
                var axis = layout.Marks.Single(m => m.Name == "axis-line");
                foreach (var ci in layout.Marks.Where(m => m.Name is "ci" or "hr-mark"))
                {
                    Assert.True(ci.Left >= axis.Left - 5 && ci.Right <= axis.Right + 5, $"{what}: a {ci.Name} {ci} runs outside the axis {axis}");
                }

                // 3. One reference row per categorical factor, marked "reference" and drawn without a mark.
                var factors = rows.Select(r => r.GetProperty("factor").GetString()!).Distinct().ToList();
                foreach (var factor in factors)
                {
                    var categorical = AnalysisFactors.Find(factor)?.IsCategorical == true;
                    var references = rows.Count(r => r.GetProperty("factor").GetString() == factor && r.GetProperty("isReference").GetBoolean());
                    Assert.Equal(categorical ? 1 : 0, references);
                }

                Assert.Equal(rows.Count(r => r.GetProperty("isReference").GetBoolean()), layout.ReferenceRows);
                Assert.All(layout.ReferenceHrTexts, t => Assert.Equal("reference", t));
                Assert.Equal(rows.Count, layout.Rows);
                Assert.True(layout.DashedReferenceLine, $"{what}: the HR = 1 line is dashed");
                if (chart == "forest-chart" && cohort == "primary")
                {
                    Assert.Contains(factors, f => AnalysisFactors.Find(f)?.IsCategorical == true); // the demo's primary model holds FNCLCC grade
                }

                if (chart == "forest-chart")
                {
                    var footer = string.Join(" ", layout.Footer);
                    Assert.Contains("AIC", footer, StringComparison.Ordinal);
                    Assert.Contains("concordance", footer, StringComparison.Ordinal);
                    Assert.Contains("log-rank", footer, StringComparison.Ordinal);
                }

                await page.Locator($"#{chart}").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"forest-{cohort}-{chart}.png") });
            }
        }

        Assert.True(checkedPlots >= 3, $"forest plots were drawn ({checkedPlots})");
        Assert.True(problems.Count == 0, "script errors or CSP violations:\n" + string.Join("\n", problems));
    }

    [BrowserFact]
    public async Task GivenAnInvestigator_ThenTheAccrualFigureShowsEveryYearWithAPatient_AndNoCountOf1To4IsReadableInItsSvgTooltipsOrTable()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        var overview = (await app.Services.LatestResultsAsync()).Overview!;
        var yearsWithPatients = overview.Accrual.Where(a => a.Patients > 0).Select(a => a.Year.ToString(CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.Contains(overview.Accrual, a => a.Patients is > 0 and < 5); // the demo has small cells, so the test is not vacuous
        await using var browser = await app.NewBrowserAsync();
        var (page, problems) = await app.SignInAsync(browser, "investigator@demo.rlms");
        await page.SetViewportSizeAsync(1400, 900);
        await page.GotoAsync(app.BaseUrl + "/Dashboards");
        await FiguresReadyAsync(page);

        var figure = await page.EvaluateAsync<JsonElement>(
            """
            () => {
                const chart = echarts.getInstanceByDom(document.getElementById("accrual-chart"));
                const option = chart.getOption();
                const years = option.xAxis[0].data;
                const series = option.series.map(s => s.data.map(v => (v === null || v === undefined || v === "-") ? null : Number(typeof v === "object" ? v.value : v)));
                const tips = years.map((_, i) => {
                    const s = series.findIndex(d => d[i] !== null);
                    if (s < 0) { return ""; }
                    chart.dispatchAction({ type: "showTip", seriesIndex: s, dataIndex: i });
                    const tip = document.querySelector(".accrual-tooltip");
                    return tip ? tip.innerText : "(no tooltip)";
                });
                chart.dispatchAction({ type: "hideTip" });
                return {
                    years: years,
                    series: series,
                    tips: tips,
                    svg: [...document.querySelectorAll("#accrual-chart svg text")].map(t => t.textContent),
                    table: [...document.querySelectorAll("#accrual-table td")].map(t => t.textContent.trim()),
                    tableRight: document.getElementById("accrual-table").getBoundingClientRect().right,
                    cardRight: document.querySelector(".accrual-figure").getBoundingClientRect().right,
                };
            }
            """);
        var years = figure.GetProperty("years").EnumerateArray().Select(y => y.GetString()!).ToList();
        var series = figure.GetProperty("series").EnumerateArray().Select(s => s.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null).ToList()).ToList();
        foreach (var year in yearsWithPatients)
        {
            var i = years.IndexOf(year);
            Assert.True(i >= 0, $"{year} has patients but is not on the axis");
            Assert.True(series.Any(s => s[i] is > 0), $"{year} has patients but no bar");
        }

        // Drawn heights: exact counts of 5 or more, or the fixed nominal height of a "<5" cell — never 1, 2, 3 or 4.
        Assert.All(series.SelectMany(s => s).OfType<double>(), v => Assert.True(v >= 5 || v == 2.5, $"a bar of height {v}"));
        var smallCount = new System.Text.RegularExpressions.Regex(@"(?<![\d.,])[1-4](?![\d.,])");
        var tips = figure.GetProperty("tips").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(years.Count, tips.Count);
        foreach (var (text, where) in figure.GetProperty("svg").EnumerateArray().Select(t => (t.GetString()!, "SVG"))
                     .Concat(tips.Select(t => (t, "tooltip")))
                     .Concat(figure.GetProperty("table").EnumerateArray().Select(t => (t.GetString()!, "table"))))
        {
            Assert.False(smallCount.IsMatch(text), $"a count of 1–4 is readable in the {where}: \"{text}\"");
        }

        Assert.Contains(tips, t => t.Contains("<5", StringComparison.Ordinal));
        Assert.Contains("<5", figure.GetProperty("table").EnumerateArray().Select(t => t.GetString()));
        Assert.True(figure.GetProperty("tableRight").GetDouble() <= figure.GetProperty("cardRight").GetDouble() + 0.5, "the accrual table fits its card at 1400 px");
        await page.Locator(".accrual-figure").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, "accrual-investigator.png") });
        Assert.True(problems.Count == 0, "script errors or CSP violations:\n" + string.Join("\n", problems));
    }

    [BrowserFact]
    public async Task GivenEveryDashboardPage_ThenItsTextHasNoneOfTheGlitchesOfIssue18()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        await using var browser = await app.NewBrowserAsync();
        var (page, _) = await app.SignInAsync(browser, "investigator@demo.rlms");
        string[] glitches = ["–—", "—)", "––", "= <", "p = p", "(s)", "fnclcc", ".<", "NaN", "undefined", "Infinity"];
        foreach (var path in new[] { "/Dashboards", "/Dashboards/Cohort/primary?by=fnclccGrade", "/Dashboards/Cohort/primary?by=nlr", "/Dashboards/Cohort/recurrent", "/Dashboards/Paper" })
        {
            await page.GotoAsync(app.BaseUrl + path);
            await FiguresReadyAsync(page);
            var text = await page.EvaluateAsync<string>("() => document.querySelector('main').innerText + '\\n' + [...document.querySelectorAll('svg text')].map(t => t.textContent).join('\\n')");
            foreach (var glitch in glitches)
            {
                var at = text.IndexOf(glitch, StringComparison.Ordinal);
                Assert.True(at < 0, $"{path}: '{glitch}' in \"…{text.Substring(Math.Max(0, at - 40), Math.Min(80, text.Length - Math.Max(0, at - 40)))}…\"");
            }
        }
    }

    private static async Task FiguresReadyAsync(IPage page) =>
        await page.WaitForSelectorAsync("html[data-figures-ready=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 15000 });

    private static async Task<ForestLayout> LayoutAsync(IPage page, string chart)
    {
        var json = await page.EvaluateAsync<JsonElement>(
            """
            (id) => {
                const svg = document.querySelector("#" + id + " svg");
                const box = (e, name) => { const r = e.getBoundingClientRect(); return { name: name, left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
                const cls = (e) => [...e.classList].find(c => c !== "mark") || "mark";
                return {
                    texts: [...svg.querySelectorAll("text")].filter(t => t.textContent.trim() !== "").map(t => box(t, t.textContent)),
                    marks: [...svg.querySelectorAll(".mark")].map(m => box(m, cls(m))),
                    ticks: [...svg.querySelectorAll("text.tick-label")].map(t => box(t, t.textContent)),
                    rows: svg.querySelectorAll("g.forest-row").length,
                    referenceRows: svg.querySelectorAll("g.forest-row.reference").length,
                    referenceTexts: [...svg.querySelectorAll("g.forest-row.reference text.hr")].map(t => t.textContent),
                    dashed: (svg.querySelector("line.reference-line")?.getAttribute("stroke-dasharray") || "") !== "",
                    footer: [...svg.querySelectorAll("text.footer")].map(t => t.textContent),
                };
            }
            """, chart);
        static List<Box> Boxes(JsonElement e) => e.EnumerateArray().Select(b => new Box(
            b.GetProperty("name").GetString()!, b.GetProperty("left").GetDouble(), b.GetProperty("right").GetDouble(), b.GetProperty("top").GetDouble(), b.GetProperty("bottom").GetDouble())).ToList();
        return new ForestLayout(
            Boxes(json.GetProperty("texts")),
            Boxes(json.GetProperty("marks")),
            Boxes(json.GetProperty("ticks")),
            json.GetProperty("rows").GetInt32(),
            json.GetProperty("referenceRows").GetInt32(),
            json.GetProperty("referenceTexts").EnumerateArray().Select(t => t.GetString()!).ToList(),
            json.GetProperty("dashed").GetBoolean(),
            json.GetProperty("footer").EnumerateArray().Select(t => t.GetString()!).ToList());
    }

    private sealed record ForestLayout(List<Box> Texts, List<Box> Marks, List<Box> TickLabels, int Rows, int ReferenceRows, List<string> ReferenceHrTexts, bool DashedReferenceLine, List<string> Footer);

    /// <summary>A bounding box; a line's box (zero height or width) is widened by its half stroke so touching counts.</summary>
    private sealed record Box(string Name, double Left, double Right, double Top, double Bottom)
    {
        public bool Overlaps(Box o)
        {
            const double half = 0.75;
            return Left - half < o.Right + half && o.Left - half < Right + half && Top - half < o.Bottom + half && o.Top - half < Bottom + half;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Left:0.#}–{Right:0.#} × {Top:0.#}–{Bottom:0.#}]");
    }
}
