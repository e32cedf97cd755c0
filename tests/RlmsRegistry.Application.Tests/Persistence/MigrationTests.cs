using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RlmsRegistry.Application.Audit;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Persistence;

/// <summary>The three providers' migrations match the model, and the committed SQL scripts are current.</summary>
public sealed class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.Postgres)]
    public void GivenProvider_ThenModelHasNoChangesMissingFromItsMigrations(DatabaseProvider provider)
    {
        using var db = DesignTimeDbContext.Create(provider, []);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations are behind the model: run bash migrations/add-migration.sh <Name>.");
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer, "sqlserver-idempotent.sql")]
    [InlineData(DatabaseProvider.Postgres, "postgres-idempotent.sql")]
    public void GivenServerProvider_WhenGeneratingIdempotentScript_ThenItEqualsTheCommittedScript(DatabaseProvider provider, string file)
    {
        using var db = DesignTimeDbContext.Create(provider, []);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("Patients", script, StringComparison.Ordinal);
        var committed = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "migrations", file));
        Assert.Equal(Normalise(committed), Normalise(script));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAuditEntry_WhenTheApplicationTriesToChangeOrDeleteIt_ThenSaveIsRefused(DatabaseProvider provider)
    {
        await using var host = await RegistryTestHost.StartAsync(provider);

        var refusedUpdate = await host.QueryAsync(async db =>
        {
            var entry = await db.AuditEntries.FirstAsync();
            entry.Reason = "rewritten history";
            return await Record.ExceptionAsync(() => db.SaveChangesAsync());
        });
        var refusedDelete = await host.QueryAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());
            return await Record.ExceptionAsync(() => db.SaveChangesAsync());
        });

        Assert.IsType<InvalidOperationException>(refusedUpdate);
        Assert.IsType<InvalidOperationException>(refusedDelete);
        Assert.Null(await host.QueryAsync(db => db.AuditEntries.Where(a => a.Reason == "rewritten history").Select(a => (AuditEntry?)a).FirstOrDefaultAsync()));
    }

    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    private static string Normalise(string sql) => sql.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
