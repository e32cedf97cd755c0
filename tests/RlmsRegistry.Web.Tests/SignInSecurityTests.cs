using System.Net;
using System.Net.Http.Json;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>Sign-in lockout, on its own app so the locked account does not disturb other tests.</summary>
public sealed class SignInSecurityTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenFiveWrongPasswords_ThenTheAccountIsLockedEvenForTheRightPassword(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var client = app.CreateBrowser();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "investigator@demo.rlms", password = $"wrong-password-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var right = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "investigator@demo.rlms", password = RlmsRegistry.Infrastructure.Demo.DemoSeeder.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenRefreshToken_WhenRefreshing_ThenANewAccessTokenWorks(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var client = app.CreateBrowser();
        var login = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "dm.c02@demo.rlms", password = RlmsRegistry.Infrastructure.Demo.DemoSeeder.Password }))
            .Content.ReadFromJsonAsync<RegistryAppFactory.TokenResponse>();

        var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login!.RefreshToken });
        var bogus = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" });

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bogus.StatusCode);
        var token = await refreshed.Content.ReadFromJsonAsync<RegistryAppFactory.TokenResponse>();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new("Bearer", token!.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }
}
