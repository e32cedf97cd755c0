using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RlmsRegistry.Application;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Infrastructure;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Cli.Commands.Registry;

/// <summary>
/// The registry's services for commands that work on a database (db, seed, report, worker): the same
/// application and infrastructure registrations as the web app, configured from environment variables
/// (<c>Database__Provider</c>, <c>ConnectionStrings__Registry</c>) overridden by <c>--provider</c> and <c>--connection</c>.
/// Without either, the embedded SQLite default of the web app (src/RlmsRegistry.Web/data/rlms.db) is used when found.
/// </summary>
internal static class RegistryHost
{
    public static readonly OptionSpec Provider = new("provider", "database provider (default: Database__Provider, else Sqlite)", Allowed: ["Sqlite", "SqlServer", "Postgres"]);
    public static readonly OptionSpec Connection = new("connection", "connection string (default: ConnectionStrings__Registry, else the web app's SQLite file)", ValueName: "CS");

    public static ServiceProvider Build(ParsedOptions options, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>();
        if (options.Get("provider") is { } provider)
        {
            settings["Database:Provider"] = provider;
        }

        if (options.Get("connection") is { } connection)
        {
            settings["ConnectionStrings:Registry"] = connection;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // Data protection warns once, when it makes a registry's first key, that keys are stored unencrypted (the
        // key table is protected like the rest of the database, docs/architecture.md); that is not news for a CLI user.
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        services.AddRegistryApplication();
        try
        {
            services.AddRegistryInfrastructure(configuration, DefaultDataRoot());
            services.AddRegistryDataProtection(configuration);
        }
        catch (InvalidOperationException e)
        {
            throw new InputException(e.Message, e);
        }

        services.AddIdentityCore<ApplicationUser>(RlmsRegistry.Infrastructure.DependencyInjection.ConfigureIdentityOptions).AddRegistryIdentityCore();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Commands that write into a registry refuse a database that is not at the latest migration (exit 2).</summary>
    public static void RequireMigrated(RegistryDbContext db)
    {
        if (db.Database.GetPendingMigrations().Any())
        {
            throw new InputException("the database is not at the latest migration: run 'rlms db migrate' first");
        }
    }

    /// <summary>The web project's folder when run from the repository (so the CLI and the app share the embedded file), else the current folder.</summary>
    private static string DefaultDataRoot()
    {
        var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (dir is not null)
        {
            var web = Path.Combine(dir.FullName, "src", "RlmsRegistry.Web");
            if (Directory.Exists(web))
            {
                return web;
            }

            dir = dir.Parent;
        }

        return Directory.GetCurrentDirectory();
    }
}
