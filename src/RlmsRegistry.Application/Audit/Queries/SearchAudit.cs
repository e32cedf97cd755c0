using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Models;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.DataQueries;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Audit.Queries;

/// <summary>One changed field, with its label for people.</summary>
public sealed record AuditFieldChangeDto(string Field, string Label, string? Old, string? New);

/// <summary>
/// One audit line as people read it: the patient's study ID and the form's name instead of GUIDs, the time in UTC.
/// <see cref="FormKind"/> is the form as the API spells it (operation, pathology, labs, follow-up-event), "patient",
/// "query", or null for lines outside a case (centres, accounts).
/// </summary>
public sealed record AuditLineDto(
    long Id,
    DateTimeOffset At,
    string User,
    string? Centre,
    Guid? PatientId,
    string? StudyId,
    string? FormKind,
    string Entity,
    string Record,
    string EntityKey,
    string Action,
    IReadOnlyList<AuditFieldChangeDto> Changes,
    string? Reason);

/// <summary>
/// The audit trail newest first, one page at a time, filtered by centre, patient (study ID), form, user, action and
/// dates (UTC days, inclusive). Monitors and data managers read their centres' lines; admins read every line.
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.Monitor, Roles.DataManager)]
public sealed record SearchAuditQuery(
    Guid? CentreId = null,
    string? StudyId = null,
    string? FormKind = null,
    string? User = null,
    string? Action = null,
    DateOnly? From = null,
    DateOnly? To = null,
    int Page = 1,
    int PageSize = 50,
    string? RecordKey = null) : IQuery<PagedResult<AuditLineDto>>;

public sealed class SearchAuditValidator : AbstractValidator<SearchAuditQuery>
{
    public SearchAuditValidator()
    {
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithName("to").WithMessage("The end date must not be before the start date.");
        RuleFor(q => q.From).InclusiveBetween(AuditDateRange.Earliest, AuditDateRange.Latest).When(q => q.From is not null)
            .WithName("from").WithMessage(AuditDateRange.OutOfRange);
        RuleFor(q => q.To).InclusiveBetween(AuditDateRange.Earliest, AuditDateRange.Latest).When(q => q.To is not null)
            .WithName("to").WithMessage(AuditDateRange.OutOfRange);
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("page").WithMessage("The page must be 1 or more.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, 500).WithName("pageSize").WithMessage("The page size must be between 1 and 500.");
        RuleFor(q => q.FormKind).Must(k => AuditRecords.EntityOf(k) is not null).When(q => !string.IsNullOrWhiteSpace(q.FormKind))
            .WithName("formKind").WithMessage("The form must be patient, operation, pathology, labs, follow-up-event or query.");
        RuleFor(q => q.Action).Must(a => a is "Insert" or "Update" or "Delete" or "insert" or "update" or "delete")
            .When(q => !string.IsNullOrWhiteSpace(q.Action)).WithName("action").WithMessage("The action must be insert, update or delete.");
    }
}

/// <summary>How audit lines name their records for people and for the API.</summary>
public static class AuditRecords
{
    private static readonly Dictionary<string, (string Kind, string Label)> Entities = new(StringComparer.Ordinal)
    {
        [nameof(Domain.Patients.Patient)] = ("patient", "Patient"),
        [nameof(Operation)] = ("operation", "Operation"),
        [nameof(Pathology)] = ("pathology", "Pathology report"),
        [nameof(LabPanel)] = ("labs", "Laboratory panel"),
        [nameof(FollowUpEvent)] = ("follow-up-event", "Follow-up event"),
        [nameof(Domain.Monitoring.DataQuery)] = ("query", "Data query"),
        [nameof(Domain.Centres.Centre)] = (string.Empty, "Centre"),
    };

    /// <summary>The entity stored in the trail for a kind as the API spells it, or null.</summary>
    public static string? EntityOf(string? kind)
    {
        var k = kind?.Trim().ToLowerInvariant();
        return k is null or "" ? null : Entities.FirstOrDefault(e => e.Value.Kind == k || (k == "labpanel" && e.Key == nameof(LabPanel))).Key;
    }

    public static string? KindOf(string entity) => Entities.TryGetValue(entity, out var e) && e.Kind.Length > 0 ? e.Kind : null;

