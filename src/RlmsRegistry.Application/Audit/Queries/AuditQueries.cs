using System.Globalization;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Audit.Queries;

public sealed record AuditChangeDto(string Field, string? Old, string? New);

public sealed record AuditEntryDto(
    long Id, DateTimeOffset At, string User, Guid? CentreId, string Entity, string EntityKey, string Action, IReadOnlyList<AuditChangeDto> Changes, string? Reason);

/// <summary>The history of one record, oldest first (monitors and data managers of its centre, admins).</summary>
[AuthorizeRequest(Roles.Admin, Roles.Monitor, Roles.DataManager)]
public sealed record GetRecordAuditQuery(string Entity, string EntityKey) : IQuery<IReadOnlyList<AuditEntryDto>>;

/// <summary>The audit trail of a centre (or of every centre the caller may read) in a date range, for export.</summary>
[AuthorizeRequest(Roles.Admin, Roles.Monitor, Roles.DataManager)]
public sealed record ExportAuditQuery(Guid? CentreId, DateOnly? From, DateOnly? To, int Limit = 100_000) : IQuery<IReadOnlyList<AuditEntryDto>>;

/// <summary>The dates an audit search or export accepts (a date outside them is a 400, not a database error).</summary>
internal static class AuditDateRange
{
    public const string OutOfRange = "The date must be between 1900-01-01 and 2999-12-31.";
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2999, 12, 31);
}

public sealed class ExportAuditValidator : AbstractValidator<ExportAuditQuery>
{
    public ExportAuditValidator()
    {
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("The end date must not be before the start date.");
        RuleFor(q => q.Limit).InclusiveBetween(1, 1_000_000);
        RuleFor(q => q.From).InclusiveBetween(AuditDateRange.Earliest, AuditDateRange.Latest).When(q => q.From is not null).WithMessage(AuditDateRange.OutOfRange);
        RuleFor(q => q.To).InclusiveBetween(AuditDateRange.Earliest, AuditDateRange.Latest).When(q => q.To is not null).WithMessage(AuditDateRange.OutOfRange);
    }
}

public sealed class AuditQueryHandlers(IRegistryDbContext db, ICurrentUser user)
    : IQueryHandler<GetRecordAuditQuery, IReadOnlyList<AuditEntryDto>>, IQueryHandler<ExportAuditQuery, IReadOnlyList<AuditEntryDto>>
{
    public async ValueTask<IReadOnlyList<AuditEntryDto>> Handle(GetRecordAuditQuery query, CancellationToken cancellationToken)
    {
        var entries = await AuditScope.Of(db.AuditTrail, user).Where(a => a.Entity == query.Entity && a.EntityKey == query.EntityKey)
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);
        if (entries.Count == 0)
        {
            throw NotFoundException.For(query.Entity, query.EntityKey);
        }

        return entries.Select(ToDto).ToList();
    }

    public async ValueTask<IReadOnlyList<AuditEntryDto>> Handle(ExportAuditQuery query, CancellationToken cancellationToken)
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

        entries = AuditScope.Between(entries, query.From, query.To);

        var list = await entries.OrderBy(a => a.Id).Take(query.Limit).ToListAsync(cancellationToken);
        return list.Select(ToDto).ToList();
    }

    private static AuditEntryDto ToDto(AuditEntry a) => new(
        a.Id, a.At, a.UserName, a.CentreId, a.Entity, a.EntityKey, a.Action,
        JsonSerializer.Deserialize<List<AuditChangeDto>>(a.Changes) ?? [], a.Reason);
}

/// <summary>Audit entries as CSV (RFC 4180), one row per changed field, UTC times in ISO 8601.</summary>
public static class AuditCsv
{
    public static string Write(IEnumerable<AuditEntryDto> entries)
    {
        var sb = new StringBuilder("id,at_utc,user,centre_id,entity,key,action,field,old_value,new_value,reason\n");
        foreach (var e in entries)
        {
            var changes = e.Changes.Count == 0 ? [new AuditChangeDto(string.Empty, null, null)] : e.Changes;
            foreach (var c in changes)
            {
                sb.AppendJoin(',',
                    e.Id.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                    Quote(e.User), e.CentreId?.ToString() ?? string.Empty, Quote(e.Entity), Quote(e.EntityKey), e.Action,
                    Quote(c.Field), Quote(c.Old), Quote(c.New), Quote(e.Reason)).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // Defuse spreadsheet formulas: a leading =, +, - or @ is prefixed with an apostrophe.
        var safe = value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
