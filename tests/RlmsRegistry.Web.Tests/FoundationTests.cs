using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>The first slice end to end over HTTP: sign-in, patients through the form and the API, errors.</summary>
public sealed class FoundationTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenRunningApp_ThenHealthIs200AndSignInPageIsServed(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var client = app.CreateBrowser();

        var health = await client.GetAsync("/health");
        var login = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("<h1>Sign in</h1>", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAnonymousBrowser_WhenOpeningPatients_ThenRedirectedToSignIn(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);

        var response = await app.CreateBrowser().GetAsync("/Patients");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenEveryDemoAccount_WhenSigningInWithTheDemoPassword_ThenSignedIn(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        foreach (var account in RlmsRegistry.Infrastructure.Demo.DemoSeeder.Accounts)
        {
            var api = await app.CreateApiClientAsync(account.Email);
            using var me = JsonDocument.Parse(await api.GetStringAsync("/api/v1/me"));
            Assert.Equal(account.Email, me.RootElement.GetProperty("email").GetString());
            Assert.Equal(account.Role, me.RootElement.GetProperty("roles")[0].GetString());
            Assert.Equal(account.Centres, me.RootElement.GetProperty("centres").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDataManager_WhenRegisteringThroughTheForm_ThenThePatientPageShowsTheNewStudyId(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var browser = await app.SignInAsync("dm.c01@demo.rlms");
        var centreId = await app.CentreIdAsync("C01");

        var response = await RegistryAppFactory.PostFormAsync(browser, "/Patients/Create", "/Patients/Create", new()
        {
            ["CentreId"] = centreId, ["Sex"] = "Female", ["BirthYear"] = "1958", ["ConsentStatus"] = "Given",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await browser.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Matches("Patient C01-[0-9]{5}", page);
        Assert.Contains("1958", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenBadYearOnTheForm_ThenTheFormIsRedisplayedWithTheReasonBesideTheField_AndNothingIsSaved(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var browser = await app.SignInAsync("dm.c01@demo.rlms");
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var before = await TotalPatientsAsync(api);

        var response = await RegistryAppFactory.PostFormAsync(browser, "/Patients/Create", "/Patients/Create", new()
        {
            ["CentreId"] = await app.CentreIdAsync("C01"), ["Sex"] = "Male", ["BirthYear"] = "1850", ["ConsentStatus"] = "Given",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("<span class=\"field-error field-validation-error\" data-valmsg-for=\"BirthYear\"[^>]*>Year of birth must be between 1900 and [0-9]{4}.</span>", html);
        Assert.Contains("value=\"1850\"", html, StringComparison.Ordinal); // what was typed is kept
        Assert.Equal(before, await TotalPatientsAsync(api));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenFormPostWithoutAntiforgeryToken_ThenRejected(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var browser = await app.SignInAsync("dm.c01@demo.rlms");

        var response = await browser.PostAsync("/Patients/Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CentreId"] = await app.CentreIdAsync("C01"), ["Sex"] = "Male", ["BirthYear"] = "1950", ["ConsentStatus"] = "Given",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDataManagerToken_WhenPostingPatient_Then201WithLocation_AndGetReturnsIt(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");

        var created = await api.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "male", birthYear = 1949, consentStatus = "waived" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var studyId = body.RootElement.GetProperty("studyId").GetString();
        Assert.Matches("^C01-[0-9]{5}$", studyId);
        Assert.Equal("male", body.RootElement.GetProperty("sex").GetString());
        Assert.Equal("waived", body.RootElement.GetProperty("consentStatus").GetString());
        using var fetched = JsonDocument.Parse(await api.GetStringAsync(created.Headers.Location));
        Assert.Equal(studyId, fetched.RootElement.GetProperty("studyId").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenBirthYear1850_WhenPostingPatient_Then400ProblemDetailsNamesBirthYear(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var before = await TotalPatientsAsync(api);

        var response = await api.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "female", birthYear = 1850, consentStatus = "given" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("birthYear", out var messages));
        Assert.Contains("1900", messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await TotalPatientsAsync(api));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenUnknownEnumValue_WhenPostingPatient_Then400NamesTheField(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");

        var response = await api.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "unknown", birthYear = 1950, consentStatus = "given" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("sex", out _), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenNoToken_WhenCallingTheApi_Then401(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var anonymous = app.CreateBrowser();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/patients")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/patients", new { birthYear = 1950 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenSignedInCookieOnly_WhenCallingTheApi_Then401(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var browser = await app.SignInAsync("dm.c01@demo.rlms");

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/patients")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenOtherCentresPatient_WhenDataManagerAsksForIt_Then404(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var c01 = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var c02 = await app.CreateApiClientAsync("dm.c02@demo.rlms");
        var created = await c01.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "male", birthYear = 1949, consentStatus = "given" });

        var response = await c02.GetAsync(created.Headers.Location);
        var put = await c02.PutAsJsonAsync(created.Headers.Location, new { sex = "female", birthYear = 1950, consentStatus = "given", version = 1 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenStaleVersion_WhenPuttingPatient_Then409ProblemListsTheChangedField(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var created = await api.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "male", birthYear = 1949, consentStatus = "given" });
        var url = created.Headers.Location;

        var first = await api.PutAsJsonAsync(url, new { sex = "male", birthYear = 1948, consentStatus = "given", version = 1 });
        var second = await api.PutAsJsonAsync(url, new { sex = "male", birthYear = 1947, consentStatus = "given", version = 1 });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        using var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        var change = problem.RootElement.GetProperty("changes")[0];
        Assert.Equal("birthYear", change.GetProperty("field").GetString());
        Assert.Equal("1948", change.GetProperty("storedValue").GetString());
        using var stored = JsonDocument.Parse(await api.GetStringAsync(url));
        Assert.Equal(1948, stored.RootElement.GetProperty("birthYear").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAnyPage_ThenSecurityHeadersAreSent(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);

        var response = await app.CreateBrowser().GetAsync("/Account/Login");

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenOpenApi_ThenTheDocumentListsThePatientEndpoints(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);

        using var doc = JsonDocument.Parse(await app.CreateBrowser().GetStringAsync("/openapi/v1.json"));

        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/patients", out _));
        Assert.True(paths.TryGetProperty("/api/v1/patients/{id}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/auth/login", out _));
    }


    private static async Task<int> TotalPatientsAsync(HttpClient api)
    {
        using var page = JsonDocument.Parse(await api.GetStringAsync("/api/v1/patients?pageSize=1"));
        return page.RootElement.GetProperty("total").GetInt32();
    }
}
