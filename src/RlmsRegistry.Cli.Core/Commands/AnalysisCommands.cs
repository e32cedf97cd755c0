using RlmsRegistry.Cli.Commands.Analyze;

namespace RlmsRegistry.Cli.Commands;

/// <summary>
/// The <c>rlms analyze …</c> verbs: CSV in, statistics out, no database. The native <c>rlms</c> runs exactly these;
/// the registry tools list them before their own (<c>CommandRegistry</c>).
/// </summary>
internal static class AnalysisCommands
{
    public static IReadOnlyList<ICommand> All { get; } =
    [
        new KmCommand(),
        new FollowUpCommand(),
        new CoxCommand(),
        new CifCommand(),
        new FineGrayCommand(),
    ];
}
