using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Playwright;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Browser.Tests;

/// <summary>
/// The cohort page's cumulative incidence figure in Chromium (issue 13): curves per group and cause, the number-at-risk
/// table under the x-axis ticks, small counts suppressed for investigators, SVG and PNG downloads, no script errors.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CumulativeIncidenceBrowserTests(BrowserApp app)
{
    [BrowserFact]
    public async Task GivenAnInvestigator_WhenTheyShowCumulativeIncidenceByGrade_ThenEachGradeHasItsCurvesAndARiskTableUnderTheTicks_AndTheFigureDownloads()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        var results = await app.Services.LatestResultsAsync();
        var cr = results.Cohorts.Single(c => c.Cohort == "primary").CompetingRisks!;
        var set = cr.CurveSets.Single(s => s.By == "fnclccGrade");
        Assert.True(set.Groups.Count >= 2, "the demo has several grades");
        await using var browser = await app.NewBrowserAsync();
        var (page, problems) = await app.SignInAsync(browser, "investigator@demo.rlms");

        await page.GotoAsync(app.BaseUrl + "/Dashboards/Cohort/primary?by=centre");
        await FiguresReadyAsync(page);
        Assert.Contains("Cumulative incidence · All patients", await SvgTextAsync(page), StringComparison.Ordinal);
        await page.SelectOptionAsync("#cif-by", "fnclccGrade"); // the selector reloads the page, keeping the Kaplan–Meier choice
        await page.WaitForURLAsync("**/Dashboards/Cohort/primary?by=centre&cif=fnclccGrade");
        await FiguresReadyAsync(page);

        var texts = await SvgTextsAsync(page, "#cif-chart");
        Assert.Contains(texts, t => t.Text == "Number at risk");
        var expectedLegend = set.Groups.SelectMany(g => g.Causes.Select(c => $"{g.Group} · {cr.Causes.Single(x => x.Code == c.Cause).Label}")).ToList();
        Assert.Equal(expectedLegend, texts.Where(t => t.Text.Contains(" · ", StringComparison.Ordinal) && !t.Text.StartsWith("Cumulative", StringComparison.Ordinal) && !t.Text.StartsWith("Gray", StringComparison.Ordinal)).Select(t => t.Text).ToList());
        Assert.Contains(texts, t => t.Text.StartsWith("Gray's test, local recurrence", StringComparison.Ordinal));
        Assert.Equal(set.Groups.Count, await page.Locator("#cif-table tr.cif-group").CountAsync());

        // The risk table: one line of numbers per grade under the x-axis line, each number under its tick (1 px).
        var src = await page.GetAttributeAsync("script[data-figure=cif]", "data-src");
        using var island = JsonDocument.Parse(await page.EvaluateAsync<string>("(src) => fetch(src).then(r => r.text())", src));
        var ticks = island.RootElement.GetProperty("data").GetProperty("ticks").EnumerateArray()
            .Select(t => t.GetDouble().ToString(CultureInfo.InvariantCulture)).ToList();
        var lines = texts.Where(t => t.Text == "<5" || (t.Text.Length > 0 && t.Text.All(char.IsAsciiDigit)))
            .GroupBy(t => Math.Round(t.Y)).OrderBy(g => g.Key).Select(g => g.OrderBy(t => t.X).ToList()).ToList();
        Assert.Equal(1 + set.Groups.Count, lines.Count);
        Assert.Equal(ticks, lines[0].Select(t => t.Text));
        foreach (var row in lines.Skip(1))
        {
            Assert.Equal(lines[0].Count, row.Count);
            foreach (var (tick, number) in lines[0].Zip(row))
            {
                Assert.True(Math.Abs(tick.X - number.X) <= 1.0, $"at-risk {number.Text} at x = {number.X:0.##}, tick {tick.Text} at x = {tick.X:0.##}");

                // Small cells: an investigator never reads a count of 1–4.
                Assert.True(number.Text == "<5" || int.Parse(number.Text, CultureInfo.InvariantCulture) is 0 or >= 5, $"count {number.Text} shown");
            }
        }

        Assert.Contains(lines.Skip(1).SelectMany(r => r), t => t.Text == "<5"); // the grades' risk sets dwindle below 5 at the tail

        var svgDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-download=svg][data-chart=cif-chart]"));
        Assert.EndsWith("-cif-fnclccGrade.svg", svgDownload.SuggestedFilename, StringComparison.Ordinal);
        var svgPath = Path.Combine(BrowserApp.ScreenshotDirectory, "cif-primary-grade.svg");
        await svgDownload.SaveAsAsync(svgPath);
        var svg = XDocument.Load(svgPath);
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root!.Name);
        Assert.Contains(svg.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")), t => t.Value == "Number at risk");
        var pngDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-download=png][data-chart=cif-chart]"));
        var pngPath = Path.Combine(BrowserApp.ScreenshotDirectory, "cif-primary-grade.png");
        await pngDownload.SaveAsAsync(pngPath);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await File.ReadAllBytesAsync(pngPath))[..4]);
        await page.Locator("#competing-risks").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, "cif-primary-grade-section.png") });

        Assert.True(problems.Count == 0, "script errors or CSP violations:\n" + string.Join("\n", problems));
    }

    private static async Task FiguresReadyAsync(IPage page) =>
        await page.WaitForSelectorAsync("html[data-figures-ready=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 15000 });

    private static async Task<string> SvgTextAsync(IPage page) =>
        string.Join("\n", (await SvgTextsAsync(page, "#cif-chart")).Select(t => t.Text));

    private static async Task<List<SvgText>> SvgTextsAsync(IPage page, string chart)
    {
        var json = await page.EvaluateAsync<JsonElement>(
            """
            (selector) => [...document.querySelectorAll(selector + " svg text")].map(t => {
                const r = t.getBoundingClientRect();
                return { text: t.textContent.trim(), x: r.left + r.width / 2, y: r.top + r.height / 2 };
            })
            """, chart);
        return json.EnumerateArray().Select(e => new SvgText(e.GetProperty("text").GetString()!, e.GetProperty("x").GetDouble(), e.GetProperty("y").GetDouble())).ToList();
    }

    private sealed record SvgText(string Text, double X, double Y);
}
