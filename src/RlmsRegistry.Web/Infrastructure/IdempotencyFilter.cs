using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>Marks an API create that honours the <c>Idempotency-Key</c> header (see <see cref="IdempotencyFilter"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute() : TypeFilterAttribute(typeof(IdempotencyFilter));

/// <summary>
/// <c>Idempotency-Key</c> on API creates. The first request with a key runs inside one database transaction that also
/// stores its answer (status, Location, body) under the key, so either both the record and the answer are committed
/// or neither is. A repeat of the key with the same request (method, path, query and body) gets the stored answer,
/// with the same id, and nothing new is stored; the same key with another request is refused with 422. Keys are per
/// user, live in the database (every web node sees them) and are forgotten after <see cref="IdempotencyRecord.Lifetime"/>.
/// Two requests with one key at the same moment: the second waits for the first, then gets its answer.
/// </summary>
public sealed class IdempotencyFilter(RegistryDbContext db, TimeProvider time, IOptions<JsonOptions> json, IUrlHelperFactory urls)
    : IAsyncResourceFilter, IAsyncActionFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private static readonly object PendingKey = new();

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values) || UserIdOf(http.User) is not { } userId)
        {
            await next();
            return;
        }

        var key = values.ToString().Trim();
        if (key.Length is 0 or > IdempotencyRecord.KeyMaxLength || values.Count != 1)
        {
            context.Result = ProblemResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [Header] = [$"The {Header} header must be one value of 1 to {IdempotencyRecord.KeyMaxLength} characters."],
            });
            return;
        }

        var hash = await HashAsync(http.Request, http.RequestAborted);
        var now = time.GetUtcNow();
        var stored = await db.Set<IdempotencyRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key, http.RequestAborted);
        if (stored is not null && stored.ExpiresAt <= now)
        {
            await db.Set<IdempotencyRecord>().Where(r => r.UserId == userId && r.Key == key).ExecuteDeleteAsync(http.RequestAborted);
            stored = null;
        }

        if (stored is not null)
        {
            context.Result = Replay(stored, hash, http);
            return;
        }

        http.Items[PendingKey] = new Pending(userId, key, hash);
        await next();
    }

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (http.Items[PendingKey] is not Pending pending)
        {
            await next();
            return;
        }

        var ct = http.RequestAborted;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var executed = await next();
        if (executed.Exception is not null && !executed.ExceptionHandled || executed.Result is not ObjectResult { Value: { } value } result
            || result.StatusCode is not (>= 200 and < 300))
        {
            return; // nothing to remember: the transaction rolls back with whatever the failed request did
        }

        var now = time.GetUtcNow();
        var record = new IdempotencyRecord
        {
            UserId = pending.UserId,
            Key = pending.Key,
            RequestHash = pending.Hash,
            StatusCode = result.StatusCode ?? StatusCodes.Status200OK,
            Location = LocationOf(context, result),
            Body = JsonSerializer.Serialize(value, value.GetType(), json.Value.JsonSerializerOptions),
            CreatedAt = now,
            ExpiresAt = now + IdempotencyRecord.Lifetime,
        };
        db.Set<IdempotencyRecord>().Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same key won a race on another request (or node): undo this one's record, answer with the winner's.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var winner = await db.Set<IdempotencyRecord>().AsNoTracking().SingleAsync(r => r.UserId == pending.UserId && r.Key == pending.Key, ct);
            executed.Result = Replay(winner, pending.Hash, http);
        }
    }

    private static IActionResult Replay(IdempotencyRecord stored, string hash, HttpContext http)
    {
        if (!string.Equals(stored.RequestHash, hash, StringComparison.Ordinal))
        {
            return ProblemResults.Problem(
                StatusCodes.Status422UnprocessableEntity,
                "Idempotency key reused",
                $"This {Header} was already used with a different request. Use a new key for a new request.");
        }

        http.Response.Headers[ReplayedHeader] = "true";
        if (stored.Location is not null)
        {
            http.Response.Headers.Location = stored.Location;
        }

        return new ContentResult { StatusCode = stored.StatusCode, Content = stored.Body, ContentType = "application/json; charset=utf-8" };
    }

    private string? LocationOf(ActionContext context, ObjectResult result)
    {
        var url = urls.GetUrlHelper(context);
        var request = context.HttpContext.Request;
        return result switch
        {
            CreatedAtActionResult a => url.Action(a.ActionName, a.ControllerName, a.RouteValues, request.Scheme, request.Host.ToUriComponent()),
            CreatedAtRouteResult r => url.Link(r.RouteName, r.RouteValues),
            CreatedResult c => c.Location,
            AcceptedAtActionResult a => url.Action(a.ActionName, a.ControllerName, a.RouteValues, request.Scheme, request.Host.ToUriComponent()),
            AcceptedResult a => a.Location,
            _ => null,
        };
    }

    private static async Task<string> HashAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static Guid? UserIdOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    private sealed record Pending(Guid UserId, string Key, string Hash);
}
