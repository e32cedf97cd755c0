using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Infrastructure.Persistence;

/// <summary>
/// Builds the context for one provider at design time (<c>dotnet ef</c>), without starting the app and without a server.
/// Each migrations assembly has a one-line <c>IDesignTimeDbContextFactory</c> that calls this with its provider.
/// A connection string may be passed after <c>--</c> as <c>--ConnectionStrings:Registry=...</c>.
/// </summary>
public static class DesignTimeDbContext
{
    public static RegistryDbContext Create(DatabaseProvider provider, string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
        var cs = configuration.GetConnectionString("Registry") ?? provider switch
        {
            DatabaseProvider.SqlServer => "Server=localhost;Database=rlms;Trusted_Connection=True;TrustServerCertificate=True",
            DatabaseProvider.Postgres => "Host=localhost;Database=rlms;Username=rlms",
            _ => "Data Source=design-time.db",
        };
        var builder = new DbContextOptionsBuilder<RegistryDbContext>();
        DatabaseSetup.Configure(builder, provider, cs);
        return new RegistryDbContext(builder.Options, new CurrentUser(new Microsoft.AspNetCore.Http.HttpContextAccessor()));
    }
}
