using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Domain.Forms;

/// <summary>
/// The registry's data dictionary in C#: every form and every field, declared once. Enumerate it with
/// <see cref="All"/> → <see cref="FormDefinition.Fields"/>. Variable names (camelCase) are the API's JSON keys and are
/// stable: renaming one is a breaking change of the API, the exports and the imports.
/// </summary>
public static class FormDefinitions
{
    private const string Cm = "cm";
    private const string PerL = "×10⁹/L";
    private const string GPerL = "g/L";

    /// <summary>Patient registration (one per patient; the study ID is assigned by the registry).</summary>
    public static FormDefinition Patient { get; } = new("patient", "patient", null, repeating: false,
    [
        new() { Name = "sex", Label = "Sex", Type = FieldType.Choice, Requirement = Requirement.Always,
            Choices = FieldChoice.Of((Sex.Female, "Female"), (Sex.Male, "Male")) },
        new() { Name = "birthYear", Label = "Year of birth", Type = FieldType.WholeNumber, Requirement = Requirement.Always,
            Hard = new(Patients.Patient.MinBirthYear, 9999), NotInFuture = true, Help = "The year only; no full date of birth is stored." },
        new() { Name = "consentStatus", Label = "Consent status", Type = FieldType.Choice, Requirement = Requirement.Always,
            Choices = FieldChoice.Of((ConsentStatus.Given, "Given"), (ConsentStatus.Waived, "Waived by the ethics committee"), (ConsentStatus.Withdrawn, "Withdrawn")),
            Help = "Patients who withdrew consent are left out of every analysis." },
    ]);

