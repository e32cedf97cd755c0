using RlmsRegistry.Cli.Commands.Registry;

namespace RlmsRegistry.Cli.Commands;

/// <summary>
/// The commands the registry tools know: the analysis verbs, then the registry's own. A new registry command goes here;
/// a new analysis of a CSV file goes in <see cref="AnalysisCommands"/> (the native rlms runs only those itself).
/// </summary>
internal static class CommandRegistry
{
    public static IReadOnlyList<ICommand> All { get; } =
    [
        .. AnalysisCommands.All,
        new DbMigrateCommand(),
        new AnalysisRefitCommand(),
        new WorkerCommand(),
        new SeedDemoCommand(),
        new UserAddCommand(),
        new ReportPaperCommand(),
        new ExportCommand(),
        new ImportCommand(),
    ];
}
