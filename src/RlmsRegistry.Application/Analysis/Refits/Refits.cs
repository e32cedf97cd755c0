using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Analysis.Refits;

/// <summary>
/// Hands a recorded run to the background job server, which sends <c>RefitSurvivalModelsCommand</c> with its id;
/// returns the job's id.
/// </summary>
public interface IRefitScheduler
{
    string Enqueue(Guid runId);
}

public sealed record AnalysisRunDto(
    Guid Id, string Status, int Progress, string? Message, string Trigger, string TriggeredBy,
    DateTimeOffset RequestedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int Attempts, Guid? SnapshotId);

public sealed record SnapshotSummaryDto(
    Guid Id, DateTimeOffset CreatedAt, string Trigger, string TriggeredBy, string DataFingerprint, string EngineVersion, int Patients, int Events);

/// <summary>A snapshot's metadata with its settings and results as stored (JSON text, passed through unchanged).</summary>
public sealed record SnapshotDto(SnapshotSummaryDto Snapshot, string SettingsJson, string CountsJson, string ResultsJson);

/// <summary>An admin asks for a refit now (the button, or POST /api/v1/analysis/refits).</summary>
[AuthorizeRequest(Roles.Admin)]
public sealed record RequestRefitCommand : ICommand<AnalysisRunDto>;

[AuthorizeRequest(Roles.Admin)]
public sealed record GetRefitRunQuery(Guid Id) : IQuery<AnalysisRunDto>;

[AuthorizeRequest(Roles.Admin)]
public sealed record ListRefitRunsQuery(int Take = 20) : IQuery<IReadOnlyList<AnalysisRunDto>>;

[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record ListSnapshotsQuery : IQuery<IReadOnlyList<SnapshotSummaryDto>>;

/// <summary>One snapshot, or the current (newest) one when <see cref="Id"/> is null.</summary>
[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetSnapshotQuery(Guid? Id) : IQuery<SnapshotDto>;

[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetSnapshotBundleQuery(Guid Id) : IQuery<byte[]>;

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

public sealed class RefitHandlers(IRegistryDbContext db)
    : IQueryHandler<GetRefitRunQuery, AnalysisRunDto>,
      IQueryHandler<ListRefitRunsQuery, IReadOnlyList<AnalysisRunDto>>,
      IQueryHandler<ListSnapshotsQuery, IReadOnlyList<SnapshotSummaryDto>>,
      IQueryHandler<GetSnapshotQuery, SnapshotDto>,
      IQueryHandler<GetSnapshotBundleQuery, byte[]>
{
    public async ValueTask<AnalysisRunDto> Handle(GetRefitRunQuery query, CancellationToken cancellationToken) =>
        await db.AnalysisRuns.AsNoTracking().Where(r => r.Id == query.Id).Select(r => ToDto(r)).SingleOrDefaultAsync(cancellationToken)
        ?? throw NotFoundException.For("Refit run", query.Id);

    public async ValueTask<IReadOnlyList<AnalysisRunDto>> Handle(ListRefitRunsQuery query, CancellationToken cancellationToken) =>
        (await db.AnalysisRuns.AsNoTracking().OrderByDescending(r => r.RequestedAt).Take(query.Take).ToListAsync(cancellationToken)).Select(ToDto).ToList();

    public async ValueTask<IReadOnlyList<SnapshotSummaryDto>> Handle(ListSnapshotsQuery query, CancellationToken cancellationToken) =>
        await db.AnalysisSnapshots.AsNoTracking().OrderByDescending(s => s.CreatedAt)
            .Select(s => new SnapshotSummaryDto(s.Id, s.CreatedAt, s.Trigger, s.TriggeredBy, s.DataFingerprint, s.EngineVersion, s.Patients, s.Events))
            .ToListAsync(cancellationToken);

    public async ValueTask<SnapshotDto> Handle(GetSnapshotQuery query, CancellationToken cancellationToken)
    {
        var snapshots = db.AnalysisSnapshots.AsNoTracking();
        var found = await (query.Id is { } id ? snapshots.Where(s => s.Id == id) : snapshots.OrderByDescending(s => s.CreatedAt))
            .Select(s => new SnapshotDto(
                new SnapshotSummaryDto(s.Id, s.CreatedAt, s.Trigger, s.TriggeredBy, s.DataFingerprint, s.EngineVersion, s.Patients, s.Events),
                s.SettingsJson, s.CountsJson, s.ResultsJson))
            .FirstOrDefaultAsync(cancellationToken);
        return found ?? throw (query.Id is { } missing ? NotFoundException.For("Snapshot", missing) : new NotFoundException("No analysis snapshot has been published yet."));
    }

    public async ValueTask<byte[]> Handle(GetSnapshotBundleQuery query, CancellationToken cancellationToken)
    {
        var snapshot = await db.AnalysisSnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == query.Id, cancellationToken)
            ?? throw NotFoundException.For("Snapshot", query.Id);
        return ReproducibilityBundle.Build(snapshot);
    }

    private static AnalysisRunDto ToDto(AnalysisRun r) => AnalysisRunDtos.From(r);
}

public static class AnalysisRunDtos
{
    public static AnalysisRunDto From(AnalysisRun r) =>
        new(r.Id, r.Status, r.Progress, r.Message, r.Trigger, r.TriggeredBy, r.RequestedAt, r.StartedAt, r.FinishedAt, r.Attempts, r.SnapshotId);
}
