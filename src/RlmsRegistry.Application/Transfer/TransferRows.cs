using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Transfer;

/// <summary>
/// What exports and imports agree on: the per-patient order of the repeating forms (their sequence numbers), the form
/// status words, each form's values by column name, and the columns of a de-identified export.
/// </summary>
public static class TransferRows
{
    /// <summary>Operations in date order (recurrence number breaks ties): operation_seq 1, 2, …</summary>
    public static List<Operation> OrderedOperations(Patient patient) => patient.Operations
        .OrderBy(o => o.Date).ThenBy(o => o.RecurrenceNumber ?? 0).ThenBy(o => o.Setting).ToList();

    /// <summary>Follow-up events in date order, then by their values: event_seq 1, 2, …</summary>
    public static List<FollowUpEvent> OrderedEvents(Patient patient) => patient.FollowUpEvents
        .OrderBy(e => e.Date).ThenBy(e => e.Type).ThenBy(e => e.Site).ThenBy(e => e.DiseaseStatus).ThenBy(e => e.CauseOfDeath).ToList();

    public static string StatusWord(ClinicalForm form) => form.IsLocked ? "locked" : form.Status == RecordStatus.Complete ? "complete" : "draft";

    public static Dictionary<string, object?> Values(Patient p) => new()
    {
        ["sex"] = p.Sex,
        ["birth_year"] = p.BirthYear,
        ["consent_status"] = p.ConsentStatus,
    };

    public static Dictionary<string, object?> Values(Operation o) => new()
    {
        ["operation_date"] = o.Date,
        ["setting"] = o.Setting,
        ["recurrence_number"] = o.RecurrenceNumber,
        ["primary_operated_outside"] = o.Setting == OperationSetting.Recurrence ? o.PrimaryOperatedOutside : null,
        ["outside_primary_date"] = o.OutsidePrimaryDate,
        ["resection"] = o.Resection,
        ["max_diameter_cm"] = o.MaxDiameterCm,
        ["multifocal"] = o.Multifocal,
        ["organs_resected"] = o.OrgansResected,
        ["vascular_resection"] = o.VascularResection,
        ["tumour_origin"] = o.TumourOrigin,
        ["blood_loss_ml"] = o.BloodLossMl,
        ["transfused"] = o.Transfused,
        ["operative_time_min"] = o.OperativeTimeMinutes,
        ["clavien_dindo"] = o.ClavienDindo,
        ["asa_score"] = o.AsaScore,
        ["neoadjuvant_radiotherapy"] = o.NeoadjuvantRadiotherapy,
        ["neoadjuvant_chemotherapy"] = o.NeoadjuvantChemotherapy,
        ["adjuvant_radiotherapy"] = o.AdjuvantRadiotherapy,
        ["adjuvant_chemotherapy"] = o.AdjuvantChemotherapy,
        ["t_category"] = o.TCategory,
    };

    public static Dictionary<string, object?> Values(Pathology p) => new()
    {
        ["histotype"] = p.Histotype,
        ["differentiation_score"] = p.DifferentiationScore,
        ["mitotic_count"] = p.MitoticCountPer10Hpf,
        ["necrosis"] = p.Necrosis,
        ["reported_grade"] = p.ReportedGrade,
        ["margin_status"] = p.MarginStatus,
        ["ki67_percent"] = p.Ki67Percent,
        ["fnclcc_score"] = p.FnclccScore,
        ["fnclcc_grade"] = p.FnclccGrade,
    };

    public static Dictionary<string, object?> Values(LabPanel l) => new()
    {
        ["draw_date"] = l.DrawDate,
        ["platelets"] = l.PlateletsE9PerL,
        ["neutrophils"] = l.NeutrophilsE9PerL,
        ["lymphocytes"] = l.LymphocytesE9PerL,
        ["haemoglobin"] = l.HaemoglobinGPerL,
        ["albumin"] = l.AlbuminGPerL,
        ["nlr"] = l.Nlr is { } nlr ? Math.Round(nlr, 4) : null,
        ["plr"] = l.Plr is { } plr ? Math.Round(plr, 4) : null,
    };

    public static Dictionary<string, object?> Values(FollowUpEvent e) => new()
    {
        ["event_date"] = e.Date,
        ["event_type"] = e.Type,
        ["disease_status"] = e.DiseaseStatus,
        ["metastasis_site"] = e.Site,
        ["cause_of_death"] = e.CauseOfDeath,
    };

    /// <summary>
    /// The columns of a file as exported: as in <see cref="TransferSchema"/>, or for a de-identified export with the
    /// study ID replaced by a research ID, every date by whole days from the index operation (the patient's first
    /// operation in the registry) and the year of birth by the age at that operation.
    /// </summary>
    public static TransferFile Exported(TransferFile file, bool deidentified) => !deidentified ? file : file with
    {
        Columns = file.Columns.Select(c => c switch
        {
            { Name: TransferSchema.StudyId } => c with { Name = TransferSchema.ResearchId, Label = "Research ID (random, this export only)" },
            { Name: "birth_year" } => c with { Name = "age_at_surgery", Label = "Age at the index operation", Unit = "years", Min = null, Property = null },
            { Type: TransferType.Date } => c with { Name = c.Name + "_days", Label = c.Label + " (days from the index operation)", Type = TransferType.WholeNumber, Unit = "days" },
            _ => c,
        }).ToList(),
    };
}
