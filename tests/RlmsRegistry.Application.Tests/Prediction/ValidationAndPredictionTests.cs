using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Prediction;
using RlmsRegistry.Application.Prediction.Queries.PredictSurvival;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Application.Tests.Analysis;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Infrastructure.Synthetic;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Prediction;

/// <summary>
/// Internal–external validation by centre (stored in the snapshot) and the risk calculator's predictions, against R:
/// the snapshot bundle's own reproduce.R is run with Rscript and its validation.csv / prediction.csv are compared.
/// </summary>
public sealed class ValidationAndPredictionTests
{
    private static async Task<(RegistryTestHost Host, AnalysisSnapshot Snapshot, AnalysisResults Results)> SnapshotAsync()
    {
        var host = await RegistryTestHost.StartAsync(DatabaseProvider.Sqlite);
        var writer = new SyntheticRegistryWriter(host.Services.GetRequiredService<IServiceScopeFactory>());
        await writer.WriteCasesAsync(new SyntheticRegistryOptions { Patients = 400, Centres = 2, Seed = 7 }, [host.CentreA.Id, host.CentreB.Id], SyntheticWriteMode.Bulk, "system:test");
        var run = await host.SendAsSystem(new RefitSurvivalModelsCommand(null));
        var snapshot = await host.QueryAsync(db => db.AnalysisSnapshots.AsNoTracking().SingleAsync(s => s.Id == run.SnapshotId));
        return (host, snapshot, AnalysisJson.Deserialize<AnalysisResults>(snapshot.ResultsJson));
    }

    private static readonly TestUser Investigator = TestUser.InRole(Roles.Investigator);

