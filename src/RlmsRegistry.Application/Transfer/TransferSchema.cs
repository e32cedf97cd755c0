using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Transfer;

/// <summary>How a column's values are written and read.</summary>
public enum TransferType
{
    /// <summary>Free text.</summary>
    Text,

    /// <summary>ISO date, yyyy-MM-dd (in a de-identified export: whole days from the index operation).</summary>
    Date,

    /// <summary>Whole number.</summary>
    WholeNumber,

    /// <summary>Decimal number with a point.</summary>
    Number,

    /// <summary>1 = yes, 0 = no.</summary>
    YesNo,

    /// <summary>One code of <see cref="TransferColumn.Choices"/>.</summary>
    Choice,

    /// <summary>Derived on the server (FNCLCC grade, NLR…); exported, never imported.</summary>
    Calculated,
}

/// <summary>One allowed value: the code written in the file and its label in words.</summary>
public sealed record TransferChoice(string Code, string Label);

/// <summary>
/// One column of an exported file: its variable name, label in words, type, unit, choices and ranges, whether it is
/// required to complete the form, when it is shown (REDCap branching logic) and, for derived columns, the formula in words.
/// </summary>
public sealed record TransferColumn(string Name, string Label, TransferType Type)
{
    public string? Unit { get; init; }

    public IReadOnlyList<TransferChoice> Choices { get; init; } = [];

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public bool Required { get; init; }

    public string? Branching { get; init; }

    public string? Formula { get; init; }

    /// <summary>The command / domain property the column fills, to place validation messages on the column.</summary>
    public string? Property { get; init; }

    /// <summary>A form field (in the data dictionary), as opposed to a key or status column.</summary>
    public bool IsField { get; init; } = true;

    /// <summary>For <see cref="TransferType.Calculated"/>: the result is a whole number or code (else a decimal).</summary>
    public bool CalculatedIsCode { get; init; }

    /// <summary>The label of a code, or null.</summary>
    public string? LabelOf(string code) => Choices.FirstOrDefault(c => c.Code == code)?.Label;
}

/// <summary>One file of the transfer zip and the form whose rows it holds.</summary>
public sealed record TransferFile(string FileName, string FormName, string Title, IReadOnlyList<TransferColumn> Columns)
{
    public TransferColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The table name in syntax files: operations, follow_up_events…</summary>
    public string TableName => Path.GetFileNameWithoutExtension(FileName).Replace('-', '_');
}

/// <summary>
/// The files of a registry export and import, with every column. Exports, imports, the data dictionary and the R / SPSS /
/// Stata / SAS syntax files all read this one description.
/// </summary>
public static class TransferSchema
{
    public const string StudyId = "study_id";
    public const string ResearchId = "research_id";
    public const string CentreCode = "centre_code";
    public const string OperationSeq = "operation_seq";
    public const string EventSeq = "event_seq";
    public const string Status = "status";

    public static readonly IReadOnlyList<TransferChoice> StatusChoices =
        [new("draft", "Draft"), new("complete", "Complete"), new("locked", "Locked")];

    private static readonly TransferColumn StudyIdColumn = new(StudyId, "Study ID", TransferType.Text) { IsField = false };
    private static readonly TransferColumn StatusColumn = new(Status, "Form status", TransferType.Text) { Choices = StatusChoices, IsField = false };

    public static readonly TransferFile Centres = new("centres.csv", "centres", "Centres",
    [
        new(CentreCode, "Centre code", TransferType.Text) { IsField = false },
        new("centre_name", "Centre name", TransferType.Text) { IsField = false },
    ]);

    public static readonly TransferFile Patients = new("patients.csv", "patient", "Patient",
    [
        new(StudyId, "Study ID", TransferType.Text),
        new(CentreCode, "Centre code", TransferType.Text) { Required = true },
        new("sex", "Sex", TransferType.Choice) { Choices = Codes((Sex.Female, "Female"), (Sex.Male, "Male")), Required = true, Property = nameof(Patient.Sex) },
        new("birth_year", "Year of birth", TransferType.WholeNumber) { Min = Patient.MinBirthYear, Required = true, Property = nameof(Patient.BirthYear) },
        new("consent_status", "Consent", TransferType.Choice)
        {
            Choices = Codes((ConsentStatus.Given, "Given"), (ConsentStatus.Waived, "Waived"), (ConsentStatus.Withdrawn, "Withdrawn")),
            Required = true, Property = nameof(Patient.ConsentStatus),
        },
    ]);

