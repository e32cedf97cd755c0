namespace RlmsRegistry.Cli.Infrastructure;

/// <summary>A command-line option of a command: <c>--name value</c> (or <c>--name=value</c>), or a flag.</summary>
/// <param name="Name">Name without the leading dashes.</param>
/// <param name="Help">One-line description for --help.</param>
/// <param name="Required">Whether the option must be given.</param>
/// <param name="Allowed">Allowed values, or null for any.</param>
/// <param name="IsFlag">True for an option without a value.</param>
/// <param name="ValueName">Placeholder shown in the usage line.</param>
/// <param name="Repeatable">True when the option may be given more than once (read with <see cref="ParsedOptions.All"/>).</param>
internal sealed record OptionSpec(
    string Name,
    string Help,
    bool Required = false,
    IReadOnlyList<string>? Allowed = null,
    bool IsFlag = false,
    string ValueName = "VALUE",
    bool Repeatable = false);

/// <summary>Parsed options of one command invocation.</summary>
internal sealed class ParsedOptions
{
    private readonly Dictionary<string, IReadOnlyList<string>?> _values;

    internal ParsedOptions(Dictionary<string, IReadOnlyList<string>?> values) => _values = values;

    /// <summary>True when the option (or flag) was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The value (the last one of a repeatable option), or null when the option was not given.</summary>
    public string? Get(string name) => _values.GetValueOrDefault(name) is [.., var last] ? last : null;

    /// <summary>The value, or <paramref name="fallback"/> when the option was not given.</summary>
    public string Get(string name, string fallback) => Get(name) ?? fallback;

    /// <summary>Every value of a repeatable option in command-line order (empty when not given).</summary>
    public IReadOnlyList<string> All(string name) => _values.GetValueOrDefault(name) ?? [];

    /// <summary>A comma-separated list (empty items are an error), or an empty list when not given.</summary>
    public IReadOnlyList<string> List(string name)
    {
        var raw = Get(name);
        if (raw is null)
        {
            return [];
        }

        var items = raw.Split(',', StringSplitOptions.TrimEntries);
        if (items.Any(string.IsNullOrEmpty))
        {
            throw new InputException($"option --{name}: empty name in list '{raw}'");
        }

        return items;
    }
}
