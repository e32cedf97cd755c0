using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Models;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Monitoring;

namespace RlmsRegistry.Application.DataQueries;

/// <summary>A data query as the API and pages show it: the form by kind and id, the field with its label, the patient's study ID.</summary>
public sealed record DataQueryDto(
    Guid Id,
    QueryStatus Status,
    Guid CentreId,
    string CentreCode,
    Guid PatientId,
    string StudyId,
    string FormKind,
    string FormLabel,
    Guid FormId,
    string? Field,
    string? FieldLabel,
    string Text,
    string OpenedBy,
    DateTimeOffset OpenedAt,
    string? Answer,
    string? AnsweredBy,
    DateTimeOffset? AnsweredAt,
    string? MonitorNote,
    string? ClosedBy,
    DateTimeOffset? ClosedAt,
    int Version);

/// <summary>The queries the caller may see (their centres), newest first, filtered by centre, status, patient or form.</summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record ListDataQueriesQuery(Guid? CentreId = null, QueryStatus? Status = null, Guid? PatientId = null, Guid? FormId = null, int Page = 1, int PageSize = 50)
    : IQuery<PagedResult<DataQueryDto>>;

/// <summary>One query (404 for another centre's).</summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetDataQueryQuery(Guid Id) : IQuery<DataQueryDto>, IRecordScoped
{
    public RecordRef? Record => RecordRef.ForDataQuery(Id);
}

public sealed class ListDataQueriesValidator : AbstractValidator<ListDataQueriesQuery>
{
    public ListDataQueriesValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("page").WithMessage("The page must be 1 or more.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, 500).WithName("pageSize").WithMessage("The page size must be between 1 and 500.");
        RuleFor(q => q.Status).IsInEnum().WithName("status").WithMessage("The status must be open, answered or closed.");
    }
}

public sealed class DataQueryQueryHandlers(IRegistryDbContext db, ICurrentUser user)
    : IQueryHandler<ListDataQueriesQuery, PagedResult<DataQueryDto>>, IQueryHandler<GetDataQueryQuery, DataQueryDto>
{
    public async ValueTask<PagedResult<DataQueryDto>> Handle(ListDataQueriesQuery query, CancellationToken cancellationToken)
    {
        var queries = DataQueryReads.Scoped(db, user);
        if (query.CentreId is { } centre)
        {
            if (!user.CanAccessCentre(centre))
            {
                throw NotFoundException.For("Centre", centre);
            }

            queries = queries.Where(q => q.CentreId == centre);
        }

        if (query.Status is { } status)
        {
            queries = queries.Where(q => q.Status == status);
        }

        if (query.PatientId is { } patient)
        {
            queries = queries.Where(q => q.PatientId == patient);
        }

        if (query.FormId is { } form)
        {
            queries = queries.Where(q => q.FormId == form);
        }

        var total = await queries.CountAsync(cancellationToken);
        var page = await queries.OrderByDescending(q => q.OpenedAt).ThenByDescending(q => q.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new PagedResult<DataQueryDto>(await DataQueryReads.ToDtosAsync(db, page, cancellationToken), total, query.Page, query.PageSize);
    }

    public ValueTask<DataQueryDto> Handle(GetDataQueryQuery query, CancellationToken cancellationToken) =>
        new(DataQueryReads.GetAsync(db, user, query.Id, cancellationToken));
}

/// <summary>Reading queries with the caller's centre scope checked explicitly (besides the data-layer filter).</summary>
internal static class DataQueryReads
{
    public static IQueryable<DataQuery> Scoped(IRegistryDbContext db, ICurrentUser user)
    {
        var queries = db.DataQueries.AsNoTracking();
        if (!user.SeesAllCentres)
        {
            var mine = user.CentreIds.ToList();
            queries = queries.Where(q => mine.Contains(q.CentreId));
        }

        return queries;
    }

    public static async Task<DataQueryDto> GetAsync(IRegistryDbContext db, ICurrentUser user, Guid id, CancellationToken ct)
    {
        var query = await Scoped(db, user).SingleOrDefaultAsync(q => q.Id == id, ct) ?? throw NotFoundException.For("Query", id);
        return (await ToDtosAsync(db, [query], ct))[0];
    }

    public static async Task<IReadOnlyList<DataQueryDto>> ToDtosAsync(IRegistryDbContext db, IReadOnlyList<DataQuery> queries, CancellationToken ct)
    {
        var patientIds = queries.Select(q => q.PatientId).Distinct().ToList();
        var studyIds = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.StudyId, ct);
        var centres = await db.Centres.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        return queries.Select(q => new DataQueryDto(
            q.Id, q.Status, q.CentreId, centres.GetValueOrDefault(q.CentreId, "?"), q.PatientId, studyIds.GetValueOrDefault(q.PatientId, "?"),
            FormFields.UrlName(q.FormKind), FormFields.FormLabel(q.FormKind), q.FormId, q.Field,
            q.Field is null ? null : FormFields.LabelOf(q.Field), q.Text, q.OpenedBy, q.OpenedAt, q.Answer, q.AnsweredBy, q.AnsweredAt,
            q.MonitorNote, q.ClosedBy, q.ClosedAt, q.Version)).ToList();
    }
}
