using System.Diagnostics;

namespace RlmsRegistry.Cli.Tests.Support;

/// <summary>Runs a program as its own process and collects its exit code and both output streams.</summary>
public static class ProcessRun
{
    /// <param name="fileName">The program.</param>
    /// <param name="args">Its arguments, passed as they are (no shell).</param>
    /// <param name="environment">Variables added to this process's environment.</param>
    public static CliRun Run(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliRun(process.ExitCode, Lf(stdout.Result), Lf(stderr));
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
