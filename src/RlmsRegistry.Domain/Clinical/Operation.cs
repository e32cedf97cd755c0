using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Domain.Clinical;

/// <summary>
/// One resection of the patient's RLMS (repeatable): the primary operation or a recurrence operation, with its
/// pathology report and pre-operative laboratory panel (at most one of each). Created and changed through
/// <see cref="Patients.Patient"/>, which enforces the rules across records (dates, recurrence order, death).
/// </summary>
public sealed class Operation : ClinicalForm
{
    public const decimal DiameterMinCm = 0.5m;
    public const decimal DiameterMaxCm = 100m;
    public const int RecurrenceNumberMax = 99;
    public const int OrgansResectedMax = 20;
    public const int BloodLossMaxMl = 50_000;
    public const int OperativeTimeMaxMinutes = 1_440;
    public const int AsaScoreMin = 1;
    public const int AsaScoreMax = 5;

    private Operation()
    {
    }

    internal Operation(Guid patientId, OperationDetails details)
        : base(Guid.CreateVersion7())
    {
        PatientId = patientId;
        Apply(details);
        MarkCreated();
    }

    public override FormKind Kind => FormKind.Operation;

    public Guid PatientId { get; private set; }

    public DateOnly Date { get; private set; }

    public OperationSetting Setting { get; private set; }

    /// <summary>1 for the first recurrence, 2 for the second…; null for the primary operation.</summary>
    public int? RecurrenceNumber { get; private set; }

    /// <summary>For a recurrence operation: the primary tumour was resected outside the registry.</summary>
    public bool PrimaryOperatedOutside { get; private set; }

    /// <summary>Date of the outside primary resection when known (only with <see cref="PrimaryOperatedOutside"/>).</summary>
    public DateOnly? OutsidePrimaryDate { get; private set; }

    public ResectionCompleteness? Resection { get; private set; }

    /// <summary>Maximum tumour diameter in cm, stored as entered (decimal, no binary rounding).</summary>
    public decimal? MaxDiameterCm { get; private set; }

    public bool? Multifocal { get; private set; }

    /// <summary>Visceral organs resected en bloc with the tumour (vessels not counted).</summary>
    public int? OrgansResected { get; private set; }

    public VascularResection? VascularResection { get; private set; }

    public TumourOrigin? TumourOrigin { get; private set; }

    public int? BloodLossMl { get; private set; }

    public bool? Transfused { get; private set; }

    public int? OperativeTimeMinutes { get; private set; }

    public ClavienDindoGrade? ClavienDindo { get; private set; }

    public int? AsaScore { get; private set; }

    public bool? NeoadjuvantRadiotherapy { get; private set; }

    public bool? NeoadjuvantChemotherapy { get; private set; }

    public bool? AdjuvantRadiotherapy { get; private set; }

    public bool? AdjuvantChemotherapy { get; private set; }

    public Pathology? Pathology { get; private set; }

    public LabPanel? LabPanel { get; private set; }

    /// <summary>Derived: more than one organ resected en bloc.</summary>
    public bool? IsMultivisceral => OrgansResected is { } n ? n > 1 : null;

    /// <summary>Derived: AJCC 8th edition T category from <see cref="MaxDiameterCm"/>.</summary>
    public AjccTCategory? TCategory => MaxDiameterCm is { } d ? TCategoryFor(d) : null;

    /// <summary>AJCC 8th edition retroperitoneal T category: T1 ≤ 5 cm, T2 &gt; 5–10, T3 &gt; 10–15, T4 &gt; 15.</summary>
    public static AjccTCategory TCategoryFor(decimal maxDiameterCm) => maxDiameterCm switch
    {
        <= 5m => AjccTCategory.T1,
        <= 10m => AjccTCategory.T2,
        <= 15m => AjccTCategory.T3,
        _ => AjccTCategory.T4,
    };

    public override IReadOnlyList<string> MissingMandatoryFields() => ToDetails().MissingMandatoryFields();

    /// <summary>The current values, e.g. to start an edit with <c>with { … }</c>.</summary>
    public OperationDetails ToDetails() => new()
    {
        Date = Date,
        Setting = Setting,
        RecurrenceNumber = RecurrenceNumber,
        PrimaryOperatedOutside = PrimaryOperatedOutside,
        OutsidePrimaryDate = OutsidePrimaryDate,
        Resection = Resection,
        MaxDiameterCm = MaxDiameterCm,
        Multifocal = Multifocal,
        OrgansResected = OrgansResected,
        VascularResection = VascularResection,
        TumourOrigin = TumourOrigin,
        BloodLossMl = BloodLossMl,
        Transfused = Transfused,
        OperativeTimeMinutes = OperativeTimeMinutes,
        ClavienDindo = ClavienDindo,
        AsaScore = AsaScore,
        NeoadjuvantRadiotherapy = NeoadjuvantRadiotherapy,
        NeoadjuvantChemotherapy = NeoadjuvantChemotherapy,
        AdjuvantRadiotherapy = AdjuvantRadiotherapy,
        AdjuvantChemotherapy = AdjuvantChemotherapy,
    };

