using System.Text.Json;
using RlmsRegistry.Cli.Tests.Support;

namespace RlmsRegistry.Cli.Tests;

/// <summary>
/// analyze cif / finegray and the cox options (--reference, --predict) against R: every case in
/// tests/reference/competing and tests/reference/cox-options (cmprsk 2.2 cuminc/timepoints/crr, survival 3.5
/// coxph/survfit; generate-competing.R) run in-process with --format json and compared with survcheck.py's rules.
/// Bad input exits 2 with one line naming the column or value.
/// </summary>
public sealed class CompetingRisksCliTests : IDisposable
{
    private const string Data = "time,status,age,grade\n5,1,60,a\n8,0,70,b\n12,2,55,a\n3,1,64,b\n9,2,71,c\n15,0,50,c\n";
    private readonly TempCsv _files = new();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in new[] { "competing", "cox-options" })
        {
            foreach (var file in Directory.GetFiles(Folder(folder), "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(folder, Path.GetFileNameWithoutExtension(file));
            }
        }

        return data;
    }

    public void Dispose() => _files.Dispose();

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivenReferenceCase_WhenRunWithJsonFormat_ThenOutputMatchesR(string folder, string id)
    {
        var directory = Folder(folder);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, id + ".json")));
        var testCase = doc.RootElement;

        var run = CliRunner.Run(ReferenceCases.JsonArgs(testCase, directory));

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var actual = JsonDocument.Parse(run.Stdout);
        var errors = SurvCheck.Compare(testCase.GetProperty("expected"), actual.RootElement);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(12)));
    }

    [Fact]
    public void GivenStatusNotAnInteger_WhenEstimatingIncidence_ThenExit2NamingColumnRowAndValue()
    {
        var path = _files.Write("time,status\n5,1\n8,1.5\n");
        var run = CliRunner.Run("analyze", "cif", "--input", path, "--time", "time", "--status", "status");
        run.AssertOneLineError("column 'status'", "row 2", "1.5", "not an integer");
    }

    [Fact]
    public void GivenCauseAbsent_WhenFittingFineGray_ThenExit2NamingTheCause()
    {
        var run = CliRunner.Run("analyze", "finegray", "--input", _files.Write(Data), "--time", "time", "--status", "status",
            "--cause", "3", "--covariates", "age");
        run.AssertOneLineError("--cause 3", "column 'status'", "causes present: 1, 2");
    }

    [Fact]
    public void GivenReferenceNotALevel_WhenFittingFineGray_ThenExit2NamingTheLevel()
    {
        var run = CliRunner.Run("analyze", "finegray", "--input", _files.Write(Data), "--time", "time", "--status", "status",
            "--cause", "1", "--covariates", "age,grade", "--factors", "grade", "--reference", "grade=z");
        run.AssertOneLineError("--reference grade=z", "'z' is not a level of 'grade'", "a, b, c");
    }

    [Fact]
    public void GivenReferenceNotALevel_WhenFittingCox_ThenExit2NamingTheLevel()
    {
        var run = CliRunner.Run("analyze", "cox", "--input", _files.Write("time,status,grade\n5,1,a\n8,0,b\n12,1,a\n3,1,b\n"),
            "--time", "time", "--event", "status", "--covariates", "grade", "--factors", "grade", "--reference", "grade=c");
        run.AssertOneLineError("'c' is not a level of 'grade'");
    }

    [Fact]
    public void GivenReferenceOnNonFactor_WhenFittingCox_ThenExit2NamingTheVariable()
    {
        var run = CliRunner.Run("analyze", "cox", "--input", _files.Write(Data), "--time", "time", "--event", "status",
            "--covariates", "age", "--reference", "age=60");
        run.AssertOneLineError("--reference names 'age'", "not one of --factors");
    }

    [Fact]
    public void GivenPredictMissingACovariate_WhenFittingCox_ThenExit2NamingTheCovariate()
    {
        var path = _files.Write("time,status,age,grade\n5,1,60,a\n8,0,70,b\n12,1,55,a\n3,1,64,b\n9,1,71,a\n");
        var run = CliRunner.Run("analyze", "cox", "--input", path, "--time", "time", "--event", "status",
            "--covariates", "age,grade", "--factors", "grade", "--predict", "age=60", "--times", "5");
        run.AssertOneLineError("--predict gives no value for covariate 'grade'");
    }

    [Fact]
    public void GivenPredictWithUnknownLevel_WhenFittingCox_ThenExit2NamingTheValue()
    {
        var path = _files.Write("time,status,age,grade\n5,1,60,a\n8,0,70,b\n12,1,55,a\n3,1,64,b\n9,1,71,a\n");
        var run = CliRunner.Run("analyze", "cox", "--input", path, "--time", "time", "--event", "status",
            "--covariates", "age,grade", "--factors", "grade", "--predict", "age=60,grade=q", "--times", "5");
        run.AssertOneLineError("--predict grade=q", "'q' is not a level of 'grade'");
    }

    [Fact]
    public void GivenPredictWithoutTimes_WhenFittingCox_ThenExit2SayingTimesAreNeeded()
    {
        var run = CliRunner.Run("analyze", "cox", "--input", _files.Write(Data.Replace(",2,", ",1,", StringComparison.Ordinal)),
            "--time", "time", "--event", "status", "--covariates", "age", "--predict", "age=60");
        run.AssertOneLineError("--predict needs --times");
    }

    [Fact]
    public void GivenDefaultFormat_WhenEstimatingIncidenceByGroup_ThenReadableTablesWithGrayTest()
    {
        var run = CliRunner.Run("analyze", "cif", "--input", _files.Write(Data), "--time", "time", "--status", "status", "--group", "grade");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Gray's test", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("a, cause 2: n= 2, events= 1", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTwoClusters_WhenFittingCoxWithRobustVariance_ThenTheTableWarnsAndJsonCarriesTheWarning()
    {
        var lung = Path.Combine(ReferenceCases.Directory, "lung.csv");
        string[] args = ["analyze", "cox", "--input", lung, "--time", "time", "--event", "status", "--covariates", "age", "--cluster", "sex"];

        var table = CliRunner.Run(args);
        var json = CliRunner.Run([.. args, "--format", "json"]);

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("WARNING: The robust (clustered) variance rests on only 2 clusters", table.Stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("fewer than 10", StringComparison.Ordinal));
    }

    private static string Folder(string name)
    {
        var survival = ReferenceCases.Directory;
        return Path.Combine(Path.GetDirectoryName(survival.TrimEnd(Path.DirectorySeparatorChar))!, name);
    }
}
