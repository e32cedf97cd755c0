using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Analysis.Refits;

[AuthorizeRequest(Roles.Admin)]
public sealed record ListRefitRunsQuery(int Take = 20) : IQuery<IReadOnlyList<AnalysisRunDto>>;

public sealed class ListRefitRunsHandler(IRegistryDbContext db) : IQueryHandler<ListRefitRunsQuery, IReadOnlyList<AnalysisRunDto>>
{
    public async ValueTask<IReadOnlyList<AnalysisRunDto>> Handle(ListRefitRunsQuery query, CancellationToken cancellationToken) =>
        (await db.AnalysisRuns.AsNoTracking().OrderByDescending(r => r.RequestedAt).Take(query.Take).ToListAsync(cancellationToken)).Select(AnalysisRunDtos.From).ToList();
}
