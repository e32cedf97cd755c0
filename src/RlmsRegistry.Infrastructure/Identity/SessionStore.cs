using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Infrastructure.Identity;

/// <summary>
/// Server-side sessions (<see cref="UserSession"/>): started at each sign-in, checked on every request, revoked at
/// sign-out. API refresh tokens rotate: each refresh spends the presented token and names a new one; presenting a
/// spent token again means it was copied, and the whole family (every access and refresh token of that sign-in) is
/// revoked. The rotation is one conditional update, so of two refreshes racing with one token only one succeeds.
/// </summary>
public sealed class SessionStore(RegistryDbContext db, TimeProvider time, CacheInvalidation caches)
{
    /// <summary>The session id carried by the page cookie and by API access and refresh tokens.</summary>
    public const string SessionClaim = "rlms:sid";

    /// <summary>The id of a refresh token (carried by the tokens of one generation).</summary>
    public const string RefreshTokenClaim = "rlms:rtid";

    public const string CookieKind = "cookie";
    public const string ApiKind = "api";

    public async Task<UserSession> StartAsync(Guid userId, string kind, TimeSpan lifetime, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        // Expired sessions are of no use to anyone: each sign-in sweeps them away.
        await db.Set<UserSession>().Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var session = new UserSession
        {
            UserId = userId,
            Kind = kind,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            RefreshTokenId = kind == ApiKind ? Guid.NewGuid() : null,
        };
        db.Set<UserSession>().Add(session);
        await db.SaveChangesAsync(ct);
        db.Entry(session).State = EntityState.Detached;
        return session;
    }

    /// <summary>
    /// The check of every signed-in request in one indexed read: the security stamp of <paramref name="userId"/> and the
    /// expiry of the session, when the session exists, belongs to the user, is not revoked and has not expired; null otherwise.
    /// </summary>
    public async Task<(string Stamp, DateTimeOffset ExpiresAt)?> ActiveStampAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var found = await db.Set<UserSession>().AsNoTracking()
            .Where(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { u.SecurityStamp, s.ExpiresAt })
            .FirstOrDefaultAsync(ct);
        return found?.SecurityStamp is { } stamp ? (stamp, found.ExpiresAt) : null;
    }

    /// <summary>
    /// Spends the refresh token <paramref name="presented"/> and returns the id of its successor; null when the session
    /// is not active or the token was already spent (then the session is revoked: reuse of a spent token).
    /// </summary>
    public async Task<Guid?> RotateAsync(Guid sessionId, Guid userId, Guid presented, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var next = Guid.NewGuid();
        var rotated = await db.Set<UserSession>()
            .Where(s => s.Id == sessionId && s.UserId == userId && s.RefreshTokenId == presented && s.RevokedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RefreshTokenId, next), ct);
        if (rotated == 1)
        {
            return next;
        }

        await RevokeAsync(sessionId, ct);
        return null;
    }

    public async Task RevokeAsync(Guid sessionId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await db.Set<UserSession>().Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
        caches.AccountsChanged(db); // no remembered check of this session outlives its revocation
    }

    public static Guid? IdOf(System.Security.Claims.ClaimsPrincipal principal, string claim) =>
        Guid.TryParse(principal.FindFirst(claim)?.Value, out var id) ? id : null;
}
