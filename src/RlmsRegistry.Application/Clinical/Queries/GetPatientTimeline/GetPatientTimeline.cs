using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Patients;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Clinical.Queries.GetPatientTimeline;

/// <summary>The patient's record as a timeline: operations with their pathology and labs, follow-up events, OS/DFI so far, data-quality findings.</summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetPatientTimelineQuery(Guid PatientId) : IQuery<PatientTimelineDto>, IRecordScoped
{
    public RecordRef? Record => RecordRef.ForPatient(PatientId);
}

public sealed record TimelineOperationDto(OperationDto Operation, PathologyDto? Pathology, LabPanelDto? LabPanel);

/// <summary>One dated entry: an operation (with its pathology and labs) or a follow-up event.</summary>
public sealed record TimelineItemDto(DateOnly Date, TimelineOperationDto? Operation, FollowUpEventDto? FollowUpEvent);

/// <summary>Survival so far in one cohort, derived exactly as the analysis dataset derives it.</summary>
public sealed record OutcomeSoFarDto(Cohort Cohort, DateOnly IndexDate, double OsMonths, int OsEvent, double? DfiMonths);

/// <summary>A data-quality finding; <see cref="Field"/> is camelCase.</summary>
public sealed record DataQualityIssueDto(DataQualityIssueKind Kind, FormKind Form, Guid? FormId, string? Field, string Message);

public sealed record PatientTimelineDto(
    PatientDto Patient,
    IReadOnlyList<TimelineItemDto> Items,
    IReadOnlyList<OutcomeSoFarDto> Outcomes,
    IReadOnlyList<DataQualityIssueDto> Issues);

public sealed class GetPatientTimelineHandler(IRegistryDbContext db, ICurrentUser user, IClock clock)
    : IQueryHandler<GetPatientTimelineQuery, PatientTimelineDto>
{
    public async ValueTask<PatientTimelineDto> Handle(GetPatientTimelineQuery query, CancellationToken cancellationToken)
    {
        var patient = await ClinicalRecords.LoadPatientAsync(db, user, query.PatientId, tracking: false, cancellationToken);
        var centreCode = await db.Centres.AsNoTracking().Where(c => c.Id == patient.CentreId).Select(c => c.Code).SingleAsync(cancellationToken);

        var items = patient.Operations
            .Select(o => new TimelineItemDto(o.Date, new TimelineOperationDto(o.ToDto(), o.Pathology?.ToDto(), o.LabPanel?.ToDto(o.Date)), null))
            .Concat(patient.FollowUpEvents.Select(e => new TimelineItemDto(e.Date, null, e.ToDto())))
            .OrderBy(i => i.Date)
            .ThenBy(i => i.Operation is null ? 1 : 0)
            .ToList();
        var outcomes = CohortDerivation.Rows(patient, centreCode)
            .Select(r => new OutcomeSoFarDto(r.Cohort, r.IndexDate, r.OsMonths, r.OsEvent, r.DfiMonths))
            .ToList();
        var issues = DataQuality.Assess(patient, clock).Issues.Select(ToDto).ToList();
        return new PatientTimelineDto(patient.ToDto(centreCode), items, outcomes, issues);
    }

    internal static DataQualityIssueDto ToDto(DataQualityIssue i) =>
        new(i.Kind, i.Form, i.FormId, i.Field is null ? null : ClinicalMapper.CamelCase(i.Field), i.Message);
}
