using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Domain.Clinical;

/// <summary>
/// The pathology report of one operation (at most one per operation). The FNCLCC score and grade are derived
/// from the components on every read; the reported grade is kept as written and a disagreement is flagged
/// (<see cref="GradeConflict"/>), never overwritten.
/// </summary>
public sealed class Pathology : ClinicalForm
{
    private Pathology()
    {
    }

    internal Pathology(Guid operationId, PathologyDetails details)
        : base(Guid.CreateVersion7())
    {
        OperationId = operationId;
        Apply(details);
        MarkCreated();
    }

    public override FormKind Kind => FormKind.Pathology;

    public Guid OperationId { get; private set; }

    public Histotype? Histotype { get; private set; }

    public int? DifferentiationScore { get; private set; }

    public int? MitoticCountPer10Hpf { get; private set; }

    public Necrosis? Necrosis { get; private set; }

    public FnclccGrade? ReportedGrade { get; private set; }

    public MarginStatus? MarginStatus { get; private set; }

    public decimal? Ki67Percent { get; private set; }

    /// <summary>Derived: the FNCLCC components, when all three are recorded.</summary>
    /// <remarks>A method rather than a property so that persistence conventions do not take the record for a navigation.</remarks>
    public FnclccComponents? Fnclcc() => FnclccComponents.From(DifferentiationScore, MitoticCountPer10Hpf, Necrosis);

    /// <summary>Derived: FNCLCC total score (2–8), when all three components are recorded.</summary>
    public int? FnclccScore => Fnclcc()?.TotalScore;

    /// <summary>Derived: FNCLCC grade from the components.</summary>
    public FnclccGrade? FnclccGrade => Fnclcc()?.Grade;

    /// <summary>Both a derived and a reported grade exist and they differ: for the data manager to resolve.</summary>
    public bool GradeConflict => ReportedGrade is { } reported && FnclccGrade is { } derived && reported != derived;

    /// <summary>The grade analyses use: derived from the components when possible, otherwise the reported grade.</summary>
    public FnclccGrade? GradeForAnalysis => FnclccGrade ?? ReportedGrade;

    public override IReadOnlyList<string> MissingMandatoryFields() => ToDetails().MissingMandatoryFields();

    public PathologyDetails ToDetails() => new()
    {
        Histotype = Histotype,
        DifferentiationScore = DifferentiationScore,
        MitoticCountPer10Hpf = MitoticCountPer10Hpf,
        Necrosis = Necrosis,
        ReportedGrade = ReportedGrade,
        MarginStatus = MarginStatus,
        Ki67Percent = Ki67Percent,
    };

    internal static void Validate(PathologyDetails d) => Check.Fields(FormDefinitions.Pathology, d);

    internal string? PrepareUpdate(PathologyDetails details, string? editReason)
    {
        var reason = CheckEditable(editReason);
        Validate(details);
        CheckMandatoryKept(details.MissingMandatoryFields());
        return reason;
    }

    internal void Update(PathologyDetails details, string? reason)
    {
        Apply(details);
        MarkEdited(reason);
    }

    private void Apply(PathologyDetails d)
    {
        Histotype = d.Histotype;
        DifferentiationScore = d.DifferentiationScore;
        MitoticCountPer10Hpf = d.MitoticCountPer10Hpf;
        Necrosis = d.Necrosis;
        ReportedGrade = d.ReportedGrade;
        MarginStatus = d.MarginStatus;
        Ki67Percent = d.Ki67Percent;
    }
}
