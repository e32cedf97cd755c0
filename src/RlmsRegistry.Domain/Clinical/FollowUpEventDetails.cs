namespace RlmsRegistry.Domain.Clinical;

/// <summary>The values entered for a follow-up event. <see cref="Date"/> and <see cref="Type"/> are always needed.</summary>
public sealed record FollowUpEventDetails
{
    public required DateOnly Date { get; init; }

    public required FollowUpEventType Type { get; init; }

    /// <summary>Visits only.</summary>
    public DiseaseStatus? DiseaseStatus { get; init; }

    /// <summary>Distant metastases only.</summary>
    public MetastasisSite? Site { get; init; }

    /// <summary>Deaths only, and required for a death (Unknown is an answer).</summary>
    public CauseOfDeath? CauseOfDeath { get; init; }

    /// <summary>Mandatory to complete: DiseaseStatus for a visit, Site for a distant metastasis, CauseOfDeath for a death.</summary>
    public IReadOnlyList<string> MissingMandatoryFields()
    {
        var missing = new List<string>();
        Check.Missing(missing, Type == FollowUpEventType.Visit && DiseaseStatus is null, nameof(DiseaseStatus));
        Check.Missing(missing, Type == FollowUpEventType.DistantMetastasis && Site is null, nameof(Site));
        Check.Missing(missing, Type == FollowUpEventType.Death && CauseOfDeath is null, nameof(CauseOfDeath));
        return missing;
    }
}
