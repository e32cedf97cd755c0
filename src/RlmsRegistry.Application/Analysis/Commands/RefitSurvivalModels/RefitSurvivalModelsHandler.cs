using System.Reflection;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Analysis.Refits;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;

/// <summary>
/// One refit: reads a consistent view of the registry (<see cref="IAnalysisDatasetSource.ReadConsistentlyAsync"/>), builds
/// both cohorts' analysis datasets, fingerprints the dataset CSV, runs the cohort analysis and publishes an immutable
/// snapshot with a single insert — or records "unchanged" when the dataset, the settings and the overview equal the
/// current snapshot's. A multivariable model that did not converge fails the run. Anything that fails leaves the
/// current snapshot as it was.
/// </summary>
public sealed class RefitSurvivalModelsHandler(
    IRegistryDbContext db,
    IAnalysisDatasetSource source,
    IOptions<AnalysisSettings> settings,
    IRefitFaultInjector faults,
    IClock clock,
    ICurrentUser user,
    ILogger<RefitSurvivalModelsHandler> logger)
    : ICommandHandler<RefitSurvivalModelsCommand, AnalysisRunDto>
{
    /// <summary>The survival engine's informational version (with its commit), stored in every snapshot.</summary>
    public static string EngineVersion { get; } =
        typeof(CoxRegression).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async ValueTask<AnalysisRunDto> Handle(RefitSurvivalModelsCommand command, CancellationToken cancellationToken)
    {
        var analysisSettings = settings.Value; // invalid settings fail here, before any run is recorded
        var run = command.RunId is { } id
            ? await db.AnalysisRuns.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw NotFoundException.For("Refit run", id)
            : Queue(command.Trigger);
        run.Status = RunStatus.Running;
        run.StartedAt = clock.UtcNow;
        run.Attempts++;
        run.Message = "Reading the registry";
        run.Progress = 5;
        await db.SaveChangesAsync(cancellationToken);

        AnalysisSnapshot? publishing = null;
        try
        {
            var outcome = await RefitAsync(run, analysisSettings, cancellationToken);
            if (outcome.Publish is { } snapshot)
            {
                publishing = snapshot;
                db.AnalysisSnapshots.Add(snapshot); // one insert: readers see the previous snapshot or this complete one
                await db.SaveChangesAsync(cancellationToken);
            }

            run.Status = outcome.Publish is null ? RunStatus.Unchanged : RunStatus.Succeeded;
            run.SnapshotId = outcome.SnapshotId;
            run.Message = outcome.Publish is null ? "The data and settings equal the current snapshot's: nothing new to publish." : "Published.";
            run.Progress = 100;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Refit run {RunId} failed", run.Id);
            if (publishing is not null)
            {
                db.AnalysisSnapshots.Remove(publishing); // an insert that did not happen: forget it, do not retry it below
            }

            run.Status = RunStatus.Failed;
            run.Message = $"{ex.GetType().Name}: {ex.Message}";
            run.FinishedAt = clock.UtcNow;
            await db.SaveChangesAsync(cancellationToken);
            throw;
        }

        run.FinishedAt = clock.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return AnalysisRunDtos.From(run);
    }

    private AnalysisRun Queue(string trigger)
    {
        var run = new AnalysisRun { RequestedAt = clock.UtcNow, Trigger = trigger, TriggeredBy = user.Name };
        db.AnalysisRuns.Add(run);
        return run;
    }

    /// <summary>The snapshot to publish, or the id of the current one when it already holds these data and settings.</summary>
    private async Task<(Guid SnapshotId, AnalysisSnapshot? Publish)> RefitAsync(AnalysisRun run, AnalysisSettings analysisSettings, CancellationToken ct)
    {
        var rows = new List<AnalysisRow>();
        var leftOut = new Dictionary<Cohort, int>();
        var overview = new RegistryOverviewBuilder(clock.UtcNow);
        var highWaterMark = await source.ReadConsistentlyAsync(
            p =>
            {
                var (patientRows, leftOutOf) = AnalysisInclusion.Rows(p.Patient, p.CentreCode, analysisSettings);
                rows.AddRange(patientRows);
                foreach (var cohort in leftOutOf)
                {
                    leftOut[cohort] = leftOut.GetValueOrDefault(cohort) + 1;
                }

                overview.Add(p.Patient, p.CentreCode, patientRows);
            },
            ct);

        rows.Sort((a, b) => string.CompareOrdinal(a.StudyId, b.StudyId) is var c && c != 0 ? c : a.Cohort.CompareTo(b.Cohort));
        var datasetCsv = AnalysisFingerprint.CanonicalCsv(rows);
        var fingerprint = AnalysisFingerprint.OfCsv(datasetCsv);
        var settingsJson = AnalysisJson.Serialize(analysisSettings); // every setting, so none can be left out of the comparison
        var overviewFigures = overview.Build(rows, highWaterMark);
        var latest = await db.AnalysisSnapshots.AsNoTracking().OrderByDescending(s => s.CreatedAt)
            .Select(s => new { s.Id, s.DataFingerprint, s.SettingsJson, s.ResultsJson }).FirstOrDefaultAsync(ct);
        if (latest is not null && latest.DataFingerprint == fingerprint && latest.SettingsJson == settingsJson
            && RegistryOverviewBuilder.Same(AnalysisJson.Deserialize<AnalysisResults>(latest.ResultsJson).Overview, overviewFigures))
        {
            return (latest.Id, null);
        }

        await ProgressAsync(run, 40, "Fitting the models", ct);
        var results = CohortAnalyzer.Analyze(rows, analysisSettings) with { Overview = overviewFigures };
        results = results with
        {
            Cohorts = results.Cohorts.Select(c => c with { LeftOutIndexNotComplete = leftOut.Where(l => l.Key.Name() == c.Cohort).Sum(l => l.Value) }).ToList(),
        };
        RequireConverged(results);
        faults.AfterAnalysis(run.Id);
        await ProgressAsync(run, 80, "Publishing the snapshot", ct);
        var snapshot = new AnalysisSnapshot
        {
            CreatedAt = clock.UtcNow,
            Trigger = run.Trigger,
            TriggeredBy = run.TriggeredBy,
            DataFingerprint = fingerprint,
            SettingsJson = settingsJson,
            EngineVersion = EngineVersion,
            Patients = rows.Select(r => r.StudyId).Distinct(StringComparer.Ordinal).Count(),
            Events = results.Cohorts.Sum(c => c.Events),
            CountsJson = AnalysisJson.Serialize(results.Cohorts.SelectMany(c => c.PerCentre.Select(p => new { cohort = c.Cohort, p.Centre, p.Patients, p.Events, p.Censored }))),
            ResultsJson = AnalysisJson.Serialize(results),
            DatasetCsv = datasetCsv,
        };
        return (snapshot.Id, snapshot);
    }

    /// <summary>
    /// The convergence policy: a multivariable model that did not converge is not published (its hazard ratios would be
    /// the last Newton step's, not estimates); the run fails naming the problem terms, and the current snapshot stays.
    /// A univariable model that did not converge is published with its flag (failing to converge is data).
    /// </summary>
    private static void RequireConverged(AnalysisResults results)
    {
        foreach (var cohort in results.Cohorts)
        {
            if (cohort.Multivariable is { Converged: false } model)
            {
                throw new InvalidOperationException($"The multivariable model of the {cohort.Cohort} cohort did not converge ({string.Join(", ", model.ProblemTerms)}).");
            }
        }
    }

    private async Task ProgressAsync(AnalysisRun run, int progress, string message, CancellationToken ct)
    {
        run.Progress = progress;
        run.Message = message;
        await db.SaveChangesAsync(ct);
    }
}
