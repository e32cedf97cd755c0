using System.Globalization;
using System.IO.Compression;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Browser.Tests;

/// <summary>Refit and bundle from the dashboards, and a demo that looks alive on first start (issue 18).</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardRefitBrowserTests(BrowserApp app)
{
    [BrowserFact]
    public async Task GivenAnAdminClicksRefitNowOnTheDashboards_ThenTheySeeProgress_TheSnapshotIsManualByThem_Audited_AndItsBundleDownloads()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        await RecordAVisitTodayAsync(); // new data, so the refit publishes a new snapshot rather than "unchanged"
        await using var browser = await app.NewBrowserAsync();
        var (admin, problems) = await app.SignInAsync(browser, "admin@demo.rlms");
        await admin.GotoAsync(app.BaseUrl + "/Dashboards/Cohort/primary");
        var polls = 0;
        admin.Response += (_, r) =>
        {
            if (r.Request.Method == "GET" && r.Url.Contains("/Dashboards/Refit/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref polls);
            }
        };

        await admin.ClickAsync("#dashboard-refit");
        await admin.WaitForSelectorAsync("#refit-progress:not([hidden])", new PageWaitForSelectorOptions { Timeout = 10000 });
        await admin.WaitForSelectorAsync("#refit-form[data-status=succeeded], #refit-form[data-status=failed], #refit-form[data-status=unchanged]",
            new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 90000 });
        Assert.Equal("succeeded", await admin.GetAttributeAsync("#refit-form", "data-status"));
        Assert.True(polls >= 1, "the page polled the run's status");
        Assert.Equal("100", await admin.EvaluateAsync<string>("() => String(document.getElementById('refit-progress').value)"));
        Assert.StartsWith("Published · 100 %", await admin.InnerTextAsync("#refit-status"), StringComparison.Ordinal);

        var runId = Guid.Parse((await admin.GetAttributeAsync("#refit-form", "data-run"))!);
        var run = await app.Services.QueryAsync(db => db.AnalysisRuns.AsNoTracking().SingleAsync(r => r.Id == runId));
        Assert.Equal(("manual", "admin@demo.rlms"), (run.Trigger, run.TriggeredBy));
        var snapshot = await app.Services.QueryAsync(db => db.AnalysisSnapshots.AsNoTracking().SingleAsync(s => s.Id == run.SnapshotId));
        Assert.Equal(("manual", "admin@demo.rlms"), (snapshot.Trigger, snapshot.TriggeredBy));
        var audit = await app.Services.QueryAsync(db => db.AuditTrail.Where(a => a.Entity == "AnalysisRun" && a.EntityKey == runId.ToString()).ToListAsync());
        var insert = Assert.Single(audit);
        Assert.Equal(("Insert", "admin@demo.rlms"), (insert.Action, insert.UserName));
        Assert.Contains("manual", insert.Changes, StringComparison.Ordinal);

        // The new snapshot's bundle, from the progress panel and from the page on the new snapshot.
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.ClickAsync("#refit-bundle"));
        AssertBundle(await SaveAsync(download, "refit-bundle.zip"));
        await admin.ClickAsync("#refit-open");
        await admin.WaitForLoadStateAsync(LoadState.Load);
        Assert.Contains("(manual, by admin@demo.rlms)", await admin.InnerTextAsync(".snapshot-line"), StringComparison.Ordinal);
        Assert.Equal($"/Dashboards/Snapshots/{snapshot.Id}/Bundle", await admin.GetAttributeAsync("#snapshot-bundle", "href"));
        Assert.True(problems.Count == 0, "script errors or CSP violations:\n" + string.Join("\n", problems));
    }

    [BrowserFact]
    public async Task GivenAnInvestigator_ThenTheSnapshotBundleDownloadsFromTheDashboards_ButThereIsNoRefitButton()
    {
        var snapshot = await SnapshotPublisher.PublishAsync(app.Services);
        await using var browser = await app.NewBrowserAsync();
        var (page, problems) = await app.SignInAsync(browser, "investigator@demo.rlms");
        await page.GotoAsync(app.BaseUrl + "/Dashboards/History");
        Assert.Equal(0, await page.Locator("#dashboard-refit").CountAsync());
        Assert.Equal($"/Dashboards/Snapshots/{snapshot.Id}/Bundle", await page.GetAttributeAsync("#snapshot-bundle", "href"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#snapshot-bundle"));
        AssertBundle(await SaveAsync(download, "investigator-bundle.zip"));
        Assert.True(problems.Count == 0, "script errors or CSP violations:\n" + string.Join("\n", problems));
    }

    [BrowserFact]
    public async Task GivenTheEmbeddedDemoOnFirstStart_ThenTheOverviewsFollowUpCompletenessIsAbove50Percent()
    {
        // The fixture's app is the embedded default on first start: a fresh database, the demo seeded, and the
        // snapshot the start-up refit published ("schedule", by the refit job) — read before any test refits.
        var first = await app.Services.QueryAsync(db => db.AnalysisSnapshots.AsNoTracking().OrderBy(s => s.CreatedAt).Select(s => new { s.Id, s.Trigger }).FirstAsync());
        Assert.Equal("schedule", first.Trigger);
        var results = await app.Services.QueryAsync(async db => RlmsRegistry.Application.Analysis.AnalysisJson.Deserialize<RlmsRegistry.Application.Analysis.AnalysisResults>(
            await db.AnalysisSnapshots.AsNoTracking().Where(s => s.Id == first.Id).Select(s => s.ResultsJson).SingleAsync()));
        var centres = results.Overview!.Centres;
        var completeness = (double)centres.Sum(c => c.SeenInLast12Months) / centres.Sum(c => c.AliveNotLost);
        Assert.True(completeness > 0.5, $"follow-up completeness of the first snapshot: {completeness:P1}");

        // And as the overview page shows it (the current snapshot), for the whole registry.
        await using var browser = await app.NewBrowserAsync();
        var (page, _) = await app.SignInAsync(browser, "admin@demo.rlms");
        await page.GotoAsync(app.BaseUrl + "/Dashboards");
        var shown = await page.InnerTextAsync("#centres tbody tr:last-child td:last-child");
        Assert.EndsWith(" %", shown, StringComparison.Ordinal);
        Assert.True(double.Parse(shown[..^2], CultureInfo.InvariantCulture) > 50, $"the overview shows follow-up completeness {shown}");
    }

    private static void AssertBundle(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x50, 0x4B }, bytes[..2]);
        using var zip = ZipFile.OpenRead(path);
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith(".R", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<string> SaveAsync(IDownload download, string name)
    {
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(BrowserApp.ScreenshotDirectory, name);
        await download.SaveAsAsync(path);
        return path;
    }

    /// <summary>A data manager's visit today for an alive patient last seen before today (through the application's command).</summary>
    private async Task RecordAVisitTodayAsync()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var patientId = await app.Services.QueryAsync(db => db.Patients
            .Where(p => !p.FollowUpEvents.Any(e => e.Type == FollowUpEventType.Death || e.Type == FollowUpEventType.LostToFollowUp) && p.FollowUpEvents.All(e => e.Date < today))
            .Select(p => p.Id).FirstAsync());
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test-visit");
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SaveFollowUpEventCommand
        {
            PatientId = patientId,
            Date = today,
            Type = FollowUpEventType.Visit,
            DiseaseStatus = DiseaseStatus.NoEvidenceOfDisease,
            Complete = true,
        });
    }
}
