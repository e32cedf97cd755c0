using Riok.Mapperly.Abstractions;
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

public sealed record PatientListItemDto(Guid Id, string StudyId, string CentreCode, Sex Sex, int BirthYear, ConsentStatus ConsentStatus);

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
        select new PatientListItemDto(p.Id, p.StudyId, c.Code, p.Sex, p.BirthYear, p.ConsentStatus);
}

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class PatientMapper
{
    [MapProperty(nameof(Patient.Id), nameof(PatientDto.Id))]
    public static partial PatientDto ToDto(this Patient patient, string centreCode);
}
