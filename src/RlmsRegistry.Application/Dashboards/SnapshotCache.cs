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
/// The dashboards never recompute: they read the newest snapshot. Which snapshot is the newest is one indexed query
/// (<see cref="CurrentSnapshotReader"/>), remembered here for <see cref="NewestLifetime"/> and forgotten at once when this
/// process writes a snapshot (<see cref="Forget"/>, from the registry context's save: ADR 0016), so another process's
/// refit (the CLI, a job server on another node) shows within a few seconds and this process's at once. The
/// deserialized snapshot is kept keyed by its id (a new snapshot replaces it), and the few numbers the history needs
/// are kept per snapshot id (immutable, so they never go stale).
/// </summary>
public sealed class SnapshotCache(TimeProvider time)
{
    /// <summary>How long this process trusts its answer to "which snapshot is the newest" (the multi-process bound).</summary>
    public static readonly TimeSpan DefaultNewestLifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, (HistoryPoint Point, IReadOnlyList<(string Cohort, TermRow Term)> Terms)> _history = new();
    private readonly Remembered<Guid?> _newest = new();
    private readonly Remembered<long> _dataMark = new();
    private volatile PublishedSnapshot? _current;

    public SnapshotCache()
        : this(TimeProvider.System)
    {
    }

    public TimeSpan NewestLifetime { get; set; } = DefaultNewestLifetime;

    /// <summary>Read before the database is asked which snapshot is the newest; pass it to <see cref="RememberNewest"/>.</summary>
    public long Generation => _newest.Generation;

    public PublishedSnapshot? Current(Guid id) => _current is { } c && c.Info.Id == id ? c : null;

    public PublishedSnapshot Store(PublishedSnapshot snapshot)
    {
        _current = snapshot;
        return snapshot;
    }

    /// <summary>The newest snapshot's id (null: none yet) as read less than <see cref="NewestLifetime"/> ago, with nothing written since.</summary>
    public bool TryGetNewest(out Guid? id) => _newest.TryGet(time.GetUtcNow(), out id);

    /// <summary>Keeps the answer read under <paramref name="generation"/>, unless a snapshot was written since.</summary>
    public void RememberNewest(Guid? id, long generation) => Remember(_newest, id, generation);

    /// <summary>A snapshot was written (or is being written) by this process: the next reader asks the database.</summary>
    public void Forget() => _newest.Forget();

    /// <summary>Read before the database is asked for the newest registry-data audit id; pass it to <see cref="RememberDataMark"/>.</summary>
    public long DataMarkGeneration => _dataMark.Generation;

    /// <summary>
    /// The id of the newest audit entry about registry data (the overview's "changed since the snapshot?"), as read less
    /// than <see cref="NewestLifetime"/> ago with no registry data saved by this process since.
    /// </summary>
    public bool TryGetDataMark(out long mark) => _dataMark.TryGet(time.GetUtcNow(), out mark);

    public void RememberDataMark(long mark, long generation) => Remember(_dataMark, mark, generation);

    /// <summary>Registry data were written (or are being written) by this process: the overview asks the database again.</summary>
    public void ForgetDataMark() => _dataMark.Forget();

    public bool TryGetHistory(Guid id, out HistoryPoint point, out IReadOnlyList<(string Cohort, TermRow Term)> terms)
    {
        var found = _history.TryGetValue(id, out var entry);
        (point, terms) = found ? entry : (null!, []);
        return found;
    }

    public void StoreHistory(Guid id, HistoryPoint point, IReadOnlyList<(string Cohort, TermRow Term)> terms) => _history[id] = (point, terms);

    private void Remember<T>(Remembered<T> value, T read, long generation)
    {
        if (NewestLifetime > TimeSpan.Zero)
        {
            value.Remember(read, generation, time.GetUtcNow() + NewestLifetime);
        }
    }

    /// <summary>
    /// A value read from the database, trusted until a moment unless this process wrote since: every write moves the
    /// generation, and a value read under an older generation is neither kept nor returned.
    /// </summary>
    private sealed class Remembered<T>
    {
        private volatile Entry? _entry;
        private long _generation;

        /// <summary>Read before the database is asked; pass it to <see cref="Remember"/>.</summary>
        public long Generation => Interlocked.Read(ref _generation);

        public bool TryGet(DateTimeOffset now, out T value)
        {
            if (_entry is { } e && e.Generation == Generation && now < e.Until)
            {
                value = e.Value;
                return true;
            }

            value = default!;
            return false;
        }

        public void Remember(T value, long generation, DateTimeOffset until)
        {
            if (generation == Generation)
            {
                _entry = new Entry(value, generation, until);
            }
        }

        public void Forget()
        {
            Interlocked.Increment(ref _generation);
            _entry = null;
        }

        private sealed record Entry(T Value, long Generation, DateTimeOffset Until);
    }
}

/// <summary>
/// The newest published snapshot for one request (scoped): its id from <see cref="SnapshotCache"/> or one indexed query,
/// however many figures the page asks for, then the deserialized copy from <see cref="SnapshotCache"/> (loaded once
/// per snapshot per process).
/// </summary>
public sealed class CurrentSnapshotReader(Lazy<IRegistryDbContext> database, SnapshotCache cache)
{
    private Task<PublishedSnapshot?>? _current;

    /// <summary>Built only when the database must be asked: a request served from the cache constructs no context.</summary>
    private IRegistryDbContext Db => database.Value;

    public Task<PublishedSnapshot?> GetAsync(CancellationToken cancellationToken) => _current ??= NewestAsync(cancellationToken);

    private async Task<PublishedSnapshot?> NewestAsync(CancellationToken cancellationToken)
    {
        if (!cache.TryGetNewest(out var newest))
        {
            var generation = cache.Generation;
            newest = await Db.AnalysisSnapshots.AsNoTracking()
                .OrderByDescending(s => s.CreatedAt)
                .Select(s => (Guid?)s.Id)
                .FirstOrDefaultAsync(cancellationToken);
            cache.RememberNewest(newest, generation);
        }

        if (newest is not { } id)
        {
            return null;
        }

        if (cache.Current(id) is { } cached)
        {
            return cached;
        }

        var row = await Db.AnalysisSnapshots.AsNoTracking().SingleAsync(s => s.Id == id, cancellationToken);
        var info = new SnapshotInfo(row.Id, row.CreatedAt, row.Trigger, row.TriggeredBy, row.EngineVersion, row.DataFingerprint);
        return cache.Store(new PublishedSnapshot(info, AnalysisJson.Deserialize<AnalysisResults>(row.ResultsJson)));
    }
}
