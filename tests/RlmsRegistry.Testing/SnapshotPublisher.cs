using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Testing;

/// <summary>
/// Publishes an analysis snapshot for tests: <see cref="PublishAsync"/> runs the refit job's own work (RefitRunner);
/// <see cref="PublishRowsAsync"/> publishes results of given rows directly (the load benchmark's synthetic rows).
/// </summary>
public static class SnapshotPublisher
{
    public static async Task<AnalysisSnapshot> PublishAsync(IServiceProvider services, string trigger = "manual")
    {
        // The refit job's own work (RefitRunner): the snapshot is what the job publishes (or the current one when nothing changed).
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test-publisher");
        var runner = scope.ServiceProvider.GetRequiredService<RlmsRegistry.Infrastructure.Analysis.RefitRunner>();
        var run = await runner.RunAsync(await runner.QueueAsync(trigger, "system:test-publisher", CancellationToken.None), CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        return await db.AnalysisSnapshots.AsNoTracking().SingleAsync(x => x.Id == run.SnapshotId);
    }

    public static async Task<AnalysisSnapshot> PublishRowsAsync(IServiceProvider services, IReadOnlyList<AnalysisRow> rows, AnalysisSettings? settings = null)
    {
        settings ??= new AnalysisSettings();
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test-publisher");
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var mark = await db.AuditEntries.AsNoTracking().MaxAsync(a => (long?)a.Id) ?? 0;
        var overview = new RegistryOverview(
            rows.GroupBy(r => r.CentreCode).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new CentreOverview(g.Key, g.Select(r => r.StudyId).Distinct().Count(), g.Count(r => r.Cohort == Cohort.Primary), g.Count(r => r.Cohort == Cohort.Recurrent),
                    g.Count() * 4, g.Count() * 3, g.Count(r => r.OsEvent == 0), g.Count(r => r.OsEvent == 0) / 2))
                .ToList(),
            rows.GroupBy(r => (r.IndexDate.Year, r.CentreCode, r.Cohort)).OrderBy(g => g.Key.Year)
                .Select(g => new AccrualCount(g.Key.Year, g.Key.CentreCode, g.Key.Cohort == Cohort.Primary ? "primary" : "recurrent", g.Count())).ToList(),
            mark);
        return await InsertAsync(db, CohortAnalyzer.Analyze(rows, settings) with { Overview = overview }, settings, rows, "manual");
    }

    private static async Task<AnalysisSnapshot> InsertAsync(RegistryDbContext db, AnalysisResults results, AnalysisSettings settings, IReadOnlyList<AnalysisRow> rows, string trigger)
    {
        var canonical = string.Join('\n', rows.Select(r => r.ToString()));
        var snapshot = new AnalysisSnapshot
        {
            CreatedAt = DateTimeOffset.UtcNow,
            Trigger = trigger,
            TriggeredBy = "system:test-publisher",
            DataFingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))),
            SettingsJson = AnalysisJson.Serialize(settings),
            EngineVersion = "test-publisher",
            Patients = rows.Select(r => r.StudyId).Distinct().Count(),
            Events = rows.Count(r => r.OsEvent == 1),
            CountsJson = AnalysisJson.Serialize(results.Cohorts.SelectMany(c => c.PerCentre.Select(p => new { cohort = c.Cohort, p.Centre, p.Patients, p.Events, p.Censored }))),
            ResultsJson = AnalysisJson.Serialize(results),
        };
        db.AnalysisSnapshots.Add(snapshot);
        await db.SaveChangesAsync();
        return snapshot;
    }

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
