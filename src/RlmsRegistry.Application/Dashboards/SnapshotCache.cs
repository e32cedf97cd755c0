using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Common.Abstractions;

namespace RlmsRegistry.Application.Dashboards;

/// <summary>
/// A published snapshot, deserialized once. Snapshots are immutable, so anything derived from one (a figure, its JSON)
/// is memoized here under a key and lives exactly as long as the snapshot stays current.
/// </summary>
public sealed class PublishedSnapshot(SnapshotInfo info, AnalysisResults results)
{
    private readonly ConcurrentDictionary<string, object> _memo = new(StringComparer.Ordinal);

    public SnapshotInfo Info { get; } = info;

    public AnalysisResults Results { get; } = results;

    public T Memoize<T>(string key, Func<T> build)
        where T : class => (T)_memo.GetOrAdd(key, _ => build());
}

/// <summary>
/// The dashboards never recompute: they read the newest snapshot. A request costs one indexed query for the newest id
/// (<see cref="CurrentSnapshotReader"/>); the deserialized snapshot is kept here keyed by that id (a new snapshot replaces it), and the few numbers the
/// history needs are kept per snapshot id (immutable, so they never go stale).
/// </summary>
public sealed class SnapshotCache
{
    private readonly ConcurrentDictionary<Guid, (HistoryPoint Point, IReadOnlyList<(string Cohort, TermRow Term)> Terms)> _history = new();
    private volatile PublishedSnapshot? _current;

    public PublishedSnapshot? Current(Guid id) => _current is { } c && c.Info.Id == id ? c : null;

    public PublishedSnapshot Store(PublishedSnapshot snapshot)
    {
        _current = snapshot;
        return snapshot;
    }

    public bool TryGetHistory(Guid id, out HistoryPoint point, out IReadOnlyList<(string Cohort, TermRow Term)> terms)
    {
        var found = _history.TryGetValue(id, out var entry);
        (point, terms) = found ? entry : (null!, []);
        return found;
    }

    public void StoreHistory(Guid id, HistoryPoint point, IReadOnlyList<(string Cohort, TermRow Term)> terms) => _history[id] = (point, terms);
}

/// <summary>
/// The newest published snapshot for one request (scoped): one indexed query for its id, however many figures the page
/// asks for, then the deserialized copy from <see cref="SnapshotCache"/> (loaded once per snapshot per process).
/// </summary>
public sealed class CurrentSnapshotReader(IRegistryDbContext db, SnapshotCache cache)
{
    private Task<PublishedSnapshot?>? _current;

    public Task<PublishedSnapshot?> GetAsync(CancellationToken cancellationToken) => _current ??= NewestAsync(cancellationToken);

    private async Task<PublishedSnapshot?> NewestAsync(CancellationToken cancellationToken)
    {
        var newest = await db.AnalysisSnapshots.AsNoTracking()
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => (Guid?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (newest is not { } id)
        {
            return null;
        }

        if (cache.Current(id) is { } cached)
        {
            return cached;
        }

        var row = await db.AnalysisSnapshots.AsNoTracking().SingleAsync(s => s.Id == id, cancellationToken);
        var info = new SnapshotInfo(row.Id, row.CreatedAt, row.Trigger, row.TriggeredBy, row.EngineVersion, row.DataFingerprint);
        return cache.Store(new PublishedSnapshot(info, AnalysisJson.Deserialize<AnalysisResults>(row.ResultsJson)));
    }
}
