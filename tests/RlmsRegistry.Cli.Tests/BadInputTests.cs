using RlmsRegistry.Cli.Commands;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Cli.Tests.Support;

namespace RlmsRegistry.Cli.Tests;

/// <summary>
/// Every kind of bad input ends with exit code 2 and exactly one stderr line that says what is wrong and where
/// (option, column, row); nothing is written to stdout and no stack trace is shown.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string Good = "time,status,age,grp\n5,1,60,a\n8,0,70,b\n12,1,55,a\n";
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void GivenMissingFile_WhenAnalyzing_ThenExit2NamingTheFile()
    {
        var run = CliRunner.Run("analyze", "km", "--input", "/nonexistent/x.csv", "--time", "time", "--event", "status");
        run.AssertOneLineError("/nonexistent/x.csv", "does not exist");
    }

    [Fact]
    public void GivenUnknownColumn_WhenAnalyzing_ThenExit2NamingTheColumn()
    {
        var run = CliRunner.Run("analyze", "km", "--input", _files.Write(Good), "--time", "futime", "--event", "status");
        run.AssertOneLineError("column 'futime' not found");
    }

    [Fact]
    public void GivenNonNumericValue_WhenAnalyzing_ThenExit2NamingColumnAndRow()
    {
        var path = _files.Write("time,status\n5,1\n8,0\nabc,1\n");
        var run = CliRunner.Run("analyze", "km", "--input", path, "--time", "time", "--event", "status");
        run.AssertOneLineError("column 'time'", "row 3", "line 4", "'abc' is not a number");
    }

    [Fact]
    public void GivenNonNumericCovariate_WhenFittingCox_ThenExit2NamingColumnAndRow()
    {
        var path = _files.Write("time,status,age\n5,1,60\n8,0,old\n");
        var run = CliRunner.Run("analyze", "cox", "--input", path, "--time", "time", "--event", "status", "--covariates", "age");
        run.AssertOneLineError("column 'age'", "row 2", "'old' is not a number");
    }

    [Fact]
    public void GivenEventValueTwo_WhenAnalyzing_ThenExit2NamingColumnAndRow()
    {
        var path = _files.Write("time,status\n5,1\n8,2\n");
        var run = CliRunner.Run("analyze", "followup", "--input", path, "--time", "time", "--event", "status");
        run.AssertOneLineError("column 'status'", "row 2", "event value 2 is not 0 or 1");
    }

    [Fact]
    public void GivenNegativeTime_WhenAnalyzing_ThenExit2NamingColumnAndRow()
    {
        var path = _files.Write("time,status\n5,1\n-3,0\n");
        var run = CliRunner.Run("analyze", "km", "--input", path, "--time", "time", "--event", "status");
        run.AssertOneLineError("column 'time'", "row 2", "negative time -3");
    }

    [Fact]
    public void GivenNoEvents_WhenAnalyzing_ThenExit2SayingSo()
    {
        var path = _files.Write("time,status\n5,0\n8,0\n9,NA\n");
        var run = CliRunner.Run("analyze", "km", "--input", path, "--time", "time", "--event", "status");
        run.AssertOneLineError("column 'status' has no events", "2 complete rows");
    }

    [Theory]
    [InlineData("analyze km --input F --time time --event status --colour red", "unknown option '--colour'")]
    [InlineData("analyze km --input F --event status", "missing required option --time")]
    [InlineData("analyze km --input F --time time --event status --conf-type wide", "invalid value 'wide' for --conf-type")]
    [InlineData("analyze km --input F --time", "option --time needs a value")]
    [InlineData("analyze cox --input F --time time --event status", "missing required option --covariates")]
    [InlineData("analyze cox --input F --time time --event status --covariates age --factors grp", "--factors column 'grp' is not one of --covariates")]
    [InlineData("analyse km", "unknown command 'analyse km'")]
    [InlineData("analyze", "'analyze' needs a subcommand")]
    [InlineData("", "no command given")]
    public void GivenBadUsage_WhenRunning_ThenExit2WithOneLine(string commandLine, string message)
    {
        var path = _files.Write(Good);
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "F" ? path : a).ToArray();

        var run = CliRunner.Run(args);

        run.AssertOneLineError(message);
    }

    [Fact]
    public void GivenRaggedRow_WhenAnalyzing_ThenExit2NamingRowAndFieldCounts()
    {
        var path = _files.Write("time,status\n5,1\n8,0,3\n");
        var run = CliRunner.Run("analyze", "km", "--input", path, "--time", "time", "--event", "status");
        run.AssertOneLineError("row 2", "3 fields", "header has 2");
    }

    [Fact]
    public void GivenUnclosedQuote_WhenAnalyzing_ThenExit2NamingTheLine()
    {
        var path = _files.Write("time,status\n5,1\n\"8,0\n");
        var run = CliRunner.Run("analyze", "km", "--input", path, "--time", "time", "--event", "status");
        run.AssertOneLineError("line 3", "quoted field is not closed");
    }

    [Fact]
    public void GivenSingleLevelFactor_WhenFittingCox_ThenExit2NamingTheFactor()
    {
        var path = _files.Write("time,status,grp\n5,1,a\n8,0,a\n9,1,NA\n");
        var run = CliRunner.Run("analyze", "cox", "--input", path, "--time", "time", "--event", "status", "--covariates", "grp", "--factors", "grp");
        run.AssertOneLineError("factor 'grp' has only one level");
    }

    [Fact]
    public void GivenUnexpectedFailureInACommand_WhenRunning_ThenExit1WithOneLineAndNoStackTrace()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = RlmsCli.Run(["boom"], stdout, stderr, TextReader.Null, [new ThrowingCommand()]);

        Assert.Equal(1, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("rlms: internal error: InvalidOperationException: kaput across lines", line.TrimEnd('\r'));
    }

    private sealed class ThrowingCommand : ICommand
    {
        public string Name => "boom";

        public string Summary => "fails";

        public IReadOnlyList<OptionSpec> Options => [];

        public int Execute(ParsedOptions options, CommandContext context) => throw new InvalidOperationException("kaput\nacross lines");
    }
}
