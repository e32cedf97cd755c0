using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Infrastructure.Demo;
using RlmsRegistry.Testing;
using Xunit.Abstractions;

namespace RlmsRegistry.Browser.Tests;

/// <summary>
/// Issue 12, acceptance 7: one full case (registration, operation, pathology, labs, three follow-up events) entered the
/// way a data manager enters it — typing, Tab from field to field, letters to pick answers in the selects, Space on
/// "Mark the form complete", Enter on "Save and continue" — with every keystroke and every page load counted.
/// Before (main at 0b9c6fb, the issue's own figures): about 250 keystrokes and 14 page loads.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FullCaseEntryBrowserTests(BrowserApp app, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The issue's "before" figures; the same case must now take fewer of both.</summary>
    public const int KeystrokesBefore = 250;

    public const int PageLoadsBefore = 14;

    private IPlaywright? _playwright;
    private string? _profile;

    public async Task InitializeAsync() => _playwright = BrowserApp.ChromiumPath is null ? null : await Playwright.CreateAsync();

    public Task DisposeAsync()
    {
        _playwright?.Dispose();
        try
        {
            if (_profile is not null)
            {
                Directory.Delete(_profile, recursive: true);
            }
        }
        catch (IOException)
        {
            // left to the temp folder's cleanup
        }

        return Task.CompletedTask;
    }

    [BrowserFact]
    public async Task GivenADataManager_WhenAFullCaseIsEnteredByKeyboard_ThenItTakesFewerKeystrokesAndPageLoadsThanBefore()
    {
        await using var browser = await LaunchAsync();
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add(e);
        await SignInAsync(page, "dm.c01@demo.rlms");

        // Counting starts on the patient list, signed in.
        var entry = new EntryCounter(page);
        await entry.OpenAsync(app.BaseUrl + "/Patients");
        await entry.ClickAsync("a:has-text('Register a patient')", "**/Patients/Create");

        // Registration: the only centre is chosen already, the cursor is on Sex.
        await entry.AnswerAsync("#Sex", "F");
        await entry.AnswerAsync("#BirthYear", "1961");
        await entry.AnswerAsync("#ConsentStatus", "G");
        await entry.SubmitAsync("button[name=next]", "**/Operations/New");
        var patientId = Guid.Parse(page.Url.Split('/')[^3]);

        // Operation: every field that applies to a primary operation (the recurrence fields are hidden and skipped).
        await entry.AnswerAsync("#Form_Date", "05042020"); // en-US date field: month, day, year
        await entry.AnswerAsync("#Form_Setting", "P");
        await entry.AnswerAsync("#Form_Resection", "R");
        await entry.AnswerAsync("#Form_MaxDiameterCm", "12,5");
        await entry.AnswerAsync("#Form_Multifocal", "N");
        await entry.AnswerAsync("#Form_OrgansResected", "2");
        await entry.AnswerAsync("#Form_VascularResection", "N");
        await entry.AnswerAsync("#Form_TumourOrigin", "R");
        await entry.AnswerAsync("#Form_BloodLossMl", "850");
        await entry.AnswerAsync("#Form_Transfused", "N");
        await entry.AnswerAsync("#Form_OperativeTimeMinutes", "240");
        await entry.AnswerAsync("#Form_ClavienDindo", "II");
        await entry.AnswerAsync("#Form_AsaScore", "2");
        await entry.AnswerAsync("#Form_NeoadjuvantRadiotherapy", "N");
        await entry.AnswerAsync("#Form_NeoadjuvantChemotherapy", "N");
        await entry.AnswerAsync("#Form_AdjuvantRadiotherapy", "N");
        await entry.AnswerAsync("#Form_AdjuvantChemotherapy", "Y");
        Assert.Equal("T3", await page.InnerTextAsync("[data-derived=tCategory]"));
        await entry.CompleteAndSubmitAsync("button[name=next]", "**/Pathology");

        await entry.AnswerAsync("#Form_Histotype", "C");
        await entry.AnswerAsync("#Form_DifferentiationScore", "2");
        await entry.AnswerAsync("#Form_MitoticCountPer10Hpf", "12");
        await entry.AnswerAsync("#Form_Necrosis", "<");
        await entry.AnswerAsync("#Form_ReportedGrade", "G2");
        await entry.AnswerAsync("#Form_MarginStatus", "N");
        await entry.AnswerAsync("#Form_Ki67Percent", "15");
        Assert.Equal("G2", await page.InnerTextAsync("[data-derived=fnclccGrade]"));
        await entry.CompleteAndSubmitAsync("button[name=next]", "**/Labs");

        await entry.AnswerAsync("#Form_DrawDate", "05012020");
        await entry.AnswerAsync("#Form_PlateletsE9PerL", "310");
        await entry.AnswerAsync("#Form_NeutrophilsE9PerL", "4,8");
        await entry.AnswerAsync("#Form_LymphocytesE9PerL", "1,6");
        await entry.AnswerAsync("#Form_HaemoglobinGPerL", "128");
        await entry.AnswerAsync("#Form_AlbuminGPerL", "41");
        Assert.Equal("3.00", await page.InnerTextAsync("[data-derived=nlr]"));
        await entry.CompleteAndSubmitAsync("button[name=next]", "**/FollowUpEvents/New");

        await entry.AnswerAsync("#Form_Date", "11042020");
        Assert.Equal("6.0 months", await page.InnerTextAsync("[data-derived=osMonths]")); // 184 days from the operation
        await entry.AnswerAsync("#Form_Type", "V");
        await entry.AnswerAsync("#Form_DiseaseStatus", "A");
        await entry.CompleteAndSubmitAsync("button[name=next]", "**/FollowUpEvents/New");

        await entry.AnswerAsync("#Form_Date", "05042021");
        await entry.AnswerAsync("#Form_Type", "L");
        await entry.CompleteAndSubmitAsync("button[name=next]", "**/FollowUpEvents/New");

        await entry.AnswerAsync("#Form_Date", "01102022");
        Assert.Equal("20.2 months", await page.InnerTextAsync("[data-derived=osMonths]")); // 616 days ÷ 30.4375
        await entry.AnswerAsync("#Form_Type", "De");
        await entry.AnswerAsync("#Form_CauseOfDeath", "D");
        await entry.CompleteAndSubmitAsync("button[name=save]", $"**/Patients/{patientId}");

        // What was typed is what is stored: the case is complete, every form of it.
        var stored = await app.Services.QueryAsync(async db =>
        {
            var operation = await db.Operations.Include(o => o.Pathology).Include(o => o.LabPanel).SingleAsync(o => o.PatientId == patientId);
            var events = await db.FollowUpEvents.Where(e => e.PatientId == patientId).OrderBy(e => e.Date).ToListAsync();
            var patient = await db.Patients.SingleAsync(p => p.Id == patientId);
            return (patient, operation, events);
        });
        Assert.Equal(1961, stored.patient.BirthYear);
        Assert.Equal(new DateOnly(2020, 5, 4), stored.operation.Date);
        Assert.Equal(12.5m, stored.operation.MaxDiameterCm);
        Assert.Equal(ClavienDindoGrade.II, stored.operation.ClavienDindo);
        Assert.Equal(RecordStatus.Complete, stored.operation.Status);
        Assert.Equal(FnclccGrade.G2, stored.operation.Pathology!.FnclccGrade);
        Assert.Equal(RecordStatus.Complete, stored.operation.Pathology.Status);
        Assert.Equal(1.6m, stored.operation.LabPanel!.LymphocytesE9PerL);
        Assert.Equal(new DateOnly(2020, 5, 1), stored.operation.LabPanel.DrawDate);
        Assert.Equal(RecordStatus.Complete, stored.operation.LabPanel.Status);
        Assert.Equal(
            [(new DateOnly(2020, 11, 4), FollowUpEventType.Visit), (new DateOnly(2021, 5, 4), FollowUpEventType.LocalRecurrence), (new DateOnly(2022, 1, 10), FollowUpEventType.Death)],
            stored.events.Select(e => (e.Date, e.Type)));
        Assert.All(stored.events, e => Assert.Equal(RecordStatus.Complete, e.Status));
        Assert.Equal(CauseOfDeath.Disease, stored.events[^1].CauseOfDeath);
        Assert.True(problems.Count == 0, "script errors:\n" + string.Join("\n", problems));

        output.WriteLine($"Full case: {entry.Keystrokes} keystrokes, {entry.PageLoads} page loads, {entry.Clicks} mouse click(s) (before: about {KeystrokesBefore} keystrokes, {PageLoadsBefore} page loads).");
        Assert.True(entry.Keystrokes < KeystrokesBefore, $"{entry.Keystrokes} keystrokes");
        Assert.True(entry.PageLoads < PageLoadsBefore, $"{entry.PageLoads} page loads");

        // The patient list says, in words, that nothing is left to do for this case.
        await page.GotoAsync($"{app.BaseUrl}/Patients?search={stored.patient.StudyId}");
        Assert.Equal(["complete", "complete", "complete", "3 complete"], await page.Locator("tbody tr td[data-form-status]").AllInnerTextsAsync());
    }

    private async Task<IBrowserContext> LaunchAsync()
    {
        _profile = Path.Combine(Path.GetTempPath(), $"rlms-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_profile);
        return await _playwright!.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = BrowserApp.ChromiumPath,
            Headless = true,
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-US"],
        });
    }

    private async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", DemoSeeder.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Sends keys the way a person does and counts them: every character typed and every key pressed is one keystroke;
    /// every document the main frame loads is one page load (a post answered by a redirect loads one page).
    /// </summary>
    private sealed class EntryCounter
    {
        private const int MaxTabs = 4;
        private readonly IPage _page;

        public EntryCounter(IPage page)
        {
            _page = page;
            page.Load += (_, _) => PageLoads++;
        }

        public int Keystrokes { get; private set; }

        public int PageLoads { get; private set; }

        public int Clicks { get; private set; }

        public async Task OpenAsync(string url) => await _page.GotoAsync(url);

        public async Task ClickAsync(string selector, string expectedUrl)
        {
            Clicks++;
            await _page.ClickAsync(selector);
            await _page.WaitForURLAsync(expectedUrl);
        }

        /// <summary>Tabs to the field (counting each Tab; the cursor must get there within a few) and types the answer.</summary>
        public async Task AnswerAsync(string selector, string keys)
        {
            await TabToAsync(selector);
            Keystrokes += keys.Length;
            await _page.Keyboard.TypeAsync(keys);
        }

        /// <summary>Space on "Mark the form complete", then Enter on the chosen button.</summary>
        public async Task CompleteAndSubmitAsync(string button, string expectedUrl)
        {
            await TabToAsync("#Form_Complete");
            await PressAsync("Space");
            await SubmitAsync(button, expectedUrl);
        }

        public async Task SubmitAsync(string button, string expectedUrl)
        {
            await TabToAsync(button);
            var before = PageLoads;
            await PressAsync("Enter");
            // "Save and continue" on a follow-up event opens the same address again: wait for the new page itself.
            for (var waited = 0; PageLoads == before; waited += 50)
            {
                Assert.True(waited < 30_000, $"no page loaded after Enter on {button} at {_page.Url}");
                await Task.Delay(50);
            }

            await _page.WaitForURLAsync(expectedUrl);
            var errors = (await _page.Locator(".errors li, .field-error").AllInnerTextsAsync()).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
            Assert.True(errors.Count == 0, $"refused at {_page.Url}: {string.Join(" | ", errors)}");
        }

        private async Task PressAsync(string key)
        {
            Keystrokes++;
            await _page.Keyboard.PressAsync(key);
        }

        private async Task TabToAsync(string selector)
        {
            for (var tabs = 0; !await _page.Locator(selector).EvaluateAsync<bool>("e => e === document.activeElement"); tabs++)
            {
                var focused = await _page.EvaluateAsync<string>("document.activeElement ? (document.activeElement.id || document.activeElement.name || document.activeElement.tagName) : ''");
                Assert.True(tabs < MaxTabs, $"{selector} not reached after {MaxTabs} Tab presses at {_page.Url} (focus on {focused})");
                await PressAsync("Tab");
            }
        }
    }
}