    /// <summary>The operation form (repeatable per patient).</summary>
    public static FormDefinition Operation { get; } = new("operation", "operation", FormKind.Operation, repeating: true,
    [
        new() { Name = "date", Label = "Date of operation", Type = FieldType.Date, Requirement = Requirement.Always, NotInFuture = true, Section = "Operation" },
        new() { Name = "setting", Label = "Setting", Type = FieldType.Choice, Requirement = Requirement.Always, Section = "Operation",
            Choices = FieldChoice.Of((OperationSetting.Primary, "Primary tumour"), (OperationSetting.Recurrence, "Recurrence")) },
        new() { Name = "recurrenceNumber", Label = "Recurrence number", Type = FieldType.WholeNumber, Requirement = Requirement.Always, Section = "Operation",
            Hard = new(1, 99), Plausible = new(1, 10), Help = "1 for the first recurrence.",
            AppliesWhen = Branching.When("setting", OperationSetting.Recurrence) },
        new() { Name = "primaryOperatedOutside", Label = "Primary operated outside the registry", Type = FieldType.YesNo, Section = "Operation",
            Choices = FieldChoice.YesNo, NeutralValue = false,
            AppliesWhen = Branching.When("setting", OperationSetting.Recurrence) },
        new() { Name = "outsidePrimaryDate", Label = "Date of the outside primary resection", Type = FieldType.Date, NotInFuture = true, Section = "Operation",
            Help = "If known: it gives the disease-free interval.",
            AppliesWhen = Branching.When("setting", OperationSetting.Recurrence).And("primaryOperatedOutside", true) },
        new() { Name = "resection", Label = "Completeness of resection", Type = FieldType.Choice, Requirement = Requirement.ForCompletion, Section = "Tumour and resection",
            Choices = FieldChoice.Of((ResectionCompleteness.R0, "R0 – microscopically complete"), (ResectionCompleteness.R1, "R1 – microscopic residual"), (ResectionCompleteness.R2, "R2 – macroscopic residual")) },
        new() { Name = "maxDiameterCm", Label = "Maximum tumour diameter", Type = FieldType.Number, Unit = Cm, Requirement = Requirement.ForCompletion, Section = "Tumour and resection",
            Hard = new(0.5m, 100m), Plausible = new(1m, 50m), Help = "Largest diameter on the pathology specimen, e.g. 12.5 or 12,5." },
        new() { Name = "multifocal", Label = "Multifocal", Type = FieldType.YesNo, Requirement = Requirement.ForCompletion, Section = "Tumour and resection", Choices = FieldChoice.YesNo },
        new() { Name = "organsResected", Label = "Organs resected en bloc", Type = FieldType.WholeNumber, Unit = "organs", Requirement = Requirement.ForCompletion, Section = "Tumour and resection",
            Hard = new(0, 20), Plausible = new(0, 8), Help = "Visceral organs removed with the tumour; vessels are not counted." },
        new() { Name = "vascularResection", Label = "Vascular resection", Type = FieldType.Choice, Requirement = Requirement.ForCompletion, Section = "Tumour and resection",
            Choices = FieldChoice.Of((VascularResection.None, "None"), (VascularResection.InferiorVenaCava, "Inferior vena cava"), (VascularResection.OtherMajorVessel, "Other major vessel"), (VascularResection.InferiorVenaCava | VascularResection.OtherMajorVessel, "Inferior vena cava and another major vessel")) },
        new() { Name = "tumourOrigin", Label = "Tumour origin", Type = FieldType.Choice, Requirement = Requirement.ForCompletion, Section = "Tumour and resection",
            Choices = FieldChoice.Of((TumourOrigin.InferiorVenaCava, "Inferior vena cava"), (TumourOrigin.OtherMajorVessel, "Other major vessel"), (TumourOrigin.RetroperitonealSoftTissue, "Retroperitoneal soft tissue")) },
        new() { Name = "tCategory", Label = "AJCC T category", Type = FieldType.Calculated, Section = "Tumour and resection",
            Choices = FieldChoice.Of((AjccTCategory.T1, "T1"), (AjccTCategory.T2, "T2"), (AjccTCategory.T3, "T3"), (AjccTCategory.T4, "T4")),
            Formula = "AJCC 8th edition, retroperitoneum, from the maximum tumour diameter: T1 ≤ 5 cm, T2 > 5 to 10 cm, T3 > 10 to 15 cm, T4 > 15 cm.",
            RedcapCalculation = "if([maxdiametercm] = '', '', if([maxdiametercm] <= 5, 1, if([maxdiametercm] <= 10, 2, if([maxdiametercm] <= 15, 3, 4))))" },
        new() { Name = "bloodLossMl", Label = "Blood loss", Type = FieldType.WholeNumber, Unit = "ml", Section = "Peri-operative course", Hard = new(0, 50_000), Plausible = new(0, 10_000) },
        new() { Name = "transfused", Label = "Transfusion", Type = FieldType.YesNo, Section = "Peri-operative course", Choices = FieldChoice.YesNo },
        new() { Name = "operativeTimeMinutes", Label = "Operative time", Type = FieldType.WholeNumber, Unit = "min", Section = "Peri-operative course", Hard = new(1, 1_440), Plausible = new(30, 900) },
        new() { Name = "clavienDindo", Label = "Clavien–Dindo grade of the worst complication", Type = FieldType.Choice, Requirement = Requirement.ForCompletion, Section = "Peri-operative course",
            Choices = FieldChoice.Of((ClavienDindoGrade.None, "No complication"), (ClavienDindoGrade.I, "I"), (ClavienDindoGrade.II, "II"), (ClavienDindoGrade.IIIa, "IIIa"), (ClavienDindoGrade.IIIb, "IIIb"), (ClavienDindoGrade.IVa, "IVa"), (ClavienDindoGrade.IVb, "IVb"), (ClavienDindoGrade.V, "V (death)")) },
        new() { Name = "asaScore", Label = "ASA score", Type = FieldType.Choice, Requirement = Requirement.ForCompletion, Section = "Peri-operative course",
            Choices = FieldChoice.Numbers((1, "1 – healthy"), (2, "2 – mild systemic disease"), (3, "3 – severe systemic disease"), (4, "4 – constant threat to life"), (5, "5 – moribund")) },
        new() { Name = "neoadjuvantRadiotherapy", Label = "Neoadjuvant radiotherapy", Type = FieldType.YesNo, Requirement = Requirement.ForCompletion, Section = "Peri-operative therapy", Choices = FieldChoice.YesNo },
        new() { Name = "neoadjuvantChemotherapy", Label = "Neoadjuvant chemotherapy", Type = FieldType.YesNo, Requirement = Requirement.ForCompletion, Section = "Peri-operative therapy", Choices = FieldChoice.YesNo },
        new() { Name = "adjuvantRadiotherapy", Label = "Adjuvant radiotherapy", Type = FieldType.YesNo, Requirement = Requirement.ForCompletion, Section = "Peri-operative therapy", Choices = FieldChoice.YesNo },
        new() { Name = "adjuvantChemotherapy", Label = "Adjuvant chemotherapy", Type = FieldType.YesNo, Requirement = Requirement.ForCompletion, Section = "Peri-operative therapy", Choices = FieldChoice.YesNo },
    ]);

