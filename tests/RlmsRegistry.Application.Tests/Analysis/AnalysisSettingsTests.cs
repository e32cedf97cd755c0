using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Infrastructure;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Application.Tests.Analysis;

/// <summary>The <c>Analysis</c> settings as the hosts bind them: typed, and checked when the host starts.</summary>
public sealed class AnalysisSettingsTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return new ServiceCollection().AddAnalysisSettings(configuration).BuildServiceProvider();
    }

    [Fact]
    public void GivenNoSection_ThenTheDefaultsArePapersAndRs()
    {
        using var services = Services();

        var settings = services.GetRequiredService<IOptions<AnalysisSettings>>().Value;

        Assert.Equal(new AnalysisSettings().UnivariablePThreshold, settings.UnivariablePThreshold);
        Assert.Equal(CoxTies.Efron, settings.Ties);
    }

    [Theory]
    [InlineData("breslow", CoxTies.Breslow)]
    [InlineData("Efron", CoxTies.Efron)]
    public void GivenTiesByName_ThenTheyBindToTheEnum(string configured, CoxTies expected)
    {
        using var services = Services(("Analysis:Ties", configured));

        Assert.Equal(expected, services.GetRequiredService<IOptions<AnalysisSettings>>().Value.Ties);
    }

    [Fact]
    public void GivenAMisspelledTiesMethod_ThenStartUpStopsNamingTheSetting()
    {
        using var services = Services(("Analysis:Ties", "efronn"));

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Analysis:Ties", error.Message, StringComparison.Ordinal);
        Assert.Contains("efronn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenOutOfRangeThresholds_ThenStartUpStopsWithEveryReason()
    {
        using var services = Services(
            ("Analysis:UnivariablePThreshold", "1.5"), ("Analysis:NlrCutoff", "0"), ("Analysis:SurvivalTimesMonths:0", "-12"),
            ("Analysis:ForcedFactors:0", "nlrr"), ("Analysis:Ties", "7"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Analysis:UnivariablePThreshold must be above 0 and at most 1 (it is 1.5).", error.Failures);
        Assert.Contains("Analysis:NlrCutoff must be a positive number (it is 0).", error.Failures);
        Assert.Contains("Analysis:SurvivalTimesMonths must hold positive times in months (-12 is not).", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Analysis:ForcedFactors names an unknown factor 'nlrr' (known: ", StringComparison.Ordinal) && f.Contains("nlr,", StringComparison.Ordinal));
        Assert.Contains("Analysis:Ties must be Efron or Breslow.", error.Failures);
        Assert.Equal(5, error.Failures.Count());
    }

    [Fact]
    public void GivenValidSettings_ThenStartUpPasses()
    {
        using var services = Services(("Analysis:UnivariablePThreshold", "0.1"), ("Analysis:ForcedFactors:0", "nlr"), ("Analysis:Ties", "breslow"));

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(0.1, services.GetRequiredService<IOptions<AnalysisSettings>>().Value.UnivariablePThreshold);
    }

    [Fact]
    public void GivenStoredSettingsJson_ThenTiesReadAndWriteAsRSpellsThem_AndAnUnknownMethodIsRefused()
    {
        var json = AnalysisJson.Serialize(new AnalysisSettings { Ties = CoxTies.Breslow });

        Assert.Contains("\"ties\":\"breslow\"", json, StringComparison.Ordinal);
        Assert.Equal(CoxTies.Breslow, AnalysisJson.Deserialize<AnalysisSettings>(json).Ties);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => AnalysisJson.Deserialize<AnalysisSettings>(json.Replace("breslow", "exact", StringComparison.Ordinal)));
    }
}
