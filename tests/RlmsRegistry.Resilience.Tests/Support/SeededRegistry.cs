using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application;
using RlmsRegistry.Application.Centres.Commands.CreateCentre;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Resilience.Tests.Support;

/// <summary>
/// A fresh, migrated registry database with two centres and one account per role (password <see cref="Password"/>),
/// written as the CLI would (<c>rlms db migrate</c>, <c>rlms user add</c>), plus the configuration an app process needs
/// to open it. <see cref="Services"/> reads the database from the test for assertions.
/// </summary>
public sealed class SeededRegistry : IAsyncDisposable
{
    public const string Password = "Resilience-Test-Pass-2026!";
    public const string Admin = "admin@faults.test";
    public const string DataManagerC01 = "dm.c01@faults.test";
    public const string DataManagerC02 = "dm.c02@faults.test";

    private readonly TestDatabase _database;

    private SeededRegistry(TestDatabase database, ServiceProvider services)
    {
        _database = database;
        Services = services;
    }

    public ServiceProvider Services { get; }

    public DatabaseProvider Provider => _database.Provider;

    /// <summary>The connection string the app processes use (SQLite: pooled, as the app runs by default).</summary>
    public string ConnectionString => Provider == DatabaseProvider.Sqlite
        ? new SqliteConnectionStringBuilder(_database.ConnectionString) { Pooling = true }.ToString()
        : _database.ConnectionString;

    /// <summary>The PostgreSQL database name, or the SQLite file path.</summary>
    public string DatabaseName => Provider == DatabaseProvider.Sqlite
        ? new SqliteConnectionStringBuilder(_database.ConnectionString).DataSource
        : new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString).Database!;

    public Guid C01 { get; private set; }

    public Guid C02 { get; private set; }

    public static async Task<SeededRegistry> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Registry"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRegistryApplication();
        services.AddRegistryInfrastructure(configuration, Path.GetTempPath());
        services.AddRegistryDataProtection(configuration);
        services.AddIdentityCore<ApplicationUser>(RlmsRegistry.Infrastructure.DependencyInjection.ConfigureIdentityOptions).AddRegistryIdentityCore();
        var registry = new SeededRegistry(database, services.BuildServiceProvider());
        await registry.SeedAsync();
        return registry;
    }

    /// <summary>Settings for a web node on this database (no demo, no two-factor for the test admin, no in-process job server).</summary>
    public Dictionary<string, string?> WebSettings(bool runJobServer = false) => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Registry"] = ConnectionString,
        ["Database:MigrateOnStartup"] = "false",
        ["Demo:Enabled"] = "false",
        ["Security:RequireTwoFactorForAdmins"] = "false",
        ["Jobs:RunServer"] = runJobServer ? "true" : "false",
    };

    /// <summary>Registers <paramref name="count"/> patients through the application's command (validated, audited) as the system.</summary>
    public async Task<List<(Guid Id, int Version)>> RegisterPatientsAsync(Guid centre, int count, int birthYear)
    {
        var patients = new List<(Guid, int)>();
        for (var i = 0; i < count; i++)
        {
            await using var scope = Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:fault-test-seed");
            var patient = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new RegisterPatientCommand(centre, Sex.Female, birthYear, ConsentStatus.Given));
            patients.Add((patient.Id, patient.Version));
        }

        return patients;
    }

    private async Task SeedAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<CurrentUser>().ActAsSystem("system:fault-test-seed");
        var db = sp.GetRequiredService<RegistryDbContext>();
        await DatabaseSetup.PrepareSqliteAsync(db);
        await db.Database.MigrateAsync();
        await sp.GetRequiredService<RoleManager<ApplicationRole>>().EnsureRolesAsync(Roles.All);
        var mediator = sp.GetRequiredService<IMediator>();
        C01 = (await mediator.Send(new CreateCentreCommand("C01", "Fault test centre 1"))).Id;
        C02 = (await mediator.Send(new CreateCentreCommand("C02", "Fault test centre 2"))).Id;
        var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
        await AddAccountAsync(users, db, Admin, Roles.Admin, []);
        await AddAccountAsync(users, db, DataManagerC01, Roles.DataManager, [C01]);
        await AddAccountAsync(users, db, DataManagerC02, Roles.DataManager, [C02]);
    }

    private static async Task AddAccountAsync(UserManager<ApplicationUser> users, RegistryDbContext db, string email, string role, Guid[] centres)
    {
        var user = new ApplicationUser(email) { EmailConfirmed = true };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, role));
        foreach (var centre in centres)
        {
            db.UserCentres.Add(new UserCentre { UserId = user.Id, CentreId = centre });
        }

        await db.SaveChangesAsync();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
