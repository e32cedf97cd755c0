using System.Globalization;
using System.Text.Json;

namespace RlmsRegistry.Survival.Tests.Cox;

/// <summary>
/// Loads the reference cases (tests/reference/survival: JSON written by tests/reference/generate.R from R's survival 3.5 next to their CSV files) and
/// builds the design matrix the way the CLI does: rows with a missing value in any used column are
/// dropped; <c>--factors</c> columns become treatment contrasts against the first sorted level (numeric
/// levels sorted numerically) named column + level; <c>--strata</c> and <c>--cluster</c> become codes of
/// the sorted distinct values.
/// </summary>
internal static class ReferenceCases
{
    private static readonly Lazy<string> FixtureFolder = new(FindFixtureFolder);

    /// <summary>The reference folder inside the repository (tests/reference/survival).</summary>
    public static string Directory => RlmsRegistry.Testing.Reference.ReferenceFolder.SurvivalCases;

    /// <summary>This project's extra R fixtures (Cox/Fixtures, written by make-fixtures.R).</summary>
    public static string Fixtures => FixtureFolder.Value;

    public static JsonElement LoadCase(string id) => Load(Directory, id);

    public static JsonElement LoadFixture(string id) => Load(Fixtures, id);

    public static IEnumerable<string> FixtureIds() =>
        System.IO.Directory.EnumerateFiles(Fixtures, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal);

    /// <summary>Builds the Cox data and options a shared case's CLI arguments describe.</summary>
    public static (CoxData Data, CoxOptions Options, int Excluded) BuildCox(JsonElement testCase) => BuildCox(testCase, Directory);

    private static JsonElement Load(string folder, string id)
    {
        var path = Path.Combine(folder, id + ".json");
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.Clone();
    }

    /// <summary>Builds the Cox data and options a case's CLI arguments (and optional "options") describe.</summary>
    public static (CoxData Data, CoxOptions Options, int Excluded) BuildCox(JsonElement testCase, string folder)
    {
        var args = testCase.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray();
        string Arg(string name) => args[Array.IndexOf(args, name) + 1];
        string? OptionalArg(string name) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : null;

        var table = CsvTable.Read(Path.Combine(folder, Arg("--input")));
        var covariates = Arg("--covariates").Split(',');
        var factors = OptionalArg("--factors")?.Split(',') ?? [];
        var strata = OptionalArg("--strata");
        var cluster = OptionalArg("--cluster");
        var ties = OptionalArg("--ties") == "breslow" ? CoxTies.Breslow : CoxTies.Efron;
        var data = DesignBuilder.Build(table, Arg("--time"), Arg("--event"), covariates, factors, strata, cluster, out var excluded);
        var options = new CoxOptions { Ties = ties };
        if (testCase.TryGetProperty("options", out var o) && o.TryGetProperty("iterMax", out var iterMax))
        {
            options = options with { MaxIterations = iterMax.GetInt32() };
        }

        return (data, options, excluded);
    }

    private static string FindFixtureFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "RlmsRegistry.Survival.Tests", "Cox", "Fixtures");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Cox fixtures not found: expected tests/RlmsRegistry.Survival.Tests/Cox/Fixtures above " + AppContext.BaseDirectory);
    }

}

/// <summary>A CSV file as strings; an empty field or NA is missing (null).</summary>
internal sealed class CsvTable
{
    private CsvTable(string[] header, List<string?[]> rows)
    {
        Header = header;
        Rows = rows;
    }

    public string[] Header { get; }

    public List<string?[]> Rows { get; }

    public int Column(string name)
    {
        var i = Array.IndexOf(Header, name);
        return i >= 0 ? i : throw new KeyNotFoundException($"No column {name}.");
    }

