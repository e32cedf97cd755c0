using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Analysis.Queries.GetPaperReport;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Centres;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Infrastructure.Synthetic;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Synthetic;

/// <summary>
/// The default synthetic registry written into a real database (each test its own fresh database) and analysed with
/// the engine: it reproduces the published cohort, and the same seed always gives the same registry.
/// </summary>
public sealed class SyntheticRegistryTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    private static readonly string[] PrimaryFactors = ["maxDiameterCm", "fnclccGrade", "plateletsE9PerL", "nlr"];
    private static readonly string[] RecurrentFactors = ["nlr", "dfiMonths"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTheDefaultRegistryWrittenThroughTheCommands_ThenTheEngineReproducesThePublishedCohort(DatabaseProvider provider)
    {
        await using var host = await RegistryTestHost.StartAsync(provider);

        var written = await Writer(host).WriteAsync(new SyntheticRegistryOptions(), SyntheticWriteMode.Commands);
        var rows = await host.Services.AnalysisRowsAsync();

        Assert.Equal(227, written.Patients);
        var results = CohortAnalyzer.Analyze(rows, new AnalysisSettings());
        var primary = results.Cohorts[0];
        var recurrent = results.Cohorts[1];
        Assert.Equal((127, 100), (primary.Patients, recurrent.Patients));
        Assert.InRange(100 * primary.CensoredShare, 61.4 - 5, 61.4 + 5);
        Assert.InRange(100 * recurrent.CensoredShare, 33 - 5, 33 + 5);
        Assert.InRange(primary.MedianOs!.Value!.Value, 62 * 0.8, 62 * 1.2);
        Assert.InRange(recurrent.MedianOs!.Value!.Value, 33 * 0.8, 33 * 1.2);
        // Independent = at least one multivariable term at p < 0.05 (grade enters as G2 and G3 against G1).
        Assert.Subset(PaperReport.IndependentFactors(primary.Multivariable).ToHashSet(), PrimaryFactors.ToHashSet());
        Assert.Subset(PaperReport.IndependentFactors(recurrent.Multivariable).ToHashSet(), RecurrentFactors.ToHashSet());
        Assert.All(primary.Multivariable!.Terms.Where(t => PrimaryFactors.Contains(t.Factor) && t.Factor != "fnclccGrade"), t => Assert.True(t.P < 0.05, t.Term));
        Assert.Contains(primary.Multivariable.Terms, t => t.Term == "fnclccGrade3" && t.P < 0.05);

        // The database holds exactly what the generator says: the same rows as applying the cases in memory.
        Assert.Equal(AnalysisFingerprint.Compute(InMemoryRows(new SyntheticRegistryOptions())), AnalysisFingerprint.Compute(rows));

        // Every form was audited under the system principal, and every form is Complete.
        var (audited, drafts) = await host.QueryAsync(async db => (
            await db.AuditEntries.CountAsync(a => a.UserName == SyntheticRegistryWriter.DefaultPrincipal && a.Entity == "Patient"),
            await db.FollowUpEvents.CountAsync(e => e.Status != RecordStatus.Complete) + await db.Operations.CountAsync(o => o.Status != RecordStatus.Complete)));
        Assert.Equal(227, audited);
        Assert.Equal(0, drafts);

        // The report query an investigator sees carries the same figures, labelled synthetic.
        var report = await host.SendAs(TestUser.InRole(Roles.Investigator), new GetPaperReportQuery());
        Assert.Equal(AnalysisFingerprint.Compute(rows), report.DatasetFingerprint);
        Assert.Equal((127, 78, 61.4), (report.Cohorts[0].Registry.Patients, report.Cohorts[0].Published.Censored, report.Cohorts[0].Published.CensoredPercent));
        Assert.Equal(primary.Censored, report.Cohorts[0].Registry.Censored);
        Assert.Equal(PrimaryFactors.Order(), report.Cohorts[0].Factors.Where(f => f.PublishedIndependent).Select(f => f.Factor).Order());
        Assert.All(report.Cohorts[1].Factors.Where(f => f.PublishedIndependent), f => Assert.True(f.RegistryIndependent, f.Factor));
        Assert.False(report.Synthetic); // the test host's own centres TA and TB are not labelled synthetic
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTheSameSeedTwice_ThenTheRegistriesAreIdentical_AndTheBulkPathEqualsTheCommands(DatabaseProvider provider)
    {
        var options = new SyntheticRegistryOptions { Patients = 60, Centres = 3, Seed = 7 };
        string first, second;
        await using (var host = await RegistryTestHost.StartAsync(provider))
        {
            await Writer(host).WriteAsync(options, SyntheticWriteMode.Commands);
            first = AnalysisFingerprint.Compute(await host.Services.AnalysisRowsAsync());
        }

        await using (var host = await RegistryTestHost.StartAsync(provider))
        {
            var result = await Writer(host).WriteAsync(options, SyntheticWriteMode.Bulk);
            second = AnalysisFingerprint.Compute(await host.Services.AnalysisRowsAsync());
            var audit = await host.QueryAsync(db => db.AuditEntries.Where(a => a.UserName == SyntheticRegistryWriter.DefaultPrincipal)
                .GroupBy(a => a.Entity).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
            Assert.Equal(60, audit["Patient"]);
            Assert.Equal(60, audit["Operation"]);
            Assert.Equal(60, audit["Pathology"]);
            Assert.Equal(60, audit["LabPanel"]);
            Assert.True(audit["FollowUpEvent"] >= 60);
            Assert.Equal(SyntheticWriteMode.Bulk, result.Mode);
            // Every audited write of a centre (its insert, then each batch's study-ID allocations) moved its version.
            var centreWrites = await host.QueryAsync(db => db.AuditEntries.Where(a => a.Entity == "Centre").GroupBy(a => a.EntityKey)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
            var versions = await host.QueryAsync(db => db.Centres.ToDictionaryAsync(c => c.Id.ToString(), c => c.Version));
            Assert.All(versions, v => Assert.Equal(centreWrites[v.Key], v.Value));
            Assert.Equal(3, versions.Count(v => v.Value >= 2)); // the seed's three centres were written after their insert
        }

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, AnalysisFingerprint.Compute(InMemoryRows(options)));
        Assert.NotEqual(first, AnalysisFingerprint.Compute(InMemoryRows(options with { Seed = 8 })));
    }

    [Fact]
    public async Task GivenARegistryWithPatients_WhenSeeding_ThenItIsRefusedAndNothingIsWritten()
    {
        await using var host = await RegistryTestHost.StartAsync(DatabaseProvider.Sqlite);
        await Writer(host).WriteAsync(new SyntheticRegistryOptions { Patients = 3, Centres = 1 }, SyntheticWriteMode.Bulk);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Writer(host).WriteAsync(new SyntheticRegistryOptions { Patients = 3, Centres = 1 }, SyntheticWriteMode.Bulk));

        Assert.Contains("already holds 3 patient(s)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, await host.QueryAsync(db => db.Patients.CountAsync()));
    }

    private static SyntheticRegistryWriter Writer(RegistryTestHost host) => new(host.Services.GetRequiredService<IServiceScopeFactory>());

    /// <summary>The registry the generator describes, built with the domain alone (no database).</summary>
    internal static List<AnalysisRow> InMemoryRows(SyntheticRegistryOptions options)
    {
        var centres = Enumerable.Range(0, options.Centres).Select(i => new Centre(SyntheticRegistryGenerator.CentreCode(i), SyntheticRegistryGenerator.CentreName(i))).ToArray();
        var applier = new SyntheticCaseApplier(new SystemClock());
        return SyntheticRegistryGenerator.Generate(options)
            .SelectMany(c => CohortDerivation.Rows(applier.Apply(c, centres[c.CentreIndex]), centres[c.CentreIndex].Code))
            .ToList();
    }
}
