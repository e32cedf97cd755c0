using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Models;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Patients.Queries.ListPatients;

/// <summary>The caller's patients, newest study IDs last, optionally filtered by centre and by a study-ID fragment.</summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record ListPatientsQuery(string? Search = null, Guid? CentreId = null, int Page = 1, int PageSize = 25)
    : IQuery<PagedResult<PatientListItemDto>>;

public sealed class ListPatientsValidator : AbstractValidator<ListPatientsQuery>
{
    public ListPatientsValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.Search).MaximumLength(20);
    }
}

public sealed class ListPatientsHandler(IRegistryDbContext db, ICurrentUser user) : IQueryHandler<ListPatientsQuery, PagedResult<PatientListItemDto>>
{
    public async ValueTask<PagedResult<PatientListItemDto>> Handle(ListPatientsQuery query, CancellationToken cancellationToken)
    {
        var patients = db.Patients.AsNoTracking();
        if (!user.SeesAllCentres)
        {
            var mine = user.CentreIds.ToList();
            patients = patients.Where(p => mine.Contains(p.CentreId));
        }

        if (query.CentreId is { } centreId)
        {
            patients = patients.Where(p => p.CentreId == centreId);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var fragment = query.Search.Trim().ToUpperInvariant();
            patients = patients.Where(p => p.StudyId.Contains(fragment));
        }

        var total = await patients.CountAsync(cancellationToken);
        var items = await patients.OrderBy(p => p.StudyId)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ProjectToListItem(db.Centres.AsNoTracking())
            .ToListAsync(cancellationToken);
        return new PagedResult<PatientListItemDto>(items, total, query.Page, query.PageSize);
    }
}
