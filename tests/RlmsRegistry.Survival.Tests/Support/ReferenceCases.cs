using System.Globalization;
using System.Text.Json;

namespace RlmsRegistry.Survival.Tests.Support;

/// <summary>
/// Access to the R reference cases in tests/reference/survival (written by tests/reference/generate.R):
/// each case is a JSON file with the CLI "args" and the "expected" values computed by R's survival 3.5.
/// </summary>
public static class ReferenceCases
{
    /// <summary>The reference directory inside the repository.</summary>
    public static string Directory => RlmsRegistry.Testing.Reference.ReferenceFolder.SurvivalCases;

    public static JsonElement Load(string id)
    {
        string path = Path.Combine(Directory, id + ".json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    /// <summary>The value following an option in a case's args, or null.</summary>
    public static string? Arg(JsonElement testCase, string option)
    {
        var args = testCase.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        int i = args.IndexOf(option);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    public static SimpleCsv Csv(string fileName) => SimpleCsv.Read(Path.Combine(Directory, fileName));

}

/// <summary>A deliberately simple CSV reader for the small reference files (quotes, NA and empty = missing).</summary>
public sealed class SimpleCsv
{
    private readonly Dictionary<string, int> _index;

    private SimpleCsv(string[] header, List<string?[]> rows)
    {
        Header = header;
        Rows = rows;
        _index = header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i);
    }

    public string[] Header { get; }

    public List<string?[]> Rows { get; }

    public static SimpleCsv Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = Split(lines[0]).Select(h => h!).ToArray();
        var rows = lines.Skip(1).Select(Split).ToList();
        return new SimpleCsv(header, rows);
    }

    public string? Text(int row, string column) => Rows[row][_index[column]];

    public double Number(int row, string column)
    {
        var s = Text(row, column);
        return s is null ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);
    }

    public bool HasColumn(string column) => _index.ContainsKey(column);

    private static string?[] Split(string line)
    {
        var fields = new List<string?>();
        var sb = new System.Text.StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
                wasQuoted = true;
            }
            else if (c == ',')
            {
                fields.Add(Finish(sb, wasQuoted));
                sb.Clear();
                wasQuoted = false;
            }
            else
            {
                sb.Append(c);
            }
        }

        fields.Add(Finish(sb, wasQuoted));
        return fields.ToArray();
    }

    private static string? Finish(System.Text.StringBuilder sb, bool wasQuoted)
    {
        var s = sb.ToString();
        return !wasQuoted && (s.Length == 0 || s == "NA") ? null : s;
    }
}
