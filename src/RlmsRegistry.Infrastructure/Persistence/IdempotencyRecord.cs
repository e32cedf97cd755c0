namespace RlmsRegistry.Infrastructure.Persistence;

/// <summary>
/// The first answer to an API create sent with an <c>Idempotency-Key</c> header, stored in the same transaction as the
/// record it created, so that a retry (after a lost response, on any web node) gets the same answer instead of a
/// second record. Keys are scoped to the user who sent them and expire (see <see cref="Lifetime"/>).
/// </summary>
public sealed class IdempotencyRecord
{
    public const int KeyMaxLength = 100;

    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public Guid UserId { get; set; }

    public string Key { get; set; } = string.Empty;

    /// <summary>SHA-256 (hex) of the method, path, query and body of the first request.</summary>
    public string RequestHash { get; set; } = string.Empty;

    public int StatusCode { get; set; }

    public string? Location { get; set; }

    public string Body { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