    public static readonly TransferFile Operations = new("operations.csv", "operation", "Operation",
    [
        StudyIdColumn,
        new(OperationSeq, "Operation number (per patient, in date order)", TransferType.WholeNumber) { IsField = false },
        StatusColumn,
        new("operation_date", "Date of operation", TransferType.Date) { Required = true, Property = nameof(Operation.Date) },
        new("setting", "Setting", TransferType.Choice)
        {
            Choices = Codes((OperationSetting.Primary, "Primary tumour"), (OperationSetting.Recurrence, "Recurrence")), Required = true, Property = nameof(Operation.Setting),
        },
        new("recurrence_number", "Recurrence number", TransferType.WholeNumber)
        {
            Min = 1, Max = Operation.RecurrenceNumberMax, Required = true, Branching = "[setting] = '2'", Property = nameof(Operation.RecurrenceNumber),
        },
        new("primary_operated_outside", "Primary tumour resected outside the registry", TransferType.YesNo)
        {
            Branching = "[setting] = '2'", Property = nameof(Operation.PrimaryOperatedOutside),
        },
        new("outside_primary_date", "Date of the outside primary resection", TransferType.Date)
        {
            Branching = "[primary_operated_outside] = '1'", Property = nameof(Operation.OutsidePrimaryDate),
        },
        new("resection", "Completeness of resection", TransferType.Choice)
        {
            Choices = Codes((ResectionCompleteness.R0, "R0 (microscopically complete)"), (ResectionCompleteness.R1, "R1 (microscopically positive margin)"), (ResectionCompleteness.R2, "R2 (macroscopic residual tumour)")),
            Required = true, Property = nameof(Operation.Resection),
        },
        new("max_diameter_cm", "Maximum tumour diameter", TransferType.Number)
        {
            Unit = "cm", Min = Operation.DiameterMinCm, Max = Operation.DiameterMaxCm, Required = true, Property = nameof(Operation.MaxDiameterCm),
        },
        new("multifocal", "Multifocal tumour", TransferType.YesNo) { Required = true, Property = nameof(Operation.Multifocal) },
        new("organs_resected", "Organs resected en bloc", TransferType.WholeNumber) { Min = 0, Max = Operation.OrgansResectedMax, Required = true, Property = nameof(Operation.OrgansResected) },
        new("vascular_resection", "Vascular resection", TransferType.Choice)
        {
            Choices =
            [
                new("0", "None"), new("1", "Inferior vena cava"), new("2", "Other major vessel"), new("3", "Inferior vena cava and another major vessel"),
            ],
            Required = true, Property = nameof(Operation.VascularResection),
        },
        new("tumour_origin", "Tumour origin", TransferType.Choice)
        {
            Choices = Codes((TumourOrigin.InferiorVenaCava, "Inferior vena cava"), (TumourOrigin.OtherMajorVessel, "Other major vessel"), (TumourOrigin.RetroperitonealSoftTissue, "Retroperitoneal soft tissue")),
            Required = true, Property = nameof(Operation.TumourOrigin),
        },
        new("blood_loss_ml", "Blood loss", TransferType.WholeNumber) { Unit = "ml", Min = 0, Max = Operation.BloodLossMaxMl, Property = nameof(Operation.BloodLossMl) },
        new("transfused", "Transfusion", TransferType.YesNo) { Property = nameof(Operation.Transfused) },
        new("operative_time_min", "Operative time", TransferType.WholeNumber) { Unit = "minutes", Min = 1, Max = Operation.OperativeTimeMaxMinutes, Property = nameof(Operation.OperativeTimeMinutes) },
        new("clavien_dindo", "Clavien–Dindo grade of the worst complication", TransferType.Choice)
        {
            Choices = Codes(
                (ClavienDindoGrade.None, "No complication"), (ClavienDindoGrade.I, "I"), (ClavienDindoGrade.II, "II"), (ClavienDindoGrade.IIIa, "IIIa"),
                (ClavienDindoGrade.IIIb, "IIIb"), (ClavienDindoGrade.IVa, "IVa"), (ClavienDindoGrade.IVb, "IVb"), (ClavienDindoGrade.V, "V (death)")),
            Required = true, Property = nameof(Operation.ClavienDindo),
        },
        new("asa_score", "ASA physical status", TransferType.WholeNumber) { Min = Operation.AsaScoreMin, Max = Operation.AsaScoreMax, Required = true, Property = nameof(Operation.AsaScore) },
        new("neoadjuvant_radiotherapy", "Neoadjuvant radiotherapy", TransferType.YesNo) { Required = true, Property = nameof(Operation.NeoadjuvantRadiotherapy) },
        new("neoadjuvant_chemotherapy", "Neoadjuvant chemotherapy", TransferType.YesNo) { Required = true, Property = nameof(Operation.NeoadjuvantChemotherapy) },
        new("adjuvant_radiotherapy", "Adjuvant radiotherapy", TransferType.YesNo) { Required = true, Property = nameof(Operation.AdjuvantRadiotherapy) },
        new("adjuvant_chemotherapy", "Adjuvant chemotherapy", TransferType.YesNo) { Required = true, Property = nameof(Operation.AdjuvantChemotherapy) },
        new("t_category", "AJCC 8th edition T category", TransferType.Calculated)
        {
            Choices = Codes((AjccTCategory.T1, "T1"), (AjccTCategory.T2, "T2"), (AjccTCategory.T3, "T3"), (AjccTCategory.T4, "T4")), CalculatedIsCode = true,
            Formula = "from the maximum tumour diameter: 1 (T1) up to 5 cm, 2 (T2) above 5 up to 10 cm, 3 (T3) above 10 up to 15 cm, 4 (T4) above 15 cm",
        },
    ]);

