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
    string Name, string Help, bool Required = false, IReadOnlyList<string>? Allowed = null, bool IsFlag = false, string ValueName = "VALUE", bool Repeatable = false);

/// <summary>Parsed options of one command invocation.</summary>
internal sealed class ParsedOptions
{
    private readonly Dictionary<string, string?> _values;
    private readonly Dictionary<string, List<string>> _repeated;

    internal ParsedOptions(Dictionary<string, string?> values, Dictionary<string, List<string>>? repeated = null)
    {
        _values = values;
        _repeated = repeated ?? [];
    }

    /// <summary>Every value of a repeatable option, in the order given (empty when not given).</summary>
    public IReadOnlyList<string> All(string name) => _repeated.TryGetValue(name, out var list) ? list : [];

    /// <summary>True when the option (or flag) was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The value, or null when the option was not given.</summary>
    public string? Get(string name) => _values.GetValueOrDefault(name);

    /// <summary>The value, or <paramref name="fallback"/> when the option was not given.</summary>
    public string Get(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;

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

/// <summary>Hand-written parser for <c>--name value</c>, <c>--name=value</c> and flags.</summary>
internal static class OptionParser
{
    public static ParsedOptions Parse(IReadOnlyList<string> tokens, IReadOnlyList<OptionSpec> specs, string command)
    {
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                throw new InputException($"unexpected argument '{token}' for '{command}' (options start with --)");
            }

            string name = token[2..];
            string? value = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (!byName.TryGetValue(name, out var spec))
            {
                throw new InputException($"unknown option '--{name}' for '{command}' (see 'rlms {command} --help')");
            }

            if (values.ContainsKey(name) && !spec.Repeatable)
            {
                throw new InputException($"option --{name} given more than once");
            }

            if (spec.IsFlag)
            {
                if (value is not null)
                {
                    throw new InputException($"option --{name} takes no value");
                }
            }
            else if (value is null)
            {
                if (i + 1 >= tokens.Count || (tokens[i + 1].StartsWith("--", StringComparison.Ordinal) && tokens[i + 1].Length > 2))
                {
                    throw new InputException($"option --{name} needs a value ({spec.ValueName})");
                }

                value = tokens[++i];
            }

            if (spec.Allowed is not null && !spec.Allowed.Contains(value!, StringComparer.Ordinal))
            {
                throw new InputException($"invalid value '{value}' for --{name} (expected {string.Join("|", spec.Allowed)})");
            }

            values[name] = value;
            if (spec.Repeatable)
            {
                if (!repeated.TryGetValue(name, out var list))
                {
                    repeated[name] = list = [];
                }

                list.Add(value!);
            }
        }

        foreach (var spec in specs.Where(s => s.Required && !values.ContainsKey(s.Name)))
        {
            throw new InputException($"missing required option --{spec.Name} for '{command}'");
        }

        return new ParsedOptions(values, repeated);
    }
}
