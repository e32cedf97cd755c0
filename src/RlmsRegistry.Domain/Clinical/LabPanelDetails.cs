using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Domain.Clinical;

/// <summary>
/// The values entered on the pre-operative laboratory panel. <see cref="DrawDate"/> is needed even for a draft
/// (the window rule depends on it). Counts are ×10⁹/L, haemoglobin and albumin g/L, kept as entered (decimal).
/// </summary>
public sealed record LabPanelDetails
{
    public required DateOnly DrawDate { get; init; }

    public decimal? PlateletsE9PerL { get; init; }

    public decimal? NeutrophilsE9PerL { get; init; }

    public decimal? LymphocytesE9PerL { get; init; }

    public decimal? HaemoglobinGPerL { get; init; }

    public decimal? AlbuminGPerL { get; init; }

    /// <summary>The fields completion still needs (C# property names), from <see cref="FormDefinitions.Labs"/>.</summary>
    public IReadOnlyList<string> MissingMandatoryFields() => Check.MissingForCompletion(FormDefinitions.Labs, this);
}
