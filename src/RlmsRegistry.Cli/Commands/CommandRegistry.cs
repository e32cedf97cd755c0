using RlmsRegistry.Cli.Commands.Analyze;
using RlmsRegistry.Cli.Commands.Registry;

namespace RlmsRegistry.Cli.Commands;

/// <summary>The commands the dispatcher knows. Add new commands here.</summary>
internal static class CommandRegistry
{
    public static IReadOnlyList<ICommand> All { get; } =
    [
        new KmCommand(),
        new FollowUpCommand(),
        new CoxCommand(),
        new CifCommand(),
        new FineGrayCommand(),
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
