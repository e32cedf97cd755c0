using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Tests.Analysis;

public sealed class BaselineTablesTests
{
    private static AnalysisRow Row(int i, int age, decimal? diameter, FnclccGrade? grade, Cohort cohort = Cohort.Primary) => new(
        $"C01-{i:D5}", i % 2 == 0 ? "C01" : "C02", cohort, new DateOnly(2015, 1, 1), age, i % 3 == 0 ? Sex.Male : Sex.Female,
        diameter, grade, null, null, ResectionCompleteness.R0, null, cohort == Cohort.Recurrent ? 12 : null, 10, 0);

    [Fact]
    public void GivenContinuousValues_ThenMedianAndIqrAreRsType7Quantiles()
    {
        // R: quantile(c(1, 2, 3, 4, 10), c(.25, .5, .75)) -> 2, 3, 4; quantile(c(41, 50, 62, 70), ...) -> 47.75, 56, 64
        Assert.Equal(2, BaselineTables.Quantile7([1, 2, 3, 4, 10], 0.25));
        Assert.Equal(3, BaselineTables.Quantile7([1, 2, 3, 4, 10], 0.5));
        Assert.Equal(4, BaselineTables.Quantile7([1, 2, 3, 4, 10], 0.75));
        Assert.Equal(47.75, BaselineTables.Quantile7([41, 50, 62, 70], 0.25), 12);
        Assert.Equal(56, BaselineTables.Quantile7([41, 50, 62, 70], 0.5), 12);
        Assert.Equal(64, BaselineTables.Quantile7([41, 50, 62, 70], 0.75), 12);
    }

    [Fact]
    public void GivenMissingValues_ThenTheyAreCountedAndLevelsKeepTheFactorOrder()
    {
        List<AnalysisRow> rows = [Row(0, 41, 10m, FnclccGrade.G2), Row(1, 50, null, FnclccGrade.G3), Row(2, 62, 20m, null), Row(3, 70, 30m, FnclccGrade.G2)];

        var table = BaselineTables.Build(rows);

        Assert.Equal(4, table.Rows);
        var age = Assert.Single(table.Variables, v => v.Key == "ageAtSurgery");
        Assert.Equal(new Quartiles(56, 47.75, 64), age.Summary);
        var diameter = Assert.Single(table.Variables, v => v.Key == "maxDiameterCm");
        Assert.Equal((3, 1), (diameter.Available, diameter.Missing));
        Assert.Equal(20, diameter.Summary!.Median);
        var grade = Assert.Single(table.Variables, v => v.Key == "fnclccGrade");
        Assert.Equal(["G1:0", "G2:2", "G3:1"], grade.Levels.Select(l => $"{l.Level}:{l.N}"));
        Assert.Equal(1, grade.Missing);
        Assert.DoesNotContain(table.Variables, v => v.Key == "dfiMonths"); // only where recurrent rows are present
    }

    [Fact]
    public void GivenBothCohorts_ThenEachCohortAndTheOverallTableAreInTheResults()
    {
        List<AnalysisRow> rows = [Row(0, 41, 10m, FnclccGrade.G1), Row(1, 50, 12m, FnclccGrade.G3, Cohort.Recurrent), Row(2, 62, 20m, FnclccGrade.G2)];

        var results = CohortAnalyzer.Analyze(rows, new AnalysisSettings());

        Assert.Equal(2, results.Cohorts.Single(c => c.Cohort == "primary").Baseline!.Rows);
        Assert.Equal(1, results.Cohorts.Single(c => c.Cohort == "recurrent").Baseline!.Rows);
        Assert.Equal(3, results.BaselineOverall!.Rows);
        Assert.Contains(results.BaselineOverall.Variables, v => v.Key == "dfiMonths");
    }
}
