using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Tests.Dashboards;

/// <summary>The cohort page's competing-risks figure, built from analysis rows without a database.</summary>
public sealed class CumulativeIncidenceFiguresTests
{
    private static AnalysisRow Row(int i, double months, int status, string resection) =>
        new($"T-{i:00000}", "T", Cohort.Primary, new DateOnly(2015, 1, 1), 60, Sex.Female, 10m, null, 200m, 2m,
            Enum.Parse<Domain.Clinical.ResectionCompleteness>(resection), false, null, months, status == 3 ? 1 : 0)
        {
            RecurrenceMonths = months,
            RecurrenceStatus = status,
        };

    private static CohortResults Analyze(IReadOnlyList<AnalysisRow> rows) => CohortAnalyzer.AnalyzeCohort(rows, Cohort.Primary, new AnalysisSettings());

    [Fact]
    public void GivenASnapshotWithoutRecurrenceEndpoints_WhenTheFigureIsBuilt_ThenItSaysSo()
    {
        var old = Analyze([Row(1, 10, 1, "R0"), Row(2, 20, 0, "R0")]);
        var figure = CumulativeIncidenceFigures.Build(new CohortResults(old.Cohort, old.Patients, old.Events, old.Censored, old.PerCentre, old.MedianOs, old.SurvivalAtTimes,
            old.MedianFollowUp, old.Curves, old.Univariable, old.SelectedFactors, old.Multivariable, old.MultivariableStratifiedByCentre, old.MultivariableClusteredByCentre,
            old.Missing, old.Warnings), "overall", suppress: false);

        Assert.False(figure.Available);
        Assert.Empty(figure.Groups);
    }

    [Fact]
    public void GivenAnInvestigator_WhenTheFigureIsBuilt_ThenCountsOfOneToFourAreSuppressed_AndTheNumberAtRiskIsReadAtTheTicks()
    {
        // 30 patients after R0 and 3 after R2: the R2 group's counts are small cells.
        var rows = Enumerable.Range(0, 30).Select(i => Row(i, 1 + i, i % 4, "R0"))
            .Concat(Enumerable.Range(30, 3).Select(i => Row(i, 5 + i, 1, "R2"))).ToList();
        var cohort = Analyze(rows);

        var shown = CumulativeIncidenceFigures.Build(cohort, "resection", suppress: true);
        var admin = CumulativeIncidenceFigures.Build(cohort, "resection", suppress: false);

        Assert.True(shown.Available);
        Assert.Equal(["R0", "R2"], shown.Groups.Select(g => g.Group));
        Assert.True(shown.Groups[1].N.IsSuppressed);
        Assert.Equal(3, admin.Groups[1].N.Value);
        Assert.All(shown.Groups.SelectMany(g => g.AtRisk.Concat(g.Curves.Select(c => c.Events))), c => Assert.True(c.IsSuppressed || c.Value is 0 or >= 5));
        Assert.Equal([0.0, 6, 12, 18, 24, 30, 36, 42], admin.Ticks); // the last follow-up is 37 months (R2)
        Assert.Equal([30, 25, 19, 13, 7, 1, 0, 0], admin.Groups[0].AtRisk.Select(c => c.Value!.Value)); // times 1..30: n with time ≥ tick
        Assert.Equal([1, 2, 3], shown.GrayTests.Select(t => t.Cause));
    }
}
