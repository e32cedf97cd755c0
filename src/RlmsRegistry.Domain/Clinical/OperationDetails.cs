namespace RlmsRegistry.Domain.Clinical;

/// <summary>
/// The values entered on the operation form. <see cref="Date"/> and <see cref="Setting"/> are needed even for a draft
/// (the date rules depend on them); the others may stay empty until the form is completed.
/// </summary>
public sealed record OperationDetails
{
    public required DateOnly Date { get; init; }

    public required OperationSetting Setting { get; init; }

    /// <summary>1 for the first recurrence, 2 for the second…; null for the primary operation.</summary>
    public int? RecurrenceNumber { get; init; }

    /// <summary>For a recurrence operation: the primary tumour was resected outside the registry.</summary>
    public bool PrimaryOperatedOutside { get; init; }

    /// <summary>Date of the outside primary resection, when known; gives the disease-free interval.</summary>
    public DateOnly? OutsidePrimaryDate { get; init; }

    public ResectionCompleteness? Resection { get; init; }

    /// <summary>Maximum tumour diameter, cm (0.5–100), as entered.</summary>
    public decimal? MaxDiameterCm { get; init; }

    public bool? Multifocal { get; init; }

    /// <summary>Visceral organs resected en bloc with the tumour (vessels not counted).</summary>
    public int? OrgansResected { get; init; }

    public VascularResection? VascularResection { get; init; }

    public TumourOrigin? TumourOrigin { get; init; }

    public int? BloodLossMl { get; init; }

    public bool? Transfused { get; init; }

    public int? OperativeTimeMinutes { get; init; }

    /// <summary>Grade of the worst complication.</summary>
    public ClavienDindoGrade? ClavienDindo { get; init; }

    /// <summary>ASA physical status, 1–5.</summary>
    public int? AsaScore { get; init; }

    public bool? NeoadjuvantRadiotherapy { get; init; }

    public bool? NeoadjuvantChemotherapy { get; init; }

    public bool? AdjuvantRadiotherapy { get; init; }

    public bool? AdjuvantChemotherapy { get; init; }

    /// <summary>
    /// Mandatory to complete the form: Resection, MaxDiameterCm, Multifocal, OrgansResected, VascularResection,
    /// TumourOrigin, ClavienDindo, AsaScore and the four neoadjuvant/adjuvant therapy answers (Date, Setting and,
    /// for a recurrence, RecurrenceNumber are always required). Blood loss, transfusion and operative time are optional.
    /// </summary>
    public IReadOnlyList<string> MissingMandatoryFields()
    {
        var missing = new List<string>();
        Check.Missing(missing, Setting == OperationSetting.Recurrence && RecurrenceNumber is null, nameof(RecurrenceNumber));
        Check.Missing(missing, Resection is null, nameof(Resection));
        Check.Missing(missing, MaxDiameterCm is null, nameof(MaxDiameterCm));
        Check.Missing(missing, Multifocal is null, nameof(Multifocal));
        Check.Missing(missing, OrgansResected is null, nameof(OrgansResected));
        Check.Missing(missing, VascularResection is null, nameof(VascularResection));
        Check.Missing(missing, TumourOrigin is null, nameof(TumourOrigin));
        Check.Missing(missing, ClavienDindo is null, nameof(ClavienDindo));
        Check.Missing(missing, AsaScore is null, nameof(AsaScore));
        Check.Missing(missing, NeoadjuvantRadiotherapy is null, nameof(NeoadjuvantRadiotherapy));
        Check.Missing(missing, NeoadjuvantChemotherapy is null, nameof(NeoadjuvantChemotherapy));
        Check.Missing(missing, AdjuvantRadiotherapy is null, nameof(AdjuvantRadiotherapy));
        Check.Missing(missing, AdjuvantChemotherapy is null, nameof(AdjuvantChemotherapy));
        return missing;
    }
}
