using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Domain.Patients;

/// <summary>
/// A registered patient. Holds no name or hospital number: the study ID is the only identifier,
/// and a local hospital number may be kept only as a keyed hash for duplicate detection.
/// </summary>
/// <remarks>
/// The patient is the aggregate of its case report forms: operations (each with at most one pathology report and one
/// pre-operative laboratory panel) and follow-up events. Every change goes through a method here, which checks the rules
/// across records (birth year ≤ operation date ≤ follow-up dates, nothing in the future, nothing after death, one death,
/// one primary operation, recurrences after a primary and numbered in date order) before anything is changed, so a
/// rejected change leaves the aggregate as it was.
/// </remarks>
public sealed class Patient : IVersioned, ICentreOwned
{
    public const int MinBirthYear = 1900;

    private readonly List<Operation> _operations = [];
    private readonly List<FollowUpEvent> _followUpEvents = [];

    private Patient()
    {
        StudyId = string.Empty;
    }

    public Patient(Guid centreId, string studyId, Sex sex, int birthYear, ConsentStatus consentStatus, IClock clock)
    {
        Id = Guid.CreateVersion7();
        CentreId = centreId;
        StudyId = studyId;
        CreatedAt = clock.UtcNow;
        Update(sex, birthYear, consentStatus, clock);
    }

    public Guid Id { get; private set; }

    public Guid CentreId { get; private set; }

    /// <summary><c>&lt;centre code&gt;-&lt;5-digit sequence&gt;</c>, assigned once, never reused.</summary>
    public string StudyId { get; private set; }

    public Sex Sex { get; private set; }

    public int BirthYear { get; private set; }

    public ConsentStatus ConsentStatus { get; private set; }

    /// <summary>Keyed hash (HMAC-SHA-256, hex) of the local hospital number, for duplicate detection only.</summary>
    public string? HospitalNumberHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>The patient's operations, in the order they were recorded.</summary>
    public IReadOnlyCollection<Operation> Operations => _operations.AsReadOnly();

    /// <summary>The patient's follow-up events, in the order they were recorded.</summary>
    public IReadOnlyCollection<FollowUpEvent> FollowUpEvents => _followUpEvents.AsReadOnly();

    public void Update(Sex sex, int birthYear, ConsentStatus consentStatus, IClock clock)
    {
        if (!Enum.IsDefined(sex))
        {
            throw new DomainRuleException(nameof(Sex), "Sex must be female or male.");
        }

        if (!Enum.IsDefined(consentStatus))
        {
            throw new DomainRuleException(nameof(ConsentStatus), "Consent status must be given, waived or withdrawn.");
        }

        ValidateBirthYear(birthYear, clock.Today.Year);
        if (EarliestRecordedDate() is { } earliest && earliest.Year < birthYear)
        {
            throw new DomainRuleException(nameof(BirthYear), $"Year of birth cannot be after the earliest recorded operation ({Check.Iso(earliest)}).");
        }

        Sex = sex;
        BirthYear = birthYear;
        ConsentStatus = consentStatus;
    }

    public void SetHospitalNumberHash(string? hash) => HospitalNumberHash = string.IsNullOrWhiteSpace(hash) ? null : hash;

    public void BumpVersion() => Version++;

    /// <summary>Records an operation (as a Draft) after checking it against the patient's other records.</summary>
    public Operation AddOperation(OperationDetails details, IClock clock)
    {
        Operation.Validate(details);
        CheckOperationAgainstRecord(null, details, clock);
        var operation = new Operation(Id, details);
        _operations.Add(operation);
        return operation;
    }

    /// <summary>Replaces an operation's values; a Complete operation needs <paramref name="editReason"/>, a locked one is refused.</summary>
    public void UpdateOperation(Guid operationId, OperationDetails details, string? editReason, IClock clock)
    {
        var operation = FindOperation(operationId);
        var reason = operation.PrepareUpdate(details, editReason);
        CheckOperationAgainstRecord(operation.Id, details, clock);
        operation.Update(details, reason);
    }

    /// <summary>Records the pathology report of an operation; an operation has at most one.</summary>
    public Pathology RecordPathology(Guid operationId, PathologyDetails details)
    {
        var operation = FindOperation(operationId);
        if (operation.Pathology is not null)
        {
            throw new DomainRuleException(string.Empty, "This operation already has a pathology report; edit that one.");
        }

        Pathology.Validate(details);
        var pathology = new Pathology(operation.Id, details);
        operation.AttachPathology(pathology);
        return pathology;
    }

