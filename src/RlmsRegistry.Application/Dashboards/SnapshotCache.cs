using System.Collections.Concurrent;
using RlmsRegistry.Application.Analysis;

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
/// The dashboards never recompute: they read the newest snapshot. A request costs one indexed query for the newest id;
/// the deserialized snapshot is kept here keyed by that id (a new snapshot replaces it), and the few numbers the
/// history needs are kept per snapshot id (immutable, so they never go stale).
/// </summary>
public sealed class SnapshotCache
{
    private readonly ConcurrentDictionary<Guid, HistoryPoint> _history = new();
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<(string Cohort, TermRow Term)>> _historyTerms = new();
    private volatile PublishedSnapshot? _current;

    public PublishedSnapshot? Current(Guid id) => _current is { } c && c.Info.Id == id ? c : null;

    public PublishedSnapshot Store(PublishedSnapshot snapshot)
    {
        _current = snapshot;
        return snapshot;
    }

    public bool TryGetHistory(Guid id, out HistoryPoint point, out IReadOnlyList<(string Cohort, TermRow Term)> terms)
    {
        if (_history.TryGetValue(id, out point!) && _historyTerms.TryGetValue(id, out terms!))
        {
            return true;
        }

        terms = [];
        return false;
    }

    public void StoreHistory(Guid id, HistoryPoint point, IReadOnlyList<(string Cohort, TermRow Term)> terms)
    {
        _historyTerms[id] = terms;
        _history[id] = point;
    }
}