    public static readonly TransferFile Pathology = new("pathology.csv", "pathology", "Pathology report",
    [
        StudyIdColumn,
        new(OperationSeq, "Operation number (per patient, in date order)", TransferType.WholeNumber) { IsField = false },
        StatusColumn,
        new("histotype", "Histotype", TransferType.Choice)
        {
            Choices = Codes(
                (Histotype.ConventionalLeiomyosarcoma, "Conventional leiomyosarcoma"), (Histotype.EpithelioidLeiomyosarcoma, "Epithelioid leiomyosarcoma"),
                (Histotype.MyxoidLeiomyosarcoma, "Myxoid leiomyosarcoma"), (Histotype.PleomorphicLeiomyosarcoma, "Pleomorphic leiomyosarcoma"),
                (Histotype.InflammatoryLeiomyosarcoma, "Inflammatory leiomyosarcoma"), (Histotype.OtherLeiomyosarcomaVariant, "Other leiomyosarcoma variant")),
            Required = true, Property = nameof(Domain.Clinical.Pathology.Histotype),
        },
        new("differentiation_score", "FNCLCC differentiation score", TransferType.Choice)
        {
            Choices = [new("1", "1 well differentiated"), new("2", "2 conventional"), new("3", "3 poorly differentiated, pleomorphic or epithelioid")],
            Required = true, Property = nameof(Domain.Clinical.Pathology.DifferentiationScore),
        },
        new("mitotic_count", "Mitotic count", TransferType.WholeNumber) { Unit = "per 10 HPF", Min = 0, Required = true, Property = nameof(Domain.Clinical.Pathology.MitoticCountPer10Hpf) },
        new("necrosis", "Tumour necrosis", TransferType.Choice)
        {
            Choices = Codes((Necrosis.None, "None"), (Necrosis.LessThan50, "Less than 50 %"), (Necrosis.AtLeast50, "50 % or more")),
            Required = true, Property = nameof(Domain.Clinical.Pathology.Necrosis),
        },
        new("reported_grade", "FNCLCC grade as reported", TransferType.Choice)
        {
            Choices = Codes((FnclccGrade.G1, "G1"), (FnclccGrade.G2, "G2"), (FnclccGrade.G3, "G3")), Property = nameof(Domain.Clinical.Pathology.ReportedGrade),
        },
        new("margin_status", "Margin status", TransferType.Choice)
        {
            Choices = Codes((MarginStatus.Negative, "Negative"), (MarginStatus.MicroscopicallyPositive, "Microscopically positive"),
                (MarginStatus.MacroscopicallyPositive, "Macroscopically positive"), (MarginStatus.NotAssessable, "Not assessable")),
            Required = true, Property = nameof(Domain.Clinical.Pathology.MarginStatus),
        },
        new("ki67_percent", "Ki-67", TransferType.Number) { Unit = "%", Min = 0, Max = 100, Property = nameof(Domain.Clinical.Pathology.Ki67Percent) },
        new("fnclcc_score", "FNCLCC total score", TransferType.Calculated)
        {
            CalculatedIsCode = true,
            Formula = "differentiation score + mitotic score (0–9 → 1, 10–19 → 2, 20 or more → 3) + necrosis score (none → 0, less than 50 % → 1, 50 % or more → 2)",
        },
        new("fnclcc_grade", "FNCLCC grade (derived)", TransferType.Calculated)
        {
            Choices = Codes((FnclccGrade.G1, "G1"), (FnclccGrade.G2, "G2"), (FnclccGrade.G3, "G3")), CalculatedIsCode = true,
            Formula = "from the FNCLCC total score: 2–3 → 1 (G1), 4–5 → 2 (G2), 6–8 → 3 (G3)",
        },
    ]);

