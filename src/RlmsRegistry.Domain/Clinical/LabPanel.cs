using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Domain.Clinical;

/// <summary>
/// The pre-operative laboratory panel of one operation (at most one per operation), drawn within a window before
/// surgery (default 30 days, up to the day of the operation). NLR and PLR are derived on every read.
/// </summary>
public sealed class LabPanel : ClinicalForm
{
    public const int DefaultWindowDays = 30;

    private LabPanel()
    {
    }

    internal LabPanel(Guid operationId, LabPanelDetails details)
        : base(Guid.CreateVersion7())
    {
        OperationId = operationId;
        Apply(details);
        MarkCreated();
    }

    public override FormKind Kind => FormKind.LabPanel;

    public Guid OperationId { get; private set; }

    public DateOnly DrawDate { get; private set; }

    /// <summary>×10⁹/L, 1–2000.</summary>
    public decimal? PlateletsE9PerL { get; private set; }

    /// <summary>×10⁹/L, 0.01–100.</summary>
    public decimal? NeutrophilsE9PerL { get; private set; }

    /// <summary>×10⁹/L, 0.01–100.</summary>
    public decimal? LymphocytesE9PerL { get; private set; }

    /// <summary>g/L, optional, 30–250.</summary>
    public decimal? HaemoglobinGPerL { get; private set; }

    /// <summary>g/L, optional, 5–80.</summary>
    public decimal? AlbuminGPerL { get; private set; }

    /// <summary>Derived: neutrophil-to-lymphocyte ratio, unrounded.</summary>
    public decimal? Nlr => NeutrophilsE9PerL / LymphocytesE9PerL;

    /// <summary>Derived: platelet-to-lymphocyte ratio, unrounded.</summary>
    public decimal? Plr => PlateletsE9PerL / LymphocytesE9PerL;

    /// <summary>True when <paramref name="drawDate"/> lies from <paramref name="windowDays"/> days before the operation up to its day.</summary>
    public static bool IsWithinWindow(DateOnly drawDate, DateOnly operationDate, int windowDays = DefaultWindowDays) =>
        drawDate <= operationDate && drawDate >= operationDate.AddDays(-windowDays);

    public override IReadOnlyList<string> MissingMandatoryFields() => ToDetails().MissingMandatoryFields();

    public LabPanelDetails ToDetails() => new()
    {
        DrawDate = DrawDate,
        PlateletsE9PerL = PlateletsE9PerL,
        NeutrophilsE9PerL = NeutrophilsE9PerL,
        LymphocytesE9PerL = LymphocytesE9PerL,
        HaemoglobinGPerL = HaemoglobinGPerL,
        AlbuminGPerL = AlbuminGPerL,
    };

    /// <summary>Ranges, and the draw date within the window before <paramref name="operationDate"/>.</summary>
    internal static void Validate(LabPanelDetails d, DateOnly operationDate, int windowDays)
    {
        if (windowDays < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowDays), "The window cannot be negative.");
        }

        if (!IsWithinWindow(d.DrawDate, operationDate, windowDays))
        {
            throw new DomainRuleException(
                nameof(DrawDate),
                $"A pre-operative panel must be drawn from {Check.Iso(operationDate.AddDays(-windowDays))} to the operation date {Check.Iso(operationDate)} ({windowDays} days before surgery).");
        }

        Check.Fields(FormDefinitions.Labs, d);
    }

    internal string? PrepareUpdate(LabPanelDetails details, DateOnly operationDate, int windowDays, string? editReason)
    {
        var reason = CheckEditable(editReason);
        Validate(details, operationDate, windowDays);
        CheckMandatoryKept(details.MissingMandatoryFields());
        return reason;
    }

    internal void Update(LabPanelDetails details, string? reason)
    {
        Apply(details);
        MarkEdited(reason);
    }

    private void Apply(LabPanelDetails d)
    {
        DrawDate = d.DrawDate;
        PlateletsE9PerL = d.PlateletsE9PerL;
        NeutrophilsE9PerL = d.NeutrophilsE9PerL;
        LymphocytesE9PerL = d.LymphocytesE9PerL;
        HaemoglobinGPerL = d.HaemoglobinGPerL;
        AlbuminGPerL = d.AlbuminGPerL;
    }
}
