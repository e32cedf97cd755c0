using System.ComponentModel;
using System.Diagnostics;

namespace RlmsRegistry.Cli;

/// <summary>
/// The registry tools (RlmsRegistry.Cli, framework-dependent) installed in <c>registry/</c> beside the native
/// <c>rlms</c>: every command line that is not an analysis of a CSV file runs there.
/// </summary>
internal static class RegistryTools
{
    /// <summary>Where publishing the native rlms installs the registry tools.</summary>
    public static string Path { get; } = System.IO.Path.Combine(
        AppContext.BaseDirectory, "registry", OperatingSystem.IsWindows() ? "rlms.exe" : "rlms");

    /// <summary>Runs one command line in the registry tools, which inherit this process's standard streams.</summary>
    /// <returns>Their exit code, or 1 with one line on <paramref name="stderr"/> when they are missing or cannot start.</returns>
    public static int Run(string[] args, TextWriter stderr)
    {
        var start = new ProcessStartInfo(Path) { UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = File.Exists(Path) ? Process.Start(start) : null;
            if (process is not null)
            {
                process.WaitForExit();
                return process.ExitCode;
            }
        }
        catch (Win32Exception)
        {
            // not executable, or the .NET runtime it needs is missing: the same one line below
        }

        string what = args.Length == 0 ? "a command" : $"'{args[0]}'";
        stderr.WriteLine($"rlms: {what} is not an analysis command, and the registry tools that run every other command "
            + $"could not be started (expected {Path}, which needs the .NET runtime); reinstall rlms from the source tree "
            + "with 'dotnet publish src/RlmsRegistry.Cli.Native -c Release -o DIR', which puts them in DIR/registry");
        return RlmsCli.InternalError;
    }
}
