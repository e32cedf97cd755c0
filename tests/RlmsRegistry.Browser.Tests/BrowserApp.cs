using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RlmsRegistry.Infrastructure.Demo;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Browser.Tests;

/// <summary>
/// The real app (demo accounts and cases seeded) served by Kestrel on a loopback port, and Debian's Chromium driven by
/// Playwright. Chromium is found at <c>RLMS_TEST_CHROMIUM</c> or /usr/bin/chromium; on CI a missing browser is a failure.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumVariable = "RLMS_TEST_CHROMIUM";

    private TestDatabase? _database;
    private IPlaywright? _playwright;
    private readonly List<string> _profiles = [];

    public AppFactory App { get; private set; } = null!;

    public string BaseUrl { get; private set; } = string.Empty;

    public IServiceProvider Services => App.Services;

    /// <summary>Where screenshots go: TestResults/screenshots at the repository root (ignored by git).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public static string? ChromiumPath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(ChromiumVariable);
            var path = string.IsNullOrWhiteSpace(configured) ? "/usr/bin/chromium" : configured;
            return File.Exists(path) ? path : null;
        }
    }

    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async Task InitializeAsync()
    {
        if (ChromiumPath is null)
        {
            if (OnCi)
            {
                throw new InvalidOperationException($"Chromium was not found ({ChromiumVariable} or /usr/bin/chromium): browser tests are required on CI (.ci/services.sh installs it).");
            }

            return; // BrowserFact skips the tests locally
        }

        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        App = new AppFactory(_database);
        App.UseKestrel(0);
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser profile (its own cookies), so each person of a test signs in separately.</summary>
    public async Task<IBrowserContext> NewBrowserAsync()
    {
        var profile = Path.Combine(Path.GetTempPath(), $"rlms-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        _profiles.Add(profile);
        return await _playwright!.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Signs in through the sign-in page and returns the page, with CSP violations and script errors collected.</summary>
    public async Task<(IPage Page, List<string> Problems)> SignInAsync(IBrowserContext browser, string email)
    {
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) =>
        {
            // A missing resource is reported below with its address (the favicon is not one of ours).
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                problems.Add(m.Text);
            }
        };
        page.Response += (_, r) =>
        {
            var path = new Uri(r.Url).AbsolutePath;
            if (r.Status >= 400 && path != "/favicon.ico" && path != "/Analysis")
            {
                problems.Add($"{r.Status} {r.Url}");
            }
        };
        page.PageError += (_, e) => problems.Add(e);
        await page.GotoAsync(BaseUrl + "/Account/Login");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", DemoSeeder.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
        return (page, problems);
    }

    public async Task DisposeAsync()
    {
        _playwright?.Dispose();
        if (_database is not null)
        {
            await App.DisposeAsync();
            await _database.DisposeAsync();
        }

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
    }

    public sealed class AppFactory(TestDatabase database) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", database.Provider.ToString());
            builder.UseSetting("ConnectionStrings:Registry", database.ConnectionString);
            builder.UseSetting("Database:MigrateOnStartup", "true");
            builder.UseSetting("Demo:Enabled", "true");
            builder.UseSetting("Jobs:RunServer", "true"); // the refit runs in-process (issue 6)
            builder.UseSetting("Security:SignInPerMinute", "100000");
            builder.UseSetting("Security:ApiPerMinute", "100000");
        }
    }
}

/// <summary>A browser test: skipped only off CI when Chromium is not installed (on CI the fixture fails instead).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserApp.ChromiumPath is null && !BrowserApp.OnCi)
        {
            Skip = $"Chromium not found ({BrowserApp.ChromiumVariable} or /usr/bin/chromium); run .ci/services.sh.";
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
