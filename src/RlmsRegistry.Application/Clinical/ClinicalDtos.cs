using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Clinical;

/// <summary>What every form shows besides its values: status, lock, version, the last edit's reason and the mandatory fields still empty (camelCase).</summary>
public interface IFormDto
{
    Guid Id { get; }

    RecordStatus Status { get; }

    bool IsLocked { get; }

    int Version { get; }

    string? LastEditReason { get; }

    IReadOnlyList<string> MissingMandatoryFields { get; }
}

public sealed record OperationDto(
    Guid Id,
    Guid PatientId,
    RecordStatus Status,
    bool IsLocked,
    int Version,
    string? LastEditReason,
    DateOnly Date,
    OperationSetting Setting,
    int? RecurrenceNumber,
    bool PrimaryOperatedOutside,
    DateOnly? OutsidePrimaryDate,
    ResectionCompleteness? Resection,
    decimal? MaxDiameterCm,
    AjccTCategory? TCategory,
    bool? Multifocal,
    int? OrgansResected,
    VascularResection? VascularResection,
    TumourOrigin? TumourOrigin,
    int? BloodLossMl,
    bool? Transfused,
    int? OperativeTimeMinutes,
    ClavienDindoGrade? ClavienDindo,
    int? AsaScore,
    bool? NeoadjuvantRadiotherapy,
    bool? NeoadjuvantChemotherapy,
    bool? AdjuvantRadiotherapy,
    bool? AdjuvantChemotherapy,
    IReadOnlyList<string> MissingMandatoryFields) : IFormDto;

/// <summary>A pathology report; grades travel as numbers 1–3; score, grade and conflict are derived on every read.</summary>
public sealed record PathologyDto(
    Guid Id,
    Guid OperationId,
    RecordStatus Status,
    bool IsLocked,
    int Version,
    string? LastEditReason,
    Histotype? Histotype,
    int? DifferentiationScore,
    int? MitoticCountPer10Hpf,
    Necrosis? Necrosis,
    int? ReportedGrade,
    MarginStatus? MarginStatus,
    decimal? Ki67Percent,
    int? FnclccScore,
    int? FnclccGrade,
    bool GradeConflict,
    IReadOnlyList<string> MissingMandatoryFields) : IFormDto;

/// <summary>A pre-operative laboratory panel; NLR and PLR are derived on every read.</summary>
public sealed record LabPanelDto(
    Guid Id,
    Guid OperationId,
    RecordStatus Status,
    bool IsLocked,
    int Version,
    string? LastEditReason,
    DateOnly DrawDate,
    decimal? PlateletsE9PerL,
    decimal? NeutrophilsE9PerL,
    decimal? LymphocytesE9PerL,
    decimal? HaemoglobinGPerL,
    decimal? AlbuminGPerL,
    decimal? Nlr,
    decimal? Plr,
    bool WithinWindow,
    IReadOnlyList<string> MissingMandatoryFields) : IFormDto;

public sealed record FollowUpEventDto(
    Guid Id,
    Guid PatientId,
    RecordStatus Status,
    bool IsLocked,
    int Version,
    string? LastEditReason,
    DateOnly Date,
    FollowUpEventType Type,
    DiseaseStatus? DiseaseStatus,
    MetastasisSite? Site,
    CauseOfDeath? CauseOfDeath,
    IReadOnlyList<string> MissingMandatoryFields) : IFormDto;

/// <summary>The result of a save that creates the form when it is absent (pathology, laboratory panel), with the form's patient.</summary>
public sealed record SavedForm<T>(T Form, bool Created, Guid PatientId);

/// <summary>Where a form lives, so pages can return to the patient after a status change.</summary>
public sealed record FormRef(FormKind Kind, Guid Id, Guid PatientId, RecordStatus Status, bool IsLocked, int Version);

/// <summary>The one projection of the feature: domain forms to DTOs (derived values computed by the domain).</summary>
public static class ClinicalMapper
{
    public static OperationDto ToDto(this Operation o) => new(
        o.Id, o.PatientId, o.Status, o.IsLocked, o.Version, o.LastEditReason, o.Date, o.Setting, o.RecurrenceNumber,
        o.PrimaryOperatedOutside, o.OutsidePrimaryDate, o.Resection, o.MaxDiameterCm, o.TCategory, o.Multifocal, o.OrgansResected,
        o.VascularResection, o.TumourOrigin, o.BloodLossMl, o.Transfused, o.OperativeTimeMinutes, o.ClavienDindo, o.AsaScore,
        o.NeoadjuvantRadiotherapy, o.NeoadjuvantChemotherapy, o.AdjuvantRadiotherapy, o.AdjuvantChemotherapy, Missing(o));

    public static PathologyDto ToDto(this Pathology p) => new(
        p.Id, p.OperationId, p.Status, p.IsLocked, p.Version, p.LastEditReason, p.Histotype, p.DifferentiationScore,
        p.MitoticCountPer10Hpf, p.Necrosis, (int?)p.ReportedGrade, p.MarginStatus, p.Ki67Percent, p.FnclccScore,
        (int?)p.FnclccGrade, p.GradeConflict, Missing(p));

    public static LabPanelDto ToDto(this LabPanel l, DateOnly operationDate) => new(
        l.Id, l.OperationId, l.Status, l.IsLocked, l.Version, l.LastEditReason, l.DrawDate, l.PlateletsE9PerL,
        l.NeutrophilsE9PerL, l.LymphocytesE9PerL, l.HaemoglobinGPerL, l.AlbuminGPerL, l.Nlr, l.Plr,
        LabPanel.IsWithinWindow(l.DrawDate, operationDate), Missing(l));

    public static FollowUpEventDto ToDto(this FollowUpEvent e) => new(
        e.Id, e.PatientId, e.Status, e.IsLocked, e.Version, e.LastEditReason, e.Date, e.Type, e.DiseaseStatus, e.Site,
        e.CauseOfDeath, Missing(e));

    public static FormRef ToRef(this ClinicalForm form, Guid patientId) => new(form.Kind, form.Id, patientId, form.Status, form.IsLocked, form.Version);

    /// <summary>"MaxDiameterCm" → "maxDiameterCm": the names the API uses for the fields.</summary>
    public static string CamelCase(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    private static string[] Missing(ClinicalForm form) => [.. form.MissingMandatoryFields().Select(CamelCase)];
}
