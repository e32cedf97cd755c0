using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Domain.Clinical;

/// <summary>The values entered on the pathology form; all may stay empty in a draft.</summary>
public sealed record PathologyDetails
{
    public Histotype? Histotype { get; init; }

    /// <summary>FNCLCC differentiation score for LMS: 1 well differentiated, 2 conventional, 3 poorly differentiated/pleomorphic/epithelioid.</summary>
    public int? DifferentiationScore { get; init; }

    public int? MitoticCountPer10Hpf { get; init; }

    public Necrosis? Necrosis { get; init; }

    /// <summary>The grade the pathologist wrote on the report; kept as reported even when the components disagree.</summary>
    public FnclccGrade? ReportedGrade { get; init; }

    public MarginStatus? MarginStatus { get; init; }

    /// <summary>Optional, 0–100 %.</summary>
    public decimal? Ki67Percent { get; init; }

    /// <summary>The fields completion still needs (C# property names), from <see cref="FormDefinitions.Pathology"/>.</summary>
    public IReadOnlyList<string> MissingMandatoryFields() => Check.MissingForCompletion(FormDefinitions.Pathology, this);
}
