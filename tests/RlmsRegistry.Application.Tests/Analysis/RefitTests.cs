using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;
using RlmsRegistry.Application.Analysis.Refits;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Infrastructure.Jobs;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Infrastructure.Synthetic;
using RlmsRegistry.Survival;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Analysis;

/// <summary>The refit job's work on real storage (SQLite, and PostgreSQL when configured).</summary>
public sealed class RefitTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    private sealed class FailOnce : IRefitFaultInjector
    {
        public bool Armed { get; set; }

        public void AfterAnalysis(Guid runId)
        {
            if (Armed)
            {
                Armed = false;
                throw new InvalidOperationException("injected failure in the middle of the run");
            }
        }
    }

    private sealed class SwitchableSettings : IOptions<AnalysisSettings>
    {
        public AnalysisSettings Value { get; set; } = new();
    }

    private static async Task<RegistryTestHost> RegistryAsync(DatabaseProvider provider, FailOnce? faults = null)
    {
        var host = await RegistryTestHost.StartAsync(provider, faults is null ? null : s => s.AddSingleton<IRefitFaultInjector>(faults));
        var writer = new SyntheticRegistryWriter(host.Services.GetRequiredService<IServiceScopeFactory>());
        await writer.WriteCasesAsync(new SyntheticRegistryOptions { Patients = 400, Centres = 2, Seed = 7 }, [host.CentreA.Id, host.CentreB.Id], SyntheticWriteMode.Bulk, "system:test");
        return host;
    }

    /// <summary>What the job, the CLI and the demo start do: send the one refit command as the system principal.</summary>
    private static Task<AnalysisRunDto> RefitAsync(RegistryTestHost host, Guid? runId = null) =>
        host.SendAsSystem(new RefitSurvivalModelsCommand(runId));

    private static Task<List<AnalysisSnapshot>> SnapshotsAsync(RegistryTestHost host) =>
        host.QueryAsync(db => db.AnalysisSnapshots.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync());

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenARegistry_WhenRefitting_ThenASnapshotHasTheCountsAndTheEnginesCoxResults(DatabaseProvider provider)
    {
        await using var host = await RegistryAsync(provider);

        var run = await RefitAsync(host);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        var snapshot = Assert.Single(await SnapshotsAsync(host));
        Assert.Equal(run.SnapshotId, snapshot.Id);
        var rows = await host.Services.AnalysisRowsAsync();
        Assert.Equal(AnalysisFingerprint.Compute(rows), snapshot.DataFingerprint);
        Assert.Equal(AnalysisFingerprint.OfCsv(snapshot.DatasetCsv), snapshot.DataFingerprint); // sha256sum of the bundle's dataset.csv
        Assert.Contains("+", snapshot.EngineVersion, StringComparison.Ordinal); // informational version carries the commit
        var stored = AnalysisJson.Deserialize<AnalysisResults>(snapshot.ResultsJson);
        var direct = CohortAnalyzer.Analyze(rows, new AnalysisSettings());
        foreach (var (s, d) in stored.Cohorts.Zip(direct.Cohorts))
        {
            Assert.Equal(d.Patients, s.Patients);
            Assert.Equal(d.Events, s.Events);
            Assert.Equal(d.PerCentre, s.PerCentre);
            Assert.NotNull(s.Multivariable);
            foreach (var (st, dt) in s.Multivariable!.Terms.Zip(d.Multivariable!.Terms))
            {
                Assert.Equal(dt.Term, st.Term);
                Assert.Equal(dt.Coef, st.Coef, 12);
                Assert.Equal(dt.Se, st.Se, 12);
                Assert.Equal(dt.HazardRatio, st.HazardRatio, 12);
            }
        }

        Assert.Equal(400, stored.Overview!.Centres.Sum(c => c.Patients));
        Assert.True(stored.Overview.AuditHighWaterMark > 0);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenUnchangedData_ThenTwoRunsStoreOneSnapshot_AndAChangedFollowUpEventYieldsANewFingerprint(DatabaseProvider provider)
    {
        await using var host = await RegistryAsync(provider);

        var first = await RefitAsync(host);
        var second = await RefitAsync(host);
        Assert.Equal(RunStatus.Succeeded, first.Status);
        Assert.Equal(RunStatus.Unchanged, second.Status);
        Assert.Single(await SnapshotsAsync(host));

        await RecordDeathAsync(host);
        var third = await RefitAsync(host);

        Assert.Equal(RunStatus.Succeeded, third.Status);
        var snapshots = await SnapshotsAsync(host);
        Assert.Equal(2, snapshots.Count);
        Assert.NotEqual(snapshots[0].DataFingerprint, snapshots[1].DataFingerprint);
        Assert.Equal(snapshots[0].Events + 1, snapshots[1].Events);
    }

    [Fact]
    public async Task GivenChangedSettings_ThenTheSameDataYieldsANewSnapshotWithTheSettingsItUsed()
    {
        var settings = new SwitchableSettings();
        await using var host = await RegistryTestHost.StartAsync(DatabaseProvider.Sqlite, s => s.AddSingleton<IOptions<AnalysisSettings>>(settings));
        var writer = new SyntheticRegistryWriter(host.Services.GetRequiredService<IServiceScopeFactory>());
        await writer.WriteCasesAsync(new SyntheticRegistryOptions { Patients = 150, Centres = 2, Seed = 3 }, [host.CentreA.Id, host.CentreB.Id], SyntheticWriteMode.Bulk, "system:test");

        Assert.Equal(RunStatus.Succeeded, (await RefitAsync(host)).Status);
        settings.Value = settings.Value with { Ties = CoxTies.Breslow };
        var second = await RefitAsync(host);

        Assert.Equal(RunStatus.Succeeded, second.Status);
        var snapshots = await SnapshotsAsync(host);
        Assert.Equal(2, snapshots.Count);
        Assert.Equal(snapshots[0].DataFingerprint, snapshots[1].DataFingerprint);
        Assert.Contains("\"ties\":\"efron\"", snapshots[0].SettingsJson, StringComparison.Ordinal);
        Assert.Contains("\"ties\":\"breslow\"", snapshots[1].SettingsJson, StringComparison.Ordinal);
        Assert.Equal(CoxTies.Breslow, AnalysisJson.Deserialize<AnalysisSettings>(snapshots[1].SettingsJson).Ties);
    }

    [Fact]
    public async Task GivenTheHangfireJob_WhenTheScheduleOrAQueuedRunFires_ThenItSendsTheRefitCommandAsTheSystem()
    {
        await using var host = await RegistryAsync(DatabaseProvider.Sqlite);
        var job = new RefitJob(host.Services.GetRequiredService<IServiceScopeFactory>());

        await job.RunScheduledAsync(CancellationToken.None);
        var queued = await QueueAsync(host);
        await job.RunAsync(queued, CancellationToken.None);

        var runs = await host.QueryAsync(db => db.AnalysisRuns.AsNoTracking().OrderBy(r => r.RequestedAt).ToListAsync());
        Assert.Equal(2, runs.Count);
        Assert.Equal((RefitTriggers.Schedule, RefitJob.SystemName, RunStatus.Succeeded), (runs[0].Trigger, runs[0].TriggeredBy, runs[0].Status));
        Assert.Equal((queued, RunStatus.Unchanged, runs[0].SnapshotId), (runs[1].Id, runs[1].Status, runs[1].SnapshotId));
        var snapshot = Assert.Single(await SnapshotsAsync(host));
        Assert.Equal((RefitTriggers.Schedule, RefitJob.SystemName), (snapshot.Trigger, snapshot.TriggeredBy));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAFailureInTheMiddleOfARun_ThenThePreviousSnapshotStaysCurrentAndUnchanged_AndTheRetrySucceeds(DatabaseProvider provider)
    {
        var faults = new FailOnce();
        await using var host = await RegistryAsync(provider, faults);
        await RefitAsync(host);
        var before = Assert.Single(await SnapshotsAsync(host));
        await RecordDeathAsync(host);
        faults.Armed = true;
        var runId = await QueueAsync(host);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => RefitAsync(host, runId));
        Assert.Contains("injected", failure.Message, StringComparison.Ordinal);
        var afterFailure = Assert.Single(await SnapshotsAsync(host));
        Assert.Equal(before.Id, afterFailure.Id);
        Assert.Equal(before.ResultsJson, afterFailure.ResultsJson);
        var failed = await host.QueryAsync(db => db.AnalysisRuns.AsNoTracking().SingleAsync(r => r.Id == runId));
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains("injected failure", failed.Message, StringComparison.Ordinal);

        var retried = await RefitAsync(host, runId); // what Hangfire's retry does: the same run again
        Assert.Equal(RunStatus.Succeeded, retried.Status);
        Assert.Equal(2, retried.Attempts);

        Assert.Equal(2, (await SnapshotsAsync(host)).Count);
        var retry = typeof(RefitJob).GetMethod(nameof(RefitJob.RunAsync))!.GetCustomAttributes(typeof(AutomaticRetryAttribute), false).Cast<AutomaticRetryAttribute>().Single();
        Assert.Equal(3, retry.Attempts);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenASnapshot_ThenItsBundlesRScriptReproducesTheHazardRatiosWithR(DatabaseProvider provider)
    {
        var rscript = Environment.GetEnvironmentVariable("RLMS_TEST_RSCRIPT") is { Length: > 0 } configured ? configured : "/usr/bin/Rscript";
        if (!File.Exists(rscript))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "R is required on CI (.ci/services.sh installs it)");
            return; // a developer machine without R: the comparison cannot run
        }

        await using var host = await RegistryAsync(provider);
        var run = await RefitAsync(host);
        var snapshot = (await SnapshotsAsync(host)).Single(s => s.Id == run.SnapshotId);
        var dir = Directory.CreateTempSubdirectory("rlms-bundle-");
        try
        {
            await using (var zip = new ZipArchive(new MemoryStream(ReproducibilityBundle.Build(snapshot))))
            {
                Assert.Equal(
                    new[] { ReproducibilityBundle.DatasetFile, ReproducibilityBundle.DictionaryFile, ReproducibilityBundle.ResultsFile, ReproducibilityBundle.ScriptFile, "README.txt" }.Order(),
                    zip.Entries.Select(e => e.FullName).Order());
                await zip.ExtractToDirectoryAsync(dir.FullName);
            }

            var process = Process.Start(new ProcessStartInfo(rscript, [ReproducibilityBundle.ScriptFile, ReproducibilityBundle.DatasetFile, "hr.csv"])
            {
                WorkingDirectory = dir.FullName,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, stderr);

            var fromR = File.ReadAllLines(Path.Combine(dir.FullName, "hr.csv")).Skip(1).Select(CsvLine.Parse)
                .ToDictionary(f => (f[0], f[1], f[2]), f => double.Parse(f[4], CultureInfo.InvariantCulture));
            var results = AnalysisJson.Deserialize<AnalysisResults>(snapshot.ResultsJson);
            var compared = 0;
            foreach (var cohort in results.Cohorts)
            {
                var models = cohort.Univariable.Concat(new[] { cohort.Multivariable, cohort.MultivariableStratifiedByCentre, cohort.MultivariableClusteredByCentre }.OfType<CoxModelResult>());
                foreach (var model in models)
                {
                    foreach (var term in model.Terms)
                    {
                        var r = fromR[(cohort.Cohort, model.Name, term.Term)];
                        Assert.True(Math.Abs(r - term.HazardRatio) <= 1e-6 * Math.Abs(r), $"{cohort.Cohort} {model.Name} {term.Term}: R {r}, registry {term.HazardRatio}");
                        compared++;
                    }
                }
            }

            Assert.Equal(fromR.Count, compared);
            Assert.True(compared > 10);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>A queued run, as a manual request records it before Hangfire picks it up.</summary>
    private static async Task<Guid> QueueAsync(RegistryTestHost host)
    {
        var run = new AnalysisRun { RequestedAt = DateTimeOffset.UtcNow, Trigger = "manual", TriggeredBy = "test" };
        await host.QueryAsync(async db =>
        {
            db.AnalysisRuns.Add(run);
            return await db.SaveChangesAsync();
        });
        return run.Id;
    }

    private static async Task RecordDeathAsync(RegistryTestHost host)
    {
        var patientId = await host.QueryAsync(db => db.Patients.Where(p => !p.FollowUpEvents.Any(e => e.Type == FollowUpEventType.Death) && p.Operations.Any(o => o.Setting == OperationSetting.Primary))
            .OrderBy(p => p.StudyId).Select(p => p.Id).FirstAsync());
        await host.SendAsSystem(new SaveFollowUpEventCommand
        {
            // Complete: the analysis takes Complete forms only (docs/decisions/0011).
            PatientId = patientId, Date = new DateOnly(2025, 6, 1), Type = FollowUpEventType.Death, CauseOfDeath = CauseOfDeath.Disease, Complete = true,
        });
    }
}
