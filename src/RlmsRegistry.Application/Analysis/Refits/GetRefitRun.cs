using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Analysis.Refits;

[AuthorizeRequest(Roles.Admin)]
public sealed record GetRefitRunQuery(Guid Id) : IQuery<AnalysisRunDto>;

public sealed class GetRefitRunHandler(IRegistryDbContext db) : IQueryHandler<GetRefitRunQuery, AnalysisRunDto>
{
    public async ValueTask<AnalysisRunDto> Handle(GetRefitRunQuery query, CancellationToken cancellationToken) =>
        AnalysisRunDtos.From(await db.AnalysisRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == query.Id, cancellationToken)
            ?? throw NotFoundException.For("Refit run", query.Id));
}