    public static string LabelOf(string entity) => Entities.TryGetValue(entity, out var e) ? e.Label : FormFields.Humanize(entity);
}

public sealed class SearchAuditHandler(IRegistryDbContext db, ICurrentUser user) : IQueryHandler<SearchAuditQuery, PagedResult<AuditLineDto>>
{
    public async ValueTask<PagedResult<AuditLineDto>> Handle(SearchAuditQuery query, CancellationToken cancellationToken)
    {
        var entries = AuditScope.Of(db.AuditTrail, user);
        if (query.CentreId is { } centre)
        {
            if (!user.CanAccessCentre(centre))
            {
                throw NotFoundException.For("Centre", centre);
            }

            entries = entries.Where(a => a.CentreId == centre);
        }

        if (!string.IsNullOrWhiteSpace(query.StudyId))
        {
            var studyId = query.StudyId.Trim().ToUpperInvariant();
            var patientId = await db.Patients.AsNoTracking().Where(p => p.StudyId == studyId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
            if (patientId is null)
            {
                // No such patient in the caller's centres: nothing to show (not the lines that have no patient).
                return new PagedResult<AuditLineDto>([], 0, query.Page, query.PageSize);
            }

            entries = entries.Where(a => a.PatientId == patientId);
        }

        if (AuditRecords.EntityOf(query.FormKind) is { } entity)
        {
            entries = entries.Where(a => a.Entity == entity);
        }

        if (!string.IsNullOrWhiteSpace(query.RecordKey))
        {
            var key = query.RecordKey.Trim();
            entries = entries.Where(a => a.EntityKey == key);
        }

        if (!string.IsNullOrWhiteSpace(query.User))
        {
            // Accounts are e-mail addresses, stored lower-case; system principals are lower-case names.
            var name = query.User.Trim().ToLowerInvariant();
            entries = entries.Where(a => a.UserName == name);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = char.ToUpperInvariant(query.Action.Trim()[0]) + query.Action.Trim()[1..].ToLowerInvariant();
            entries = entries.Where(a => a.Action == action);
        }

        entries = AuditScope.Between(entries, query.From, query.To);

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(a => a.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new PagedResult<AuditLineDto>(await AuditLines.ToLinesAsync(db, page, cancellationToken), total, query.Page, query.PageSize);
    }
}

/// <summary>Monitors and data managers read the lines of their centres only; lines without a centre (accounts) are for admins.</summary>
/// <summary>What every audit read applies: the caller's centres and the date range.</summary>
internal static class AuditScope
{
    /// <summary>Monitors and data managers read the entries of their centres only; entries without a centre (accounts) are for admins.</summary>
    public static IQueryable<AuditEntry> Of(IQueryable<AuditEntry> entries, ICurrentUser user)
    {
        if (user.SeesAllCentres)
        {
            return entries;
        }

        var mine = user.CentreIds.ToList();
        return entries.Where(a => a.CentreId != null && mine.Contains(a.CentreId.Value));
    }

    /// <summary>Entries from the start of <paramref name="from"/> to the end of <paramref name="to"/> (UTC days), either open.</summary>
    public static IQueryable<AuditEntry> Between(IQueryable<AuditEntry> entries, DateOnly? from, DateOnly? to)
    {
        if (from is { } f)
        {
            var start = new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(a => a.At >= start);
        }

        if (to is { } t)
        {
            var end = new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(a => a.At < end);
        }

        return entries;
    }
}

/// <summary>Turns stored audit entries into lines for people (study IDs, centre codes, form and field labels).</summary>
public static class AuditLines
{
    public static async Task<IReadOnlyList<AuditLineDto>> ToLinesAsync(IRegistryDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var patientIds = entries.Where(e => e.PatientId is not null).Select(e => e.PatientId!.Value).Distinct().ToList();
        var studyIds = patientIds.Count == 0
            ? []
            : await db.Patients.IgnoreQueryFilters().AsNoTracking().Where(p => patientIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.StudyId, ct);
        var centres = await db.Centres.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        return entries.Select(a => new AuditLineDto(
            a.Id,
            a.At,
            a.UserName,
            a.CentreId is { } c ? centres.GetValueOrDefault(c) : null,
            a.PatientId,
            a.PatientId is { } p ? studyIds.GetValueOrDefault(p) : null,
            AuditRecords.KindOf(a.Entity),
            a.Entity,
            AuditRecords.LabelOf(a.Entity),
            a.EntityKey,
            a.Action,
            (JsonSerializer.Deserialize<List<AuditChangeDto>>(a.Changes) ?? []).Select(ch => new AuditFieldChangeDto(ch.Field, FormFields.LabelOf(ch.Field), ch.Old, ch.New)).ToList(),
            a.Reason)).ToList();
    }
}
