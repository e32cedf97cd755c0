using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application;
using RlmsRegistry.Application.Centres;
using RlmsRegistry.Application.Centres.Commands.CreateCentre;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Infrastructure;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Testing;

/// <summary>
/// The application's use cases wired as in the app (Mediator pipeline, EF Core, a real migrated database),
/// without HTTP. Each <see cref="SendAs{TResponse}"/> runs in its own scope as the given user.
/// </summary>
public sealed class RegistryTestHost : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private RegistryTestHost(TestDatabase database, ServiceProvider services)
    {
        _database = database;
        Services = services;
    }

    public ServiceProvider Services { get; }

    public DatabaseProvider Provider => _database.Provider;

    public CentreDto CentreA { get; private set; } = null!;

    public CentreDto CentreB { get; private set; } = null!;

    /// <param name="configure">Replaces registrations after the app's own (e.g. a test hook).</param>
    public static async Task<RegistryTestHost> StartAsync(DatabaseProvider provider, Action<IServiceCollection>? configure = null)
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
        configure?.Invoke(services);
        var host = new RegistryTestHost(database, services.BuildServiceProvider(validateScopes: true));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
            await DatabaseSetup.PrepareSqliteAsync(db);
            await db.Database.MigrateAsync();
        }

        host.CentreA = await host.SendAsSystem(new CreateCentreCommand("TA", "Test centre A"));
        host.CentreB = await host.SendAsSystem(new CreateCentreCommand("TB", "Test centre B"));
        return host;
    }

    public async Task<TResponse> SendAs<TResponse>(TestUser user, IMessage message)
    {
        await using var scope = Services.CreateAsyncScope();
        user.Apply(scope.ServiceProvider.GetRequiredService<CurrentUser>());
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send((object)message);
        return (TResponse)result!;
    }

    public Task<TResponse> SendAs<TResponse>(TestUser user, ICommand<TResponse> command) => SendAs<TResponse>(user, (IMessage)command);

    public Task<TResponse> SendAs<TResponse>(TestUser user, IQuery<TResponse> query) => SendAs<TResponse>(user, (IMessage)query);

    public Task<TResponse> SendAsSystem<TResponse>(ICommand<TResponse> command) => SendAs<TResponse>(TestUser.System, (IMessage)command);

    /// <summary>Runs <paramref name="work"/> against the database with every centre visible (assertions).</summary>
    public Task<T> QueryAsync<T>(Func<RegistryDbContext, Task<T>> work) => Services.QueryAsync(work);

    public static TestUser DataManagerOf(params CentreDto[] centres) =>
        new(Guid.NewGuid(), $"dm-{Guid.NewGuid():N}@test", [Roles.DataManager], centres.Select(c => c.Id).ToArray());

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>Who a test acts as.</summary>
public sealed record TestUser(Guid Id, string Name, IReadOnlyCollection<string> Roles, IReadOnlyCollection<Guid> Centres)
{
    public static readonly TestUser System = new(Guid.Empty, "system:test", [], []);

    public static TestUser Anonymous { get; } = new(Guid.Empty, "anonymous", [], []);

    public static TestUser InRole(string role, params Guid[] centres) => new(Guid.NewGuid(), $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test", [role], centres);

    /// <summary>Makes <paramref name="current"/> act as this user.</summary>
    public void Apply(CurrentUser current)
    {
        if (ReferenceEquals(this, System))
        {
            current.ActAsSystem(Name);
        }
        else if (!ReferenceEquals(this, Anonymous))
        {
            current.ActAs(Id, Name, Roles, Centres);
        }
    }
}
