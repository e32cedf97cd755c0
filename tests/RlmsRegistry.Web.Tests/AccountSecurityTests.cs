using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RlmsRegistry.Infrastructure.Demo;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>An app where admins must use two-factor authentication, as in any real deployment.</summary>
public sealed class TwoFactorRequiredHosts : AppHosts
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Security:RequireTwoFactorForAdmins"] = "true",
    };
}

public sealed partial class TwoFactorTests(TwoFactorRequiredHosts hosts) : IClassFixture<TwoFactorRequiredHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAdminWithoutTwoFactor_ThenPagesSendToEnrolment_AndAfterEnrolmentSignInNeedsTheCode(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var browser = await app.SignInAsync("admin@demo.rlms");

        // 1. Every page sends the admin to enrolment, and the API refuses a token.
        var centres = await browser.GetAsync("/Centres");
        Assert.Equal(HttpStatusCode.Redirect, centres.StatusCode);
        Assert.Contains("/Account/TwoFactor", centres.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var jobs = await browser.GetAsync("/hangfire/"); // the job dashboard too (refused, and the refusal page sends to enrolment)
        Assert.Equal(HttpStatusCode.Redirect, jobs.StatusCode);
        Assert.Contains("/Account/TwoFactor", jobs.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var apiWithout = await app.CreateBrowser().PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@demo.rlms", password = DemoSeeder.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, apiWithout.StatusCode);
        Assert.Contains("enrol", await apiWithout.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // 2. Enrol with a code computed from the key shown on the page.
        var page = await browser.GetStringAsync("/Account/TwoFactor?required=true");
        var key = SharedKey().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(key));
        // Showing the page stores nothing: the key travels, protected, in the form's PendingKey field until the first code.
        var pending = PendingKey().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(pending));
        var enrol = await RegistryAppFactory.PostFormAsync(browser, "/Account/TwoFactor", "/Account/TwoFactor", new() { ["Code"] = Totp.Code(key), ["PendingKey"] = System.Net.WebUtility.HtmlDecode(pending) });
        Assert.Contains("recovery codes", await enrol.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Centres")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire/")).StatusCode);

        // 3. A new sign-in asks for the code; a wrong code is refused, the right one signs in.
        var fresh = app.CreateBrowser();
        var login = await RegistryAppFactory.PostFormAsync(fresh, "/Account/Login", "/Account/Login", new() { ["Email"] = "admin@demo.rlms", ["Password"] = DemoSeeder.Password });
        Assert.Contains("/Account/LoginWithCode", login.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var wrong = await RegistryAppFactory.PostFormAsync(fresh, "/Account/LoginWithCode", "/Account/LoginWithCode", new() { ["Code"] = "000000" == Totp.Code(key) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The code is not correct", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var right = await RegistryAppFactory.PostFormAsync(fresh, "/Account/LoginWithCode", "/Account/LoginWithCode", new() { ["Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/Centres")).StatusCode);

        // 4. The API wants the code too.
        var apiNoCode = await app.CreateBrowser().PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@demo.rlms", password = DemoSeeder.Password });
        var apiCode = await app.CreateBrowser().PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@demo.rlms", password = DemoSeeder.Password, twoFactorCode = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Unauthorized, apiNoCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, apiCode.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTwoFactorRequiredForAdmins_ThenOtherRolesAreNotForcedToEnrol(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var browser = await app.SignInAsync("dm.c01@demo.rlms");

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Patients")).StatusCode);
    }

    [GeneratedRegex("<code id=\"shared-key\"[^>]*>([a-z2-7 ]+)</code>")]
    private static partial Regex SharedKey();

    [GeneratedRegex("name=\"PendingKey\" value=\"([^\"]+)\"")]
    private static partial Regex PendingKey();
}

public sealed class TightRateLimitHosts : AppHosts
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Security:SignInPerMinute"] = "3",
    };
}

public sealed class RateLimitTests(TightRateLimitHosts hosts) : IClassFixture<TightRateLimitHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenMoreSignInsThanTheLimit_ThenTheExtraAttemptsGet429WithRetryAfter(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var client = app.CreateBrowser();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@demo.rlms", password = "x" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        var limited = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@demo.rlms", password = "x" });
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }
}

