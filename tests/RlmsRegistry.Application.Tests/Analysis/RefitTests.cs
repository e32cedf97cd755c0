using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Infrastructure.Analysis;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Jobs;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Infrastructure.Synthetic;
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

    private static async Task<RegistryTestHost> RegistryAsync(DatabaseProvider provider)
    {
        var host = await RegistryTestHost.StartAsync(provider);
        var writer = new SyntheticRegistryWriter(host.Services.GetRequiredService<IServiceScopeFactory>());
        await writer.WriteCasesAsync(new SyntheticRegistryOptions { Patients = 400, Centres = 2, Seed = 7 }, [host.CentreA.Id, host.CentreB.Id], SyntheticWriteMode.Bulk, "system:test");
        return host;
    }

    private static async Task<AnalysisRun> RefitAsync(RegistryTestHost host, IRefitFaultInjector? faults = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem(RefitJob.SystemName);
        var runner = new RefitRunner(
            scope.ServiceProvider.GetRequiredService<RegistryDbContext>(), scope.ServiceProvider.GetRequiredService<IAnalysisDatasetSource>(),
            Options.Create(new AnalysisSettings()), faults ?? new FailOnce(), TimeProvider.System, NullLogger<RefitRunner>.Instance);
        var id = await runner.QueueAsync("manual", "test", CancellationToken.None);
        return await runner.RunAsync(id, CancellationToken.None);
    }

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

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAFailureInTheMiddleOfARun_ThenThePreviousSnapshotStaysCurrentAndUnchanged_AndTheRetrySucceeds(DatabaseProvider provider)
    {
        await using var host = await RegistryAsync(provider);
        await RefitAsync(host);
        var before = Assert.Single(await SnapshotsAsync(host));
        await RecordDeathAsync(host);
        var faults = new FailOnce { Armed = true };

        await using (var scope = host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem(RefitJob.SystemName);
            var runner = new RefitRunner(
                scope.ServiceProvider.GetRequiredService<RegistryDbContext>(), scope.ServiceProvider.GetRequiredService<IAnalysisDatasetSource>(),
                Options.Create(new AnalysisSettings()), faults, TimeProvider.System, NullLogger<RefitRunner>.Instance);
            var runId = await runner.QueueAsync("manual", "test", CancellationToken.None);

            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(runId, CancellationToken.None));
            Assert.Contains("injected", failure.Message, StringComparison.Ordinal);
            var afterFailure = Assert.Single(await SnapshotsAsync(host));
            Assert.Equal(before.Id, afterFailure.Id);
            Assert.Equal(before.ResultsJson, afterFailure.ResultsJson);
            var failed = await host.QueryAsync(db => db.AnalysisRuns.AsNoTracking().SingleAsync(r => r.Id == runId));
            Assert.Equal(RunStatus.Failed, failed.Status);
            Assert.Contains("injected failure", failed.Message, StringComparison.Ordinal);

            var retried = await runner.RunAsync(runId, CancellationToken.None); // what Hangfire's retry does: the same run again
            Assert.Equal(RunStatus.Succeeded, retried.Status);
            Assert.Equal(2, retried.Attempts);
        }

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

            var fromR = File.ReadAllLines(Path.Combine(dir.FullName, "hr.csv")).Skip(1).Select(ParseCsvLine)
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

    private static string[] ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