    /// <summary>Replaces the values of an operation's pathology report.</summary>
    public void UpdatePathology(Guid operationId, PathologyDetails details, string? editReason)
    {
        var pathology = FindOperation(operationId).Pathology
            ?? throw new DomainRuleException(string.Empty, "This operation has no pathology report yet.");
        var reason = pathology.PrepareUpdate(details, editReason);
        pathology.Update(details, reason);
    }

    /// <summary>
    /// Records the pre-operative laboratory panel of an operation (at most one), drawn within
    /// <paramref name="windowDays"/> days before the operation, up to its day.
    /// </summary>
    public LabPanel RecordLabPanel(Guid operationId, LabPanelDetails details, int windowDays = LabPanel.DefaultWindowDays)
    {
        var operation = FindOperation(operationId);
        if (operation.LabPanel is not null)
        {
            throw new DomainRuleException(string.Empty, "This operation already has a pre-operative laboratory panel; edit that one.");
        }

        LabPanel.Validate(details, operation.Date, windowDays);
        var labPanel = new LabPanel(operation.Id, details);
        operation.AttachLabPanel(labPanel);
        return labPanel;
    }

    /// <summary>Replaces the values of an operation's laboratory panel; the draw date must again be within the window.</summary>
    public void UpdateLabPanel(Guid operationId, LabPanelDetails details, string? editReason, int windowDays = LabPanel.DefaultWindowDays)
    {
        var operation = FindOperation(operationId);
        var labPanel = operation.LabPanel
            ?? throw new DomainRuleException(string.Empty, "This operation has no laboratory panel yet.");
        var reason = labPanel.PrepareUpdate(details, operation.Date, windowDays, editReason);
        labPanel.Update(details, reason);
    }

    /// <summary>Records a follow-up event (as a Draft) after checking its date against the patient's other records.</summary>
    public FollowUpEvent AddFollowUpEvent(FollowUpEventDetails details, IClock clock)
    {
        FollowUpEvent.Validate(details);
        CheckEventAgainstRecord(null, details, clock);
        var followUpEvent = new FollowUpEvent(Id, details);
        _followUpEvents.Add(followUpEvent);
        return followUpEvent;
    }

    /// <summary>Replaces a follow-up event's values; a Complete event needs <paramref name="editReason"/>, a locked one is refused.</summary>
    public void UpdateFollowUpEvent(Guid eventId, FollowUpEventDetails details, string? editReason, IClock clock)
    {
        var followUpEvent = FindFollowUpEvent(eventId);
        var reason = followUpEvent.PrepareUpdate(details, editReason);
        CheckEventAgainstRecord(followUpEvent.Id, details, clock);
        followUpEvent.Update(details, reason);
    }

    /// <summary>
    /// Removes a follow-up event; a Complete event needs <paramref name="editReason"/>, a locked one is refused.
    /// The removed event keeps a <see cref="FormChangeKind.Removed"/> change with the reason for the audit trail.
    /// </summary>
    public void RemoveFollowUpEvent(Guid eventId, string? editReason)
    {
        var followUpEvent = FindFollowUpEvent(eventId);
        var reason = followUpEvent.CheckEditable(editReason);
        _followUpEvents.Remove(followUpEvent);
        followUpEvent.MarkRemoved(reason);
    }

    /// <summary>The registry's primary operation of this patient, if any.</summary>
    public Operation? FindPrimaryOperation() => _operations.FirstOrDefault(o => o.Setting == OperationSetting.Primary);

    /// <summary>The earliest recurrence operation recorded in the registry, if any.</summary>
    public Operation? FindFirstRecurrenceOperation() => _operations
        .Where(o => o.Setting == OperationSetting.Recurrence)
        .OrderBy(o => o.Date)
        .ThenBy(o => o.RecurrenceNumber)
        .FirstOrDefault();

    /// <summary>The death event, if recorded.</summary>
    public FollowUpEvent? FindDeath() => _followUpEvents.FirstOrDefault(e => e.Type == FollowUpEventType.Death);

    /// <summary>
    /// A read-only copy of the patient holding only the Complete forms (operations, their pathology and laboratory panels,
    /// follow-up events), for the analysis: a Draft is still being entered and its values are not yet data. Never saved.
    /// </summary>
    public Patient WithCompleteFormsOnly()
    {
        var copy = new Patient
        {
            Id = Id, CentreId = CentreId, StudyId = StudyId, Sex = Sex, BirthYear = BirthYear, ConsentStatus = ConsentStatus,
            HospitalNumberHash = HospitalNumberHash, CreatedAt = CreatedAt, Version = Version,
        };
        copy._operations.AddRange(_operations.Where(o => o.Status == RecordStatus.Complete).Select(o => o.WithCompleteAttachmentsOnly()));
        copy._followUpEvents.AddRange(_followUpEvents.Where(e => e.Status == RecordStatus.Complete));
        return copy;
    }

