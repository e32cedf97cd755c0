using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Cli.Commands.Registry;

/// <summary><c>rlms db migrate</c>: applies pending migrations to the configured database (the explicit production step).</summary>
internal sealed class DbMigrateCommand : ICommand
{
    public string Name => "db migrate";

    public string Summary => "apply pending database migrations (SQLite, SQL Server or PostgreSQL)";

    public IReadOnlyList<OptionSpec> Options { get; } = [RegistryHost.Provider, RegistryHost.Connection];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        using var services = RegistryHost.Build(options);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var pending = db.Database.GetPendingMigrations().ToList();
        DatabaseSetup.PrepareSqliteAsync(db).GetAwaiter().GetResult();
        db.Database.Migrate();
        context.Out.WriteLine(pending.Count == 0
            ? "The database is already at the latest migration."
            : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
        return RlmsCli.Success;
    }
}
