using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Clinical.Queries.GetPatientTimeline;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Clinical.Queries.GetDataQuality;

/// <summary>
/// The data-quality list of a centre (or of every centre the caller may read): patients with missing forms or mandatory
/// fields, grade conflicts, laboratory panels outside the window, or no follow-up for more than 12 months.
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetDataQualityQuery(Guid? CentreId = null) : IQuery<DataQualityReportDto>;

public sealed record PatientDataQualityDto(
    Guid PatientId,
    string StudyId,
    string CentreCode,
    int MissingForms,
    int MissingMandatoryFields,
    int GradeConflicts,
    int LabsOutsideWindow,
    bool FollowUpOverdue,
    IReadOnlyList<DataQualityIssueDto> Issues)
{
    /// <summary>Values saved outside their field's plausible range (finding kind <c>implausibleValue</c>), to be checked.</summary>
    public int ImplausibleValues => Issues.Count(i => i.Kind == DataQualityIssueKind.ImplausibleValue);
}

/// <summary>The patients with findings, by study ID, and how many patients were checked.</summary>
public sealed record DataQualityReportDto(int PatientsChecked, IReadOnlyList<PatientDataQualityDto> Patients);

public sealed class GetDataQualityHandler(IRegistryDbContext db, ICurrentUser user, IClock clock)
    : IQueryHandler<GetDataQualityQuery, DataQualityReportDto>
{
    public async ValueTask<DataQualityReportDto> Handle(GetDataQualityQuery query, CancellationToken cancellationToken)
    {
        var patients = db.Patients.AsNoTracking();
        if (!user.SeesAllCentres)
        {
            var mine = user.CentreIds.ToList();
            patients = patients.Where(p => mine.Contains(p.CentreId));
        }

        if (query.CentreId is { } centreId)
        {
            if (!user.CanAccessCentre(centreId))
            {
                throw NotFoundException.For("Centre", centreId);
            }

            patients = patients.Where(p => p.CentreId == centreId);
        }

        var codes = await db.Centres.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
        var loaded = await ClinicalRecords.WithForms(patients).OrderBy(p => p.StudyId).ToListAsync(cancellationToken);
        var flagged = new List<PatientDataQualityDto>();
        foreach (var patient in loaded)
        {
            var quality = DataQuality.Assess(patient, clock);
            if (quality.IsClean)
            {
                continue;
            }

            flagged.Add(new PatientDataQualityDto(
                patient.Id,
                patient.StudyId,
                codes.GetValueOrDefault(patient.CentreId, "?"),
                quality.Count(DataQualityIssueKind.MissingForm),
                quality.Count(DataQualityIssueKind.MissingMandatoryField),
                quality.Count(DataQualityIssueKind.GradeConflict),
                quality.Count(DataQualityIssueKind.LabOutsideWindow),
                quality.Count(DataQualityIssueKind.FollowUpOverdue) > 0,
                quality.Issues.Select(GetPatientTimelineHandler.ToDto).ToList()));
        }

        return new DataQualityReportDto(loaded.Count, flagged);
    }
}