    /// <summary>Date of the earliest operation in the registry; follow-up starts there.</summary>
    public DateOnly? FirstOperationDate() => _operations.Count == 0 ? null : _operations.Min(o => o.Date);

    /// <summary>The latest date the patient was known alive: the latest operation or non-death follow-up event.</summary>
    public DateOnly? LastKnownAliveDate()
    {
        var dates = _operations.Select(o => o.Date)
            .Concat(_followUpEvents.Where(e => e.Type != FollowUpEventType.Death).Select(e => e.Date))
            .ToList();
        return dates.Count == 0 ? null : dates.Max();
    }

    /// <summary>
    /// Derived post-operative mortality (use 30 or 90 days): true when death is recorded within <paramref name="days"/>
    /// days of the operation, false when the patient died later or was known alive on that day, null while unknown.
    /// </summary>
    public bool? PostoperativeMortality(Guid operationId, int days)
    {
        var horizon = FindOperation(operationId).Date.AddDays(days);
        if (FindDeath() is { } death)
        {
            return death.Date <= horizon;
        }

        return LastKnownAliveDate() >= horizon ? false : null;
    }

    private Operation FindOperation(Guid operationId) =>
        _operations.FirstOrDefault(o => o.Id == operationId)
        ?? throw new DomainRuleException("OperationId", "This patient has no such operation.");

    private FollowUpEvent FindFollowUpEvent(Guid eventId) =>
        _followUpEvents.FirstOrDefault(e => e.Id == eventId)
        ?? throw new DomainRuleException("FollowUpEventId", "This patient has no such follow-up event.");

    private DateOnly? EarliestRecordedDate()
    {
        var dates = _operations.Select(o => o.Date)
            .Concat(_operations.Where(o => o.OutsidePrimaryDate is not null).Select(o => o.OutsidePrimaryDate!.Value))
            .ToList();
        return dates.Count == 0 ? null : dates.Min();
    }

    /// <summary>The rules between an operation (new or edited: <paramref name="operationId"/>) and the rest of the record.</summary>
    private void CheckOperationAgainstRecord(Guid? operationId, OperationDetails candidate, IClock clock)
    {
        if (candidate.Date > clock.Today)
        {
            throw new DomainRuleException(nameof(Operation.Date), "The operation date cannot be in the future.");
        }

        if (candidate.Date.Year < BirthYear)
        {
            throw new DomainRuleException(nameof(Operation.Date), $"The operation date cannot be before the year of birth ({BirthYear}).");
        }

        if (candidate.OutsidePrimaryDate is { } outsideDate && outsideDate.Year < BirthYear)
        {
            throw new DomainRuleException(nameof(Operation.OutsidePrimaryDate), $"The outside primary date cannot be before the year of birth ({BirthYear}).");
        }

        if (FindDeath() is { } death && candidate.Date > death.Date)
        {
            throw new DomainRuleException(nameof(Operation.Date), $"Nothing may be dated after the patient's death ({Check.Iso(death.Date)}).");
        }

        var others = _operations.Where(o => o.Id != operationId).ToList();
        var firstOperationDate = others.Select(o => o.Date).Append(candidate.Date).Min();
        if (_followUpEvents.Where(e => e.Date < firstOperationDate).MinBy(e => e.Date) is { } early)
        {
            throw new DomainRuleException(nameof(Operation.Date), $"A follow-up event ({Check.Iso(early.Date)}) would then precede the patient's first operation.");
        }

        if (candidate.Setting == OperationSetting.Primary)
        {
            CheckPrimaryAgainstOthers(candidate, others);
        }
        else
        {
            CheckRecurrenceAgainstOthers(candidate, others);
        }
    }

    private static void CheckPrimaryAgainstOthers(OperationDetails candidate, List<Operation> others)
    {
        if (others.FirstOrDefault(o => o.Setting == OperationSetting.Primary) is { } primary)
        {
            throw new DomainRuleException(nameof(Operation.Setting), $"The patient already has a primary operation ({Check.Iso(primary.Date)}).");
        }

        if (others.Any(o => o.PrimaryOperatedOutside))
        {
            throw new DomainRuleException(nameof(Operation.Setting), "A recurrence operation declares this patient's primary operation as done outside the registry.");
        }

        if (others.Where(o => o.Setting == OperationSetting.Recurrence && o.Date <= candidate.Date).MinBy(o => o.Date) is { } recurrence)
        {
            throw new DomainRuleException(nameof(Operation.Date), $"The primary operation must precede the recurrence operation of {Check.Iso(recurrence.Date)}.");
        }
    }

