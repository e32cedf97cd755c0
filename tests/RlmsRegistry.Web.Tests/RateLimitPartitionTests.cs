using System.Net;
using System.Net.Http.Json;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Web.Tests;

/// <summary>The app with its production rate limits (the other test classes raise them).</summary>
public sealed class DefaultLimitsHosts : AppHosts
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Security:SignInPerMinute"] = "20",
        ["Security:SignInPerAccountPerMinute"] = "10",
        ["Security:ApiPerMinute"] = "1200",
        ["Security:AnonymousPerMinute"] = "300",
    };
}

/// <summary>
/// Issue 13, acceptance 2: the rate limit is per signed-in user, with a smaller anonymous bucket per address, so a
/// flood of anonymous requests from one address (a hospital's proxy, say) does not block a signed-in user behind it.
/// </summary>
public sealed class RateLimitPartitionTests(DefaultLimitsHosts hosts) : IClassFixture<DefaultLimitsHosts>
{
    [Fact]
    public async Task Given1300AnonymousRequestsFromOneAddress_ThenTheAnonymousAreLimited_AndASignedInUsersNextRequestIsServed()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var user = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var anonymous = app.CreateClient();

        // Sign-in attempts are limited per account too (10 a minute), whether the account exists or not.
        var email = $"nobody-{Guid.NewGuid():N}@example.org";
        var attempts = new List<HttpResponseMessage>();
        for (var i = 0; i < 11; i++)
        {
            attempts.Add(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password-123" }));
        }

        Assert.All(attempts.Take(10), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, attempts[10].StatusCode);
        Assert.Equal("application/problem+json", attempts[10].Content.Headers.ContentType?.MediaType);

        var statuses = new List<HttpStatusCode>();
        foreach (var batch in Enumerable.Range(0, 1300).Chunk(50))
        {
            var answers = await Task.WhenAll(batch.Select(_ => anonymous.GetAsync("/api/v1/me")));
            statuses.AddRange(answers.Select(a => a.StatusCode));
            Assert.All(answers, a => Assert.Equal("application/problem+json", a.Content.Headers.ContentType?.MediaType));
        }

        // The anonymous bucket of the address (300 a minute, the sign-in attempts included) runs out...
        Assert.Equal(1300, statuses.Count(s => s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.TooManyRequests), 1000, 1300);

        // ...and the signed-in user at the same address is served from their own.
        var mine = await user.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/patients")).StatusCode);
    }
}
