using System.Text.Json;
using RlmsRegistry.Cli.Tests.Support;

namespace RlmsRegistry.Cli.Tests;

/// <summary><c>rlms seed demo</c> and <c>rlms report paper</c>: bad input is exit 2 with one line; a small registry end to end.</summary>
public sealed class SeedAndReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rlms-seed-" + Guid.NewGuid().ToString("N"));

    public SeedAndReportTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Connection(string name = "r.db") => $"Data Source={Path.Combine(_dir, name)}";

    [Theory]
    [InlineData("--patients", "0", "option --patients: 0 is out of range")]
    [InlineData("--patients", "-5", "option --patients: -5 is out of range")]
    [InlineData("--patients", "many", "option --patients: 'many' is not a whole number")]
    [InlineData("--patients", "2000000", "option --patients: 2000000 is out of range")]
    [InlineData("--centres", "0", "option --centres: 0 is out of range")]
    [InlineData("--centres", "100", "option --centres: 100 is out of range")]
    [InlineData("--seed", "1.5", "option --seed: '1.5' is not a whole number")]
    [InlineData("--mode", "fast", "invalid value 'fast' for --mode")]
    public void GivenBadSeedOption_ThenExit2WithOneLine(string option, string value, string message)
    {
        CliRunner.Run("seed", "demo", option, value, "--connection", Connection()).AssertOneLineError(message);
    }

    [Fact]
    public void GivenMoreCentresThanPatients_ThenExit2()
    {
        CliRunner.Run("seed", "demo", "--patients", "3", "--centres", "5", "--connection", Connection()).AssertOneLineError("option --centres");
    }

    [Fact]
    public void GivenTooManyPatientsForOneCentre_ThenExit2NamingTheStudyIdLimit()
    {
        CliRunner.Run("seed", "demo", "--patients", "200000", "--centres", "1", "--connection", Connection()).AssertOneLineError("99,999 study IDs");
    }

    [Fact]
    public void GivenAnUnmigratedDatabase_ThenSeedAndReportSayToMigrateFirst()
    {
        CliRunner.Run("seed", "demo", "--patients", "5", "--connection", Connection("empty.db")).AssertOneLineError("rlms db migrate");
        CliRunner.Run("report", "paper", "--connection", Connection("empty2.db")).AssertOneLineError("rlms db migrate");
    }

    [Fact]
    public void GivenBadReportFormat_ThenExit2()
    {
        CliRunner.Run("report", "paper", "--format", "xml", "--connection", Connection()).AssertOneLineError("invalid value 'xml' for --format");
    }

    [Fact]
    public void GivenASmallSyntheticRegistry_WhenSeededAndReported_ThenTheReportIsLabelledSyntheticAndSeedingAgainIsRefused()
    {
        var cs = Connection();
        Assert.Equal(0, CliRunner.Run("db", "migrate", "--connection", cs).ExitCode);

        var seeded = CliRunner.Run("seed", "demo", "--patients", "40", "--centres", "2", "--seed", "5", "--connection", cs);
        var table = CliRunner.Run("report", "paper", "--connection", cs);
        var json = CliRunner.Run("report", "paper", "--format", "json", "--connection", cs);
        var again = CliRunner.Run("seed", "demo", "--patients", "40", "--connection", cs);

        Assert.Equal(0, seeded.ExitCode);
        Assert.Contains("SYNTHETIC", seeded.Stdout);
        Assert.Contains("40 patients (22 primary, 18 recurrent)", seeded.Stdout);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("SYNTHETIC REGISTRY", table.Stdout);
        Assert.Contains("median follow-up, months (IQR)", table.Stdout);
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.True(doc.RootElement.GetProperty("synthetic").GetBoolean());
        var cohorts = doc.RootElement.GetProperty("cohorts");
        Assert.Equal(22, cohorts[0].GetProperty("registry").GetProperty("patients").GetInt32());
        Assert.Equal(127, cohorts[0].GetProperty("published").GetProperty("patients").GetInt32());
        Assert.Equal(18, cohorts[1].GetProperty("registry").GetProperty("patients").GetInt32());
        Assert.Matches("^[0-9a-f]{64}$", doc.RootElement.GetProperty("datasetFingerprint").GetString()!);
        again.AssertOneLineError("already holds 40 patient(s)");
    }
}