    private static void CheckRecurrenceAgainstOthers(OperationDetails candidate, List<Operation> others)
    {
        var primary = others.FirstOrDefault(o => o.Setting == OperationSetting.Primary);
        if (candidate.PrimaryOperatedOutside)
        {
            if (primary is not null)
            {
                throw new DomainRuleException(nameof(Operation.PrimaryOperatedOutside), $"The registry holds this patient's primary operation ({Check.Iso(primary.Date)}).");
            }
        }
        else if (primary is null || primary.Date >= candidate.Date)
        {
            throw new DomainRuleException(nameof(Operation.PrimaryOperatedOutside), "A recurrence operation needs an earlier primary operation in the registry, or the primary declared as operated outside.");
        }

        if (primary is null && others.Any(o => o.Setting == OperationSetting.Recurrence && !o.PrimaryOperatedOutside))
        {
            throw new DomainRuleException(nameof(Operation.Setting), "Other recurrence operations rely on this operation as the patient's primary operation.");
        }

        var number = candidate.RecurrenceNumber;
        if (others.FirstOrDefault(o => o.RecurrenceNumber == number) is { } duplicate)
        {
            throw new DomainRuleException(nameof(Operation.RecurrenceNumber), $"Recurrence no. {number} is already recorded ({Check.Iso(duplicate.Date)}).");
        }

        var outOfOrder = others.FirstOrDefault(o => o.Setting == OperationSetting.Recurrence
            && ((o.Date < candidate.Date && o.RecurrenceNumber > number) || (o.Date > candidate.Date && o.RecurrenceNumber < number)));
        if (outOfOrder is not null)
        {
            throw new DomainRuleException(nameof(Operation.RecurrenceNumber), $"Recurrence numbers follow the dates: recurrence no. {outOfOrder.RecurrenceNumber} is dated {Check.Iso(outOfOrder.Date)}.");
        }

        if (candidate.OutsidePrimaryDate is { } outsideDate
            && others.FirstOrDefault(o => o.OutsidePrimaryDate is { } other && other != outsideDate) is { } conflicting)
        {
            throw new DomainRuleException(nameof(Operation.OutsidePrimaryDate), $"Recurrence no. {conflicting.RecurrenceNumber} gives the outside primary date as {Check.Iso(conflicting.OutsidePrimaryDate!.Value)}.");
        }
    }

    /// <summary>The rules between a follow-up event (new or edited: <paramref name="eventId"/>) and the rest of the record.</summary>
    private void CheckEventAgainstRecord(Guid? eventId, FollowUpEventDetails candidate, IClock clock)
    {
        if (candidate.Date > clock.Today)
        {
            throw new DomainRuleException(nameof(FollowUpEvent.Date), "The event date cannot be in the future.");
        }

        var firstOperation = FirstOperationDate()
            ?? throw new DomainRuleException(nameof(FollowUpEvent.Date), "Follow-up starts at the first operation: record the operation first.");
        if (candidate.Date < firstOperation)
        {
            throw new DomainRuleException(nameof(FollowUpEvent.Date), $"Follow-up cannot start before the patient's first operation ({Check.Iso(firstOperation)}).");
        }

        var others = _followUpEvents.Where(e => e.Id != eventId).ToList();
        var death = others.FirstOrDefault(e => e.Type == FollowUpEventType.Death);
        if (candidate.Type != FollowUpEventType.Death)
        {
            if (death is not null && candidate.Date > death.Date)
            {
                throw new DomainRuleException(nameof(FollowUpEvent.Date), $"Nothing may be dated after the patient's death ({Check.Iso(death.Date)}).");
            }

            return;
        }

        if (death is not null)
        {
            throw new DomainRuleException(nameof(FollowUpEvent.Type), $"A death is already recorded ({Check.Iso(death.Date)}).");
        }

        var latest = others.Select(e => e.Date).Concat(_operations.Select(o => o.Date)).Max();
        if (latest > candidate.Date)
        {
            throw new DomainRuleException(nameof(FollowUpEvent.Date), $"Death is terminal, but the record continues until {Check.Iso(latest)}.");
        }
    }

    public static void ValidateBirthYear(int birthYear, int currentYear)
    {
        if (birthYear < MinBirthYear || birthYear > currentYear)
        {
            throw new DomainRuleException(nameof(BirthYear), $"Year of birth must be between {MinBirthYear} and {currentYear}.");
        }
    }
}
