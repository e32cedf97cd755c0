using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// Healthy when the registry database can be written, not just reached: inside a transaction that is rolled back,
/// an update that takes the write lock (and changes no row) must succeed. A read-only file or server, a missing
/// database or a server that is down answer 503; the check runs afresh on every call, so health recovers by itself.
/// </summary>
public sealed class DatabaseHealthCheck(RegistryDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Set<UserSession>().Where(s => s.Id == Guid.Empty).ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, x => x.RevokedAt), cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
            return HealthCheckResult.Healthy("The database can be written.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or TimeoutException || DatabaseFailures.IsUnavailable(ex))
        {
            return HealthCheckResult.Unhealthy("The database cannot be written.");
        }
    }
}
