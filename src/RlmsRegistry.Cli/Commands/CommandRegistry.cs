using RlmsRegistry.Cli.Commands.Registry;

namespace RlmsRegistry.Cli.Commands;

/// <summary>The commands the registry tools know: the analysis verbs, then the registry's own. Add new commands here.</summary>
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
