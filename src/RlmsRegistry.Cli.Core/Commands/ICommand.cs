using RlmsRegistry.Cli.Infrastructure;

namespace RlmsRegistry.Cli.Commands;

/// <summary>Where a command writes: standard output for results, standard error for one-line diagnostics.</summary>
/// <param name="Out">Results (a table or exactly one JSON document).</param>
/// <param name="Error">Diagnostics.</param>
/// <param name="In">Standard input (a secret piped in, e.g. <c>--password-stdin</c>).</param>
public sealed record CommandContext(TextWriter Out, TextWriter Error, TextReader In);

/// <summary>
/// One CLI command. To add a command: implement this interface in a class under Commands/ and add one line to
/// <see cref="AnalysisCommands.All"/> (a CSV analysis, no database) or to the registry tools' <c>CommandRegistry</c>. Bad input is reported by throwing <see cref="InputException"/> (exit 2).
/// </summary>
internal interface ICommand
{
    /// <summary>The words that select the command, e.g. "analyze km" or "db migrate".</summary>
    string Name { get; }

    /// <summary>One-line description for the command list.</summary>
    string Summary { get; }

    /// <summary>Options accepted by the command (--help is handled by the dispatcher).</summary>
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Runs the command; returns the process exit code (0 = success).</summary>
    int Execute(ParsedOptions options, CommandContext context);
}
