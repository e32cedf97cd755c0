using Microsoft.EntityFrameworkCore.Design;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the context for SqlServer without starting the app.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args) => DesignTimeDbContext.Create(DatabaseProvider.SqlServer, args);
}
