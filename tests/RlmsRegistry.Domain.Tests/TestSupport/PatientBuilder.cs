using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Domain.Tests.TestSupport;

/// <summary>
/// Builds a patient through the aggregate's own methods, so every built patient obeys the rules.
/// Pathology and lab panel go to the operation added last.
/// </summary>
internal sealed class PatientBuilder
{
    private readonly List<Action<Patient>> _steps = [];
    private readonly IClock _clock;
    private int _birthYear = 1960;
    private Sex _sex = Sex.Female;
    private string _studyId = "PUMCH-00001";
    private Operation? _lastOperation;

    public PatientBuilder(IClock? clock = null) => _clock = clock ?? FixedClock.Default;

    public PatientBuilder BornIn(int year)
    {
        _birthYear = year;
        return this;
    }

    public PatientBuilder WithSex(Sex sex)
    {
        _sex = sex;
        return this;
    }

    public PatientBuilder WithStudyId(string studyId)
    {
        _studyId = studyId;
        return this;
    }

    public PatientBuilder WithOperation(OperationDetails details)
    {
        _steps.Add(p => _lastOperation = p.AddOperation(details, _clock));
        return this;
    }

    public PatientBuilder WithPrimaryOperation(DateOnly date, Func<OperationDetails, OperationDetails>? change = null) =>
        WithOperation(change is null ? Forms.Primary(date) : change(Forms.Primary(date)));

    public PatientBuilder WithRecurrenceOperation(DateOnly date, int number = 1, bool primaryOutside = false, DateOnly? outsidePrimaryDate = null) =>
        WithOperation(Forms.Recurrence(date, number, primaryOutside, outsidePrimaryDate));

    public PatientBuilder WithPathology(PathologyDetails details)
    {
        _steps.Add(p => p.RecordPathology(_lastOperation!.Id, details));
        return this;
    }

    public PatientBuilder WithLabPanel(LabPanelDetails details)
    {
        _steps.Add(p => p.RecordLabPanel(_lastOperation!.Id, details));
        return this;
    }

    public PatientBuilder WithEvent(DateOnly date, FollowUpEventType type) => WithEvent(Forms.Event(date, type));

    public PatientBuilder WithEvent(FollowUpEventDetails details)
    {
        _steps.Add(p => p.AddFollowUpEvent(details, _clock));
        return this;
    }

    public PatientBuilder WithVisit(DateOnly date) => WithEvent(date, FollowUpEventType.Visit);

    public PatientBuilder WithDeath(DateOnly date) => WithEvent(date, FollowUpEventType.Death);

    public Patient Build()
    {
        var patient = new Patient(Guid.CreateVersion7(), _studyId, _sex, _birthYear, ConsentStatus.Given, _clock);
        foreach (var step in _steps)
        {
            step(patient);
        }

        return patient;
    }
}
