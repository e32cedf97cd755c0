using Microsoft.Extensions.Diagnostics.HealthChecks;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>Healthy when the registry database answers.</summary>
public sealed class DatabaseHealthCheck(RegistryDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database is reachable.")
                : HealthCheckResult.Unhealthy("The database is not reachable.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database is not reachable.");
        }
    }
}
