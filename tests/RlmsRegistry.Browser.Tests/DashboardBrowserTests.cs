using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Browser.Tests;

/// <summary>The dashboards in a real browser (issue 7): the KM figure, its risk table, downloads, and a refit seen by the dashboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserApp app)
{
    [BrowserFact]
    public async Task GivenAnInvestigator_WhenTheyOpenThePrimaryCohortByGrade_ThenTheKmFigureHasOneCurvePerGrade_ARiskTable_TheHrTable_AndDownloadsAsSvgAndPng()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        var results = await app.Services.LatestResultsAsync();
        var grades = results.Cohorts.Single(c => c.Cohort == "primary").Curves.Single(c => c.By == "fnclccGrade").Groups.Select(g => g.Group).ToList();
        Assert.True(grades.Count >= 2, "the demo has several grades");
        await using var browser = await app.NewBrowserAsync();
        var (page, problems) = await app.SignInAsync(browser, "investigator@demo.rlms");

        await page.GotoAsync(app.BaseUrl + "/Dashboards/Cohort/primary");
        await page.SelectOptionAsync("#by", "fnclccGrade"); // the selector reloads the page
        await page.WaitForURLAsync("**/Dashboards/Cohort/primary?by=fnclccGrade");
        await FiguresReadyAsync(page);

        Assert.EndsWith("/Dashboards/Cohort/primary?by=fnclccGrade", page.Url, StringComparison.Ordinal);
        var svgTexts = await SvgTextsAsync(page, "#km-chart");
        var legend = svgTexts.Where(t => t.Text.Contains("(n =", StringComparison.Ordinal)).Select(t => t.Text[..t.Text.IndexOf(" (n =", StringComparison.Ordinal)]).ToList();
        Assert.Equal(grades, legend); // one curve per FNCLCC grade
        Assert.Contains(svgTexts, t => t.Text == "Number at risk");
        Assert.Equal(grades.Count, await page.Locator("#km-table tr.km-group").CountAsync());
        Assert.True(await page.Locator("#univariable tbody tr").CountAsync() > 0, "the hazard-ratio table is shown");
        Assert.Contains("HR (95% CI)", await page.InnerTextAsync("#univariable thead"), StringComparison.Ordinal);

        var svgDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-download=svg][data-chart=km-chart]"));
        Assert.EndsWith(".svg", svgDownload.SuggestedFilename, StringComparison.Ordinal);
        var svgPath = Path.Combine(BrowserApp.ScreenshotDirectory, "km-primary-grade.svg");
        await svgDownload.SaveAsAsync(svgPath);
        var svg = XDocument.Load(svgPath);
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root!.Name);
        Assert.Contains(svg.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")), t => t.Value == "Number at risk");

        var pngDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-download=png][data-chart=km-chart]"));
        var pngPath = Path.Combine(BrowserApp.ScreenshotDirectory, "km-primary-grade.png");
        await pngDownload.SaveAsAsync(pngPath);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await File.ReadAllBytesAsync(pngPath))[..4]);

        Assert.True(problems.Count == 0, "script errors or CSP violations:\n" + string.Join("\n", problems));
    }

    [BrowserFact]
    public async Task GivenTheKmFigure_ThenEachRiskTableNumberSitsUnderItsXAxisTick_WithinOnePixel()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        await using var browser = await app.NewBrowserAsync();
        var (page, _) = await app.SignInAsync(browser, "admin@demo.rlms");

        foreach (var (cohort, by) in new[] { ("primary", "fnclccGrade"), ("primary", "centre"), ("recurrent", "overall"), ("primary", "nlr") })
        {
            await page.GotoAsync($"{app.BaseUrl}/Dashboards/Cohort/{cohort}?by={by}");
            await FiguresReadyAsync(page);
            var src = await page.GetAttributeAsync("script[data-figure=km]", "data-src");
            using var island = JsonDocument.Parse(await page.EvaluateAsync<string>("(src) => fetch(src).then(r => r.text())", src));
            var ticks = island.RootElement.GetProperty("data").GetProperty("ticks").EnumerateArray().Select(t => t.GetDouble().ToString(CultureInfo.InvariantCulture)).ToList();
            var groups = island.RootElement.GetProperty("data").GetProperty("groups").GetArrayLength();

            // Numbers in the SVG, by line: the first line under the plot is the x-axis, the next ones the risk table.
            var numbers = (await SvgTextsAsync(page, "#km-chart"))
                .Where(t => t.Text == "<5" || t.Text.All(char.IsAsciiDigit) && t.Text.Length > 0)
                .GroupBy(t => Math.Round(t.Y))
                .OrderBy(g => g.Key)
                .Select(g => g.OrderBy(t => t.X).ToList())
                .ToList();
            Assert.Equal(1 + groups, numbers.Count);
            var axis = numbers[0];
            Assert.Equal(ticks, axis.Select(t => t.Text));
            foreach (var row in numbers.Skip(1))
            {
                Assert.Equal(axis.Count, row.Count);
                foreach (var (tick, number) in axis.Zip(row))
                {
                    Assert.True(Math.Abs(tick.X - number.X) <= 1.0, $"{cohort}/{by}: at-risk {number.Text} at x = {number.X:0.##}, tick {tick.Text} at x = {tick.X:0.##}");
                }
            }
        }
    }

    [BrowserFact]
    public async Task GivenADataManagerEntersADeath_WhenAnAdminRefits_ThenTheDashboardsEventCountChanges()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        var patientId = await AlivePatientOfTheRecurrentCohortAsync();
        await using var adminBrowser = await app.NewBrowserAsync();
        var (admin, adminProblems) = await app.SignInAsync(adminBrowser, "admin@demo.rlms");
        await admin.GotoAsync(app.BaseUrl + "/Dashboards/Cohort/recurrent");
        var before = int.Parse(await admin.GetAttributeAsync("[data-key=events]", "data-value") ?? "", CultureInfo.InvariantCulture);

        await using var dmBrowser = await app.NewBrowserAsync();
        var (dm, _) = await app.SignInAsync(dmBrowser, "dm.c01@demo.rlms");
        await dm.GotoAsync($"{app.BaseUrl}/Patients/{patientId}/FollowUpEvents/New");
        // The demo follows patients up to the day it is generated (issue 18): the death is today, after every visit.
        await dm.FillAsync("#Form_Date", DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await dm.SelectOptionAsync("#Form_Type", new SelectOptionValue { Label = "Death" });
        await dm.SelectOptionAsync("#Form_CauseOfDeath", new SelectOptionValue { Label = "Disease" });
        // Completed in the same save: the analysis takes Complete forms only (ADR 0011).
        await dm.CheckAsync("#Form_Complete");
        await dm.RunAndWaitForResponseAsync(() => dm.ClickAsync("form.crf button[name=save]"), r => r.Request.Method == "POST");
        // A saved form redirects away from /New; a refused one is redisplayed there and the assertions below say why.
        // (Waiting for the URL rather than the 'load' event: CI once waited 30 s for a 'load' that had already fired.)
        try
        {
            await dm.WaitForURLAsync(url => !url.EndsWith("/FollowUpEvents/New", StringComparison.Ordinal),
                new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Still on the form: refused, or the redirect never came; either way the next two assertions fail with the reason.
        }
        Assert.Equal(0, await dm.Locator(".field-error:not(:empty)").CountAsync());
        Assert.True(await FollowUpDeathExistsAsync(patientId), "the death was saved through the form");

        await admin.GotoAsync(app.BaseUrl + "/Dashboards");
        Assert.Equal("true", await admin.GetAttributeAsync("#data-changed", "data-changed"));
        await RefitAsync(admin);

        await admin.GotoAsync(app.BaseUrl + "/Dashboards/Cohort/recurrent");
        var after = int.Parse(await admin.GetAttributeAsync("[data-key=events]", "data-value") ?? "", CultureInfo.InvariantCulture);
        Assert.Equal(before + 1, after);
        await admin.GotoAsync(app.BaseUrl + "/Dashboards");
        Assert.Equal("false", await admin.GetAttributeAsync("#data-changed", "data-changed"));
        Assert.True(adminProblems.Count == 0, string.Join("\n", adminProblems));
    }

    [BrowserFact]
    public async Task GivenEveryDashboardPage_ThenItRendersWithoutScriptErrors_AndAScreenshotIsSaved()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        await using var browser = await app.NewBrowserAsync();
        var (page, problems) = await app.SignInAsync(browser, "investigator@demo.rlms");
        foreach (var (path, name) in new[]
                 {
                     ("/Dashboards", "overview"), ("/Dashboards/Cohort/primary?by=fnclccGrade", "cohort-primary"),
                     ("/Dashboards/Cohort/recurrent", "cohort-recurrent"), ("/Dashboards/Paper", "paper"), ("/Dashboards/History", "history"),
                 })
        {
            var response = await page.GotoAsync(app.BaseUrl + path);
            Assert.Equal(200, response!.Status);
            await FiguresReadyAsync(page);
            Assert.Equal(0, await page.Locator("#no-snapshot").CountAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, name + ".png"), FullPage = true });
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            Assert.False(await page.IsVisibleAsync(".dash-nav"), "print styles hide the navigation");
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        }

        Assert.True(problems.Count == 0, "script errors or CSP violations:\n" + string.Join("\n", problems));
    }

    /// <summary>Publishes a new snapshot the way an admin does: the <c>#trigger-refit</c> button on <c>/Analysis</c>, then the Hangfire run.</summary>
    private async Task RefitAsync(IPage admin)
    {
        var count = await SnapshotCountAsync();
        var response = await admin.GotoAsync(app.BaseUrl + "/Analysis");
        Assert.Equal(200, response!.Status);
        var posted = await admin.RunAndWaitForResponseAsync(() => admin.ClickAsync("#trigger-refit"), r => r.Request.Method == "POST");
        Assert.True(posted.Status is 302 or 200, $"the refit button's post answered {posted.Status}");
        for (var i = 0; i < 120 && await SnapshotCountAsync() == count; i++)
        {
            await Task.Delay(500);
        }

        var runs = await app.Services.QueryAsync(db => db.AnalysisRuns.AsNoTracking().OrderByDescending(r => r.RequestedAt).Select(r => r.Status + ": " + r.Message).ToListAsync());
        Assert.True(await SnapshotCountAsync() > count, "the refit published a snapshot within a minute; runs: " + string.Join(" | ", runs));
    }

    private static async Task FiguresReadyAsync(IPage page) =>
        await page.WaitForSelectorAsync("html[data-figures-ready=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 15000 });

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

    private Task<int> SnapshotCountAsync() => app.Services.QueryAsync(db => db.AnalysisSnapshots.CountAsync());

    /// <summary>C01's patient operated for a recurrence (primary outside), alive at the last visit.</summary>
    private Task<Guid> AlivePatientOfTheRecurrentCohortAsync() => app.Services.QueryAsync(async db =>
    {
        var c01 = await db.Centres.Where(c => c.Code == "C01").Select(c => c.Id).SingleAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return await db.Patients.Where(p => p.CentreId == c01 && p.Operations.Any(o => o.PrimaryOperatedOutside) && !p.FollowUpEvents.Any(e => e.Type == FollowUpEventType.Death)
                && p.FollowUpEvents.All(e => e.Date < today && e.Type != FollowUpEventType.LostToFollowUp))
            .Select(p => p.Id).FirstAsync();
    });

    private Task<bool> FollowUpDeathExistsAsync(Guid patientId) =>
        app.Services.QueryAsync(db => db.FollowUpEvents.AnyAsync(e => e.PatientId == patientId && e.Type == FollowUpEventType.Death));
}
