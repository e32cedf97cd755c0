using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Resilience.Tests.Support;

/// <summary>
/// The built web app or <c>rlms</c> CLI running as its own OS process (<c>dotnet X.dll</c>), configured through
/// environment variables, listening on a loopback port. <see cref="KillHard"/> sends SIGKILL (no shutdown code runs);
/// disposing kills a process that is still running, so a failing test leaves nothing behind.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    static AppProcess()
    {
        // Last line of defence: a test host that ends (or is aborted) takes its app processes with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Running.Values)
            {
                TryKill(p);
            }
        };
    }

    private AppProcess(string name, Process process, string? baseUrl)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
    }

    public string Name { get; }

    /// <summary><c>http://127.0.0.1:PORT</c> for a web node; null for the worker.</summary>
    public string? BaseUrl { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length > 6000 ? text[^6000..] : text;
            }
        }
    }

    public static string BuildConfiguration { get; } =
        typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BuildConfiguration").Value!;

    public static string WebDll => BuiltFile("RlmsRegistry.Web", "RlmsRegistry.Web.dll");

    public static string CliDll => BuiltFile("RlmsRegistry.Cli", "rlms.dll");

    /// <summary>Starts a web node with <paramref name="settings"/> (configuration keys such as <c>Database:Provider</c>).</summary>
    public static AppProcess StartWeb(string name, IReadOnlyDictionary<string, string?> settings, int? port = null)
    {
        var url = $"http://127.0.0.1:{port ?? FreePort()}";
        var environment = new Dictionary<string, string?>(settings) { ["ASPNETCORE_URLS"] = url };
        return Start(name, WebDll, [], environment, url);
    }

    /// <summary>Starts <c>rlms</c> with <paramref name="arguments"/> (e.g. <c>worker</c>).</summary>
    public static AppProcess StartCli(string name, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> settings) =>
        Start(name, CliDll, arguments, settings, null);

    /// <summary>Waits until <c>/health</c> answers 200 (the app has started and reaches its database).</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl!), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not healthy after {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>SIGKILL: the process ends at once, in the middle of whatever it was doing.</summary>
    public void KillHard()
    {
        if (_disposed)
        {
            return;
        }

        TryKill(_process);
        _process.WaitForExit(10_000);
        Running.TryRemove(_process.Id, out _);
    }

    public ValueTask DisposeAsync()
    {
        KillHard();
        _disposed = true;
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static AppProcess Start(string name, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> settings, string? url)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built (build the solution or this test project first).", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        // Development: plain-HTTP cookies on loopback, as on a developer machine. Everything else comes from settings.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__RlmsRegistry"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var app = new AppProcess(name, process, url);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 200_000)
            {
                _output.Remove(0, 100_000);
            }
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // SIGKILL on Linux
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }

    private static string BuiltFile(string project, string dll) =>
        Path.Combine(RepositoryPaths.Root, "src", project, "bin", BuildConfiguration, "net10.0", dll);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
