using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// The rate limits. Every request (pages and API) counts in one bucket per minute: a signed-in caller's is their
/// account's (<c>Security:ApiPerMinute</c>, wherever they connect from, so a busy proxy or NAT address does not block
/// them), an anonymous caller's is their address's and smaller (<c>Security:AnonymousPerMinute</c>). Sign-in attempts
/// have their own limits per address (<see cref="WebSetup.SignInRateLimit"/>) and per account (<see cref="AccountSignInLimiter"/>).
/// API callers are identified before the limiter runs (<see cref="ApiUserMiddleware"/>).
/// </summary>
public static class RegistryRateLimits
{
    public static IServiceCollection AddRegistryRateLimits(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (context, ct) =>
        {
            var http = context.HttpContext;
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = "60";
            var problem = new ProblemDetails { Status = 429, Title = "Too many requests", Detail = "Wait a minute and try again." };
            if (ProblemWriter.IsApi(http))
            {
                await ProblemWriter.WriteAsync(http, problem);
            }
            else
            {
                // Pages: the problem-details service writes JSON where the caller accepts it, else plain text.
                if (!await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
                {
                    await http.Response.WriteAsync("Too many requests. Wait a minute and try again.", ct);
                }
            }
        };
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var security = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
            var userId = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
            return userId is not null
                ? RateLimitPartition.GetFixedWindowLimiter("user:" + userId, _ => PerMinute(security.ApiPerMinute))
                : RateLimitPartition.GetFixedWindowLimiter("address:" + AddressOf(context), _ => PerMinute(security.AnonymousPerMinute));
        });
        o.AddPolicy(WebSetup.SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            AddressOf(context),
            _ => PerMinute(context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.SignInPerMinute)));
    });

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    /// <summary>The client's address (after the forwarded headers of known proxies are applied).</summary>
    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
