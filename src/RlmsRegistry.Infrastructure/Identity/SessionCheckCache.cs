using System.Collections.Concurrent;

namespace RlmsRegistry.Infrastructure.Identity;

/// <summary>
/// Remembers for a few seconds (<see cref="Lifetime"/>) that a sign-in's session was active and its security stamp
/// current, so a busy page does not read both from the database on every request (ADR 0016). Forgotten at once, in
/// this process, whenever an account's stamp changes or a session is revoked (<see cref="Forget"/>, called through
/// <see cref="Persistence.CacheInvalidation"/> by <see cref="SessionStore"/> and on every save that writes a stamp),
/// again when that write commits later inside a transaction. A check that began before such a change cannot store its
/// answer (the generation it read under is gone), so a stale "valid" is never kept here. The bound that remains is
/// another process's change (another web node, the CLI): this node notices it within <see cref="Lifetime"/>.
/// </summary>
public sealed class SessionCheckCache(TimeProvider time)
{
    /// <summary>How long a successful check is trusted on this node (the multi-node bound). Zero: check every request.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(5);

    /// <summary>More remembered sessions than this and the memory starts afresh (a few seconds' worth of sign-ins).</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _generation;

    public TimeSpan Lifetime { get; set; } = DefaultLifetime;

    /// <summary>Read before the database is asked; pass it to <see cref="Remember"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>True when this session of this user was found active with this stamp in the last <see cref="Lifetime"/> and nothing changed since.</summary>
    public bool IsKnownValid(Guid sessionId, Guid userId, string? stamp) =>
        stamp is not null
        && _entries.TryGetValue(sessionId, out var e)
        && e.UserId == userId
        && string.Equals(e.Stamp, stamp, StringComparison.Ordinal)
        && e.Generation == Generation
        && time.GetUtcNow() < e.Until;

    /// <summary>Keeps a successful check made under <paramref name="generation"/>, unless an account changed since.</summary>
    public void Remember(Guid sessionId, Guid userId, string stamp, DateTimeOffset sessionExpiresAt, long generation)
    {
        if (Lifetime <= TimeSpan.Zero || generation != Generation)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var until = time.GetUtcNow() + Lifetime;
        _entries[sessionId] = new Entry(userId, stamp, generation, until < sessionExpiresAt ? until : sessionExpiresAt);

        // An account may have changed between the generation check above and the store: then forget it again.
        if (generation != Generation)
        {
            _entries.TryRemove(sessionId, out _);
        }
    }

    /// <summary>A stamp changed or a session was revoked: every remembered check is forgotten (see <see cref="Persistence.CacheInvalidation"/>).</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private sealed record Entry(Guid UserId, string Stamp, long Generation, DateTimeOffset Until);
}
