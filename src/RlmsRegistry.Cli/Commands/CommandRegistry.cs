using RlmsRegistry.Cli.Commands.Analyze;

namespace RlmsRegistry.Cli.Commands;

/// <summary>The commands the dispatcher knows. Add new commands here.</summary>
internal static class CommandRegistry
{
    public static IReadOnlyList<ICommand> All { get; } =
    [
        new KmCommand(),
        new FollowUpCommand(),
        new CoxCommand(),
    ];
}
