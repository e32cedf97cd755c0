using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// The one place where the application's closed set of exceptions becomes an HTTP answer for the API:
/// 400 with field errors, 401, 403, 404, 409 and 503 (database unavailable), always as <c>application/problem+json</c>.
/// </summary>
public static class ProblemResults
{
    public static ProblemResult? FromException(Exception exception)
    {
        return exception switch
        {
            ValidationException v => ValidationProblem(v.Errors.GroupBy(e => JsonField(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
            DomainRuleException d => ValidationProblem(new Dictionary<string, string[]> { [JsonField(d.Field)] = [d.Message] }),
            NotFoundException n => Problem(StatusCodes.Status404NotFound, "Not found", n.Message),
            ForbiddenException f => Problem(StatusCodes.Status403Forbidden, "Forbidden", f.Message),
            UnauthenticatedException u => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", u.Message),
            ConflictException c => Conflict(c),
            _ when DatabaseFailures.IsUnavailable(exception) => Unavailable(),
            _ => null,
        };
    }

    public static ProblemResult ValidationProblem(IDictionary<string, string[]> errors) => new(new ValidationProblemDetails(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The request has invalid fields.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    });

    public static ProblemResult Problem(int status, string title, string detail) => new(new ProblemDetails { Status = status, Title = title, Detail = detail });

    /// <summary>The database cannot be reached or written (a read-only file, a server down): nothing was saved; try again later.</summary>
    public static ProblemResult Unavailable() => new(UnavailableProblem()) { RetryAfterSeconds = 30 };

    public static ProblemDetails UnavailableProblem() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "The registry database is unavailable.",
        Detail = "Nothing was saved. The registry cannot reach or write its database at the moment; try again in a minute.",
    };

    private static ProblemResult Conflict(ConflictException c)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            // Without changes the conflict is with the record's state (e.g. a form locked by a monitor), not a stale version.
            Title = c.Changes.Count > 0 ? "The record was changed by someone else." : "The record cannot be changed in its current state.",
            Detail = c.Message,
        };
        problem.Extensions["changes"] = c.Changes.Select(x => new { field = JsonField(x.Field), yourValue = x.YourValue, storedValue = x.StoredValue }).ToArray();
        return new ProblemResult(problem);
    }

    /// <summary>"BirthYear" → "birthYear"; "Items[0].Name" → "items[0].name"; "$.birthYear" → "birthYear".</summary>
    public static string JsonField(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }

        var trimmed = name.StartsWith("$.", StringComparison.Ordinal) ? name[2..] : name;
        return string.Join('.', trimmed.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
    }
}

/// <summary>
/// A ProblemDetails answer written by the framework's problem-details service as <c>application/problem+json</c>
/// (not an ObjectResult, so no <c>[Produces]</c> or content negotiation can turn it into another media type).
/// </summary>
public sealed class ProblemResult(ProblemDetails problem) : IActionResult
{
    public ProblemDetails Problem { get; } = problem;

    public int? RetryAfterSeconds { get; init; }

    public Task ExecuteResultAsync(ActionContext context)
    {
        if (RetryAfterSeconds is { } seconds)
        {
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ProblemWriter.WriteAsync(context.HttpContext, Problem);
    }
}

/// <summary>
/// Turns the ProblemDetails answers MVC makes itself (the client-error mapping of <c>[ApiController]</c>: 404, 415, …)
/// into <see cref="ProblemResult"/>s, after <c>[Produces("application/json")]</c> would have set their media type.
/// </summary>
public sealed class ProblemDetailsResultFilter : Microsoft.AspNetCore.Mvc.Filters.IResultFilter, Microsoft.AspNetCore.Mvc.Filters.IOrderedFilter
{
    public int Order => 1;

    public void OnResultExecuting(Microsoft.AspNetCore.Mvc.Filters.ResultExecutingContext context)
    {
        if (context.Result is ObjectResult { Value: ProblemDetails problem } result)
        {
            problem.Status ??= result.StatusCode;
            context.Result = new ProblemResult(problem);
        }
    }

    public void OnResultExecuted(Microsoft.AspNetCore.Mvc.Filters.ResultExecutedContext context)
    {
    }
}
