using System.Text.Json;
using RlmsRegistry.Cli.Tests.Support;

namespace RlmsRegistry.Cli.Tests;

/// <summary>
/// Every public reference case (km, followup and cox: both ties, strata, factors, cluster, with concordance and
/// cox.zph) run through the CLI in-process with --format json and compared with R's values (survfit / quantile /
/// survdiff / coxph / concordance / cox.zph of survival 3.5) using survcheck.py's rules: relative 1e-6 for
/// estimates, 1e-5 for chisq, 1e-4 for p-values.
/// </summary>
public class ReferenceCaseTests
{
    public static TheoryData<string> Cases => new()
    {
        "lung-km", "lung-km-plain", "lung-km-sex", "lung-km-sex-loglog", "ovarian-km-rx", "veteran-km-celltype", "lung-followup",
        "lung-cox-efron", "lung-cox-breslow", "lung-cox-strata", "lung-cox-factor", "lung-cox-cluster", "ovarian-cox", "veteran-cox",
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
