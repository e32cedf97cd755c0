using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Dashboards.Queries.GetCumulativeIncidence;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Infrastructure.Synthetic;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Analysis;

/// <summary>
/// The recurrence endpoints in a snapshot of the demo registry (227 synthetic patients, seed 131, as the embedded demo
/// writes them), and the bundle's R script reproducing them with cmprsk (cuminc, timepoints, crr).
/// </summary>
public sealed class CompetingRisksSnapshotTests
{
    private static async Task<(RegistryTestHost Host, AnalysisSnapshot Snapshot)> DemoSnapshotAsync()
    {
        var host = await RegistryTestHost.StartAsync(DatabaseProvider.Sqlite);
        var writer = new SyntheticRegistryWriter(host.Services.GetRequiredService<IServiceScopeFactory>());
        await writer.WriteCasesAsync(new SyntheticRegistryOptions(), [host.CentreA.Id, host.CentreB.Id], SyntheticWriteMode.Bulk, "system:test");
        var run = await host.SendAsSystem(new RefitSurvivalModelsCommand(null));
        var snapshot = await host.QueryAsync(db => db.AnalysisSnapshots.AsNoTracking().SingleAsync(s => s.Id == run.SnapshotId));
        return (host, snapshot);
    }

    [Fact]
    public async Task GivenTheDemoRegistry_WhenRefitted_ThenEachCohortHasIncidenceCurvesGrayTestsAndFineGrayModelsOfLocalAndDistantRecurrence()
    {
        var (host, snapshot) = await DemoSnapshotAsync();
        await using var _ = host;
        var results = AnalysisJson.Deserialize<AnalysisResults>(snapshot.ResultsJson);

        foreach (var cohort in results.Cohorts)
        {
            var cr = Assert.IsType<CompetingRisksResults>(cohort.CompetingRisks);
            Assert.Equal(cohort.Patients, cr.Patients);
            Assert.Equal(cr.Patients, cr.Censored + cr.Causes.Sum(c => c.Events));
            Assert.All(cr.Causes, c => Assert.True(c.Events > 0, $"{cohort.Cohort}: no {c.Label}"));
            Assert.Equal(["overall", "fnclccGrade", "resection"], cr.CurveSets.Select(s => s.By));
            foreach (var set in cr.CurveSets.Where(s => s.By != "overall"))
            {
                Assert.True(set.Groups.Count > 1, $"{cohort.Cohort} {set.By}");
                Assert.Equal([1, 2, 3], set.GrayTests.Select(t => t.Cause));
                Assert.All(set.GrayTests, t => Assert.InRange(t.P!.Value, 0, 1));
            }

            var overall = Assert.Single(cr.CurveSets[0].Groups);
            foreach (var curve in overall.Causes)
            {
                Assert.Equal(results.Settings.SurvivalTimesMonths, curve.AtTimes.Select(a => a.Months));
                Assert.All(curve.AtTimes.Where(a => a.Incidence is not null), a => Assert.True(a.Lower <= a.Incidence && a.Incidence <= a.Upper));
                for (var i = 1; i < curve.Incidence.Count; i++)
                {
                    Assert.True(curve.Incidence[i] >= curve.Incidence[i - 1], "a cumulative incidence never decreases");
                }
            }

            // The three incidences add up to 1 − KM of the first event (Aalen–Johansen is a partition).
            var at60 = overall.Causes.Select(c => c.AtTimes.Single(a => a.Months == 60).Incidence!.Value).Sum();
            Assert.InRange(at60, 0.01, 0.999);
            Assert.Equal([1, 2], cr.Models.Select(m => m.Cause));
            Assert.All(cr.Models, m => Assert.True(m.Terms.Count >= 8 && m.Events > 0));
        }

        // The page's figure: Admins and Investigators only, read from this snapshot.
        var figure = await host.SendAs(TestUser.InRole(Roles.Investigator), new GetCumulativeIncidenceFigureQuery("primary", "resection"));
        Assert.Equal(snapshot.Id, figure.Snapshot!.Id);
        Assert.True(figure.SmallCellsSuppressed);
        Assert.Equal(["R0", "R1", "R2"], figure.Data!.Groups.Select(g => g.Group));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(RegistryTestHost.DataManagerOf(host.CentreA), new GetCumulativeIncidenceFigureQuery("primary", "overall")));
        await Assert.ThrowsAsync<ValidationException>(() => host.SendAs(TestUser.InRole(Roles.Admin), new GetCumulativeIncidenceFigureQuery("primary", "centre")));
    }

    [Fact]
    public async Task GivenADemoSnapshot_ThenTheBundlesRScriptReproducesItsCompetingRisksWithCmprsk()
    {
        var rscript = Environment.GetEnvironmentVariable("RLMS_TEST_RSCRIPT") is { Length: > 0 } configured ? configured : "/usr/bin/Rscript";
        if (!File.Exists(rscript))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "R is required on CI (.ci/services.sh installs it)");
            return; // a developer machine without R: the comparison cannot run
        }

        var (host, snapshot) = await DemoSnapshotAsync();
        await using var _ = host;
        var dir = Directory.CreateTempSubdirectory("rlms-cr-bundle-");
        try
        {
            await using (var zip = new ZipArchive(new MemoryStream(ReproducibilityBundle.Build(snapshot))))
            {
                await zip.ExtractToDirectoryAsync(dir.FullName);
            }

            var process = Process.Start(new ProcessStartInfo(rscript, [ReproducibilityBundle.ScriptFile, ReproducibilityBundle.DatasetFile, "hr.csv", "cr.csv"])
            {
                WorkingDirectory = dir.FullName,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var stdout = await process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, stderr);
            Assert.True(File.Exists(Path.Combine(dir.FullName, "cr.csv")), "cmprsk is required (CI installs r-cran-cmprsk): " + stdout);

            // cohort, analysis, by, group, cause, quantity, months, value
            var fromR = File.ReadAllLines(Path.Combine(dir.FullName, "cr.csv")).Skip(1).Select(CsvLine.Parse).ToList();
            var results = AnalysisJson.Deserialize<AnalysisResults>(snapshot.ResultsJson);
            var compared = 0;
            foreach (var f in fromR)
            {
                var cr = results.Cohorts.Single(c => c.Cohort == f[0]).CompetingRisks!;
                var r = f[7] == "NA" ? (double?)null : double.Parse(f[7], CultureInfo.InvariantCulture);
                var cause = int.Parse(f[4], CultureInfo.InvariantCulture);
                double? ours = f[1] switch
                {
                    "cuminc" => At(cr, f[2], f[3], cause, double.Parse(f[6], CultureInfo.InvariantCulture), f[5]),
                    "gray" => f[5] == "statistic"
                        ? cr.CurveSets.Single(s => s.By == f[2]).GrayTests.Single(t => t.Cause == cause).Statistic
                        : cr.CurveSets.Single(s => s.By == f[2]).GrayTests.Single(t => t.Cause == cause).P,
                    "crr" => Term(cr, f[2], cause, f[3], f[5]),
                    _ => throw new InvalidOperationException(f[1]),
                };
                var label = string.Join(' ', f.Take(7));
                if (r is null)
                {
                    Assert.True(ours is null, $"{label}: R NA, registry {ours}");
                }
                else
                {
                    Assert.True(ours is not null, $"{label}: R {r}, registry NA");

                    // Estimates, variances and Gray's statistic to 1e-6 relative; p-values and crr's iterative
                    // estimates to 1e-5 (crr stops at its gradient tolerance, 1e-6 on the log pseudo-likelihood scale).
                    var tolerance = f[1] == "crr" || f[5] == "p" ? 1e-5 : 1e-6;
                    Assert.True(Math.Abs(r.Value - ours!.Value) <= tolerance * Math.Max(Math.Abs(r.Value), 1e-3), $"{label}: R {r}, registry {ours}");
                }

                compared++;
            }

            var expected = results.Cohorts.Sum(c => c.CompetingRisks!.CurveSets.Sum(s => (s.Groups.Sum(g => g.Causes.Count) * results.Settings.SurvivalTimesMonths.Count * 2) + (s.GrayTests.Count * 2))
                + c.CompetingRisks.Models.Sum(m => m.Terms.Count * 2));
            Assert.Equal(expected, compared);
            Assert.True(compared > 100);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static double? At(CompetingRisksResults cr, string by, string group, int cause, double months, string quantity)
    {
        var at = cr.CurveSets.Single(s => s.By == by).Groups.Single(g => g.Group == group).Causes.Single(c => c.Cause == cause).AtTimes.Single(a => a.Months == months);
        return quantity == "incidence" ? at.Incidence : at.Variance;
    }

    private static double Term(CompetingRisksResults cr, string model, int cause, string term, string quantity)
    {
        var t = cr.Models.Single(m => m.Name == model && m.Cause == cause).Terms.Single(x => x.Term == term);
        return quantity == "coef" ? t.Coef : t.Se;
    }
}