    public static CsvTable Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = Split(lines[0]).Select(h => h!).ToArray();
        var rows = lines.Skip(1).Select(Split).ToList();
        return new CsvTable(header, rows);
    }

    private static string?[] Split(string line)
    {
        var fields = new List<string?>();
        var i = 0;
        while (i <= line.Length)
        {
            string value;
            var quoted = false;
            if (i < line.Length && line[i] == '"')
            {
                quoted = true;
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        sb.Append('"');
                        i += 2;
                    }
                    else if (line[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        sb.Append(line[i++]);
                    }
                }

                value = sb.ToString();
                while (i < line.Length && line[i] != ',')
                {
                    i++;
                }
            }
            else
            {
                var end = line.IndexOf(',', i);
                if (end < 0)
                {
                    end = line.Length;
                }

                value = line[i..end];
                i = end;
            }

            fields.Add(!quoted && (value.Length == 0 || value == "NA") ? null : value);
            i++;
        }

        return [.. fields];
    }
}

/// <summary>Design-matrix construction shared by the reference-case tests.</summary>
internal static class DesignBuilder
{
    public static CoxData Build(
        CsvTable table,
        string time,
        string status,
        IReadOnlyList<string> covariates,
        IReadOnlyList<string> factors,
        string? strata,
        string? cluster,
        out int excluded)
    {
        var used = new List<string> { time, status };
        used.AddRange(covariates);
        if (strata is not null)
        {
            used.Add(strata);
        }

        if (cluster is not null)
        {
            used.Add(cluster);
        }

        var usedIdx = used.Select(table.Column).ToArray();
        var rows = table.Rows.Where(r => usedIdx.All(c => r[c] is not null)).ToList();
        excluded = table.Rows.Count - rows.Count;

        double Num(string? s) => double.Parse(s!, CultureInfo.InvariantCulture);
        var columns = new List<double[]>();
        var names = new List<string>();
        var terms = new List<CoxTerm>();
        foreach (var cov in covariates)
        {
            var c = table.Column(cov);
            if (factors.Contains(cov))
            {
                var levels = SortedLevels(rows.Select(r => r[c]!));
                var cols = new List<int>();
                foreach (var level in levels.Skip(1))
                {
                    cols.Add(columns.Count);
                    columns.Add([.. rows.Select(r => Same(r[c]!, level) ? 1.0 : 0.0)]);
                    names.Add(cov + LevelLabel(level));
                }

                terms.Add(new CoxTerm(cov, [.. cols]));
            }
            else
            {
                terms.Add(new CoxTerm(cov, [columns.Count]));
                columns.Add([.. rows.Select(r => Num(r[c]))]);
                names.Add(cov);
            }
        }

        int[]? Codes(string? column)
        {
            if (column is null)
            {
                return null;
            }

            var c = table.Column(column);
            var levels = SortedLevels(rows.Select(r => r[c]!));
            return [.. rows.Select(r => levels.FindIndex(l => Same(r[c]!, l)))];
        }

        return new CoxData
        {
            Time = [.. rows.Select(r => Num(r[table.Column(time)]))],
            Status = [.. rows.Select(r => (int)Num(r[table.Column(status)]))],
            Columns = [.. columns],
            ColumnNames = [.. names],
            Terms = terms,
            Strata = Codes(strata),
            Cluster = Codes(cluster),
        };
    }

    private static bool IsNumber(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool Same(string a, string b) =>
        IsNumber(a) && IsNumber(b)
            ? double.Parse(a, CultureInfo.InvariantCulture) == double.Parse(b, CultureInfo.InvariantCulture)
            : a == b;

    private static List<string> SortedLevels(IEnumerable<string> values)
    {
        var distinct = values.Distinct().ToList();
        if (distinct.All(IsNumber))
        {
            return [.. distinct
                .Select(v => double.Parse(v, CultureInfo.InvariantCulture))
                .Distinct()
                .Order()
                .Select(v => v.ToString(CultureInfo.InvariantCulture))];
        }

        return [.. distinct.Order(StringComparer.Ordinal)];
    }

    private static string LevelLabel(string level) => level;
}
