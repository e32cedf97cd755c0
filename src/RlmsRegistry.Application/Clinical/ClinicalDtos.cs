using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Forms;

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

    /// <summary>Values saved but outside the field's plausible range, to be checked (empty when none).</summary>
    IReadOnlyList<FieldWarning> Warnings { get; }
}

/// <summary>A value saved but flagged for checking: the field (camelCase) and a sentence naming it by its label.</summary>
public sealed record FieldWarning(string Field, string Message);

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
    IReadOnlyList<string> MissingMandatoryFields,
    IReadOnlyList<FieldWarning> Warnings) : IFormDto;

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
    IReadOnlyList<string> MissingMandatoryFields,
    IReadOnlyList<FieldWarning> Warnings) : IFormDto;

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
    IReadOnlyList<string> MissingMandatoryFields,
    IReadOnlyList<FieldWarning> Warnings) : IFormDto;

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
    IReadOnlyList<string> MissingMandatoryFields,
    IReadOnlyList<FieldWarning> Warnings) : IFormDto;

/// <summary>The result of a save that creates the form when it is absent (pathology, laboratory panel), with the form's patient.</summary>
public sealed record SavedForm<T>(T Form, bool Created, Guid PatientId);

/// <summary>Where a form lives, so pages can return to the patient after a status change.</summary>
public sealed record FormRef(FormKind Kind, Guid Id, Guid PatientId, RecordStatus Status, bool IsLocked, int Version);

/// <summary>The one projection of the feature: domain forms to DTOs (derived values computed by the domain; the copying is <see cref="ClinicalFormMapper"/>'s).</summary>
public static class ClinicalMapper
{
    public static OperationDto ToDto(this Operation o) =>
        ClinicalFormMapper.ToDto(o, Missing(o), WarningsOf(FormDefinitions.Operation, o.ToDetails()));

    public static PathologyDto ToDto(this Pathology p) =>
        ClinicalFormMapper.ToDto(p, Missing(p), WarningsOf(FormDefinitions.Pathology, p.ToDetails()));

    public static LabPanelDto ToDto(this LabPanel l, DateOnly operationDate) =>
        ClinicalFormMapper.ToDto(l, LabPanel.IsWithinWindow(l.DrawDate, operationDate), Missing(l), WarningsOf(FormDefinitions.Labs, l.ToDetails()));

    public static FollowUpEventDto ToDto(this FollowUpEvent e) =>
        ClinicalFormMapper.ToDto(e, Missing(e), WarningsOf(FormDefinitions.FollowUpEvent, e.ToDetails()));

    public static FormRef ToRef(this ClinicalForm form, Guid patientId) => new(form.Kind, form.Id, patientId, form.Status, form.IsLocked, form.Version);

    /// <summary>"MaxDiameterCm" → "maxDiameterCm": the names the API uses for the fields.</summary>
    public static string CamelCase(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    /// <summary>The plausibility warnings of a form's stored values (<see cref="FieldRules.Warnings"/>).</summary>
    public static FieldWarning[] WarningsOf(FormDefinition form, object details) =>
        [.. FieldRules.Warnings(form, details).Select(w => new FieldWarning(w.Field, w.Message))];

    private static string[] Missing(ClinicalForm form) => [.. form.MissingMandatoryFields().Select(CamelCase)];
}
