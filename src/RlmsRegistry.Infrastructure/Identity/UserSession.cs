namespace RlmsRegistry.Infrastructure.Identity;

/// <summary>
/// One sign-in, held in the database so that every web node sees it: a page cookie or an API token family (the
/// access tokens and the chain of refresh tokens that grew from one API sign-in). Credentials carry the session's id
/// (claim <see cref="SessionStore.SessionClaim"/>) and are refused once the session is revoked (sign-out, API logout,
/// reuse of a spent refresh token) or expired.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    /// <summary><see cref="SessionStore.CookieKind"/> or <see cref="SessionStore.ApiKind"/>.</summary>
    public string Kind { get; set; } = SessionStore.CookieKind;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>API sessions: the id of the one refresh token that may still be used (rotated on every refresh).</summary>
    public Guid? RefreshTokenId { get; set; }
}
