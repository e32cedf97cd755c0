using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Tests.Synthetic;

/// <summary>The generator alone: cohort split, plausible values, dates inside the study period, determinism.</summary>
public sealed class SyntheticRegistryGeneratorTests
{
    [Fact]
    public void GivenDefaults_ThenThereAre127PrimaryAnd100RecurrentCasesInTwoCentres()
    {
        var cases = SyntheticRegistryGenerator.Generate(new SyntheticRegistryOptions()).ToList();

        Assert.Equal(227, cases.Count);
        Assert.Equal(127, cases.Count(c => c.Cohort == Cohort.Primary));
        Assert.Equal(100, cases.Count(c => c.Cohort == Cohort.Recurrent));
        Assert.Equal([0, 1], cases.Select(c => c.CentreIndex).Distinct().Order());
        Assert.Equal(["C01", "C02"], new[] { 0, 1 }.Select(SyntheticRegistryGenerator.CentreCode));
        Assert.Contains("synthetic", SyntheticRegistryGenerator.CentreName(0), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnyCase_ThenValuesAreClinicallyPlausibleAndDatesLieInTheStudyPeriod()
    {
        foreach (var c in SyntheticRegistryGenerator.Generate(new SyntheticRegistryOptions { Patients = 2_000, Centres = 5, Seed = 99 }))
        {
            var index = Assert.Single(c.Operations);
            var date = index.Operation.Date!.Value;
            Assert.InRange(date, new DateOnly(2002, 1, 1), new DateOnly(2022, 12, 31));
            Assert.InRange(date.Year - c.Patient.BirthYear!.Value, 22, 86);
            Assert.InRange(index.Operation.MaxDiameterCm!.Value, 2m, 40m);
            Assert.InRange(index.LabPanel.PlateletsE9PerL!.Value, 90m, 650m);
            Assert.True(LabPanel.IsWithinWindow(index.LabPanel.DrawDate!.Value, date));
            Assert.Equal(c.Cohort == Cohort.Recurrent, index.Operation.PrimaryOperatedOutside);
            Assert.Equal(c.Cohort == Cohort.Recurrent, index.Operation.OutsidePrimaryDate < date);
            Assert.All(c.FollowUpEvents, e => Assert.InRange(e.Date!.Value, date, new DateOnly(2024, 12, 31)));
            Assert.Equal(c.FollowUpEvents.Select(e => e.Date).Order(), c.FollowUpEvents.Select(e => e.Date));
            Assert.True(c.FollowUpEvents.Count(e => e.Type == FollowUpEventType.Death) <= 1);
            Assert.True(c.FollowUpEvents[^1].Type is FollowUpEventType.Death or FollowUpEventType.LostToFollowUp or FollowUpEventType.Visit);
        }
    }

    [Fact]
    public void GivenTheDefaultRegistryInMemory_ThenEveryDomainRulePassesAndTheCohortsAreExact()
    {
        var rows = SyntheticRegistryTests.InMemoryRows(new SyntheticRegistryOptions());

        Assert.Equal(127, rows.Count(r => r.Cohort == Cohort.Primary));
        Assert.Equal(100, rows.Count(r => r.Cohort == Cohort.Recurrent));
        Assert.All(rows.Where(r => r.Cohort == Cohort.Recurrent), r => Assert.NotNull(r.DfiMonths));
        Assert.All(rows, r => Assert.NotNull(r.Nlr));
    }

    [Fact]
    public void GivenSeeds_ThenTheSameSeedRepeatsAndAnotherDiffers()
    {
        var options = new SyntheticRegistryOptions { Patients = 100 };

        var first = AnalysisFingerprint.Compute(SyntheticRegistryTests.InMemoryRows(options));
        var again = AnalysisFingerprint.Compute(SyntheticRegistryTests.InMemoryRows(options));
        var other = AnalysisFingerprint.Compute(SyntheticRegistryTests.InMemoryRows(options with { Seed = options.Seed + 1 }));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void GivenRowsInAnyOrder_ThenTheFingerprintIsTheSame_AndAnyChangedValueChangesIt()
    {
        var rows = SyntheticRegistryTests.InMemoryRows(new SyntheticRegistryOptions { Patients = 20 });
        var reversed = Enumerable.Reverse(rows).ToList();
        var changed = rows.Select((r, i) => i == 5 ? r with { OsMonths = r.OsMonths + 1e-9 } : r).ToList();
        var rescaled = rows.Select(r => r with { Nlr = r.Nlr * 1.000m }).ToList(); // 2.5 vs 2.5000: same value

        Assert.Equal(AnalysisFingerprint.Compute(rows), AnalysisFingerprint.Compute(reversed));
        Assert.Equal(AnalysisFingerprint.Compute(rows), AnalysisFingerprint.Compute(rescaled));
        Assert.NotEqual(AnalysisFingerprint.Compute(rows), AnalysisFingerprint.Compute(changed));
    }
}
