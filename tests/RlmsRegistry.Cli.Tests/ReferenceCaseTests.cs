using System.Text.Json;
using RlmsRegistry.Cli.Tests.Support;

namespace RlmsRegistry.Cli.Tests;

/// <summary>
/// The km and followup reference cases run through the CLI in-process with --format json and compared with R's
/// values (survfit / quantile / survdiff of survival 3.5) using survcheck.py's rules: relative 1e-6 for
/// estimates, 1e-5 for chisq, 1e-4 for p-values. The cox cases need the Cox engine and are left to survcheck.
/// </summary>
public class ReferenceCaseTests
{
    public static TheoryData<string> Cases => new()
    {
        "lung-km", "lung-km-plain", "lung-km-sex", "lung-km-sex-loglog", "ovarian-km-rx", "veteran-km-celltype", "lung-followup",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivenReferenceCase_WhenRunWithJsonFormat_ThenOutputMatchesR(string id)
    {
        var testCase = ReferenceCases.Load(id);

        var run = CliRunner.Run(ReferenceCases.JsonArgs(testCase));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        using var actual = JsonDocument.Parse(run.Stdout);
        var errors = SurvCheck.Compare(testCase.GetProperty("expected"), actual.RootElement);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(12)));
    }
}
