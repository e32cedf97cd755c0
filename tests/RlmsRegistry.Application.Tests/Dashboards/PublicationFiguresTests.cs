using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Application.Tests.Synthetic;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Tests.Dashboards;

/// <summary>Issue 18: the forest plot's rows and axis, the words numbers are printed in, and the demo's data cut-off.</summary>
public sealed class PublicationFiguresTests
{
    [Theory]
    [InlineData(0.37, 21.3, 0.2, 50)]
    [InlineData(1.001, 1.005, 1, 2)]
    [InlineData(0.0123, 0.9, 0.01, 1)]
    [InlineData(1.2, 100, 1, 100)]
    [InlineData(0.05, 0.5, 0.05, 1)]
    public void GivenConfidenceLimits_ThenTheAxisEndsAre125TicksWithinOneTickOfTheDataAndOne(double lower, double upper, double min, double max)
    {
        var (axisMin, axisMax, ticks) = ForestFigures.Axis([lower, upper]);

        Assert.Equal(min, axisMin, 12);
        Assert.Equal(max, axisMax, 12);
        Assert.Equal(axisMin, ticks[0], 12);
        Assert.Equal(axisMax, ticks[^1], 12);
        Assert.True(ticks[1] > Math.Min(lower, 1), "no tick between the axis start and the data");
        Assert.True(ticks[^2] < Math.Max(upper, 1), "no tick between the data and the axis end");
        Assert.All(ticks, t => Assert.Contains(Math.Round(t / Math.Pow(10, Math.Floor(Math.Log10(t) + 1e-12)), 9), new[] { 1.0, 2.0, 5.0 }));
    }

    [Fact]
    public void GivenUnreachedLimitsAndSmallP_ThenTheTextSaysNrAndPLessThan()
    {
        Assert.Equal("58.8 (44.7–NR)", ReportText.Estimate(58.8, 44.7, null));
        Assert.Equal("NR", ReportText.Estimate(null, 30.1, null));
        Assert.Equal("p < 0.001", ReportText.PInline(0.0002));
        Assert.Equal("p = 0.012", ReportText.PInline(0.0123));
        Assert.Equal("<0.001", ReportText.PValue(0.0002));
        Assert.Equal("FNCLCC grade", ReportText.InSentence("FNCLCC grade"));
        Assert.Equal("NLR above / below the cut-off", ReportText.InSentence("NLR above / below the cut-off"));
        Assert.Equal("resection status", ReportText.InSentence("Resection status"));
        Assert.Equal("1.003 (1.001–1.005)", ReportText.HazardRatio(1.0031, 1.0012, 1.0049));
        Assert.Equal("1.79 (1.48–2.15)", ReportText.HazardRatio(1.791, 1.481, 2.149));
        Assert.Equal("<5 patients", ReportText.Patients(SmallCount.Of(3, suppress: true)));
        Assert.Equal("1 patient", ReportText.Patients(SmallCount.Of(1, suppress: false)));
    }

    [Fact]
    public void GivenTheDemoRegistrysPrimaryModel_ThenTheForestHasOneReferenceRowPerCategoricalFactor_AndLevelCountsAddUpToTheModel()
    {
        var rows = SyntheticRegistryTests.InMemoryRows(new SyntheticRegistryOptions()).Where(r => r.Cohort == Cohort.Primary).ToList();
        var cohort = CohortAnalyzer.AnalyzeCohort(rows, Cohort.Primary, new AnalysisSettings());
        var model = cohort.Multivariable!;
        Assert.Contains("fnclccGrade", model.Factors);
        var forest = ForestFigures.Of(model, "Multivariable", suppress: false);

        foreach (var factor in model.Factors)
        {
            var factorRows = forest.Rows.Where(r => r.Factor == factor).ToList();
            var categorical = AnalysisFactors.Find(factor)!.IsCategorical;
            Assert.Equal(categorical ? 1 : 0, factorRows.Count(r => r.IsReference));
            Assert.True(factorRows[0].FirstOfFactor);
            if (categorical)
            {
                var levels = model.Levels!.Where(l => l.Factor == factor).ToList();
                Assert.Equal(model.N, levels.Sum(l => l.N));
                Assert.Equal(model.Events, levels.Sum(l => l.Events));
                Assert.Equal("reference", factorRows.Single(r => r.IsReference).HrText);
                Assert.Equal(model.Terms.Count(t => t.Factor == factor) + 1, factorRows.Count);
            }
        }

        // AIC as R's AIC(coxph): −2 loglik + 2 × coefficients.
        Assert.Equal((-2 * model.LogLikelihood!.Value) + (2 * model.Terms.Count), model.Aic!.Value, 9);
        Assert.Contains("AIC", forest.Footer, StringComparison.Ordinal);
        Assert.True(forest.AxisMin <= forest.Rows.Where(r => r.Lower95 is not null).Min(r => r.Lower95));
        Assert.True(forest.AxisMax >= forest.Rows.Where(r => r.Upper95 is not null).Max(r => r.Upper95));
    }

    [Fact]
    public void GivenADataCutOff_ThenAlivePatientsAreSeenInTheYearBeforeIt_AndWithoutOneTheRegistryIsUnchanged()
    {
        var cutOff = new DateOnly(2026, 12, 4);
        var cases = SyntheticRegistryGenerator.Generate(new SyntheticRegistryOptions { EndOfFollowUp = cutOff }).ToList();
        Assert.All(cases.SelectMany(c => c.FollowUpEvents), e => Assert.True(e.Date <= cutOff));
        var alive = cases.Where(c => c.FollowUpEvents[^1].Type == FollowUpEventType.Visit).ToList();
        var seen = alive.Count(c => c.FollowUpEvents[^1].Date >= cutOff.AddMonths(-12));
        Assert.True((double)seen / alive.Count > 0.5, $"{seen} of {alive.Count} alive patients seen in the last 12 months");

        // The published-study-like figures stay sane: the same patients, a primary cohort still mostly censored.
        var rows = SyntheticRegistryTests.InMemoryRows(new SyntheticRegistryOptions { EndOfFollowUp = cutOff });
        var primary = rows.Where(r => r.Cohort == Cohort.Primary).ToList();
        Assert.Equal(127, primary.Count);
        Assert.InRange(primary.Count(r => r.OsEvent == 0) / (double)primary.Count, 0.45, 0.75);

        // No cut-off (or one before the study's) keeps the fixed 31 Dec 2024 registry, byte for byte.
        Assert.Equal(
            AnalysisFingerprint.Compute(SyntheticRegistryTests.InMemoryRows(new SyntheticRegistryOptions())),
            AnalysisFingerprint.Compute(SyntheticRegistryTests.InMemoryRows(new SyntheticRegistryOptions { EndOfFollowUp = new DateOnly(2020, 1, 1) })));
    }
}
