using System.Data;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Analysis.Queries.GetAnalysisDataset;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Infrastructure.Analysis;

/// <summary>A hook for tests to make a run fail at a chosen point; the default does nothing.</summary>
public interface IRefitFaultInjector
{
    void AfterAnalysis(Guid runId);
}

internal sealed class NoFaults : IRefitFaultInjector
{
    public void AfterAnalysis(Guid runId)
    {
    }
}

/// <summary>
/// One refit: reads a consistent view of the registry (one transaction; repeatable read on PostgreSQL, snapshot on
/// SQL Server, a WAL read transaction on SQLite), builds both cohorts' analysis datasets, fingerprints them, runs the
/// cohort analysis and publishes an immutable snapshot with a single insert — or records "unchanged" when the data
/// and settings equal the current snapshot's. Anything that fails leaves the current snapshot as it was.
/// </summary>
public sealed class RefitRunner(
    RegistryDbContext db,
    IAnalysisDatasetSource source,
    IOptions<AnalysisSettings> settings,
    IRefitFaultInjector faults,
    TimeProvider time,
    ILogger<RefitRunner> logger)
{
    public static string EngineVersion { get; } =
        typeof(CoxRegression).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Creates a run record (queued) and returns its id.</summary>
    public async Task<Guid> QueueAsync(string trigger, string triggeredBy, CancellationToken ct)
    {
        var run = new AnalysisRun { RequestedAt = time.GetUtcNow(), Trigger = trigger, TriggeredBy = triggeredBy };
        db.AnalysisRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run.Id;
    }

    /// <summary>Runs the refit for a queued run. Throws on failure (after recording it) so the job can be retried.</summary>
    public async Task<AnalysisRun> RunAsync(Guid runId, CancellationToken ct)
    {
        var run = await db.AnalysisRuns.SingleAsync(r => r.Id == runId, ct);
        run.Status = RunStatus.Running;
        run.StartedAt = time.GetUtcNow();
        run.Attempts++;
        run.Message = "Reading the registry";
        run.Progress = 5;
        await db.SaveChangesAsync(ct);
        try
        {
            var (snapshotId, published) = await RefitAsync(run, ct);
            run.Status = published ? RunStatus.Succeeded : RunStatus.Unchanged;
            run.SnapshotId = snapshotId;
            run.Message = published ? "Published." : "The data and settings equal the current snapshot's: nothing new to publish.";
            run.Progress = 100;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Refit run {RunId} failed", runId);
            db.ChangeTracker.Clear();
            run = await db.AnalysisRuns.SingleAsync(r => r.Id == runId, ct);
            run.Status = RunStatus.Failed;
            run.Message = $"{ex.GetType().Name}: {ex.Message}";
            run.FinishedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            throw;
        }

        run.FinishedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return run;
    }

    /// <summary>Publishes a snapshot (its id, true), or finds the current one equal in data and settings (its id, false).</summary>
    private async Task<(Guid SnapshotId, bool Published)> RefitAsync(AnalysisRun run, CancellationToken ct)
    {
        var analysisSettings = settings.Value;
        var rows = new List<AnalysisRow>();
        var overview = new OverviewBuilder(time.GetUtcNow());
        var leftOut = new Dictionary<Cohort, int>();
        long highWaterMark;
        await using (var transaction = await db.Database.BeginTransactionAsync(ConsistentReadIsolation(), ct))
        {
            highWaterMark = await db.AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0;
            await foreach (var (patient, centre) in source.PatientsAsync(ct))
            {
                var (patientRows, leftOutOf) = AnalysisInclusion.Rows(patient, centre, analysisSettings);
                rows.AddRange(patientRows);
                foreach (var cohort in leftOutOf)
                {
                    leftOut[cohort] = leftOut.GetValueOrDefault(cohort) + 1;
                }

                overview.Add(patient, centre, patientRows);
            }

            await transaction.CommitAsync(ct);
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.StudyId, b.StudyId) is var c && c != 0 ? c : a.Cohort.CompareTo(b.Cohort));
        var fingerprint = AnalysisFingerprint.Compute(rows);
        var settingsJson = AnalysisJson.Serialize(analysisSettings);
        var overviewFigures = overview.Build(rows, highWaterMark);
        var latest = await db.AnalysisSnapshots.AsNoTracking().OrderByDescending(s => s.CreatedAt)
            .Select(s => new { s.Id, s.DataFingerprint, s.SettingsJson, s.ResultsJson }).FirstOrDefaultAsync(ct);
        if (latest is not null && latest.DataFingerprint == fingerprint && latest.SettingsJson == settingsJson
            && SameOverview(AnalysisJson.Deserialize<AnalysisResults>(latest.ResultsJson).Overview, overviewFigures))
        {
            return (latest.Id, false);
        }

        await ProgressAsync(run, 40, "Fitting the models", ct);
        var results = CohortAnalyzer.Analyze(rows, analysisSettings) with { Overview = overviewFigures };
        results = results with
        {
            Cohorts = results.Cohorts.Select(c => c with { LeftOutIndexNotComplete = leftOut.Where(l => l.Key.Name() == c.Cohort).Sum(l => l.Value) }).ToList(),
        };
        foreach (var cohort in results.Cohorts)
        {
            if (cohort.Multivariable is { Converged: false } model)
            {
                throw new InvalidOperationException($"The multivariable model of the {cohort.Cohort} cohort did not converge ({string.Join(", ", model.ProblemTerms)}).");
            }
        }

        faults.AfterAnalysis(run.Id);
        await ProgressAsync(run, 80, "Publishing the snapshot", ct);
        var snapshot = new AnalysisSnapshot
        {
            CreatedAt = time.GetUtcNow(),
            Trigger = run.Trigger,
            TriggeredBy = run.TriggeredBy,
            DataFingerprint = fingerprint,
            SettingsJson = settingsJson,
            EngineVersion = EngineVersion,
            Patients = rows.Select(r => r.StudyId).Distinct(StringComparer.Ordinal).Count(),
            Events = results.Cohorts.Sum(c => c.Events),
            CountsJson = AnalysisJson.Serialize(results.Cohorts.SelectMany(c => c.PerCentre.Select(p => new { cohort = c.Cohort, p.Centre, p.Patients, p.Events, p.Censored }))),
            ResultsJson = AnalysisJson.Serialize(results),
            DatasetCsv = AnalysisCsv.Write(rows.Select(AnalysisRowDtos.From)),
        };
        db.AnalysisSnapshots.Add(snapshot); // one insert: readers see the previous snapshot or this complete one
        await db.SaveChangesAsync(ct);
        return (snapshot.Id, true);
    }

    /// <summary>
    /// The registry-wide figures (patients per centre, form completeness, follow-up completeness) can change without the
    /// analysis dataset changing — e.g. a patient registered before their first operation — and then deserve a new snapshot.
    /// </summary>
    private static bool SameOverview(RegistryOverview? stored, RegistryOverview current) =>
        stored is not null
        && stored.Centres.SequenceEqual(current.Centres)
        && stored.Accrual.SequenceEqual(current.Accrual);

    private async Task ProgressAsync(AnalysisRun run, int progress, string message, CancellationToken ct)
    {
        run.Progress = progress;
        run.Message = message;
        await db.SaveChangesAsync(ct);
    }

    private IsolationLevel ConsistentReadIsolation() =>
        db.Database.IsNpgsql() ? IsolationLevel.RepeatableRead
        : db.Database.IsSqlServer() ? IsolationLevel.Snapshot
        : IsolationLevel.Serializable;

    /// <summary>Per-centre figures for the overview dashboard, gathered while the patients stream past.</summary>
    private sealed class OverviewBuilder(DateTimeOffset now)
    {
        private readonly Dictionary<string, CentreTally> _centres = new(StringComparer.Ordinal);
        private readonly DateOnly _seenSince = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(-12);

        public void Add(Domain.Patients.Patient patient, string centre, IReadOnlyList<AnalysisRow> rows)
        {
            if (!_centres.TryGetValue(centre, out var c))
            {
                _centres[centre] = c = new CentreTally();
            }

            c.Patients++;
            c.Primary += rows.Count(r => r.Cohort == Cohort.Primary);
            c.Recurrent += rows.Count(r => r.Cohort == Cohort.Recurrent);
            IEnumerable<ClinicalForm> forms = patient.Operations.SelectMany(o => new ClinicalForm?[] { o, o.Pathology, o.LabPanel }).OfType<ClinicalForm>()
                .Concat(patient.FollowUpEvents);
            foreach (var form in forms)
            {
                c.Forms++;
                if (form.Status == RecordStatus.Complete)
                {
                    c.Complete++;
                }
            }

            var last = patient.FollowUpEvents.OrderBy(e => e.Date).LastOrDefault();
            if (patient.FindDeath() is null && last?.Type != FollowUpEventType.LostToFollowUp)
            {
                c.AliveNotLost++;
                if (patient.LastKnownAliveDate() is { } d && d >= _seenSince)
                {
                    c.Seen++;
                }
            }
        }

        public RegistryOverview Build(IReadOnlyList<AnalysisRow> rows, long highWaterMark) => new(
            _centres.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new CentreOverview(
                kv.Key, kv.Value.Patients, kv.Value.Primary, kv.Value.Recurrent, kv.Value.Forms, kv.Value.Complete, kv.Value.AliveNotLost, kv.Value.Seen)).ToList(),
            rows.GroupBy(r => (r.IndexDate.Year, r.CentreCode, r.Cohort)).OrderBy(g => g.Key.Year).ThenBy(g => g.Key.CentreCode, StringComparer.Ordinal)
                .Select(g => new AccrualCount(g.Key.Year, g.Key.CentreCode, g.Key.Cohort.Name(), g.Count())).ToList(),
            highWaterMark);

        private sealed class CentreTally
        {
            public int Patients { get; set; }

            public int Primary { get; set; }

            public int Recurrent { get; set; }

            public int Forms { get; set; }

            public int Complete { get; set; }

            public int AliveNotLost { get; set; }

            public int Seen { get; set; }
        }
    }
}
