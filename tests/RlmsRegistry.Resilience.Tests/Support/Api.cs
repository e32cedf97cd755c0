using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RlmsRegistry.Resilience.Tests.Support;

/// <summary>Small helpers for the JSON API of an app process.</summary>
public static class Api
{
    /// <summary>A client for <paramref name="baseUrl"/>; with <paramref name="bearer"/>, signed in as that token's user.</summary>
    public static HttpClient Client(string baseUrl, string? bearer = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Signs in through <c>POST /api/v1/auth/login</c> and returns the access token.</summary>
    public static async Task<string> LoginAsync(string baseUrl, string email)
    {
        using var client = Client(baseUrl);
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { email, password = SeededRegistry.Password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"sign-in of {email} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
    }

    public static Uri Path(string path) => new(path, UriKind.Relative);
}
