using Microsoft.EntityFrameworkCore.Design;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the context for Sqlite without starting the app.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args) => DesignTimeDbContext.Create(DatabaseProvider.Sqlite, args);
}
