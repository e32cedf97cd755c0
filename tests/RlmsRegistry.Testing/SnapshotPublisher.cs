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
/// Publishes an analysis snapshot the way the refit job will (issue 6), for tests written before that job exists:
/// reads the analysis dataset through <see cref="IAnalysisDatasetSource"/> as the system principal, runs
/// <see cref="CohortAnalyzer.Analyze"/>, adds the overview figures and inserts one <see cref="AnalysisSnapshot"/>.
/// TODO(integrator): once the refit job lands, replace the body with a call to the job's use case and delete the
/// overview computation here (the job owns it).
/// </summary>
public static class SnapshotPublisher
{
    public static async Task<AnalysisSnapshot> PublishAsync(IServiceProvider services, AnalysisSettings? settings = null, DateOnly? today = null, string trigger = "manual")
    {
        settings ??= new AnalysisSettings();
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test-publisher");
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var source = scope.ServiceProvider.GetRequiredService<IAnalysisDatasetSource>();
        var day = today ?? DateOnly.FromDateTime(DateTime.UtcNow);

        var mark = await db.AuditEntries.AsNoTracking().MaxAsync(a => (long?)a.Id) ?? 0;
        var rows = new List<AnalysisRow>();
        var centres = new Dictionary<string, CentreTally>(StringComparer.Ordinal);
        await foreach (var (patient, centre) in source.PatientsAsync(CancellationToken.None))
        {
            var tally = centres.TryGetValue(centre, out var t) ? t : centres[centre] = new CentreTally();
            tally.Patients++;
            var patientRows = CohortDerivation.Rows(patient, centre);
            rows.AddRange(patientRows);
            tally.Primary += patientRows.Count(r => r.Cohort == Cohort.Primary);
            tally.Recurrent += patientRows.Count(r => r.Cohort == Cohort.Recurrent);
            var forms = patient.Operations.SelectMany(o => new ClinicalForm?[] { o, o.Pathology, o.LabPanel }).OfType<ClinicalForm>()
                .Concat(patient.FollowUpEvents).ToList();
            tally.Forms += forms.Count;
            tally.Complete += forms.Count(f => f.Status == RecordStatus.Complete);
            var ended = patient.FollowUpEvents.Any(e => e.Type is FollowUpEventType.Death or FollowUpEventType.LostToFollowUp);
            if (!ended && patient.Operations.Count > 0)
            {
                tally.AliveNotLost++;
                var lastSeen = patient.Operations.Select(o => o.Date).Concat(patient.FollowUpEvents.Select(e => e.Date)).Max();
                if (lastSeen >= day.AddMonths(-12))
                {
                    tally.Seen++;
                }
            }
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.StudyId + a.Cohort, b.StudyId + b.Cohort));
        var overview = new RegistryOverview(
            centres.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new CentreOverview(c.Key, c.Value.Patients, c.Value.Primary, c.Value.Recurrent, c.Value.Forms, c.Value.Complete, c.Value.AliveNotLost, c.Value.Seen))
                .ToList(),
            rows.GroupBy(r => (r.IndexDate.Year, r.CentreCode, r.Cohort))
                .OrderBy(g => g.Key.Year).ThenBy(g => g.Key.CentreCode, StringComparer.Ordinal).ThenBy(g => g.Key.Cohort)
                .Select(g => new AccrualCount(g.Key.Year, g.Key.CentreCode, g.Key.Cohort == Cohort.Primary ? "primary" : "recurrent", g.Count()))
                .ToList(),
            mark);
        return await InsertAsync(db, CohortAnalyzer.Analyze(rows, settings) with { Overview = overview }, settings, rows, trigger);
    }

    /// <summary>Publishes the analysis of the given rows (synthetic data sets for benchmarks and figure tests).</summary>
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
