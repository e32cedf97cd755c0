using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>Issue 13, accounts: one answer for unknown, wrong and locked; common passwords refused; no change on GET; the audit names the account.</summary>
public sealed class AccountHardeningTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    private const string StrongPassword = "Retroperitoneal-Ledger-58#";

    [Fact]
    public async Task GivenUnknownWrongPasswordAndLockedAccounts_ThenTheApiAnswersAreIdentical()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var (lockedEmail, _) = await NewAccountAsync(app, StrongPassword);
        await WithUsersAsync(app, async users => await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(lockedEmail))!, DateTimeOffset.UtcNow.AddMinutes(15)));
        var client = app.CreateClient();

        var unknown = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.org", password = StrongPassword });
        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "dm.c01@demo.rlms", password = "Not-The-Password-1" });
        var locked = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = lockedEmail, password = StrongPassword });

        var bodies = await Task.WhenAll(new[] { unknown, wrong, locked }.Select(async r => Strip(await r.Content.ReadAsStringAsync())));
        Assert.All(new[] { unknown, wrong, locked }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Equal(bodies[0], bodies[2]);
    }

    [Fact]
    public async Task GivenACommonPassword_ThenSettingItIsRefused_AndASetPasswordIsAuditedUnderTheAccount()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var (email, id) = await NewAccountAsync(app, password: null);
        var token = await WithUsersAsync(app, async users => await users.GeneratePasswordResetTokenAsync((await users.FindByEmailAsync(email))!));
        var browser = app.CreateBrowser();
        var form = $"/Account/SetPassword?user={id}&token={Uri.EscapeDataString(token)}";

        var refused = await RegistryAppFactory.PostFormAsync(browser, form, "/Account/SetPassword",
            new() { ["UserId"] = id.ToString(), ["Token"] = token, ["Password"] = "Welcome2024!", ["ConfirmPassword"] = "Welcome2024!" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("common passwords", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var accepted = await RegistryAppFactory.PostFormAsync(browser, form, "/Account/SetPassword",
            new() { ["UserId"] = id.ToString(), ["Token"] = token, ["Password"] = StrongPassword, ["ConfirmPassword"] = StrongPassword });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var audit = await app.Services.QueryAsync(db => db.AuditEntries.Where(a => a.Entity == "ApplicationUser" && a.EntityKey == id.ToString() && a.Action == "Update")
            .OrderByDescending(a => a.Id).FirstAsync());
        Assert.Equal(email, audit.UserName);
        Assert.Contains("PasswordHash", audit.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheTwoFactorPageOpened_ThenTheSecurityStampIsUnchanged_AndTheApiTokenStillWorks()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var (email, id) = await NewAccountAsync(app, StrongPassword);
        var api = await app.CreateApiClientAsync(email, StrongPassword);
        var before = await app.Services.QueryAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync());
        var browser = await app.SignInAsync(email, StrongPassword);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Account/TwoFactor")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Account/TwoFactor")).StatusCode);

        var after = await app.Services.QueryAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync());
        Assert.Equal(before, after);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    private static string Strip(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", string.Empty);

    private static async Task<(string Email, Guid Id)> NewAccountAsync(RegistryAppFactory app, string? password)
    {
        var email = $"account-{Guid.NewGuid():N}@example.org";
        var id = await WithUsersAsync(app, async users =>
        {
            var user = new ApplicationUser(email);
            var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, "Investigator");
            return user.Id;
        });
        return (email, id);
    }

    private static async Task<T> WithUsersAsync<T>(RegistryAppFactory app, Func<UserManager<ApplicationUser>, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test");
        return await work(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
    }
}
