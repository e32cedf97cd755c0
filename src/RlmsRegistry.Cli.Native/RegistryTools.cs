using System.Diagnostics;

namespace RlmsRegistry.Cli;

/// <summary>
/// The registry tools (RlmsRegistry.Cli, framework-dependent) installed in <c>registry/</c> beside the native
/// <c>rlms</c>: every command that is not an analysis of a CSV file runs there.
/// </summary>
internal static class RegistryTools
{
    /// <summary>Where publishing the native rlms installs the registry tools.</summary>
    public static string Path { get; } = System.IO.Path.Combine(
        AppContext.BaseDirectory, "registry", OperatingSystem.IsWindows() ? "rlms.exe" : "rlms");

    /// <summary>Runs one command line in the registry tools, which inherit this process's standard streams.</summary>
    /// <returns>Their exit code, or 1 with one line on <paramref name="stderr"/> when they are not installed.</returns>
    public static int Run(string[] args, TextWriter stderr)
    {
        if (!File.Exists(Path))
        {
            stderr.WriteLine($"rlms: the registry commands are not installed beside this rlms (expected {Path}); "
                + "install rlms with 'dotnet publish src/RlmsRegistry.Cli.Native -c Release -o DIR', which puts them there");
            return RlmsCli.InternalError;
        }

        var start = new ProcessStartInfo(Path) { UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
