using RlmsRegistry.Domain.Forms;

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

    /// <summary>The fields completion still needs (C# property names), from <see cref="FormDefinitions.FollowUpEvent"/>.</summary>
    public IReadOnlyList<string> MissingMandatoryFields() => Check.MissingForCompletion(FormDefinitions.FollowUpEvent, this);
}
