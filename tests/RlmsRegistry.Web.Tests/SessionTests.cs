using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using RlmsRegistry.Infrastructure.Demo;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>Issue 13, acceptance 1: sessions end. Refresh tokens work once; reuse ends the family; logout and sign-out end the credentials.</summary>
public sealed class SessionTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenARefreshTokenUsedTwice_ThenTheReuseIs401_AndTheFamilysNewerTokensStopWorking(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var client = app.CreateClient();
        var first = await LoginAsync(client);

        var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = (await refreshed.Content.ReadFromJsonAsync<RegistryAppFactory.TokenResponse>())!;
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, second.AccessToken)).StatusCode);

        var reuse = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal("application/problem+json", reuse.Content.Headers.ContentType?.MediaType);

        // The whole family is revoked: the newer refresh token and every access token of the sign-in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = second.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, second.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, first.AccessToken)).StatusCode);

        // Another sign-in of the same account is its own family and keeps working.
        var other = await LoginAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, other.AccessToken)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTwoRefreshesWithOneTokenAtOnce_ThenAtMostOneSucceeds(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var client = app.CreateClient();
        var tokens = await LoginAsync(client);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken })));

        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) <= 1);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized }));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenApiLogout_ThenTheAccessAndRefreshTokensAreRefused(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var client = app.CreateClient();
        var tokens = await LoginAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, tokens.AccessToken)).StatusCode);

        var logout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(logout)).StatusCode);

        var replay = await MeAsync(client, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("application/problem+json", replay.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenCookieSignOut_ThenTheSavedCookieReplayedIsSentToSignIn(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var jar = new CookieContainer();
        var browser = app.CreateDefaultClient(new CookieContainerHandler(jar));
        var page = await RegistryAppFactory.PostFormAsync(browser, "/Account/Login", "/Account/Login", new() { ["Email"] = "dm.c01@demo.rlms", ["Password"] = DemoSeeder.Password });
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var saved = jar.GetCookies(browser.BaseAddress!)["rlms.auth"]?.Value;
        Assert.False(string.IsNullOrEmpty(saved));
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(app, "/Patients", saved!)).StatusCode);

        var signedOut = await RegistryAppFactory.PostFormAsync(browser, "/Patients", "/Account/Logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var replay = await GetWithCookieAsync(app, "/Patients", saved!);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("/Account/Login", replay.Headers.Location!.IsAbsoluteUri ? replay.Headers.Location.PathAndQuery : replay.Headers.Location.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(RegistryAppFactory app, string url, string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", "rlms.auth=" + cookie);
        return await client.SendAsync(request);
    }

    private static async Task<RegistryAppFactory.TokenResponse> LoginAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "dm.c01@demo.rlms", password = DemoSeeder.Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RegistryAppFactory.TokenResponse>())!;
    }

    private static Task<HttpResponseMessage> MeAsync(HttpClient client, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.SendAsync(request);
    }
}
