using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Analysis.Refits;

[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetSnapshotBundleQuery(Guid Id) : IQuery<byte[]>;

public sealed class GetSnapshotBundleHandler(IRegistryDbContext db) : IQueryHandler<GetSnapshotBundleQuery, byte[]>
{
    public async ValueTask<byte[]> Handle(GetSnapshotBundleQuery query, CancellationToken cancellationToken)
    {
        var snapshot = await db.AnalysisSnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == query.Id, cancellationToken)
            ?? throw NotFoundException.For("Snapshot", query.Id);
        return ReproducibilityBundle.Build(snapshot);
    }
}
