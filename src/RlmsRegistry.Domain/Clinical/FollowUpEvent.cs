using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Domain.Clinical;

/// <summary>
/// One dated follow-up event of a patient (repeatable): a visit, a local recurrence, a distant metastasis, death or
/// loss to follow-up. Death is terminal and unique; <see cref="Patients.Patient"/> enforces the order of dates.
/// </summary>
public sealed class FollowUpEvent : ClinicalForm
{
    private FollowUpEvent()
    {
    }

    internal FollowUpEvent(Guid patientId, FollowUpEventDetails details)
        : base(Guid.CreateVersion7())
    {
        PatientId = patientId;
        Apply(details);
        MarkCreated();
    }

    public override FormKind Kind => FormKind.FollowUpEvent;

    public Guid PatientId { get; private set; }

    public DateOnly Date { get; private set; }

    public FollowUpEventType Type { get; private set; }

    public DiseaseStatus? DiseaseStatus { get; private set; }

    public MetastasisSite? Site { get; private set; }

    public CauseOfDeath? CauseOfDeath { get; private set; }

    /// <summary>Derived: the event is a local recurrence or a distant metastasis.</summary>
    public bool IsRecurrence => Type is FollowUpEventType.LocalRecurrence or FollowUpEventType.DistantMetastasis;

    public override IReadOnlyList<string> MissingMandatoryFields() => ToDetails().MissingMandatoryFields();

    public FollowUpEventDetails ToDetails() => new()
    {
        Date = Date,
        Type = Type,
        DiseaseStatus = DiseaseStatus,
        Site = Site,
        CauseOfDeath = CauseOfDeath,
    };

    internal static void Validate(FollowUpEventDetails d) => Check.Fields(FormDefinitions.FollowUpEvent, d);

    internal string? PrepareUpdate(FollowUpEventDetails details, string? editReason)
    {
        var reason = CheckEditable(editReason);
        Validate(details);
        CheckMandatoryKept(details.MissingMandatoryFields());
        return reason;
    }

    internal void Update(FollowUpEventDetails details, string? reason)
    {
        Apply(details);
        MarkEdited(reason);
    }

    private void Apply(FollowUpEventDetails d)
    {
        Date = d.Date;
        Type = d.Type;
        DiseaseStatus = d.DiseaseStatus;
        Site = d.Site;
        CauseOfDeath = d.CauseOfDeath;
    }
}
