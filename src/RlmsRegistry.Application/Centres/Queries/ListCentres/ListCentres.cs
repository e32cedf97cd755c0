using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Centres.Queries.ListCentres;

/// <summary>The centres the caller works with: all of them for admins and investigators, the assigned ones otherwise.</summary>
public sealed record ListCentresQuery : IQuery<IReadOnlyList<CentreDto>>;

public sealed class ListCentresHandler(IRegistryDbContext db, ICurrentUser user) : IQueryHandler<ListCentresQuery, IReadOnlyList<CentreDto>>
{
    public async ValueTask<IReadOnlyList<CentreDto>> Handle(ListCentresQuery query, CancellationToken cancellationToken)
    {
        var centres = db.Centres.AsNoTracking();
        if (!user.SeesAllCentres && !user.IsInRole(Roles.Investigator))
        {
            var mine = user.CentreIds.ToList();
            centres = centres.Where(c => mine.Contains(c.Id));
        }

        return await centres.OrderBy(c => c.Code).ProjectToDto().ToListAsync(cancellationToken);
    }
}
