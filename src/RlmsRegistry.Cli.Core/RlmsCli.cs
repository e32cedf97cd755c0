using System.Text;
using RlmsRegistry.Cli.Commands;
using RlmsRegistry.Cli.Infrastructure;

namespace RlmsRegistry.Cli;

/// <summary>
/// Dispatcher of the <c>rlms</c> command line, callable in-process (tests) as well as from the two programs: the native
/// <c>rlms</c> passes <see cref="AnalysisCommands.All"/>, the registry tools pass every command they know. Parsing is
/// System.CommandLine's (see <see cref="CommandTree"/>); commands are <see cref="ICommand"/>s.
/// Exit codes: 0 success, 2 bad usage or bad input (one line on stderr naming option/column/row),
/// 1 unexpected failure (one line on stderr, never a stack trace).
/// </summary>
public static class RlmsCli
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for an unexpected internal failure.</summary>
    public const int InternalError = 1;

    /// <summary>Exit code for bad usage or bad input.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// Runs one command line against a command set on the process's console: results buffered to standard output
    /// (flushed once at the end), diagnostics unbuffered to standard error, UTF-8 without a byte-order mark. The host of
    /// both programs.
    /// </summary>
    internal static int RunOnConsole(string[] args, IReadOnlyList<ICommand> commands)
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
        int code = Run(args, stdout, stderr, Console.In, commands);
        stdout.Flush();
        return code;
    }

    /// <summary>Runs one command line against a command set.</summary>
    /// <param name="args">Arguments after the program name, e.g. ["analyze", "km", "--input", "f.csv", ...].</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where the one-line diagnostic goes.</param>
    /// <param name="stdin">Standard input (commands that read a secret from it).</param>
    /// <param name="commands">The commands this program knows.</param>
    /// <returns>The process exit code.</returns>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, IReadOnlyList<ICommand> commands)
    {
        try
        {
            return Dispatch(args, new CommandContext(stdout, stderr, stdin), commands);
        }
        catch (InputException e)
        {
            stderr.WriteLine("rlms: " + OneLine(e.Message));
            return BadInput;
        }
#pragma warning disable CA1031 // the CLI boundary turns every unexpected failure into one line and exit code 1
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"rlms: internal error: {e.GetType().Name}: {OneLine(e.Message)}");
            return InternalError;
        }
    }

    private static int Dispatch(string[] args, CommandContext context, IReadOnlyList<ICommand> commands)
    {
        if (args.Length == 0)
        {
            throw new InputException("no command given (try 'rlms --help')");
        }

        if (args is ["--help"] or ["-h"] or ["help"])
        {
            WriteCommandList(context.Out, commands);
            return Success;
        }

        var selection = new CommandTree(commands).Parse(args);
        if (selection.Help)
        {
            WriteCommandHelp(selection.Command, context.Out);
            return Success;
        }

        return selection.Command.Execute(selection.Options!, context);
    }

    private static void WriteCommandList(TextWriter o, IReadOnlyList<ICommand> commands)
    {
        o.WriteLine("usage: rlms <command> [options]");
        o.WriteLine();
        o.WriteLine("commands:");
        int width = commands.Max(c => c.Name.Length);
        foreach (var c in commands)
        {
            o.WriteLine($"  {c.Name.PadRight(width)}  {c.Summary}");
        }

        o.WriteLine();
        o.WriteLine("'rlms <command> --help' lists a command's options.");
    }

    private static void WriteCommandHelp(ICommand c, TextWriter o)
    {
        var usage = new StringBuilder("usage: rlms ").Append(c.Name);
        foreach (var s in c.Options)
        {
            string part = s.IsFlag ? $"--{s.Name}" : $"--{s.Name} {(s.Allowed is null ? s.ValueName : string.Join("|", s.Allowed))}";
            part = s.Repeatable ? part + " ..." : part;
            usage.Append(' ').Append(s.Required ? part : $"[{part}]");
        }

        o.WriteLine(usage.ToString());
        o.WriteLine();
        o.WriteLine(c.Summary);
        o.WriteLine();
        int width = c.Options.Max(s => s.Name.Length) + 2;
        foreach (var s in c.Options)
        {
            o.WriteLine($"  {("--" + s.Name).PadRight(width)}  {s.Help}");
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
