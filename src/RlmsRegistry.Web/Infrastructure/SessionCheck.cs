using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>What the check of a signed-in request found.</summary>
public enum SessionCheckResult
{
    Valid,

    /// <summary>The account's security stamp is not the one in the credential (roles, centres, password, 2FA or deactivation changed).</summary>
    StampChanged,

    /// <summary>The credential names no session, or its session was revoked, expired or belongs to someone else.</summary>
    SessionEnded,
}

/// <summary>
/// The check of every signed-in request, page cookie (<see cref="StampCheckingCookieEvents"/>) and API token
/// (<see cref="ValidatedBearerHandler"/>) alike: the credential's security stamp must be the account's current one and
/// its session must be active. One indexed read (<see cref="SessionStore.ActiveStampAsync"/>), skipped while
/// <see cref="SessionCheckCache"/> remembers the same answer from the last few seconds (forgotten at once on any stamp
/// change or revocation in this process; ADR 0016). A singleton: a request whose check is remembered builds no
/// database context for it.
/// </summary>
public sealed class SessionCheck(SessionCheckCache cache, IOptions<IdentityOptions> identity)
{
    /// <summary>Checks <paramref name="principal"/>; <paramref name="requestServices"/> gives the request's <see cref="SessionStore"/> when the database must be read.</summary>
    public async Task<SessionCheckResult> CheckAsync(ClaimsPrincipal principal, IServiceProvider requestServices, CancellationToken ct)
    {
        var claims = identity.Value.ClaimsIdentity;
        if (!Guid.TryParse(principal.FindFirstValue(claims.UserIdClaimType), out var userId))
        {
            return SessionCheckResult.StampChanged;
        }

        var stamp = principal.FindFirstValue(claims.SecurityStampClaimType);
        if (SessionStore.IdOf(principal, SessionStore.SessionClaim) is not { } sessionId)
        {
            return SessionCheckResult.SessionEnded;
        }

        if (cache.IsKnownValid(sessionId, userId, stamp))
        {
            return SessionCheckResult.Valid;
        }

        var generation = cache.Generation;
        if (await requestServices.GetRequiredService<SessionStore>().ActiveStampAsync(sessionId, userId, ct) is not { } active)
        {
            return SessionCheckResult.SessionEnded;
        }

        if (stamp is null || !string.Equals(active.Stamp, stamp, StringComparison.Ordinal))
        {
            return SessionCheckResult.StampChanged;
        }

        cache.Remember(sessionId, userId, stamp, active.ExpiresAt, generation);
        return SessionCheckResult.Valid;
    }
}