    /// <summary>The rules of the form itself (ranges, allowed values, setting-dependent fields); no other record is consulted.</summary>
    internal static void Validate(OperationDetails d)
    {
        if (!Enum.IsDefined(d.Setting))
        {
            throw new DomainRuleException(nameof(Setting), "The setting must be primary or recurrence.");
        }

        if (d.Setting == OperationSetting.Primary)
        {
            Check.Absent(d.RecurrenceNumber is not null, nameof(RecurrenceNumber), "A primary operation has no recurrence number.");
            Check.Absent(d.PrimaryOperatedOutside, nameof(PrimaryOperatedOutside), "Only a recurrence operation can declare the primary as operated outside.");
        }
        else
        {
            if (d.RecurrenceNumber is null)
            {
                throw new DomainRuleException(nameof(RecurrenceNumber), "A recurrence operation needs its recurrence number (1 for the first recurrence).");
            }

            Check.Range(d.RecurrenceNumber, 1, RecurrenceNumberMax, nameof(RecurrenceNumber), "The recurrence number");
        }

        Check.Absent(d.OutsidePrimaryDate is not null && !d.PrimaryOperatedOutside, nameof(OutsidePrimaryDate), "An outside primary date needs the primary declared as operated outside.");
        Check.Absent(d.OutsidePrimaryDate >= d.Date, nameof(OutsidePrimaryDate), "The outside primary operation must be dated before this operation.");
        Check.Defined(d.Resection, nameof(Resection), "Completeness of resection");
        Check.Range(d.MaxDiameterCm, DiameterMinCm, DiameterMaxCm, nameof(MaxDiameterCm), "The maximum tumour diameter", "cm");
        Check.Range(d.OrgansResected, 0, OrgansResectedMax, nameof(OrgansResected), "The number of organs resected");
        Check.Absent(d.VascularResection is { } v && (v & ~(Clinical.VascularResection.InferiorVenaCava | Clinical.VascularResection.OtherMajorVessel)) != 0, nameof(VascularResection), "Vascular resection is not one of the allowed values.");
        Check.Defined(d.TumourOrigin, nameof(TumourOrigin), "Tumour origin");
        Check.Range(d.BloodLossMl, 0, BloodLossMaxMl, nameof(BloodLossMl), "Blood loss (ml)");
        Check.Range(d.OperativeTimeMinutes, 1, OperativeTimeMaxMinutes, nameof(OperativeTimeMinutes), "Operative time (minutes)");
        Check.Defined(d.ClavienDindo, nameof(ClavienDindo), "The Clavien–Dindo grade");
        Check.Range(d.AsaScore, AsaScoreMin, AsaScoreMax, nameof(AsaScore), "The ASA score");
    }

    /// <summary>Record-level checks of an edit (lock, reason, ranges, completeness kept); returns the trimmed reason.</summary>
    internal string? PrepareUpdate(OperationDetails details, string? editReason)
    {
        var reason = CheckEditable(editReason);
        Validate(details);
        CheckMandatoryKept(details.MissingMandatoryFields());
        return reason;
    }

    internal void Update(OperationDetails details, string? reason)
    {
        Apply(details);
        MarkEdited(reason);
    }

    internal void AttachPathology(Pathology pathology) => Pathology = pathology;

    /// <summary>A read-only copy without a Draft pathology report or laboratory panel (see <see cref="Patients.Patient.WithCompleteFormsOnly"/>).</summary>
    internal Operation WithCompleteAttachmentsOnly()
    {
        var copy = (Operation)MemberwiseClone();
        copy.Pathology = Pathology?.Status == RecordStatus.Complete ? Pathology : null;
        copy.LabPanel = LabPanel?.Status == RecordStatus.Complete ? LabPanel : null;
        return copy;
    }

    internal void AttachLabPanel(LabPanel labPanel) => LabPanel = labPanel;

    private void Apply(OperationDetails d)
    {
        Date = d.Date;
        Setting = d.Setting;
        RecurrenceNumber = d.RecurrenceNumber;
        PrimaryOperatedOutside = d.PrimaryOperatedOutside;
        OutsidePrimaryDate = d.OutsidePrimaryDate;
        Resection = d.Resection;
        MaxDiameterCm = d.MaxDiameterCm;
        Multifocal = d.Multifocal;
        OrgansResected = d.OrgansResected;
        VascularResection = d.VascularResection;
        TumourOrigin = d.TumourOrigin;
        BloodLossMl = d.BloodLossMl;
        Transfused = d.Transfused;
        OperativeTimeMinutes = d.OperativeTimeMinutes;
        ClavienDindo = d.ClavienDindo;
        AsaScore = d.AsaScore;
        NeoadjuvantRadiotherapy = d.NeoadjuvantRadiotherapy;
        NeoadjuvantChemotherapy = d.NeoadjuvantChemotherapy;
        AdjuvantRadiotherapy = d.AdjuvantRadiotherapy;
        AdjuvantChemotherapy = d.AdjuvantChemotherapy;
    }
}
