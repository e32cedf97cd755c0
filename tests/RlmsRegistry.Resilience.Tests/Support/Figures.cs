using System.Text.Json;
using RlmsRegistry.Testing;
using Xunit.Abstractions;

namespace RlmsRegistry.Resilience.Tests.Support;

/// <summary>
/// The measured figures of a fault test, printed to the test output and appended as one JSON line to
/// <c>TestResults/faults/figures.jsonl</c> at the repository root (ignored by git; benchmarks/README.md quotes a run).
/// </summary>
public static class Figures
{
    private static readonly Lock Gate = new();

    public static void Record(ITestOutputHelper output, string test, object figures)
    {
        var json = JsonSerializer.Serialize(new { test, at = DateTimeOffset.UtcNow, figures });
        output.WriteLine(json);
        var folder = Path.Combine(RepositoryPaths.Root, "TestResults", "faults");
        lock (Gate)
        {
            Directory.CreateDirectory(folder);
            File.AppendAllText(Path.Combine(folder, "figures.jsonl"), json + Environment.NewLine);
        }
    }
}
