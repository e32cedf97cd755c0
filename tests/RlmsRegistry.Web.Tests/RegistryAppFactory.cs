using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RlmsRegistry.Infrastructure.Demo;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>The real app (demo accounts seeded) on a fresh database of the given provider.</summary>
public sealed partial class RegistryAppFactory(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public DatabaseProvider Provider => database.Provider;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Registry", database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Jobs:RunServer", "false");
        // The suite signs in hundreds of times from one address; the limits themselves are tested with low values.
        builder.UseSetting("Security:SignInPerMinute", "100000");
        builder.UseSetting("Security:ApiPerMinute", "100000");
        builder.UseSetting("Security:AnonymousPerMinute", "100000");
        builder.UseSetting("Security:SignInPerAccountPerMinute", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>An API client holding a bearer token for the account.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string email, string password = DemoSeeder.Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>The id of the demo centre with this code (looked up as the admin).</summary>
    public async Task<string> CentreIdAsync(string code)
    {
        var admin = await CreateApiClientAsync("admin@demo.rlms");
        using var centres = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync("/api/v1/centres"));
        return centres.RootElement.EnumerateArray().Single(c => c.GetProperty("code").GetString() == code).GetProperty("id").GetString()!;
    }

    /// <summary>Signs in through the real sign-in form (anti-forgery token included) and returns the browser.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = DemoSeeder.Password)
    {
        var browser = CreateBrowser();
        var response = await PostFormAsync(browser, "/Account/Login", "/Account/Login", new() { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode}");
        }

        return browser;
    }

    /// <summary>GETs the form page, takes its anti-forgery token, and posts the fields to <paramref name="postUrl"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string formUrl, string postUrl, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(formUrl);
        var token = AntiforgeryToken().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No anti-forgery token on {formUrl}");
        }

        fields["__RequestVerificationToken"] = token.Groups[1].Value;
        return await browser.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public sealed record TokenResponse(string TokenType, string AccessToken, int ExpiresIn, string RefreshToken);
}

/// <summary>One running app per provider, shared by a test class.</summary>
public class AppHosts : IAsyncLifetime
{
    /// <summary>Settings for every app of this fixture (override in a subclass for a special configuration).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    private readonly Dictionary<DatabaseProvider, Task<(TestDatabase Db, RegistryAppFactory App)>> _apps = [];
    private readonly Lock _gate = new();

    public async Task<RegistryAppFactory> Get(DatabaseProvider provider)
    {
        Task<(TestDatabase, RegistryAppFactory)> task;
        lock (_gate)
        {
            if (!_apps.TryGetValue(provider, out task!))
            {
                task = StartAsync(provider);
                _apps[provider] = task;
            }
        }

        return (await task).Item2;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// After a test class has run, the audit trail must replay to exactly the stored registry data (every create,
    /// update and delete the tests made was audited with its old and new values); a difference fails the run.
    /// </summary>
    public async Task DisposeAsync()
    {
        var differences = new List<string>();
        foreach (var task in _apps.Values)
        {
            var (db, app) = await task;
            differences.AddRange((await AuditReplay.DifferencesAsync(app.Services)).Select(d => $"[{db.Provider}] {d}"));
            await app.DisposeAsync();
            await db.DisposeAsync();
        }

        if (differences.Count > 0)
        {
            throw new InvalidOperationException("The audit trail does not replay to the stored data:\n" + string.Join("\n", differences.Take(20)));
        }
    }

    private async Task<(TestDatabase, RegistryAppFactory)> StartAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var app = new RegistryAppFactory(db, Settings);
        _ = app.Server; // start now, so migrations and the demo seed run once
        return (db, app);
    }
}
