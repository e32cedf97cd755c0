using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Domain.Clinical;

/// <summary>
/// The three FNCLCC components of a pathology report and the score and grade they give.
/// Differentiation 1–3; mitoses per 10 HPF 0–9 → 1, 10–19 → 2, ≥ 20 → 3; necrosis none → 0, &lt; 50 % → 1,
/// ≥ 50 % → 2; total 2–3 → G1, 4–5 → G2, 6–8 → G3.
/// </summary>
public sealed record FnclccComponents
{
    public FnclccComponents(int differentiationScore, int mitoticCountPer10Hpf, Necrosis necrosis)
    {
        if (differentiationScore is < 1 or > 3)
        {
            throw new DomainRuleException(nameof(DifferentiationScore), "The differentiation score must be 1, 2 or 3.");
        }
        if (mitoticCountPer10Hpf < 0)
        {
            throw new DomainRuleException(nameof(MitoticCountPer10Hpf), "The mitotic count cannot be negative.");
        }

        if (!Enum.IsDefined(necrosis))
        {
            throw new DomainRuleException(nameof(Necrosis), "Necrosis must be none, < 50 % or ≥ 50 %.");
        }

        DifferentiationScore = differentiationScore;
        MitoticCountPer10Hpf = mitoticCountPer10Hpf;
        Necrosis = necrosis;
    }

    public int DifferentiationScore { get; }

    public int MitoticCountPer10Hpf { get; }

    public Necrosis Necrosis { get; }

    public int MitosisScore => ScoreMitoses(MitoticCountPer10Hpf);

    public int NecrosisScore => ScoreNecrosis(Necrosis);

    /// <summary>2–8.</summary>
    public int TotalScore => DifferentiationScore + MitosisScore + NecrosisScore;

    public FnclccGrade Grade => GradeFor(TotalScore);

    /// <summary>The components when all three are known, otherwise null.</summary>
    public static FnclccComponents? From(int? differentiationScore, int? mitoticCountPer10Hpf, Necrosis? necrosis) =>
        differentiationScore is { } d && mitoticCountPer10Hpf is { } m && necrosis is { } n ? new FnclccComponents(d, m, n) : null;

    /// <summary>0–9 → 1, 10–19 → 2, ≥ 20 → 3.</summary>
    public static int ScoreMitoses(int mitoticCountPer10Hpf) => mitoticCountPer10Hpf < 0
        ? throw new ArgumentOutOfRangeException(nameof(mitoticCountPer10Hpf))
        : 1 + MitosisScoreUpperBounds.Count(bound => mitoticCountPer10Hpf > bound);

    /// <summary>The highest mitotic count of scores 1 and 2 (above the last: 3). Published to the pages' live calculation.</summary>
    public static IReadOnlyList<int> MitosisScoreUpperBounds { get; } = [9, 19];

    /// <summary>The highest total score of grades G1 and G2 (above the last: G3). Published to the pages' live calculation.</summary>
    public static IReadOnlyList<int> GradeUpperBounds { get; } = [3, 5];

    /// <summary>None → 0, &lt; 50 % → 1, ≥ 50 % → 2.</summary>
    public static int ScoreNecrosis(Necrosis necrosis) => necrosis switch
    {
        Necrosis.None => 0,
        Necrosis.LessThan50 => 1,
        Necrosis.AtLeast50 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(necrosis)),
    };

    /// <summary>2–3 → G1, 4–5 → G2, 6–8 → G3.</summary>
    public static FnclccGrade GradeFor(int totalScore) => totalScore is < 2 or > 8
        ? throw new ArgumentOutOfRangeException(nameof(totalScore))
        : (FnclccGrade)(1 + GradeUpperBounds.Count(bound => totalScore > bound));
}
