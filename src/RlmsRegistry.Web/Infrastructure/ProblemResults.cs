using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// The one place where the application's closed set of exceptions becomes an HTTP answer for the API:
/// 400 with field errors, 401, 403, 404 and 409, always as <c>application/problem+json</c>.
/// </summary>
public static class ProblemResults
{
    public static ObjectResult? FromException(Exception exception)
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
            _ => null,
        };
    }

    public static ObjectResult ValidationProblem(IDictionary<string, string[]> errors)
    {
        var problem = new ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid fields.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        return new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
    }

    public static ObjectResult Problem(int status, string title, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }

    private static ObjectResult Conflict(ConflictException c)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            // Without changes the conflict is with the record's state (e.g. a form locked by a monitor), not a stale version.
            Title = c.Changes.Count > 0 ? "The record was changed by someone else." : "The record cannot be changed in its current state.",
            Detail = c.Message,
        };
        problem.Extensions["changes"] = c.Changes.Select(x => new { field = JsonField(x.Field), yourValue = x.YourValue, storedValue = x.StoredValue }).ToArray();
        return new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
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
