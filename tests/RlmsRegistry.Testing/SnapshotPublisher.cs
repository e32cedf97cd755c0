using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Testing;

/// <summary>Publishes an analysis snapshot for tests by running the refit job's own work (RefitRunner).</summary>
public static class SnapshotPublisher
{
    public static async Task<AnalysisSnapshot> PublishAsync(IServiceProvider services, string trigger = "manual")
    {
        // The snapshot is what the job publishes (or the current one when nothing changed).
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test-publisher");
        var runner = scope.ServiceProvider.GetRequiredService<RlmsRegistry.Infrastructure.Analysis.RefitRunner>();
        var run = await runner.RunAsync(await runner.QueueAsync(trigger, "system:test-publisher", CancellationToken.None), CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        return await db.AnalysisSnapshots.AsNoTracking().SingleAsync(x => x.Id == run.SnapshotId);
    }
}
