using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests;

/// <summary>One migrated database per provider, shared by the tests of a class (each test makes its own data).</summary>
public sealed class ProviderHosts : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, Task<RegistryTestHost>> _hosts = [];
    private readonly Lock _gate = new();

    public Task<RegistryTestHost> Get(DatabaseProvider provider)
    {
        lock (_gate)
        {
            if (!_hosts.TryGetValue(provider, out var host))
            {
                host = RegistryTestHost.StartAsync(provider);
                _hosts[provider] = host;
            }

            return host;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await (await host).DisposeAsync();
        }
    }
}