    /// <summary>The pathology report (one per operation).</summary>
    public static FormDefinition Pathology { get; } = new("pathology", "pathology report", FormKind.Pathology, repeating: false,
    [
        new() { Name = "histotype", Label = "Histotype", Type = FieldType.Choice, Requirement = Requirement.ForCompletion,
            Choices = FieldChoice.Of((Histotype.ConventionalLeiomyosarcoma, "Conventional leiomyosarcoma"), (Histotype.EpithelioidLeiomyosarcoma, "Epithelioid leiomyosarcoma"), (Histotype.MyxoidLeiomyosarcoma, "Myxoid leiomyosarcoma"), (Histotype.PleomorphicLeiomyosarcoma, "Pleomorphic leiomyosarcoma"), (Histotype.InflammatoryLeiomyosarcoma, "Inflammatory leiomyosarcoma"), (Histotype.OtherLeiomyosarcomaVariant, "Other leiomyosarcoma variant")) },
        new() { Name = "differentiationScore", Label = "Differentiation score", Type = FieldType.Choice, Requirement = Requirement.ForCompletion,
            Choices = FieldChoice.Numbers((1, "1 – well differentiated"), (2, "2 – conventional"), (3, "3 – poorly differentiated, pleomorphic or epithelioid")) },
        new() { Name = "mitoticCountPer10Hpf", Label = "Mitotic count", Type = FieldType.WholeNumber, Unit = "per 10 HPF", Requirement = Requirement.ForCompletion,
            Hard = new(0, 1_000), Plausible = new(0, 100), Help = "0–9 scores 1, 10–19 scores 2, 20 or more scores 3." },
        new() { Name = "necrosis", Label = "Tumour necrosis", Type = FieldType.Choice, Requirement = Requirement.ForCompletion,
            Choices = FieldChoice.Of((Necrosis.None, "None"), (Necrosis.LessThan50, "< 50 %"), (Necrosis.AtLeast50, "≥ 50 %")) },
        new() { Name = "reportedGrade", Label = "Grade written on the report", Type = FieldType.Choice,
            Choices = FieldChoice.Numbers((1, "G1"), (2, "G2"), (3, "G3")), Help = "Kept as reported; a disagreement with the components is flagged, never overwritten." },
        new() { Name = "marginStatus", Label = "Margin status", Type = FieldType.Choice, Requirement = Requirement.ForCompletion,
            Choices = FieldChoice.Of((MarginStatus.Negative, "Negative"), (MarginStatus.MicroscopicallyPositive, "Microscopically positive"), (MarginStatus.MacroscopicallyPositive, "Macroscopically positive"), (MarginStatus.NotAssessable, "Not assessable")) },
        new() { Name = "ki67Percent", Label = "Ki-67", Type = FieldType.Number, Unit = "%", Hard = new(0m, 100m) },
        new() { Name = "fnclccScore", Label = "FNCLCC score", Type = FieldType.Calculated,
            Formula = "Differentiation score + mitosis score (0–9 → 1, 10–19 → 2, ≥ 20 → 3) + necrosis score (none → 0, < 50 % → 1, ≥ 50 % → 2); 2–8, when all three components are recorded.",
            RedcapCalculation = "[differentiationscore] + if([mitoticcountper10hpf] <= 9, 1, if([mitoticcountper10hpf] <= 19, 2, 3)) + ([necrosis] - 1)" },
        new() { Name = "fnclccGrade", Label = "FNCLCC grade", Type = FieldType.Calculated,
            Choices = FieldChoice.Numbers((1, "G1"), (2, "G2"), (3, "G3")),
            Formula = "From the FNCLCC score: 2–3 → G1, 4–5 → G2, 6–8 → G3.",
            RedcapCalculation = "if([fnclccscore] = '', '', if([fnclccscore] <= 3, 1, if([fnclccscore] <= 5, 2, 3)))" },
    ]);

