using RlmsRegistry.Cli.Infrastructure;

namespace RlmsRegistry.Cli.Commands.Analyze;

/// <summary>Options shared by the analyze commands.</summary>
internal static class CommonOptions
{
    public static readonly OptionSpec Input = new("input", "CSV file with a header row", Required: true, ValueName: "FILE.csv");
    public static readonly OptionSpec Time = new("time", "column with follow-up time (non-negative)", Required: true, ValueName: "COL");
    public static readonly OptionSpec Event = new("event", "column with the event indicator (1 = event, 0 = censored)", Required: true, ValueName: "COL");
    public static readonly OptionSpec Status = new("status", "column with the status: 0 = censored, other integers = causes", Required: true, ValueName: "COL");
    public static readonly OptionSpec Format = new("format", "output: a readable table (default) or one JSON document", Allowed: ["table", "json"]);

    public static readonly OptionSpec Reference = new(
        "reference", "reference level of a factor, as relevel() (repeatable; default: first sorted level)", ValueName: "VAR=LEVEL", Repeatable: true);

    public static bool IsJson(ParsedOptions options) => options.Get("format", "table") == "json";

    /// <summary>The --reference choices: one VAR=LEVEL per use (or comma-separated), each variable once.</summary>
    public static Dictionary<string, string> References(ParsedOptions options) =>
        Pairs("reference", options.All("reference").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToList());

    /// <summary>NAME=VALUE items of an option as a dictionary; a malformed or repeated name is an input error.</summary>
    public static Dictionary<string, string> Pairs(string option, IReadOnlyList<string> items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InputException($"--{option} expects NAME=VALUE, got '{item}'");
            }

            if (!result.TryAdd(item[..eq].Trim(), item[(eq + 1)..].Trim()))
            {
                throw new InputException($"--{option} names '{item[..eq].Trim()}' more than once");
            }
        }

        return result;
    }

    /// <summary>The --times list (non-negative numbers); required when <paramref name="needed"/>, refused otherwise.</summary>
    public static IReadOnlyList<double> Times(ParsedOptions options, bool needed)
    {
        if (!needed)
        {
            return options.Has("times") ? throw new InputException("--times needs --predict") : [];
        }

        var items = options.List("times");
        if (items.Count == 0)
        {
            throw new InputException("--predict needs --times (e.g. --times 12,36,60)");
        }

        return [.. items.Select(t => double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v)
            ? v
            : throw new InputException($"--times: '{t}' is not a non-negative number"))];
    }
}