    private static Dictionary<string, PredictorEntry> Entries(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(
            kv => kv.Key,
            kv => decimal.TryParse(kv.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? new PredictorEntry(kv.Value, n) : new PredictorEntry(kv.Value));

    [Fact]
    public async Task GivenARefit_ThenEachCentreIsValidatedOnAModelFittedWithoutIt()
    {
        var (host, _, results) = await SnapshotAsync();
        await using var _ = host;
        foreach (var cohort in results.Cohorts.Where(c => c.Multivariable is not null))
        {
            var iev = Assert.IsType<InternalExternalResult>(cohort.InternalExternal);
            Assert.Equal(cohort.Multivariable!.Factors, iev.Factors);
            Assert.Equal(cohort.PerCentre.Select(c => c.Centre), iev.Centres.Select(c => c.Centre));
            foreach (var centre in iev.Centres)
            {
                var other = cohort.PerCentre.Where(c => c.Centre != centre.Centre).Sum(c => c.Patients);
                Assert.True(centre.N + centre.TrainingN <= cohort.Patients);
                Assert.True(centre.TrainingN <= other);
                Assert.InRange(centre.C!.Value, 0.5, 1); // the synthetic model's effects are real: better than chance elsewhere
                Assert.InRange(centre.Slope!.Value, 0.2, 3);
                Assert.True(centre.CSe > 0 && centre.SlopeSe > 0);
            }
        }
    }

    [Fact]
    public async Task GivenBadCalculatorInput_ThenEveryProblemIsNamedByItsLabel()
    {
        var (host, _, _) = await SnapshotAsync();
        await using var _ = host;
        var form = await host.SendAs(Investigator, new PredictSurvivalQuery("primary", new Dictionary<string, PredictorEntry>(), FormOnly: true));
        var inputs = form.Data!.Inputs;
        Assert.NotEmpty(inputs);

        var bad = new Dictionary<string, PredictorEntry>();
        var numeric = inputs.First(i => !i.IsChoice);
        bad[numeric.Key] = new PredictorEntry("1.234,5", Problem: "use one decimal separator and no thousands separator (e.g. 1234.5 or 1234,5)");
        var error = await Assert.ThrowsAsync<ValidationException>(() => host.SendAs(Investigator, new PredictSurvivalQuery("primary", bad)));
        Assert.Equal(inputs.Select(i => i.Key).Order(), error.Errors.Select(e => e.PropertyName).Distinct().Order());
        Assert.All(error.Errors, e => Assert.StartsWith(inputs.Single(i => i.Key == e.PropertyName).Label + ":", e.ErrorMessage, StringComparison.Ordinal));

        var outOfRange = Entries(form.Data.Typical);
        outOfRange[numeric.Key] = new PredictorEntry("100000", 100000m);
        error = await Assert.ThrowsAsync<ValidationException>(() => host.SendAs(Investigator, new PredictSurvivalQuery("primary", outOfRange)));
        Assert.Equal(numeric.Key, Assert.Single(error.Errors).PropertyName);
    }

    [Fact]
    public async Task GivenAWorsePatient_ThenPredictedSurvivalIsLower()
    {
        var (host, _, _) = await SnapshotAsync();
        await using var _ = host;
        var form = await host.SendAs(Investigator, new PredictSurvivalQuery("primary", new Dictionary<string, PredictorEntry>(), FormOnly: true));
        var typical = (await host.SendAs(Investigator, new PredictSurvivalQuery("primary", Entries(form.Data!.Typical)))).Data!;
        var worse = Entries(form.Data.Typical);
        var hr = form.Data.Model.Terms.First(t => t.Term == "maxDiameterCm");
        Assert.True(hr.HazardRatio > 1); // the synthetic truth: larger tumours die sooner
        worse["maxDiameterCm"] = new PredictorEntry("40", 40m);
        var bigger = (await host.SendAs(Investigator, new PredictSurvivalQuery("primary", worse))).Data!;
        Assert.All(typical.AtTimes.Zip(bigger.AtTimes), p => Assert.True(p.Second.Survival < p.First.Survival));
        Assert.All(typical.AtTimes, p => Assert.True(p.Lower <= p.Survival && p.Survival <= p.Upper));
        Assert.Equal([12.0, 36.0, 60.0], typical.AtTimes.Select(p => p.Months));
    }

    [Fact]
    public async Task GivenASnapshot_ThenTheBundlesRScriptReproducesTheValidationAndAPredictionWithin1e6()
    {
        var rscript = Environment.GetEnvironmentVariable("RLMS_TEST_RSCRIPT") is { Length: > 0 } configured ? configured : "/usr/bin/Rscript";
        if (!File.Exists(rscript))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "R is required on CI (.ci/services.sh installs it)");
            return; // a developer machine without R: the comparison cannot run
        }

        var (host, snapshot, results) = await SnapshotAsync();
        await using var _ = host;
        var dir = Directory.CreateTempSubdirectory("rlms-validation-");
        try
        {
            await using (var zip = new ZipArchive(new MemoryStream(ReproducibilityBundle.Build(snapshot))))
            {
                await zip.ExtractToDirectoryAsync(dir.FullName);
            }

            var process = Process.Start(new ProcessStartInfo(rscript, [ReproducibilityBundle.ScriptFile, ReproducibilityBundle.DatasetFile, "hr.csv", "cr.csv", "v.csv", "p.csv"])
            {
                WorkingDirectory = dir.FullName,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, stderr);

            // Validation: every centre of every cohort with a model, the same counts, C, slope and their errors.
            var fromR = Csv(Path.Combine(dir.FullName, "v.csv")).ToDictionary(f => (f["cohort"], f["centre"]));
            var compared = 0;
            foreach (var cohort in results.Cohorts)
            {
                foreach (var centre in cohort.InternalExternal?.Centres ?? [])
                {
                    var r = fromR[(cohort.Cohort, centre.Centre)];
                    Assert.Equal(centre.N, int.Parse(r["n"], CultureInfo.InvariantCulture));
                    Assert.Equal(centre.Events, int.Parse(r["events"], CultureInfo.InvariantCulture));
                    Close(r["c"], centre.C, $"{cohort.Cohort} {centre.Centre} C");
                    Close(r["c_se"], centre.CSe, $"{cohort.Cohort} {centre.Centre} C se");
                    Close(r["slope"], centre.Slope, $"{cohort.Cohort} {centre.Centre} slope");
                    Close(r["slope_se"], centre.SlopeSe, $"{cohort.Cohort} {centre.Centre} slope se");
                    compared++;
                }
            }

            Assert.Equal(fromR.Count, compared);
            Assert.True(compared >= 4, $"{compared} centre validations compared");

            // Prediction: the calculator for the typical patient the script predicts, through the query the page and API send.
            var predictedByR = Csv(Path.Combine(dir.FullName, "p.csv")).GroupBy(f => f["cohort"]).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(2, predictedByR.Count);
            foreach (var (cohort, rows) in predictedByR)
            {
                var form = await host.SendAs(Investigator, new PredictSurvivalQuery(cohort, new Dictionary<string, PredictorEntry>(), FormOnly: true));
                var prediction = (await host.SendAs(Investigator, new PredictSurvivalQuery(cohort, Entries(form.Data!.Typical)))).Data!;
                Assert.Equal(rows.Count, prediction.AtTimes.Count);
                foreach (var (r, p) in rows.Zip(prediction.AtTimes))
                {
                    Close(r["months"], p.Months, $"{cohort} time");
                    Close(r["surv"], p.Survival, $"{cohort} S({p.Months})");
                    Close(r["lower"], p.Lower, $"{cohort} lower({p.Months})");
                    Close(r["upper"], p.Upper, $"{cohort} upper({p.Months})");
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Close(string r, double? registry, string what)
    {
        Assert.True(registry.HasValue, $"{what}: registry has no value, R {r}");
        var expected = double.Parse(r, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(expected - registry!.Value) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{what}: R {expected:R}, registry {registry:R}");
    }

    private static List<Dictionary<string, string>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = CsvLine.Parse(lines[0]);
        return [.. lines.Skip(1).Select(l => CsvLine.Parse(l).Select((v, i) => (header[i], v)).ToDictionary(t => t.Item1, t => t.v))];
    }
}
