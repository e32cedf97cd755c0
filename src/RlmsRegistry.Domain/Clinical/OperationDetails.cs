using RlmsRegistry.Domain.Forms;

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

    /// <summary>The fields completion still needs (C# property names): every field of <see cref="FormDefinitions.Operation"/> not optional and applicable.</summary>
    public IReadOnlyList<string> MissingMandatoryFields() => Check.MissingForCompletion(FormDefinitions.Operation, this);
}
