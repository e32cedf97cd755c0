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

    /// <summary>Mandatory to complete: PlateletsE9PerL, NeutrophilsE9PerL, LymphocytesE9PerL (and DrawDate, always).</summary>
    public IReadOnlyList<string> MissingMandatoryFields()
    {
        var missing = new List<string>();
        Check.Missing(missing, PlateletsE9PerL is null, nameof(PlateletsE9PerL));
        Check.Missing(missing, NeutrophilsE9PerL is null, nameof(NeutrophilsE9PerL));
        Check.Missing(missing, LymphocytesE9PerL is null, nameof(LymphocytesE9PerL));
        return missing;
    }
}