public sealed partial class AccountAdministrationTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAdminCreatesAccount_ThenTheOneTimeLinkSetsThePassword_AndWorksOnlyOnce(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var admin = await app.SignInAsync("admin@demo.rlms");
        var email = $"new-{Guid.NewGuid():N}@demo.rlms";
        var c01 = await app.CentreIdAsync("C01");

        var created = await RegistryAppFactory.PostFormAsync(admin, "/Users", "/Users/Create", new()
        {
            ["Form.Email"] = email, ["Form.Roles"] = "DataManager", ["Form.CentreIds"] = c01, ["Form.IsActive"] = "true",
        });
        var link = Link().Match(await created.Content.ReadAsStringAsync());
        Assert.True(link.Success, "the admin page shows the set-password link to pass on");
        var path = new Uri(WebUtility.HtmlDecode(link.Groups[1].Value)).PathAndQuery;

        var person = app.CreateBrowser();
        var set = await RegistryAppFactory.PostFormAsync(person, path, "/Account/SetPassword", new()
        {
            ["UserId"] = Regex.Match(path, "user=([0-9a-f-]+)").Groups[1].Value,
            ["Token"] = WebUtility.UrlDecode(Regex.Match(path, "token=([^&]+)").Groups[1].Value),
            ["Password"] = "A-new-password-2026!", ["ConfirmPassword"] = "A-new-password-2026!",
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);

        var api = await app.CreateApiClientAsync(email, "A-new-password-2026!");
        using var me = JsonDocument.Parse(await api.GetStringAsync("/api/v1/me"));
        Assert.Equal("C01", me.RootElement.GetProperty("centres")[0].GetProperty("code").GetString());

        var again = await RegistryAppFactory.PostFormAsync(app.CreateBrowser(), path, "/Account/SetPassword", new()
        {
            ["UserId"] = Regex.Match(path, "user=([0-9a-f-]+)").Groups[1].Value,
            ["Token"] = WebUtility.UrlDecode(Regex.Match(path, "token=([^&]+)").Groups[1].Value),
            ["Password"] = "Another-password-2026!", ["ConfirmPassword"] = "Another-password-2026!",
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("not valid any more", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenShortPassword_WhenSettingIt_ThenRefusedBesideTheField(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);

        var response = await RegistryAppFactory.PostFormAsync(app.CreateBrowser(), "/Account/SetPassword?user=" + Guid.NewGuid() + "&token=x", "/Account/SetPassword", new()
        {
            ["UserId"] = Guid.NewGuid().ToString(), ["Token"] = "x", ["Password"] = "Short-1!", ["ConfirmPassword"] = "Short-1!",
        });

        Assert.Matches("data-valmsg-for=\"Password\"[^>]*>The password must have at least 12 characters", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenRoleRemoved_ThenTheUsersCookieAndTokenStopWorkingOnTheNextRequest(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var admin = await app.SignInAsync("admin@demo.rlms");
        var email = $"dm-{Guid.NewGuid():N}@demo.rlms";
        var (userId, password) = await CreateAccountAsync(app, admin, email, "DataManager", "C02");
        var browser = await app.SignInAsync(email, password);
        var api = await app.CreateApiClientAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Patients")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/patients")).StatusCode);

        var update = await RegistryAppFactory.PostFormAsync(admin, "/Users", "/Users/Update", new()
        {
            ["Form.Id"] = userId, ["Form.Roles"] = "Investigator", ["Form.IsActive"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, update.StatusCode);

        var page = await browser.GetAsync("/Patients");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/patients")).StatusCode);
        var again = await app.CreateApiClientAsync(email, password);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/v1/patients")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAccountDeactivated_ThenItsOpenSessionEndsAndItCannotSignIn(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var admin = await app.SignInAsync("admin@demo.rlms");
        var email = $"gone-{Guid.NewGuid():N}@demo.rlms";
        var (userId, password) = await CreateAccountAsync(app, admin, email, "Investigator", null);
        var browser = await app.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Dashboards")).StatusCode);

        await RegistryAppFactory.PostFormAsync(admin, "/Users", "/Users/Update", new()
        {
            ["Form.Id"] = userId, ["Form.Roles"] = "Investigator", ["Form.IsActive"] = "false",
        });

        var open = await browser.GetAsync("/Dashboards");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Contains("/Account/Login", open.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var login = await app.CreateBrowser().PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Contains("locked", await login.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAnUnchangedAccount_ThenEachRequestChecksTheStampWithoutReissuingTheCookie(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var browser = await app.SignInAsync("investigator@demo.rlms");

        for (var i = 0; i < 3; i++)
        {
            var page = await browser.GetAsync("/Dashboards");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain(page.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("rlms.auth=", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDataManagerWithoutCentre_WhenAdminCreatesTheAccount_ThenCentresFieldIsRefused(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var admin = await app.SignInAsync("admin@demo.rlms");

        var response = await RegistryAppFactory.PostFormAsync(admin, "/Users", "/Users/Create", new()
        {
            ["Form.Email"] = $"x-{Guid.NewGuid():N}@demo.rlms", ["Form.Roles"] = "DataManager", ["Form.IsActive"] = "true",
        });

        Assert.Matches("data-valmsg-for=\"Form.CentreIds\"[^>]*>Data managers and monitors need at least one centre", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenMonitor_WhenExportingTheAuditTrail_ThenOnlyOwnCentresRowsAreInTheCsv(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var dm1 = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var dm2 = await app.CreateApiClientAsync("dm.c02@demo.rlms");
        var p1 = await (await dm1.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "male", birthYear = 1950, consentStatus = "given" })).Content.ReadFromJsonAsync<JsonElement>();
        var p2 = await (await dm2.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C02"), sex = "male", birthYear = 1951, consentStatus = "given" })).Content.ReadFromJsonAsync<JsonElement>();
        var monitor = await app.CreateApiClientAsync("monitor.c01@demo.rlms");
        var admin = await app.CreateApiClientAsync("admin@demo.rlms");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/audit");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await monitor.SendAsync(request)).Content.ReadAsStringAsync();
        using var adminRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/audit");
        adminRequest.Headers.Accept.ParseAdd("text/csv");
        var adminCsv = await (await admin.SendAsync(adminRequest)).Content.ReadAsStringAsync();

        Assert.StartsWith("id,at_utc,user,centre_id,entity,key,action,field,old_value,new_value,reason", csv, StringComparison.Ordinal);
        Assert.Contains(p1.GetProperty("id").GetString()!, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(p2.GetProperty("id").GetString()!, csv, StringComparison.Ordinal);
        Assert.Contains(p2.GetProperty("id").GetString()!, adminCsv, StringComparison.Ordinal);
        Assert.Contains($",Patient,{p1.GetProperty("id").GetString()},Insert,BirthYear,,1950,", csv, StringComparison.Ordinal);
    }

    private static async Task<(string UserId, string Password)> CreateAccountAsync(RegistryAppFactory app, HttpClient admin, string email, string role, string? centre)
    {
        var fields = new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Roles"] = role, ["Form.IsActive"] = "true" };
        if (centre is not null)
        {
            fields["Form.CentreIds"] = await app.CentreIdAsync(centre);
        }

        var created = await RegistryAppFactory.PostFormAsync(admin, "/Users", "/Users/Create", fields);
        var path = new Uri(WebUtility.HtmlDecode(Link().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value)).PathAndQuery;
        var userId = Regex.Match(path, "user=([0-9a-f-]+)").Groups[1].Value;
        const string password = "Account-password-2026!";
        var set = await RegistryAppFactory.PostFormAsync(app.CreateBrowser(), path, "/Account/SetPassword", new()
        {
            ["UserId"] = userId, ["Token"] = WebUtility.UrlDecode(Regex.Match(path, "token=([^&]+)").Groups[1].Value),
            ["Password"] = password, ["ConfirmPassword"] = password,
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        return (userId, password);
    }


    [GeneratedRegex("<code class=\"link-to-pass-on\">([^<]+)</code>")]
    private static partial Regex Link();
}
