using RlmsRegistry.Cli.Infrastructure;

namespace RlmsRegistry.Cli.Commands.Analyze;

/// <summary>Options shared by the analyze commands.</summary>
internal static class CommonOptions
{
    public static readonly OptionSpec Input = new("input", "CSV file with a header row", Required: true, ValueName: "FILE.csv");
    public static readonly OptionSpec Time = new("time", "column with follow-up time (non-negative)", Required: true, ValueName: "COL");
    public static readonly OptionSpec Event = new("event", "column with the event indicator (1 = event, 0 = censored)", Required: true, ValueName: "COL");
    public static readonly OptionSpec Format = new("format", "output: a readable table (default) or one JSON document", Allowed: ["table", "json"]);

    public static bool IsJson(ParsedOptions options) => options.Get("format", "table") == "json";
}
