using Mediator;
using RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Analysis.Refits;

/// <summary>An admin asks for a refit now (the button, or POST /api/v1/analysis/refits).</summary>
[AuthorizeRequest(Roles.Admin)]
public sealed record RequestRefitCommand : ICommand<AnalysisRunDto>;

/// <summary>Records a queued run (manual, by the caller) and hands it to the job server.</summary>
public sealed class RequestRefitHandler(IRegistryDbContext db, IRefitScheduler scheduler, ICurrentUser user, IClock clock) : ICommandHandler<RequestRefitCommand, AnalysisRunDto>
{
    public async ValueTask<AnalysisRunDto> Handle(RequestRefitCommand command, CancellationToken cancellationToken)
    {
        var run = new AnalysisRun { RequestedAt = clock.UtcNow, Trigger = RefitTriggers.Manual, TriggeredBy = user.Name };
        db.AnalysisRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        run.JobId = scheduler.Enqueue(run.Id);
        await db.SaveChangesAsync(cancellationToken);
        return AnalysisRunDtos.From(run);
    }
}
