using Riok.Mapperly.Abstractions;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Patients;

/// <summary>A patient as the forms and the API show it. No names, no hospital numbers.</summary>
public sealed record PatientDto(
    Guid Id,
    string StudyId,
    Guid CentreId,
    string CentreCode,
    Sex Sex,
    int BirthYear,
    ConsentStatus ConsentStatus,
    int Version,
    DateTimeOffset CreatedAt);

/// <summary>A row of the patient list, with where each form of the case stands (<see cref="CaseFormStatus"/>).</summary>
public sealed record PatientListItemDto(Guid Id, string StudyId, string CentreCode, Sex Sex, int BirthYear, ConsentStatus ConsentStatus, CaseFormStatus Forms);

/// <summary>Projections are written as expressions so EF translates the centre code into a join.</summary>
public static class PatientProjections
{
    public static IQueryable<PatientDto> ProjectToDto(this IQueryable<Patient> patients, IQueryable<Domain.Centres.Centre> centres) =>
        from p in patients
        join c in centres on p.CentreId equals c.Id
        select new PatientDto(p.Id, p.StudyId, p.CentreId, c.Code, p.Sex, p.BirthYear, p.ConsentStatus, p.Version, p.CreatedAt);

    public static IQueryable<PatientListItemDto> ProjectToListItem(this IQueryable<Patient> patients, IQueryable<Domain.Centres.Centre> centres) =>
        from p in patients
        join c in centres on p.CentreId equals c.Id
        select new PatientListItemDto(p.Id, p.StudyId, c.Code, p.Sex, p.BirthYear, p.ConsentStatus, new CaseFormStatus(
            FormTally.Of(
                p.Operations.Count(o => o.Status == RecordStatus.Complete && !o.IsLocked),
                p.Operations.Count(o => o.Status == RecordStatus.Draft && !o.IsLocked),
                p.Operations.Count(o => o.IsLocked)),
            new FormTally(
                p.Operations.Count(o => o.Pathology != null && o.Pathology.Status == RecordStatus.Complete && !o.Pathology.IsLocked),
                p.Operations.Count(o => o.Pathology != null && o.Pathology.Status == RecordStatus.Draft && !o.Pathology.IsLocked),
                p.Operations.Count(o => o.Pathology != null && o.Pathology.IsLocked),
                p.Operations.Count(o => o.Pathology == null)),
            new FormTally(
                p.Operations.Count(o => o.LabPanel != null && o.LabPanel.Status == RecordStatus.Complete && !o.LabPanel.IsLocked),
                p.Operations.Count(o => o.LabPanel != null && o.LabPanel.Status == RecordStatus.Draft && !o.LabPanel.IsLocked),
                p.Operations.Count(o => o.LabPanel != null && o.LabPanel.IsLocked),
                p.Operations.Count(o => o.LabPanel == null)),
            FormTally.Of(
                p.FollowUpEvents.Count(e => e.Status == RecordStatus.Complete && !e.IsLocked),
                p.FollowUpEvents.Count(e => e.Status == RecordStatus.Draft && !e.IsLocked),
                p.FollowUpEvents.Count(e => e.IsLocked))));
}

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class PatientMapper
{
    [MapProperty(nameof(Patient.Id), nameof(PatientDto.Id))]
    public static partial PatientDto ToDto(this Patient patient, string centreCode);
}
