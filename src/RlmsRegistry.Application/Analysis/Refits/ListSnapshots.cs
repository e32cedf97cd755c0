using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Analysis.Refits;

[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record ListSnapshotsQuery : IQuery<IReadOnlyList<SnapshotSummaryDto>>;

public sealed class ListSnapshotsHandler(IRegistryDbContext db) : IQueryHandler<ListSnapshotsQuery, IReadOnlyList<SnapshotSummaryDto>>
{
    public async ValueTask<IReadOnlyList<SnapshotSummaryDto>> Handle(ListSnapshotsQuery query, CancellationToken cancellationToken) =>
        await db.AnalysisSnapshots.AsNoTracking().OrderByDescending(s => s.CreatedAt)
            .Select(s => new SnapshotSummaryDto(s.Id, s.CreatedAt, s.Trigger, s.TriggeredBy, s.DataFingerprint, s.EngineVersion, s.Patients, s.Events))
            .ToListAsync(cancellationToken);
}