    /// <summary>The pre-operative laboratory panel (one per operation).</summary>
    public static FormDefinition Labs { get; } = new("labs", "laboratory panel", FormKind.LabPanel, repeating: false,
    [
        new() { Name = "drawDate", Label = "Date the blood was drawn", Type = FieldType.Date, Requirement = Requirement.Always, NotInFuture = true,
            Help = $"Within the {LabPanel.DefaultWindowDays} days before surgery, up to the day of the operation." },
        new() { Name = "plateletsE9PerL", Label = "Platelets", Type = FieldType.Number, Unit = PerL, Requirement = Requirement.ForCompletion, Hard = new(1m, 2_000m), Plausible = new(50m, 1_000m) },
        new() { Name = "neutrophilsE9PerL", Label = "Neutrophils", Type = FieldType.Number, Unit = PerL, Requirement = Requirement.ForCompletion, Hard = new(0.01m, 100m), Plausible = new(0.5m, 30m) },
        new() { Name = "lymphocytesE9PerL", Label = "Lymphocytes", Type = FieldType.Number, Unit = PerL, Requirement = Requirement.ForCompletion, Hard = new(0.01m, 100m), Plausible = new(0.2m, 10m) },
        new() { Name = "haemoglobinGPerL", Label = "Haemoglobin", Type = FieldType.Number, Unit = GPerL, Hard = new(30m, 250m), Plausible = new(60m, 200m) },
        new() { Name = "albuminGPerL", Label = "Albumin", Type = FieldType.Number, Unit = GPerL, Hard = new(5m, 80m), Plausible = new(15m, 60m) },
        new() { Name = "nlr", Label = "Neutrophil-to-lymphocyte ratio (NLR)", Type = FieldType.Calculated,
            Formula = "Neutrophils ÷ lymphocytes (both ×10⁹/L), unrounded.", RedcapCalculation = "[neutrophilse9perl] / [lymphocytese9perl]" },
        new() { Name = "plr", Label = "Platelet-to-lymphocyte ratio (PLR)", Type = FieldType.Calculated,
            Formula = "Platelets ÷ lymphocytes (both ×10⁹/L), unrounded.", RedcapCalculation = "[plateletse9perl] / [lymphocytese9perl]" },
    ]);

    /// <summary>A follow-up event (repeatable per patient).</summary>
    public static FormDefinition FollowUpEvent { get; } = new("follow_up_event", "follow-up event", FormKind.FollowUpEvent, repeating: true,
    [
        new() { Name = "date", Label = "Date of the event", Type = FieldType.Date, Requirement = Requirement.Always, NotInFuture = true,
            Help = "For a loss to follow-up: the last contact." },
        new() { Name = "type", Label = "Event", Type = FieldType.Choice, Requirement = Requirement.Always,
            Choices = FieldChoice.Of((FollowUpEventType.Visit, "Visit"), (FollowUpEventType.LocalRecurrence, "Local recurrence"), (FollowUpEventType.DistantMetastasis, "Distant metastasis"), (FollowUpEventType.Death, "Death"), (FollowUpEventType.LostToFollowUp, "Lost to follow-up")) },
        new() { Name = "diseaseStatus", Label = "Disease status", Type = FieldType.Choice, Requirement = Requirement.ForCompletion,
            Choices = FieldChoice.Of((DiseaseStatus.NoEvidenceOfDisease, "Alive, no evidence of disease"), (DiseaseStatus.AliveWithDisease, "Alive with disease")),
            AppliesWhen = Branching.When("type", FollowUpEventType.Visit) },
        new() { Name = "site", Label = "Site of the metastasis", Type = FieldType.Choice, Requirement = Requirement.ForCompletion,
            Choices = FieldChoice.Of((MetastasisSite.Lung, "Lung"), (MetastasisSite.Liver, "Liver"), (MetastasisSite.Bone, "Bone"), (MetastasisSite.Peritoneum, "Peritoneum"), (MetastasisSite.SoftTissue, "Soft tissue"), (MetastasisSite.Brain, "Brain"), (MetastasisSite.Other, "Other")),
            Help = "One event per site when several are found.",
            AppliesWhen = Branching.When("type", FollowUpEventType.DistantMetastasis) },
        new() { Name = "causeOfDeath", Label = "Cause of death", Type = FieldType.Choice, Requirement = Requirement.Always,
            Choices = FieldChoice.Of((CauseOfDeath.Disease, "Disease"), (CauseOfDeath.Treatment, "Treatment"), (CauseOfDeath.Other, "Other"), (CauseOfDeath.Unknown, "Unknown")),
            AppliesWhen = Branching.When("type", FollowUpEventType.Death) },
    ]);

    /// <summary>Every form, in the order a case is entered.</summary>
    public static IReadOnlyList<FormDefinition> All { get; } = [Patient, Operation, Pathology, Labs, FollowUpEvent];

    /// <summary>The definition of a case report form.</summary>
    public static FormDefinition For(FormKind kind) => kind switch
    {
        FormKind.Operation => Operation,
        FormKind.Pathology => Pathology,
        FormKind.LabPanel => Labs,
        FormKind.FollowUpEvent => FollowUpEvent,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