    public static readonly TransferFile Labs = new("labs.csv", "labs", "Pre-operative laboratory panel",
    [
        StudyIdColumn,
        new(OperationSeq, "Operation number (per patient, in date order)", TransferType.WholeNumber) { IsField = false },
        StatusColumn,
        new("draw_date", "Date drawn", TransferType.Date) { Required = true, Property = nameof(LabPanel.DrawDate) },
        new("platelets", "Platelets", TransferType.Number) { Unit = "×10⁹/L", Min = LabPanel.PlateletsMin, Max = LabPanel.PlateletsMax, Required = true, Property = nameof(LabPanel.PlateletsE9PerL) },
        new("neutrophils", "Neutrophils", TransferType.Number) { Unit = "×10⁹/L", Min = LabPanel.LeucocyteSubsetMin, Max = LabPanel.LeucocyteSubsetMax, Required = true, Property = nameof(LabPanel.NeutrophilsE9PerL) },
        new("lymphocytes", "Lymphocytes", TransferType.Number) { Unit = "×10⁹/L", Min = LabPanel.LeucocyteSubsetMin, Max = LabPanel.LeucocyteSubsetMax, Required = true, Property = nameof(LabPanel.LymphocytesE9PerL) },
        new("haemoglobin", "Haemoglobin", TransferType.Number) { Unit = "g/L", Min = LabPanel.HaemoglobinMin, Max = LabPanel.HaemoglobinMax, Property = nameof(LabPanel.HaemoglobinGPerL) },
        new("albumin", "Albumin", TransferType.Number) { Unit = "g/L", Min = LabPanel.AlbuminMin, Max = LabPanel.AlbuminMax, Property = nameof(LabPanel.AlbuminGPerL) },
        new("nlr", "Neutrophil-to-lymphocyte ratio (NLR)", TransferType.Calculated) { Formula = "neutrophils / lymphocytes, rounded to 4 decimals" },
        new("plr", "Platelet-to-lymphocyte ratio (PLR)", TransferType.Calculated) { Formula = "platelets / lymphocytes, rounded to 4 decimals" },
    ]);

    public static readonly TransferFile FollowUpEvents = new("follow-up-events.csv", "follow_up_event", "Follow-up event",
    [
        StudyIdColumn,
        new(EventSeq, "Event number (per patient, in date order)", TransferType.WholeNumber) { IsField = false },
        StatusColumn,
        new("event_date", "Date of the event", TransferType.Date) { Required = true, Property = nameof(FollowUpEvent.Date) },
        new("event_type", "Event", TransferType.Choice)
        {
            Choices = Codes((FollowUpEventType.Visit, "Visit"), (FollowUpEventType.LocalRecurrence, "Local recurrence"), (FollowUpEventType.DistantMetastasis, "Distant metastasis"),
                (FollowUpEventType.Death, "Death"), (FollowUpEventType.LostToFollowUp, "Lost to follow-up")),
            Required = true, Property = nameof(FollowUpEvent.Type),
        },
        new("disease_status", "Disease status at the visit", TransferType.Choice)
        {
            Choices = Codes((DiseaseStatus.NoEvidenceOfDisease, "Alive, no evidence of disease"), (DiseaseStatus.AliveWithDisease, "Alive with disease")),
            Branching = "[event_type] = '1'", Property = nameof(FollowUpEvent.DiseaseStatus),
        },
        new("metastasis_site", "Site of the metastasis", TransferType.Choice)
        {
            Choices = Codes((MetastasisSite.Lung, "Lung"), (MetastasisSite.Liver, "Liver"), (MetastasisSite.Bone, "Bone"), (MetastasisSite.Peritoneum, "Peritoneum"),
                (MetastasisSite.SoftTissue, "Soft tissue"), (MetastasisSite.Brain, "Brain"), (MetastasisSite.Other, "Other")),
            Branching = "[event_type] = '3'", Property = nameof(FollowUpEvent.Site),
        },
        new("cause_of_death", "Cause of death", TransferType.Choice)
        {
            Choices = Codes((CauseOfDeath.Disease, "Disease"), (CauseOfDeath.Treatment, "Treatment"), (CauseOfDeath.Other, "Other"), (CauseOfDeath.Unknown, "Unknown")),
            Required = true, Branching = "[event_type] = '4'", Property = nameof(FollowUpEvent.CauseOfDeath),
        },
    ]);

    /// <summary>The data files in import order (each refers only to the ones before it).</summary>
    public static readonly IReadOnlyList<TransferFile> DataFiles = [Centres, Patients, Operations, Pathology, Labs, FollowUpEvents];

    /// <summary>The forms of the data dictionary, in REDCap's order (the record's own form first).</summary>
    public static readonly IReadOnlyList<TransferFile> Forms = [Patients, Operations, Pathology, Labs, FollowUpEvents];

    public const string DictionaryFileName = "data-dictionary.csv";
    public const string ManifestFileName = "manifest.json";

    private static List<TransferChoice> Codes<TEnum>(params (TEnum Value, string Label)[] choices)
        where TEnum : struct, Enum =>
        choices.Select(c => new TransferChoice(Convert.ToInt32(c.Value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture), c.Label)).ToList();
}
