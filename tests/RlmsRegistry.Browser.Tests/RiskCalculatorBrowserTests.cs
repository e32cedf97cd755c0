using System.Globalization;
using Microsoft.Playwright;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Browser.Tests;

/// <summary>
/// The risk calculator in a real German browser (issue 14) at phone and desktop width: a value typed with a decimal
/// comma is read as the same number as with a point, the prediction appears with its curve, a bad value is refused
/// beside its field, and nothing spills out of the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RiskCalculatorBrowserTests(BrowserApp app) : IAsyncLifetime
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
    public async Task GivenAGermanBrowser_WhenAnInvestigatorTypes15Comma5_ThenThePredictionIsThatOf15Point5_AtPhoneAndDesktopWidth()
    {
        await SnapshotPublisher.PublishAsync(app.Services);
        foreach (var width in new[] { 390, 1400 })
        {
            await using var browser = await LaunchAsync("de-DE", width);
            var (page, problems) = await app.SignInAsync(browser, "investigator@demo.rlms");
            Assert.Equal("de-DE", await page.EvaluateAsync<string>("navigator.language"));

            // From the cohort page's validation section to the calculator.
            await page.GotoAsync(app.BaseUrl + "/Dashboards/Cohort/primary");
            Assert.True(await page.Locator("#validation-table tbody tr").CountAsync() >= 2, "one validation row per centre");
            await page.ClickAsync("#calculator-link");
            await page.WaitForURLAsync("**/Dashboards/Cohort/primary/Calculator");
            Assert.Contains("not a validated clinical tool", await page.InnerTextAsync("#caution"), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#prediction-table").CountAsync());

            await page.Locator("#maxDiameterCm").FillAsync(string.Empty);
            await page.Locator("#maxDiameterCm").PressSequentiallyAsync("15,5");
            await page.ClickAsync("#predict");
            await page.Locator("#prediction-table").WaitForAsync();
            Assert.Equal("15,5", await page.InputValueAsync("#maxDiameterCm")); // shown back as typed
            var withComma = await PredictionAsync(page);
            Assert.Equal(3, withComma.Count);
            Assert.True(await page.Locator("#prediction-line").CountAsync() == 1, "the predicted curve is drawn");
            await NoOverflowAsync(page, width);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"risk-calculator-{width}-prediction.png"), FullPage = true });

            // The same patient typed with a point gives the same numbers; a larger tumour gives lower survival.
            var pointUrl = page.Url.Replace("15%2C5", "15.5", StringComparison.Ordinal);
            Assert.NotEqual(page.Url, pointUrl);
            await page.GotoAsync(pointUrl);
            Assert.Equal(withComma, await PredictionAsync(page));
            await page.GotoAsync(page.Url.Replace("maxDiameterCm=15.5", "maxDiameterCm=40", StringComparison.Ordinal));
            var larger = await PredictionAsync(page);
            Assert.All(withComma.Zip(larger), p => Assert.True(p.Second < p.First, $"40 cm: {p.Second}, 15.5 cm: {p.First}"));

            // A value that could be two numbers is refused beside its field, by its label, and nothing is predicted.
            await page.Locator("#maxDiameterCm").FillAsync("1.234,5");
            await page.ClickAsync("#predict");
            await page.Locator("#maxDiameterCm-error").WaitForAsync();
            Assert.StartsWith("Maximum tumour diameter:", await page.InnerTextAsync("#maxDiameterCm-error"), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#prediction-table").CountAsync());
            Assert.Equal("true", await page.GetAttributeAsync("#maxDiameterCm", "aria-invalid"));
            await NoOverflowAsync(page, width);

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"risk-calculator-{width}-refused.png"), FullPage = true });
            Assert.True(problems.Count == 0, "script errors or CSP violations:\n" + string.Join("\n", problems));
        }
    }

    private static async Task<List<double>> PredictionAsync(IPage page)
    {
        var values = new List<double>();
        foreach (var months in new[] { "12", "36", "60" })
        {
            var raw = await page.GetAttributeAsync($"[data-key='pred.{months}']", "data-value");
            values.Add(double.Parse(raw!, CultureInfo.InvariantCulture));
        }

        return values;
    }

    private static async Task NoOverflowAsync(IPage page, int width)
    {
        var scroll = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scroll <= width, $"the page is {scroll} px wide in a {width} px window");
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
}
