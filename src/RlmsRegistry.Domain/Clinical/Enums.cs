namespace RlmsRegistry.Domain.Clinical;

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
    R0 = 1,

    /// <summary>Macroscopically complete, microscopically positive margin.</summary>
    R1 = 2,

    /// <summary>Macroscopic residual tumour.</summary>
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
    I = 2,
    II = 3,
    IIIa = 4,
    IIIb = 5,
    IVa = 6,
    IVb = 7,
    V = 8,
}

/// <summary>AJCC 8th edition retroperitoneal sarcoma T category, from the maximum tumour diameter.</summary>
public enum AjccTCategory
{
    /// <summary>≤ 5 cm.</summary>
    T1 = 1,

    /// <summary>&gt; 5 cm and ≤ 10 cm.</summary>
    T2 = 2,

    /// <summary>&gt; 10 cm and ≤ 15 cm.</summary>
    T3 = 3,

    /// <summary>&gt; 15 cm.</summary>
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
    None = 1,
    LessThan50 = 2,
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
