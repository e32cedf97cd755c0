using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// Writes every API refusal as <c>application/problem+json</c> through the framework's <see cref="IProblemDetailsService"/>
/// (falling back to the same media type when the caller's Accept header names none it writes): the answers of MVC, the
/// status codes without a body (401 challenge, 403, 404 of an unknown or malformed route, 405, 415) and unhandled
/// exceptions (500; 503 when the database is unavailable; 413 and 400 for refused request bodies), never with a
/// stack trace or a type name.
/// </summary>
public static class ProblemWriter
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        // Field errors are written as they are: the problem-details writer of MVC serialises the declared ProblemDetails
        // type and would drop "errors".
        return problem is HttpValidationProblemDetails validation
            ? context.Response.WriteAsJsonAsync<object>(validation, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json")
            : TypedResults.Problem(problem).ExecuteAsync(context);
    }

    /// <summary>The status-code page of the API: a body-less refusal gets its ProblemDetails.</summary>
    public static Task WriteStatusAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        return WriteAsync(context.HttpContext, new ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                StatusCodes.Status401Unauthorized => "Sign in first.",
                StatusCodes.Status403Forbidden => "You do not have permission to do this.",
                StatusCodes.Status404NotFound => "Not found.",
                StatusCodes.Status405MethodNotAllowed => "This address does not accept this method.",
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON (Content-Type: application/json).",
                StatusCodes.Status429TooManyRequests => "Too many requests.",
                _ => ReasonPhrases(status),
            },
        });
    }

    /// <summary>The status an exception stands for: 503 for an unavailable database, the request's own status for a refused body, else 500.</summary>
    public static int StatusOf(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        _ when DatabaseFailures.IsUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}

/// <summary>Unhandled exceptions of API requests as ProblemDetails (pages keep the error page, with the same status).</summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ProblemWriter.IsApi(httpContext))
        {
            return false;
        }

        var status = ProblemWriter.StatusOf(exception);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("The database is unavailable: {Error}", exception.GetType().Name);
            httpContext.Response.Headers.RetryAfter = "30";
            await ProblemWriter.WriteAsync(httpContext, ProblemResults.UnavailableProblem());
            return true;
        }

        await ProblemWriter.WriteAsync(httpContext, new ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                < 500 => "The request could not be read.",
                _ => "The request failed on the server. If it happens again, tell your administrator.",
            },
        });
        return true;
    }
}
