using RlmsRegistry.Cli.Commands;

namespace RlmsRegistry.Cli.Tests.Support;

/// <summary>Result of one run of the CLI, in-process (<see cref="CliRunner"/>) or as its own process (<see cref="ProcessRun"/>).</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Bad input: exit 2, nothing on stdout, one "rlms: …" line on stderr (no stack trace) containing every fragment.</summary>
    public void AssertOneLineError(params string[] fragments)
    {
        Assert.Equal(2, ExitCode);
        Assert.Equal("", Stdout);
        var line = Assert.Single(StderrLines);
        Assert.StartsWith("rlms: ", line);
        Assert.DoesNotContain("   at ", Stderr);
        foreach (var f in fragments)
        {
            Assert.Contains(f, line);
        }
    }
}

/// <summary>Runs <c>rlms</c> (the registry tools: every command) in-process through <see cref="RlmsCli"/>.</summary>
public static class CliRunner
{
    public static CliRun Run(params string[] args) => RunWithInput(string.Empty, args);

    /// <summary>Runs with <paramref name="stdin"/> as standard input (e.g. a password for <c>--password-stdin</c>).</summary>
    public static CliRun RunWithInput(string stdin, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        using var input = new StringReader(stdin);
        int code = RlmsCli.Run(args, stdout, stderr, input, CommandRegistry.All);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>Temporary CSV files for a test, deleted on dispose.</summary>
public sealed class TempCsv : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rlms-tests-" + Guid.NewGuid().ToString("N"));

    public TempCsv() => Directory.CreateDirectory(_dir);

    public string Write(string content, string name = "data.csv")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
