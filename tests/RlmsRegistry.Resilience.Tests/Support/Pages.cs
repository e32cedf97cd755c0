using System.Net;
using System.Text.RegularExpressions;

namespace RlmsRegistry.Resilience.Tests.Support;

/// <summary>
/// The pages of an app process as a browser uses them: cookies kept by hand (from any node), forms posted with the
/// antiforgery token read from the rendered form.
/// </summary>
public static partial class Pages
{
    /// <summary>Signs in through the sign-in form; the session cookie lands in <paramref name="cookies"/>.</summary>
    public static async Task SignInAsync(HttpClient client, string email, Dictionary<string, string> cookies)
    {
        var token = await FormTokenAsync(client, "/Account/Login", cookies);
        using var login = await PostFormAsync(client, "/Account/Login", cookies, new()
        {
            ["Email"] = email,
            ["Password"] = SeededRegistry.Password,
            ["__RequestVerificationToken"] = token,
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("/Account/Login", login.Headers.Location?.ToString() ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(cookies.Keys, k => k.StartsWith("rlms.auth", StringComparison.Ordinal));
    }

    /// <summary>The antiforgery token of the form on <paramref name="path"/>.</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string path, Dictionary<string, string> cookies)
    {
        using var page = await GetAsync(client, path, cookies);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var match = TokenInput().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, Dictionary<string, string> cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(client, request, cookies);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> cookies, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        return await SendAsync(client, request, cookies);
    }

    /// <summary>Sends with the cookies collected so far (from any node) and keeps the ones the answer sets.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, Dictionary<string, string> cookies)
    {
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var header in set)
            {
                var pair = header.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..]);
                if (value.Length == 0)
                {
                    cookies.Remove(name);
                }
                else
                {
                    cookies[name] = value;
                }
            }
        }

        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
