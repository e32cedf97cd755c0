using System.Text.Json;

namespace RlmsRegistry.Cli.Tests.Support;

/// <summary>
/// The R reference cases in tests/reference/survival (inside the repository, written by tests/reference/generate.R);
/// RLMS_REFERENCE_DIR overrides.
/// </summary>
public static class ReferenceCases
{
    public static string Directory => RlmsRegistry.Testing.Reference.ReferenceFolder.SurvivalCases;

    public static JsonElement Load(string id)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, id + ".json")));
        return doc.RootElement.Clone();
    }

    /// <summary>The case's CLI arguments with --input made absolute, plus --format json.</summary>
    public static string[] JsonArgs(JsonElement testCase) => JsonArgs(testCase, Directory);

    /// <summary>As <see cref="JsonArgs(JsonElement)"/> for a case in <paramref name="directory"/>.</summary>
    public static string[] JsonArgs(JsonElement testCase, string directory)
    {
        var args = testCase.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        int i = args.IndexOf("--input");
        args[i + 1] = Path.Combine(directory, args[i + 1]);
        args.AddRange(["--format", "json"]);
        return [.. args];
    }

}

/// <summary>
/// The comparison rules of shared/tools/survcheck.py: relative 1e-6 for estimates (floor 1e-9), 1e-5 for keys
/// named chisq, 1e-4 for p-values (keys "p" or ending in "P", floor 1e-10); null expected = null/NaN actual;
/// lists of objects with "term", "group" or "cause" are matched by that key; extra actual keys are ignored.
/// </summary>
public static class SurvCheck
{
    public static List<string> Compare(JsonElement expected, JsonElement actual)
    {
        var errors = new List<string>();
        Walk("$", expected, actual, errors);
        return errors;
    }

    private static void Walk(string path, JsonElement e, JsonElement a, List<string> errors)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (a.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: expected an object");
                    return;
                }

                foreach (var p in e.EnumerateObject().Where(p => p.Name != "iterations"))
                {
                    if (a.TryGetProperty(p.Name, out var av))
                    {
                        Walk($"{path}.{p.Name}", p.Value, av, errors);
                    }
                    else
                    {
                        errors.Add($"{path}.{p.Name}: missing");
                    }
                }

                return;
            case JsonValueKind.Array:
                var el = e.EnumerateArray().ToList();
                var al = a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().ToList() : null;
                if (al is null)
                {
                    errors.Add($"{path}: expected a list");
                    return;
                }

                string? key = el.Count > 0 && el[0].ValueKind == JsonValueKind.Object
                    ? new[] { "term", "group", "cause" }.FirstOrDefault(k => el[0].TryGetProperty(k, out _))
                    : null;
                if (key is not null)
                {
                    foreach (var item in el)
                    {
                        string id = item.GetProperty(key).ToString();
                        var match = al.FirstOrDefault(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty(key, out var v) && v.ToString() == id);
                        if (match.ValueKind == JsonValueKind.Undefined)
                        {
                            errors.Add($"{path}[{key}={id}]: missing");
                        }
                        else
                        {
                            Walk($"{path}[{id}]", item, match, errors);
                        }
                    }
                }
                else if (el.Count != al.Count)
                {
                    errors.Add($"{path}: {al.Count} items, expected {el.Count}");
                }
                else
                {
                    for (int i = 0; i < el.Count; i++)
                    {
                        Walk($"{path}[{i}]", el[i], al[i], errors);
                    }
                }

                return;
            case JsonValueKind.Null:
                if (a.ValueKind != JsonValueKind.Null)
                {
                    errors.Add($"{path}: expected null, got {a}");
                }

                return;
            case JsonValueKind.Number:
                string leaf = path[(path.LastIndexOf('.') + 1)..];
                bool isP = leaf == "p" || leaf.EndsWith('P');
                double rel = isP ? 1e-4 : leaf == "chisq" ? 1e-5 : 1e-6;
                double floor = isP ? 1e-10 : 1e-9;
                double x = e.GetDouble();
                if (a.ValueKind != JsonValueKind.Number || Math.Abs(a.GetDouble() - x) > Math.Max(floor, rel * Math.Abs(x)))
                {
                    errors.Add($"{path}: got {a}, expected {x:R}");
                }

                return;
            default:
                if (e.ToString() != a.ToString() || e.ValueKind != a.ValueKind)
                {
                    errors.Add($"{path}: got {a}, expected {e}");
                }

                return;
        }
    }
}
