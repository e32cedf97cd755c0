using System.Text.Json.Serialization;

namespace RlmsRegistry.Domain.Clinical;

// Wire names: enums travel as camelCase strings; the few below whose clinical spelling matters (R0, T1, IIIa, lt50)
// name themselves with [JsonStringEnumMemberName], a BCL attribute (no framework dependency).

/// <summary>Where a case report form stands: Draft while it is filled in, Complete once its mandatory fields are present.</summary>
public enum RecordStatus
{
    Draft = 1,
    Complete = 2,
}

/// <summary>The four repeating case report forms of a patient.</summary>
public enum FormKind
{
    Operation = 1,
    Pathology = 2,
    LabPanel = 3,
    FollowUpEvent = 4,
}

/// <summary>What happened to a form, as reported to the application's audit trail.</summary>
public enum FormChangeKind
{
    Created = 1,
    Edited = 2,
    Completed = 3,
    Locked = 4,
    Unlocked = 5,
    Removed = 6,
}

/// <summary>Why the patient was operated: the first resection of the primary tumour, or a recurrence.</summary>
public enum OperationSetting
{
    Primary = 1,
    Recurrence = 2,
}

/// <summary>Completeness of resection as judged by surgeon and pathologist.</summary>
public enum ResectionCompleteness
{
    /// <summary>Microscopically complete.</summary>
    [JsonStringEnumMemberName("R0")]
    R0 = 1,

    /// <summary>Macroscopically complete, microscopically positive margin.</summary>
    [JsonStringEnumMemberName("R1")]
    R1 = 2,

    /// <summary>Macroscopic residual tumour.</summary>
    [JsonStringEnumMemberName("R2")]
    R2 = 3,
}

/// <summary>Major vessels resected with the tumour; both may be combined.</summary>
[Flags]
public enum VascularResection
{
    None = 0,
    InferiorVenaCava = 1,
    OtherMajorVessel = 2,
}

/// <summary>Where the leiomyosarcoma arose.</summary>
public enum TumourOrigin
{
    InferiorVenaCava = 1,
    OtherMajorVessel = 2,
    RetroperitonealSoftTissue = 3,
}

/// <summary>Clavien–Dindo grade of the worst post-operative complication; ordered by severity.</summary>
public enum ClavienDindoGrade
{
    None = 1,
    [JsonStringEnumMemberName("I")]
    I = 2,
    [JsonStringEnumMemberName("II")]
    II = 3,
    [JsonStringEnumMemberName("IIIa")]
    IIIa = 4,
    [JsonStringEnumMemberName("IIIb")]
    IIIb = 5,
    [JsonStringEnumMemberName("IVa")]
    IVa = 6,
    [JsonStringEnumMemberName("IVb")]
    IVb = 7,
    [JsonStringEnumMemberName("V")]
    V = 8,
}

/// <summary>AJCC 8th edition retroperitoneal sarcoma T category, from the maximum tumour diameter.</summary>
public enum AjccTCategory
{
    /// <summary>≤ 5 cm.</summary>
    [JsonStringEnumMemberName("T1")]
    T1 = 1,

    /// <summary>&gt; 5 cm and ≤ 10 cm.</summary>
    [JsonStringEnumMemberName("T2")]
    T2 = 2,

    /// <summary>&gt; 10 cm and ≤ 15 cm.</summary>
    [JsonStringEnumMemberName("T3")]
    T3 = 3,

    /// <summary>&gt; 15 cm.</summary>
    [JsonStringEnumMemberName("T4")]
    T4 = 4,
}

/// <summary>Leiomyosarcoma and its histological variants (WHO classification of soft tissue tumours).</summary>
public enum Histotype
{
    ConventionalLeiomyosarcoma = 1,
    EpithelioidLeiomyosarcoma = 2,
    MyxoidLeiomyosarcoma = 3,
    PleomorphicLeiomyosarcoma = 4,
    InflammatoryLeiomyosarcoma = 5,
    OtherLeiomyosarcomaVariant = 6,
}

/// <summary>Extent of tumour necrosis on the pathology report.</summary>
public enum Necrosis
{
    [JsonStringEnumMemberName("none")]
    None = 1,

    [JsonStringEnumMemberName("lt50")]
    LessThan50 = 2,

    [JsonStringEnumMemberName("ge50")]
    AtLeast50 = 3,
}

/// <summary>FNCLCC histological grade.</summary>
public enum FnclccGrade
{
    G1 = 1,
    G2 = 2,
    G3 = 3,
}

/// <summary>Pathological margin status.</summary>
public enum MarginStatus
{
    Negative = 1,
    MicroscopicallyPositive = 2,
    MacroscopicallyPositive = 3,
    NotAssessable = 4,
}

/// <summary>What a follow-up event records.</summary>
public enum FollowUpEventType
{
    Visit = 1,
    LocalRecurrence = 2,
    DistantMetastasis = 3,
    Death = 4,

    /// <summary>Dated at the last contact, when the patient was last known alive.</summary>
    LostToFollowUp = 5,
}

/// <summary>Disease status found at a follow-up visit (the patient is alive at a visit).</summary>
public enum DiseaseStatus
{
    NoEvidenceOfDisease = 1,
    AliveWithDisease = 2,
}

/// <summary>Site of a distant metastasis; record one event per site when several are found.</summary>
public enum MetastasisSite
{
    Lung = 1,
    Liver = 2,
    Bone = 3,
    Peritoneum = 4,
    SoftTissue = 5,
    Brain = 6,
    Other = 7,
}

/// <summary>Cause of death.</summary>
public enum CauseOfDeath
{
    Disease = 1,
    Treatment = 2,
    Other = 3,
    Unknown = 4,
}
