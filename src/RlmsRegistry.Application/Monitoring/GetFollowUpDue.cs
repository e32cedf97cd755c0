using System.Globalization;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Monitoring;

/// <summary>
/// The patients of a centre (or of every centre the caller may read) due for follow-up: alive as far as the registry
/// knows (no death, not lost to follow-up, consent not withdrawn) and last contact (latest operation or follow-up event)
/// older than <paramref name="Months"/> (default <see cref="MonitoringSettings.FollowUpDueMonths"/>). Longest overdue first.
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetFollowUpDueQuery(Guid? CentreId = null, int? Months = null) : IQuery<FollowUpDueDto>;

public sealed record FollowUpDuePatientDto(Guid PatientId, string StudyId, string Centre, DateOnly LastContact, int MonthsSinceLastContact);

public sealed record FollowUpDueDto(DateOnly Today, int Months, DateOnly ContactBefore, IReadOnlyList<FollowUpDuePatientDto> Patients);

public sealed class GetFollowUpDueValidator : AbstractValidator<GetFollowUpDueQuery>
{
    public GetFollowUpDueValidator() =>
        RuleFor(q => q.Months).InclusiveBetween(1, 120).When(q => q.Months is not null).WithName("months").WithMessage("The interval must be between 1 and 120 months.");
}

public sealed class GetFollowUpDueHandler(IRegistryDbContext db, ICurrentUser user, IClock clock, IOptions<MonitoringSettings> settings)
    : IQueryHandler<GetFollowUpDueQuery, FollowUpDueDto>
{
    public async ValueTask<FollowUpDueDto> Handle(GetFollowUpDueQuery query, CancellationToken cancellationToken)
    {
        var months = query.Months ?? settings.Value.FollowUpDueMonths;
        var today = clock.Today;
        var before = today.AddMonths(-months);
        var patients = MonitoringScope.Patients(db, user, query.CentreId).Where(p => p.ConsentStatus != ConsentStatus.Withdrawn);
        var codes = await db.Centres.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
        var loaded = await patients.Include(p => p.Operations).Include(p => p.FollowUpEvents).AsSplitQuery().ToListAsync(cancellationToken);
        var due = new List<FollowUpDuePatientDto>();
        foreach (var p in loaded)
        {
            if (p.FindDeath() is not null || p.FollowUpEvents.Any(e => e.Type == FollowUpEventType.LostToFollowUp) || p.LastKnownAliveDate() is not { } last || last >= before)
            {
                continue;
            }

            var elapsed = ((today.Year - last.Year) * 12) + today.Month - last.Month - (today.Day < last.Day ? 1 : 0);
            due.Add(new FollowUpDuePatientDto(p.Id, p.StudyId, codes.GetValueOrDefault(p.CentreId, "?"), last, elapsed));
        }

        return new FollowUpDueDto(today, months, before, due.OrderBy(d => d.LastContact).ThenBy(d => d.StudyId, StringComparer.Ordinal).ToList());
    }
}

/// <summary>The follow-up-due list as CSV: the same rows, in the same order, as the page.</summary>
public static class FollowUpDueCsv
{
    public static string Write(FollowUpDueDto list)
    {
        var sb = new StringBuilder("study_id,centre,last_contact,months_since_last_contact\n");
        foreach (var p in list.Patients)
        {
            sb.AppendJoin(',', p.StudyId, p.Centre, p.LastContact.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                p.MonthsSinceLastContact.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }
}

/// <summary>The patients the caller may read, optionally of one centre (404 for a centre they cannot read).</summary>
internal static class MonitoringScope
{
    public static IQueryable<Patient> Patients(IRegistryDbContext db, ICurrentUser user, Guid? centreId)
    {
        var patients = db.Patients.AsNoTracking();
        if (!user.SeesAllCentres)
        {
            var mine = user.CentreIds.ToList();
            patients = patients.Where(p => mine.Contains(p.CentreId));
        }

        if (centreId is { } c)
        {
            if (!user.CanAccessCentre(c))
            {
                throw NotFoundException.For("Centre", c);
            }

            patients = patients.Where(p => p.CentreId == c);
        }

        return patients;
    }
}
