using System.Text.Json;
using RlmsRegistry.Cli.Tests.Support;

namespace RlmsRegistry.Cli.Tests;

/// <summary>Successful runs: JSON shape, missing-value handling, help and the table format.</summary>
public sealed class CommandBehaviourTests : IDisposable
{
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void GivenRowsWithMissingValues_WhenRunningKmAsJson_ThenTheyAreDroppedCountedAndNaIsNull()
    {
        // R: survfit(Surv(time, status) ~ grp) drops the rows with NA; group levels sorted numerically (2 < 10)
        var path = _files.Write("time,status,grp\n1,1,10\n2,1,2\n,1,2\n3,NA,2\n4,0,10\n5,1,\n6,1,2\n");

        var run = CliRunner.Run("analyze", "km", "--input", path, "--time", "time", "--event", "status", "--group", "grp", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal(4, root.GetProperty("n").GetInt32());
        Assert.Equal(3, root.GetProperty("excludedMissing").GetInt32());
        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["2", "10"], groups.Select(g => g.GetProperty("group").GetString()));
        var last = groups[1].GetProperty("table").EnumerateArray().Last();
        Assert.Equal(JsonValueKind.Null, groups[0].GetProperty("table").EnumerateArray().Last().GetProperty("stdErr").ValueKind); // S = 0 -> NA
        Assert.Equal(0.5, last.GetProperty("survival").GetDouble());
        Assert.True(root.TryGetProperty("logRank", out _));
    }

    [Fact]
    public void GivenNoGroup_WhenRunningKmAsJson_ThenOneGroupNamedAllAndNoLogRank()
    {
        var path = _files.Write("time,status\n1,1\n2,0\n3,1\n");

        var run = CliRunner.Run("analyze", "km", "--input", path, "--time", "time", "--event", "status", "--format", "json");

        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal("all", Assert.Single(doc.RootElement.GetProperty("groups").EnumerateArray()).GetProperty("group").GetString());
        Assert.False(doc.RootElement.TryGetProperty("logRank", out _));
        Assert.Equal("log", doc.RootElement.GetProperty("confType").GetString());
    }

    [Fact]
    public void GivenDefaultFormat_WhenRunningKm_ThenAReadableTableLikeRsPrint()
    {
        var path = _files.Write("time,status\n1,1\n2,1\n3,1\n4,1\n");

        var run = CliRunner.Run("analyze", "km", "--input", path, "--time", "time", "--event", "status");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("n  events  median  0.95LCL  0.95UCL", run.Stdout);
        Assert.Contains("2.5", run.Stdout); // flat-at-0.5 midpoint median
        Assert.Contains("n.risk", run.Stdout);
    }

    [Fact]
    public void GivenHelp_WhenRunning_ThenUsageOnStdoutAndExit0()
    {
        var all = CliRunner.Run("--help");
        var km = CliRunner.Run("analyze", "km", "--help");

        Assert.Equal(0, all.ExitCode);
        Assert.Contains("analyze cox", all.Stdout);
        Assert.Equal(0, km.ExitCode);
        Assert.Contains("--conf-type log|log-log|plain", km.Stdout);
    }
}
