using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// An unavailable database (<see cref="DatabaseFailures.IsUnavailable"/>: a server down or refusing connections, a
/// terminated session, an exhausted pool, a read-only or locked SQLite file) is answered 503 with <c>Retry-After</c>
/// wherever it is met: in an action, and also before one — the sign-in cookie's and the API token's session check
/// read the database on every request, inside the authentication middleware, where neither the API's exception filter
/// nor the error page (which would authenticate again, and fail again) can answer. The API gets
/// <c>application/problem+json</c>, pages a short page that says nothing was saved. Nothing is half-saved: the failed
/// request's transaction (if any) was not committed. The next request tries the database afresh, so the app recovers
/// by itself when the database returns.
/// </summary>
public sealed class DatabaseUnavailableMiddleware(RequestDelegate next, ILogger<DatabaseUnavailableMiddleware> logger)
{
    public const int RetryAfterSeconds = 30;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception) && !context.Response.HasStarted)
        {
            logger.LogWarning("The database is unavailable ({Error}); {Method} {Path} answered 503.", exception.GetType().Name, context.Request.Method, context.Request.Path);
            await WriteAsync(context, logger);
        }
    }

    /// <summary>Writes the 503 answer (problem+json for the API, the unavailable page otherwise) on a response not yet started.</summary>
    public static async Task WriteAsync(HttpContext context, ILogger logger)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        if (ProblemWriter.IsApi(context))
        {
            await ProblemWriter.WriteAsync(context, ProblemResults.UnavailableProblem());
            return;
        }

        // The page is drawn as for a signed-out visitor: the layout's menu needs nothing from the database, but the
        // session behind the cookie could not be checked.
        context.User = new ClaimsPrincipal(new ClaimsIdentity());
        try
        {
            var view = new ViewResult { ViewName = "~/Views/Shared/Unavailable.cshtml", StatusCode = StatusCodes.Status503ServiceUnavailable };
            await view.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            logger.LogWarning("The unavailable page could not be drawn ({Error}); answered in plain text.", ex.GetType().Name);
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("The registry cannot reach its database at the moment. Nothing was saved. Try again in a minute.");
        }
    }
}
