using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Testing;

/// <summary>Publishes an analysis snapshot for tests by sending the refit job's own command.</summary>
public static class SnapshotPublisher
{
    public static async Task<AnalysisSnapshot> PublishAsync(IServiceProvider services, string trigger = "manual")
    {
        // The snapshot is what the job publishes (or the current one when nothing changed).
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test-publisher");
        var run = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RefitSurvivalModelsCommand(Trigger: trigger));
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        return await db.AnalysisSnapshots.AsNoTracking().SingleAsync(x => x.Id == run.SnapshotId);
    }
}
