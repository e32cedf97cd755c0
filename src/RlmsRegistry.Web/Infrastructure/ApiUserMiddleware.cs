using Microsoft.AspNetCore.Authentication;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// Authenticates an API request's bearer token before the rate limiter runs (the default scheme is the page cookie),
/// so that the limiter counts a signed-in API caller in their own bucket and not in their address's anonymous one.
/// The result is cached for the request: authorization does not validate the token a second time.
/// </summary>
public sealed class ApiUserMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true && ProblemWriter.IsApi(context)
            && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var result = await context.AuthenticateAsync(ValidatedBearerHandler.SchemeName);
            if (result.Succeeded)
            {
                context.User = result.Principal;
            }
        }

        await next(context);
    }
}

/// <summary>
/// Refuses request bodies above <c>Security:MaxRequestBodyBytes</c> with 413 before anything reads them (the server's
/// own limit is set to the same value, for bodies sent without a length).
/// </summary>
public sealed class RequestSizeMiddleware(RequestDelegate next, Microsoft.Extensions.Options.IOptions<SecurityOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.Headers.Connection = "close";
            return Task.CompletedTask; // the status-code pages write the ProblemDetails (API) or the page
        }

        return next(context);
    }
}
