using RlmsRegistry.Cli.Tests.Support;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Cli.Tests;

/// <summary>
/// The rlms users install: <c>dotnet publish src/RlmsRegistry.Cli.Native</c> (Native AOT, needs clang) puts the
/// natively compiled analysis verbs and, in <c>registry/</c>, the registry tools into one folder. The native analyses
/// must print exactly what the registry tools print (same bytes: same engine, same vector width), and every other
/// command must reach the registry tools with its arguments, streams and exit code intact. On a developer machine
/// without clang the tests cannot publish and stand down; on CI (.ci/services.sh installs clang) they fail instead.
/// </summary>
public sealed class NativeRlmsTests(PublishedRlms published) : IClassFixture<PublishedRlms>
{
    private static string Case(string folder, string file) => Path.Combine(RepositoryPaths.Root, "tests", "reference", folder, file);

    public static TheoryData<string[]> Analyses() => new()
    {
        { ["analyze", "km", "--input", Case("survival", "lung.csv"), "--time", "time", "--event", "status", "--group", "sex", "--format", "json"] },
        { ["analyze", "km", "--input", Case("survival", "veteran.csv"), "--time", "time", "--event", "status", "--group", "celltype"] },
        { ["analyze", "followup", "--input", Case("survival", "lung.csv"), "--time", "time", "--event", "status", "--format", "json"] },
        { ["analyze", "cox", "--input", Case("survival", "lung.csv"), "--time", "time", "--event", "status", "--covariates", "age,sex,ph.ecog", "--factors", "ph.ecog", "--format", "json"] },
        { ["analyze", "cox", "--input", Case("survival", "lung.csv"), "--time", "time", "--event", "status", "--covariates", "age,ph.ecog", "--strata", "sex", "--cluster", "inst", "--ties", "breslow", "--format", "json"] },
        { ["analyze", "cox", "--input", Case("survival", "veteran.csv"), "--time", "time", "--event", "status", "--covariates", "karno,age", "--predict", "karno=60,age=60", "--times", "30,90"] },
        { ["analyze", "cif", "--input", Case("competing", "mgus2.csv"), "--time", "etime", "--status", "event", "--group", "sex", "--format", "json"] },
        { ["analyze", "finegray", "--input", Case("competing", "mgus2.csv"), "--time", "etime", "--status", "event", "--cause", "1", "--covariates", "age,sex", "--factors", "sex", "--format", "json"] },
    };

    [Theory]
    [MemberData(nameof(Analyses))]
    public void GivenAnAnalysis_ThenTheNativeRlmsPrintsTheRegistryToolsBytes(string[] args)
    {
        if (!published.Available)
        {
            return;
        }

        var expected = CliRunner.Run(args);
        Assert.Equal(0, expected.ExitCode);

        var native = published.Run(args);

        Assert.Equal(0, native.ExitCode);
        Assert.Equal("", native.Stderr);
        Assert.Equal(expected.Stdout, native.Stdout);
    }

    [Theory]
    [InlineData("analyze", "cox", "--time", "time", "--event", "status", "--covariates", "age")]
    [InlineData("analyze", "cox", "--input", "/nonexistent/x.csv", "--time", "time", "--event", "status", "--covariates", "age")]
    [InlineData("analyze", "km", "--input", "LUNG", "--time", "futime", "--event", "status")]
    public void GivenBadAnalysisInput_ThenTheSameOneLineAndExit2(params string[] args)
    {
        if (!published.Available)
        {
            return;
        }

        args = [.. args.Select(a => a == "LUNG" ? Case("survival", "lung.csv") : a)];
        var expected = CliRunner.Run(args);
        expected.AssertOneLineError();

        var native = published.Run(args);

        native.AssertOneLineError();
        Assert.Equal(expected.Stderr, native.Stderr);
    }

    [Fact]
    public void GivenTheCommandList_ThenTheRegistryToolsPrintEveryCommand()
    {
        if (!published.Available)
        {
            return;
        }

        var native = published.Run("--help");

        Assert.Equal(0, native.ExitCode);
        Assert.Equal(CliRunner.Run("--help").Stdout, native.Stdout);
        Assert.Contains("db migrate", native.Stdout);
        Assert.Contains("analyze cox", native.Stdout);
    }

    [Fact]
    public void GivenARegistryCommand_ThenItRunsInTheRegistryToolsWithItsExitCode()
    {
        if (!published.Available)
        {
            return;
        }

        string db = Path.Combine(published.Folder, "..", "registry-" + Guid.NewGuid().ToString("N") + ".db");

        var migrate = published.Run("db", "migrate", "--connection", "Data Source=" + db);
        var bad = published.Run("user", "add", "--email", "x@hospital.example", "--role", "Boss", "--connection", "Data Source=" + db);

        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("Applied", migrate.Stdout);
        Assert.True(File.Exists(db));
        bad.AssertOneLineError("option --role: unknown role 'Boss'");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a registry/rlms that is not a program
    public void GivenNoRegistryToolsItCanStart_ThenARegistryCommandExits1WithOneLineSayingHowToInstallThem(bool brokenTools)
    {
        if (!published.Available)
        {
            return;
        }

        string alone = Path.GetFullPath(Path.Combine(published.Folder, "..", "alone-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(Path.Combine(alone, "registry"));
        string rlms = Path.Combine(alone, Path.GetFileName(published.Executable));
        File.Copy(published.Executable, rlms);
        if (brokenTools)
        {
            File.WriteAllText(Path.Combine(alone, "registry", Path.GetFileName(published.Executable)), "not a program");
        }

        var run = ProcessRun.Run(rlms, ["db", "migrate"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("rlms: 'db' is not an analysis command, and the registry tools that run every other command could not be started", line);
        Assert.Contains(Path.Combine(alone, "registry", "rlms"), line);
        Assert.Contains("dotnet publish src/RlmsRegistry.Cli.Native", line);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}

/// <summary>
/// <c>rlms</c> published once per test class into a temporary folder, built in its own artifacts folder so the
/// repository's bin and obj folders are not touched while other tests use them.
/// </summary>
public sealed class PublishedRlms : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rlms-native-" + Guid.NewGuid().ToString("N"));

    public PublishedRlms()
    {
        Folder = Path.Combine(_root, "dist");
        Available = OperatingSystem.IsWindows() || OnPath("clang");
        if (!Available)
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                "clang is required on CI to publish the native rlms (.ci/services.sh installs it)");
            return; // a developer machine without clang: Native AOT cannot link
        }

        var publish = ProcessRun.Run("dotnet", ["publish", Path.Combine(RepositoryPaths.Root, "src", "RlmsRegistry.Cli.Native"), "-c", "Release",
            "-o", Folder, "--artifacts-path", Path.Combine(_root, "artifacts"), "-nologo"]);
        if (publish.ExitCode != 0 || !File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"'dotnet publish src/RlmsRegistry.Cli.Native' failed (exit {publish.ExitCode}; Native AOT needs clang and zlib1g-dev, which .ci/services.sh installs):\n{publish.Stdout}\n{publish.Stderr}");
        }
    }

    /// <summary>False on a developer machine without clang (the native rlms cannot be published there).</summary>
    public bool Available { get; }

    /// <summary>The folder <c>rlms</c> was published to.</summary>
    public string Folder { get; }

    /// <summary>The native <c>rlms</c>.</summary>
    public string Executable => Path.Combine(Folder, OperatingSystem.IsWindows() ? "rlms.exe" : "rlms");

    public CliRun Run(params string[] args) => ProcessRun.Run(Executable, args);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
