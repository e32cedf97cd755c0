using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Application.Tests.Analysis;

public sealed class CohortAnalyzerTests
{
    /// <summary>A deterministic cohort where grade and NLR carry strong effects and sex none.</summary>
    private static List<AnalysisRow> Rows(int n, Cohort cohort, int seed = 7)
    {
        var random = new Random(seed);
        var rows = new List<AnalysisRow>();
        for (var i = 0; i < n; i++)
        {
            var grade = (FnclccGrade)(1 + random.Next(3));
            var nlr = Math.Round(1 + (random.NextDouble() * 6), 2);
            var hazard = 0.01 * Math.Exp((0.8 * ((int)grade - 1)) + (0.35 * (nlr - 3)));
            var t = -Math.Log(1 - random.NextDouble()) / hazard;
            var c = 20 + (random.NextDouble() * 100);
            rows.Add(new AnalysisRow(
                $"C0{1 + (i % 2)}-{i:D5}", $"C0{1 + (i % 2)}", cohort, new DateOnly(2010, 1, 1), 40 + random.Next(40),
                random.Next(2) == 0 ? Sex.Female : Sex.Male, Math.Round((decimal)(5 + (random.NextDouble() * 20)), 1), grade,
                200 + random.Next(200), (decimal)nlr, (ResectionCompleteness)(1 + random.Next(2)), random.Next(3) == 0,
                cohort == Cohort.Recurrent ? Math.Round(random.NextDouble() * 60, 2) : null,
                Math.Round(Math.Min(t, c), 2), t <= c ? 1 : 0));
        }

        return rows;
    }

    [Fact]
    public void GivenCohort_ThenCountsMedianAndCurvesComeFromTheEngine()
    {
        var rows = Rows(300, Cohort.Primary);

        var result = CohortAnalyzer.AnalyzeCohort(rows, Cohort.Primary, new AnalysisSettings());

        Assert.Equal(300, result.Patients);
        Assert.Equal(rows.Count(r => r.OsEvent == 1), result.Events);
        Assert.Equal(result.Patients, result.PerCentre.Sum(c => c.Patients));
        var km = KaplanMeier.Fit(rows.Select(r => r.OsMonths).ToArray(), rows.Select(r => r.OsEvent).ToArray());
        Assert.Equal(km.Median.Time, result.MedianOs!.Value);
        var byGrade = Assert.Single(result.Curves, c => c.By == "fnclccGrade");
        Assert.Equal(["G1", "G2", "G3"], byGrade.Groups.Select(g => g.Group));
        Assert.True(byGrade.LogRank!.P < 0.001, "a strong grade effect shows in the log-rank test");
        Assert.Equal(2, byGrade.LogRank.Df);
    }

    [Fact]
    public void GivenStrongAndNullFactors_ThenTheMultivariableModelKeepsOnlyFactorsBelowTheThreshold()
    {
        var rows = Rows(400, Cohort.Primary);

        var result = CohortAnalyzer.AnalyzeCohort(rows, Cohort.Primary, new AnalysisSettings());

        Assert.Contains("fnclccGrade", result.SelectedFactors);
        Assert.Contains("nlr", result.SelectedFactors);
        foreach (var uni in result.Univariable)
        {
            Assert.Equal(result.SelectedFactors.Contains(uni.Factors[0]), uni.LikelihoodRatioTest.P < 0.05);
        }

        var multi = result.Multivariable!;
        Assert.Contains(multi.Terms, t => t.Term == "fnclccGrade2");
        Assert.Contains(multi.Terms, t => t.Term == "fnclccGrade3");
        Assert.All(multi.Terms, t => Assert.Null(t.RobustSe));
        Assert.All(result.MultivariableClusteredByCentre!.Terms, t => Assert.NotNull(t.RobustSe));
        Assert.Contains(result.MultivariableClusteredByCentre.Warnings, w => w.Contains("only 2 clusters (fewer than 10)", StringComparison.Ordinal));
        Assert.DoesNotContain(multi.Warnings, w => w.Contains("clusters", StringComparison.Ordinal));
        Assert.NotNull(multi.ProportionalHazards);
        Assert.NotNull(multi.Concordance);
    }

    [Fact]
    public void GivenUnivariableModel_ThenItEqualsADirectFitOfTheEngine()
    {
        var rows = Rows(200, Cohort.Recurrent);

        var result = CohortAnalyzer.AnalyzeCohort(rows, Cohort.Recurrent, new AnalysisSettings());

        var nlr = Assert.Single(result.Univariable, m => m.Factors[0] == "nlr");
        var direct = CoxRegression.Fit(new CoxData
        {
            Time = rows.Select(r => r.OsMonths).ToArray(),
            Status = rows.Select(r => r.OsEvent).ToArray(),
            Columns = [rows.Select(r => (double)r.Nlr!.Value).ToArray()],
            ColumnNames = ["nlr"],
        });
        Assert.Equal(direct.Coefficients[0].Coef, nlr.Terms[0].Coef, 12);
        Assert.Equal(direct.Coefficients[0].Se, nlr.Terms[0].Se, 12);
        Assert.Contains(result.Univariable, m => m.Factors[0] == "dfiMonths");
    }

    [Fact]
    public void GivenFewEvents_ThenTheModelCarriesAnEventsPerVariableWarning()
    {
        var rows = Rows(40, Cohort.Primary, seed: 3);

        var model = CohortAnalyzer.FitModel(rows, [AnalysisFactors.Grade, AnalysisFactors.Nlr, AnalysisFactors.Age, AnalysisFactors.Resection],
            "test", CoxTies.Efron, new AnalysisSettings(), false, false)!;

        Assert.True(model.EventsPerVariable < 10);
        Assert.Contains(model.Warnings, w => w.Contains("events per coefficient", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenMissingCovariates_ThenTheyAreCountedAndExcludedFromModelsUsingThem()
    {
        var rows = Rows(150, Cohort.Primary).Select((r, i) => i % 10 == 0 ? r with { Nlr = null } : r).ToList();

        var result = CohortAnalyzer.AnalyzeCohort(rows, Cohort.Primary, new AnalysisSettings());

        Assert.Equal(15, Assert.Single(result.Missing, m => m.Variable == "nlr").Missing);
        var nlr = Assert.Single(result.Univariable, m => m.Factors[0] == "nlr");
        Assert.Equal(15, nlr.ExcludedMissing);
        Assert.Equal(135, nlr.N);
    }
}
