using System.CommandLine;
using System.CommandLine.Parsing;
using RlmsRegistry.Cli.Commands;

namespace RlmsRegistry.Cli.Infrastructure;

/// <summary>
/// The <c>rlms</c> commands as a System.CommandLine tree: one <see cref="Command"/> per word of each
/// <see cref="ICommand.Name"/> ("analyze km" → analyze → km) with one <see cref="Option{T}"/> per
/// <see cref="OptionSpec"/>. System.CommandLine tokenizes and matches (<c>--name value</c>, <c>--name=value</c>,
/// flags, repeated options); this class turns its outcome into <see cref="ParsedOptions"/> or into one readable
/// <see cref="InputException"/> line (exit code 2) in the registry's own words. Help is written by
/// <see cref="RlmsCli"/> in the format the README shows, so the library's help and version options and its response
/// files are off.
/// </summary>
internal sealed class CommandTree
{
    private readonly RootCommand _root = new("rlms");
    private readonly Dictionary<Command, ICommand> _commands = [];
    private readonly Dictionary<ICommand, List<(OptionSpec Spec, Option Option)>> _options = [];
    private readonly ParserConfiguration _configuration = new() { ResponseFileTokenReplacer = null };

    public CommandTree(IReadOnlyList<ICommand> commands)
    {
        _root.Options.Clear();
        _root.Directives.Clear();
        foreach (var command in commands)
        {
            Command parent = _root;
            foreach (var word in command.Name.Split(' '))
            {
                var child = parent.Subcommands.FirstOrDefault(c => c.Name == word);
                if (child is null)
                {
                    child = new Command(word);
                    parent.Subcommands.Add(child);
                }

                parent = child;
            }

            _commands.Add(parent, command);
            var options = new List<(OptionSpec, Option)>();
            foreach (var spec in command.Options)
            {
                Option option = spec switch
                {
                    { IsFlag: true } => new Option<bool>("--" + spec.Name) { Description = spec.Help, Arity = ArgumentArity.Zero },
                    { Repeatable: true } => new Option<string[]>("--" + spec.Name) { Description = spec.Help, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false },
                    _ => new Option<string>("--" + spec.Name) { Description = spec.Help, Arity = ArgumentArity.ExactlyOne },
                };
                parent.Options.Add(option);
                options.Add((spec, option));
            }

            _options.Add(command, options);
        }
    }

    /// <summary>What a command line asks for: a command and its options, or that command's help.</summary>
    public readonly record struct Selection(ICommand Command, ParsedOptions? Options, bool Help);

    /// <summary>Parses <paramref name="args"/>; throws <see cref="InputException"/> with one readable line.</summary>
    public Selection Parse(IReadOnlyList<string> args)
    {
        var result = _root.Parse(args, _configuration);
        var matched = result.CommandResult.Command;
        var unmatched = result.UnmatchedTokens;
        if (!_commands.TryGetValue(matched, out var command))
        {
            var words = args.TakeWhile(a => !a.StartsWith('-')).ToList();
            string prefix = string.Join(' ', words);
            if (matched != _root && unmatched.All(t => t.StartsWith('-')))
            {
                string group = string.Join(' ', Path(result.CommandResult));
                throw new InputException($"'{group}' needs a subcommand: {string.Join(", ", matched.Subcommands.Select(c => c.Name))}");
            }

            throw new InputException($"unknown command '{(prefix.Length > 0 ? prefix : args[0])}' (try 'rlms --help')");
        }

        if (unmatched is ["--help"] or ["-h"] && result.Tokens.Count(t => t.Type != TokenType.Command) == 1)
        {
            return new Selection(command, null, true);
        }

        foreach (var token in unmatched)
        {
            if (token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2)
            {
                string name = token[2..].Split('=', 2)[0];
                throw new InputException($"unknown option '--{name}' for '{command.Name}' (see 'rlms {command.Name} --help')");
            }

            throw new InputException($"unexpected argument '{token}' for '{command.Name}' (options start with --)");
        }

        var values = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
        foreach (var (spec, option) in _options[command])
        {
            var given = result.GetResult(option);
            if (given is null || given.Implicit)
            {
                continue;
            }

            if (spec.IsFlag)
            {
                if (given.Tokens.Count > 0)
                {
                    throw new InputException($"option --{spec.Name} takes no value");
                }

                values[spec.Name] = null;
                continue;
            }

            if (given.Tokens.Count == 0)
            {
                throw new InputException($"option --{spec.Name} needs a value ({spec.ValueName})");
            }

            if (!spec.Repeatable && (given.Tokens.Count > 1 || given.IdentifierTokenCount > 1))
            {
                throw new InputException($"option --{spec.Name} given more than once");
            }

            var list = given.Tokens.Select(t => t.Value).ToList();
            foreach (var value in list.Where(v => spec.Allowed is not null && !spec.Allowed.Contains(v, StringComparer.Ordinal)))
            {
                throw new InputException($"invalid value '{value}' for --{spec.Name} (expected {string.Join("|", spec.Allowed!)})");
            }

            values[spec.Name] = list;
        }

        // Anything else System.CommandLine found wrong, in its own words (one line).
        foreach (var error in result.Errors)
        {
            throw new InputException(error.Message);
        }

        foreach (var spec in command.Options.Where(s => s.Required && !values.ContainsKey(s.Name)))
        {
            throw new InputException($"missing required option --{spec.Name} for '{command.Name}'");
        }

        return new Selection(command, new ParsedOptions(values), false);
    }

    private static Stack<string> Path(CommandResult result)
    {
        var words = new Stack<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Parent is not null; r = r.Parent)
        {
            words.Push(c.Command.Name);
        }

        return words;
    }
}
