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

    /// <summary>After a class's tests, the audit trail must replay to the stored data (see <see cref="AuditReplay"/>).</summary>
    public async Task DisposeAsync()
    {
        var differences = new List<string>();
        foreach (var task in _hosts.Values)
        {
            var host = await task;
            differences.AddRange((await AuditReplay.DifferencesAsync(host.Services)).Select(d => $"[{host.Provider}] {d}"));
            await host.DisposeAsync();
        }

        if (differences.Count > 0)
        {
            throw new InvalidOperationException("The audit trail does not replay to the stored data:\n" + string.Join("\n", differences.Take(20)));
        }
    }
}
