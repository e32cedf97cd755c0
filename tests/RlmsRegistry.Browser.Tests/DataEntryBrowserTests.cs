using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Infrastructure.Demo;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Browser.Tests;

/// <summary>
/// Data entry in a real browser (issue 12): decimal commas in two browser languages, branching, the live FNCLCC grade,
/// and every page of a data manager, monitor and investigator at phone width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DataEntryBrowserTests(BrowserApp app) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private readonly List<string> _profiles = [];

    public async Task InitializeAsync() => _playwright = BrowserApp.ChromiumPath is null ? null : await Playwright.CreateAsync();

    public Task DisposeAsync()
    {
        _playwright?.Dispose();
        foreach (var profile in _profiles)
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // left to the temp folder's cleanup
            }
        }

        return Task.CompletedTask;
    }

    [BrowserFact]
    public async Task GivenAGermanAndAnAmericanBrowser_WhenTheyType12Comma5And1Comma6_Then12Point5And1Point6AreStored()
    {
        foreach (var locale in new[] { "de-DE", "en-US" })
        {
            await using var browser = await LaunchAsync(locale, 1280);
            var (page, problems) = await SignInAsync(browser, "dm.c01@demo.rlms");
            Assert.Equal(locale, await page.EvaluateAsync<string>("navigator.language"));
            var patientId = await RegisterPatientAsync(page);

            await page.GotoAsync($"{app.BaseUrl}/Patients/{patientId}/Operations/New");
            await page.FillAsync("#Form_Date", "2020-05-04");
            await page.SelectOptionAsync("#Form_Setting", "Primary");
            await page.Locator("#Form_MaxDiameterCm").PressSequentiallyAsync("12,5");
            Assert.Equal("T3", await page.InnerTextAsync("[data-derived=tCategory]"));
            await page.ClickAsync("button[name=next]");
            await page.WaitForURLAsync("**/Pathology");
            var operationId = Guid.Parse(page.Url.Split('/')[^2]);
            Assert.Contains("Operation saved.", await page.InnerTextAsync(".flash"), StringComparison.Ordinal);
            var diameter = await app.Services.QueryAsync(db => db.Operations.Where(o => o.Id == operationId).Select(o => o.MaxDiameterCm).SingleAsync());
            Assert.Equal(12.5m, diameter);

            await page.GotoAsync($"{app.BaseUrl}/Operations/{operationId}/Labs");
            await page.FillAsync("#Form_DrawDate", "2020-05-01");
            await page.Locator("#Form_NeutrophilsE9PerL").PressSequentiallyAsync("4,8");
            await page.Locator("#Form_LymphocytesE9PerL").PressSequentiallyAsync("1,6");
            Assert.Equal("3.00", await page.InnerTextAsync("[data-derived=nlr]"));
            await page.ClickAsync("button[name=next]");
            await page.WaitForURLAsync("**/FollowUpEvents/New");
            var lymphocytes = await app.Services.QueryAsync(db => db.LabPanels.Where(l => l.OperationId == operationId).Select(l => l.LymphocytesE9PerL).SingleAsync());
            Assert.Equal(1.6m, lymphocytes);

            // Ambiguous: refused beside the field, nothing stored.
            await page.GotoAsync($"{app.BaseUrl}/Operations/{operationId}/Edit");
            await page.FillAsync("#Form_MaxDiameterCm", "1,250");
            await page.ClickAsync("button[name=save]");
            Assert.Contains("could be read as 1.250 or as 1250", await page.InnerTextAsync("[data-valmsg-for='Form.MaxDiameterCm']"), StringComparison.Ordinal);
            Assert.True(await page.EvaluateAsync<bool>("document.activeElement.classList.contains('errors')"), "the focus is on the summary of problems");
            diameter = await app.Services.QueryAsync(db => db.Operations.Where(o => o.Id == operationId).Select(o => o.MaxDiameterCm).SingleAsync());
            Assert.Equal(12.5m, diameter);
            Assert.True(problems.Count == 0, "script errors or CSP violations:\n" + string.Join("\n", problems));
        }
    }

    [BrowserFact]
    public async Task GivenAPrimaryOperation_ThenRecurrenceFieldsAreHidden_AndThePathologyPageShowsTheFnclccGradeTheServerStores()
    {
        await using var browser = await LaunchAsync("en-US", 1280);
        var (page, problems) = await SignInAsync(browser, "dm.c01@demo.rlms");
        var patientId = await RegisterPatientAsync(page);

        await page.GotoAsync($"{app.BaseUrl}/Patients/{patientId}/Operations/New");
        await page.FillAsync("#Form_Date", "2021-02-03");
        await page.SelectOptionAsync("#Form_Setting", "Primary");
        Assert.False(await page.IsVisibleAsync("#Form_RecurrenceNumber"));
        Assert.False(await page.IsVisibleAsync("#Form_PrimaryOperatedOutside"));
        Assert.False(await page.IsVisibleAsync("#Form_OutsidePrimaryDate"));
        await page.SelectOptionAsync("#Form_Setting", "Recurrence");
        Assert.True(await page.IsVisibleAsync("#Form_RecurrenceNumber"));
        Assert.False(await page.IsVisibleAsync("#Form_OutsidePrimaryDate"));
        await page.SelectOptionAsync("#Form_Setting", "Primary");
        Assert.False(await page.IsVisibleAsync("#Form_RecurrenceNumber"));
        Assert.Equal("true", await page.GetAttributeAsync("#Form_MaxDiameterCm", "aria-required"));
        await page.ClickAsync("button[name=next]");
        await page.WaitForURLAsync("**/Pathology");

        await page.SelectOptionAsync("#Form_DifferentiationScore", "2");
        await page.Locator("#Form_MitoticCountPer10Hpf").PressSequentiallyAsync("12");
        await page.SelectOptionAsync("#Form_Necrosis", "LessThan50");
        var shown = await page.GetAttributeAsync("[data-derived=fnclccGrade]", "data-value");
        Assert.Equal("G2", await page.InnerTextAsync("[data-derived=fnclccGrade]"));
        Assert.Equal("5", await page.InnerTextAsync("[data-derived=fnclccScore]"));
        await page.ClickAsync("button[name=save]");
        await page.WaitForURLAsync($"**/Patients/{patientId}");
        var operationId = await app.Services.QueryAsync(db => db.Operations.Where(o => o.PatientId == patientId).Select(o => o.Id).SingleAsync());
        var stored = await app.Services.QueryAsync(db => db.PathologyReports.Where(p => p.OperationId == operationId).SingleAsync());
        Assert.Equal(((int)stored.FnclccGrade!.Value).ToString(System.Globalization.CultureInfo.InvariantCulture), shown);
        Assert.True(problems.Count == 0, "script errors or CSP violations:\n" + string.Join("\n", problems));
    }

    [BrowserFact]
    public async Task GivenAPhoneWidth_ThenNoPageOfADataManagerMonitorOrInvestigatorScrollsSideways()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        var (patientId, operationId, eventId) = await app.Services.QueryAsync(async db =>
        {
            var centre = await db.Centres.Where(c => c.Code == "C01").Select(c => c.Id).SingleAsync();
            var operation = await db.Operations.Where(o => db.Patients.Any(p => p.Id == o.PatientId && p.CentreId == centre) && o.LabPanel != null && o.Pathology != null).OrderBy(o => o.Date).FirstAsync();
            var followUp = await db.FollowUpEvents.Where(e => e.PatientId == operation.PatientId).Select(e => e.Id).FirstAsync();
            return (operation.PatientId, operation.Id, followUp);
        });
        var pages = new Dictionary<string, string[]>
        {
            ["dm.c01@demo.rlms"] =
            [
                "/", "/Patients", "/Patients/Create", $"/Patients/{patientId}", $"/Patients/{patientId}/Edit",
                $"/Patients/{patientId}/Operations/New", $"/Operations/{operationId}/Edit", $"/Operations/{operationId}/Pathology",
                $"/Operations/{operationId}/Labs", $"/Patients/{patientId}/FollowUpEvents/New", $"/FollowUpEvents/{eventId}/Edit",
                "/DataQuality", "/Account/TwoFactor",
            ],
            ["monitor.c01@demo.rlms"] = ["/", "/Patients", $"/Patients/{patientId}", "/DataQuality", "/Audit", $"/Audit/Record?entity=Patient&key={patientId}"],
            ["investigator@demo.rlms"] = ["/", "/Dashboards", "/Dashboards/Cohort/primary", "/Dashboards/Cohort/recurrent?by=fnclccGrade", "/Dashboards/Paper", "/Dashboards/History"],
        };
        var wide = new List<string>();
        foreach (var (email, paths) in pages)
        {
            await using var browser = await LaunchAsync("en-US", 390);
            var (page, _) = await SignInAsync(browser, email);
            foreach (var path in paths)
            {
                var response = await page.GotoAsync(app.BaseUrl + path);
                Assert.True(response is { Ok: true }, $"{email} {path}: {response?.Status}");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var (scroll, viewport) = await ScrollWidthAsync(page);
                if (scroll > viewport)
                {
                    wide.Add($"{email} {path}: {scroll} px wide in a {viewport} px viewport");
                    await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"wide-{wide.Count}.png"), FullPage = true });
                }
            }

            // The header collapsed into a menu: "Sign out" is reachable through it.
            Assert.False(await page.IsVisibleAsync("form.signout button"));
            await page.ClickAsync(".menu-button");
            Assert.True(await page.IsVisibleAsync("form.signout button"));
        }

        Assert.True(wide.Count == 0, string.Join("\n", wide));
    }

    private static async Task<(int Scroll, int Viewport)> ScrollWidthAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }

    private async Task<IBrowserContext> LaunchAsync(string locale, int width)
    {
        var profile = Path.Combine(Path.GetTempPath(), $"rlms-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        _profiles.Add(profile);
        return await _playwright!.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = BrowserApp.ChromiumPath,
            Headless = true,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = 844 },
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--lang={locale}"],
        });
    }

    private async Task<(IPage Page, List<string> Problems)> SignInAsync(IBrowserContext browser, string email)
    {
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                problems.Add(m.Text);
            }
        };
        page.PageError += (_, e) => problems.Add(e);
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", DemoSeeder.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
        return (page, problems);
    }

    private async Task<Guid> RegisterPatientAsync(IPage page)
    {
        await page.GotoAsync(app.BaseUrl + "/Patients/Create");
        await page.SelectOptionAsync("#CentreId", new SelectOptionValue { Index = 1 });
        await page.SelectOptionAsync("#Sex", "Female");
        await page.FillAsync("#BirthYear", "1961");
        await page.SelectOptionAsync("#ConsentStatus", "Given");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var match = System.Text.RegularExpressions.Regex.Match(page.Url, "/Patients/([0-9a-f-]{36})");
        Assert.True(match.Success, $"registration refused at {page.Url}: {await page.InnerTextAsync("main")}");
        return Guid.Parse(match.Groups[1].Value);
    }
}
