using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Analysis.Refits;

/// <summary>One snapshot, or the current (newest) one when <see cref="Id"/> is null.</summary>
[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetSnapshotQuery(Guid? Id) : IQuery<SnapshotDto>;

public sealed class GetSnapshotHandler(IRegistryDbContext db) : IQueryHandler<GetSnapshotQuery, SnapshotDto>
{
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
}
