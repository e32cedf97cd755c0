using System.Globalization;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Domain.Clinical;

/// <summary>
/// What every case report form shares: a Draft → Complete status, a lock set by a monitor, and the
/// reason given for the last edit of a completed form.
/// </summary>
/// <remarks>
/// Rules: <see cref="Complete"/> needs every field of <see cref="MissingMandatoryFields"/>; a completed form is
/// edited only with a reason and keeps its mandatory fields; a locked form is neither edited, completed nor removed.
/// Each change is queued as a <see cref="FormChange"/>; the application drains the queue with
/// <see cref="TakePendingChanges"/> when it saves and writes it to the audit trail, with the reason.
/// </remarks>
public abstract class ClinicalForm : IVersioned
{
    /// <summary>Field name used when the reason for editing a completed form is missing or too long.</summary>
    public const string EditReasonField = "EditReason";

    public const int EditReasonMaxLength = 500;

    private readonly List<FormChange> _pendingChanges = [];

    /// <summary>For the persistence layer.</summary>
    protected ClinicalForm()
    {
    }

    /// <summary>A new Draft form.</summary>
    protected ClinicalForm(Guid id)
    {
        Id = id;
        Status = RecordStatus.Draft;
    }

    public Guid Id { get; private set; }

    public RecordStatus Status { get; private set; }

    /// <summary>Set by a monitor after source-data verification; a locked form cannot be changed until unlocked.</summary>
    public bool IsLocked { get; private set; }

    /// <summary>The reason given for the latest edit (required once the form is Complete), or null.</summary>
    public string? LastEditReason { get; private set; }

    public int Version { get; private set; }

    /// <summary>Source-data verification: a monitor compared the Complete form with the source documents.</summary>
    public bool IsVerified { get; private set; }

    /// <summary>Who verified the form, and when (UTC), while <see cref="IsVerified"/>.</summary>
    public string? VerifiedBy { get; private set; }

    public DateTimeOffset? VerifiedAt { get; private set; }

    /// <summary>Why a verification mark was lost (an edit after verification), shown until the form is verified again.</summary>
    public string? VerificationLostReason { get; private set; }

    /// <summary>Which form this is.</summary>
    public abstract FormKind Kind { get; }

    /// <summary>The PascalCase names of the mandatory fields still empty; empty when the form can be completed.</summary>
    public abstract IReadOnlyList<string> MissingMandatoryFields();

    /// <summary>Marks the form Complete; refused while a mandatory field is empty (the first one is named) or the form is locked.</summary>
    public void Complete()
    {
        EnsureNotLocked();
        if (Status == RecordStatus.Complete)
        {
            return;
        }

        var missing = MissingMandatoryFields();
        if (missing.Count > 0)
        {
            throw new DomainRuleException(missing[0], $"The {Label} cannot be completed: {string.Join(", ", missing)} missing.");
        }

        Status = RecordStatus.Complete;
        Queue(FormChangeKind.Completed, null);
    }

    /// <summary>Locks the form against any change (a monitor's action).</summary>
    public void Lock()
    {
        if (!IsLocked)
        {
            IsLocked = true;
            Queue(FormChangeKind.Locked, null);
        }
    }

    /// <summary>Lifts the lock.</summary>
    public void Unlock()
    {
        if (IsLocked)
        {
            IsLocked = false;
            Queue(FormChangeKind.Unlocked, null);
        }
    }

    /// <summary>Marks a Complete form as source-data verified (a monitor's action).</summary>
    public void Verify(string by, DateTimeOffset at)
    {
        if (Status != RecordStatus.Complete)
        {
            throw new DomainRuleException(nameof(Status), $"Only a complete {Label} can be marked as verified.");
        }

        IsVerified = true;
        VerifiedBy = by;
        VerifiedAt = at;
        VerificationLostReason = null;
    }

    /// <summary>Takes the verification mark away (a monitor's action).</summary>
    public void Unverify()
    {
        IsVerified = false;
        VerifiedBy = null;
        VerifiedAt = null;
    }

    public void BumpVersion() => Version++;

    /// <summary>Returns the changes made since the last call and forgets them; the application audits them on save.</summary>
    public IReadOnlyList<FormChange> TakePendingChanges()
    {
        var taken = _pendingChanges.ToArray();
        _pendingChanges.Clear();
        return taken;
    }

    /// <summary>
    /// Checks the form may be edited: not locked, and, once Complete, a non-empty reason is given.
    /// Returns the trimmed reason (null when none was given for a Draft).
    /// </summary>
    internal string? CheckEditable(string? editReason)
    {
        EnsureNotLocked();
        var reason = string.IsNullOrWhiteSpace(editReason) ? null : editReason.Trim();
        if (Status == RecordStatus.Complete && reason is null)
        {
            throw new DomainRuleException(EditReasonField, $"The {Label} is complete: give a reason for the change.");
        }

        if (reason is { Length: > EditReasonMaxLength })
        {
            throw new DomainRuleException(EditReasonField, $"The reason may have at most {EditReasonMaxLength} characters.");
        }

        return reason;
    }

    /// <summary>A completed form must keep its mandatory fields after an edit.</summary>
    internal void CheckMandatoryKept(IReadOnlyList<string> missingAfterEdit)
    {
        if (Status == RecordStatus.Complete && missingAfterEdit.Count > 0)
        {
            throw new DomainRuleException(missingAfterEdit[0], $"The {Label} is complete: {missingAfterEdit[0]} cannot be emptied.");
        }
    }

    /// <summary>Called at the end of a derived constructor, once <see cref="Kind"/> is answerable.</summary>
    internal void MarkCreated() => Queue(FormChangeKind.Created, null);

    internal void MarkEdited(string? reason)
    {
        LastEditReason = reason;
        LoseVerification(reason);
        Queue(FormChangeKind.Edited, reason);
    }

    internal void MarkRemoved(string? reason)
    {
        LastEditReason = reason;
        Queue(FormChangeKind.Removed, reason);
    }

    private string Label => Kind switch
    {
        FormKind.Operation => "operation form",
        FormKind.Pathology => "pathology report",
        FormKind.LabPanel => "laboratory panel",
        _ => "follow-up event",
    };

    /// <summary>An edit after verification means the values are no longer the ones the monitor checked.</summary>
    private void LoseVerification(string? reason)
    {
        if (IsVerified)
        {
            VerificationLostReason = string.Create(CultureInfo.InvariantCulture, $"Edited after verification by {VerifiedBy} on {VerifiedAt:yyyy-MM-dd}") + (reason is null ? "." : $": “{reason}”.");
            Unverify();
        }
    }

    private void EnsureNotLocked()
    {
        if (IsLocked)
        {
            throw new DomainRuleException(string.Empty, $"The {Label} is locked by a monitor and cannot be changed.");
        }
    }

    private void Queue(FormChangeKind change, string? reason) => _pendingChanges.Add(new FormChange(Kind, Id, change, reason));
}

/// <summary>One change to a form, for the audit trail: which form, what happened, and the reason given.</summary>
public sealed record FormChange(FormKind Form, Guid FormId, FormChangeKind Change, string? Reason);
