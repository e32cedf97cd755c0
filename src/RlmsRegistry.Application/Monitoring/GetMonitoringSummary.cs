using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.DataQueries;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Monitoring;

namespace RlmsRegistry.Application.Monitoring;

/// <summary>
/// What a monitor plans site visits with, per centre the caller may read: patients without an operation, Draft forms,
/// source-data verification progress and data queries by status; open queries per form; and the worklists of patients
/// with no index operation and of forms awaiting completion.
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetMonitoringSummaryQuery(Guid? CentreId = null) : IQuery<MonitoringSummaryDto>;

public sealed record CentreMonitoringDto(
    string Centre,
    int Patients,
    int PatientsWithoutIndexOperation,
    int DraftForms,
    int CompleteForms,
    int VerifiedForms,
    int OpenQueries,
    int AnsweredQueries);

public sealed record FormQueryCountDto(string Centre, string Form, int OpenQueries);

public sealed record PatientWithoutOperationDto(Guid PatientId, string StudyId, string Centre, DateOnly Registered);

public sealed record FormAwaitingCompletionDto(Guid PatientId, string StudyId, string Centre, string FormKind, string Form, Guid FormId, IReadOnlyList<string> MissingFields);

public sealed record MonitoringSummaryDto(
    IReadOnlyList<CentreMonitoringDto> Centres,
    IReadOnlyList<FormQueryCountDto> OpenQueriesPerForm,
    IReadOnlyList<PatientWithoutOperationDto> PatientsWithoutIndexOperation,
    IReadOnlyList<FormAwaitingCompletionDto> FormsAwaitingCompletion);

public sealed class GetMonitoringSummaryHandler(IRegistryDbContext db, ICurrentUser user) : IQueryHandler<GetMonitoringSummaryQuery, MonitoringSummaryDto>
{
    public async ValueTask<MonitoringSummaryDto> Handle(GetMonitoringSummaryQuery query, CancellationToken cancellationToken)
    {
        var patients = await ClinicalRecords.WithForms(MonitoringScope.Patients(db, user, query.CentreId)).OrderBy(p => p.StudyId).ToListAsync(cancellationToken);
        var codes = await db.Centres.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
        var queries = DataQueryReads.Scoped(db, user);
        if (query.CentreId is { } centreId)
        {
            queries = queries.Where(q => q.CentreId == centreId);
        }

        var queryCounts = await queries.Where(q => q.Status != QueryStatus.Closed)
            .GroupBy(q => new { q.CentreId, q.FormKind, q.Status })
            .Select(g => new { g.Key.CentreId, g.Key.FormKind, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var withoutOperation = new List<PatientWithoutOperationDto>();
        var awaiting = new List<FormAwaitingCompletionDto>();
        var centres = new Dictionary<Guid, int[]>();
        foreach (var p in patients)
        {
            var centre = codes.GetValueOrDefault(p.CentreId, "?");
            var tally = centres.TryGetValue(p.CentreId, out var t) ? t : centres[p.CentreId] = new int[5];
            tally[0]++;
            if (p.Operations.Count == 0)
            {
                tally[1]++;
                withoutOperation.Add(new PatientWithoutOperationDto(p.Id, p.StudyId, centre, DateOnly.FromDateTime(p.CreatedAt.UtcDateTime)));
            }

            IEnumerable<ClinicalForm> forms = p.Operations.OrderBy(o => o.Date).SelectMany(o => new ClinicalForm?[] { o, o.Pathology, o.LabPanel }).OfType<ClinicalForm>()
                .Concat(p.FollowUpEvents.OrderBy(e => e.Date));
            foreach (var form in forms)
            {
                if (form.Status == RecordStatus.Draft)
                {
                    tally[2]++;
                    awaiting.Add(new FormAwaitingCompletionDto(p.Id, p.StudyId, centre, FormFields.UrlName(form.Kind), FormFields.FormLabel(form.Kind), form.Id,
                        form.MissingMandatoryFields().Select(FormFields.Humanize).ToList()));
                }
                else
                {
                    tally[3]++;
                }

                if (form.IsVerified)
                {
                    tally[4]++;
                }
            }
        }

        foreach (var c in queryCounts.Select(q => q.CentreId).Where(c => !centres.ContainsKey(c)))
        {
            centres[c] = new int[5];
        }

        var perCentre = centres.Select(c => new CentreMonitoringDto(
                codes.GetValueOrDefault(c.Key, "?"), c.Value[0], c.Value[1], c.Value[2], c.Value[3], c.Value[4],
                queryCounts.Where(q => q.CentreId == c.Key && q.Status == QueryStatus.Open).Sum(q => q.Count),
                queryCounts.Where(q => q.CentreId == c.Key && q.Status == QueryStatus.Answered).Sum(q => q.Count)))
            .OrderBy(c => c.Centre, StringComparer.Ordinal).ToList();
        var perForm = queryCounts.Where(q => q.Status == QueryStatus.Open)
            .GroupBy(q => new { Centre = codes.GetValueOrDefault(q.CentreId, "?"), q.FormKind })
            .Select(g => new FormQueryCountDto(g.Key.Centre, FormFields.FormLabel(g.Key.FormKind), g.Sum(x => x.Count)))
            .OrderBy(f => f.Centre, StringComparer.Ordinal).ThenBy(f => f.Form, StringComparer.Ordinal).ToList();
        return new MonitoringSummaryDto(perCentre, perForm, withoutOperation, awaiting);
    }
}
