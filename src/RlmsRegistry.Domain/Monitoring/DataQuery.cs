using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Domain.Monitoring;

/// <summary>Where a data query stands: a monitor opens it, the centre answers, the monitor closes (or re-opens) it.</summary>
public enum QueryStatus
{
    Open = 1,
    Answered = 2,
    Closed = 3,
}

/// <summary>
/// A monitor's question about one case report form, optionally about one of its fields ("is this 1.6 or 16?").
/// </summary>
/// <remarks>
/// States: open → answered → closed; the monitor may re-open an answered or closed query, and may close an open one
/// without an answer (raised in error). Owned by the form's centre (the same scope as the form). Each transition keeps
/// who acted and when on the record; the full history of texts is in the audit trail.
/// </remarks>
public sealed class DataQuery : IVersioned, ICentreOwned
{
    public const int TextMaxLength = 1000;
    public const int FieldMaxLength = 64;

    private DataQuery()
    {
    }

    private DataQuery(Guid centreId, Guid patientId, FormKind formKind, Guid formId, string? field, string text, string by, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        CentreId = centreId;
        PatientId = patientId;
        FormKind = formKind;
        FormId = formId;
        Field = field;
        Text = text;
        Status = QueryStatus.Open;
        OpenedBy = by;
        OpenedAt = at;
    }

    public Guid Id { get; private set; }

    public Guid CentreId { get; private set; }

    public Guid PatientId { get; private set; }

    public FormKind FormKind { get; private set; }

    public Guid FormId { get; private set; }

    /// <summary>The queried field (camelCase, as the API names it), or null for a question about the whole form.</summary>
    public string? Field { get; private set; }

    /// <summary>The monitor's question.</summary>
    public string Text { get; private set; } = string.Empty;

    public QueryStatus Status { get; private set; }

    public string OpenedBy { get; private set; } = string.Empty;

    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>The centre's latest answer.</summary>
    public string? Answer { get; private set; }

    public string? AnsweredBy { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    /// <summary>The monitor's latest remark when closing or re-opening.</summary>
    public string? MonitorNote { get; private set; }

    public string? ClosedBy { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>Opens a query on a form of the given patient and centre.</summary>
    public static DataQuery Open(Guid centreId, Guid patientId, FormKind formKind, Guid formId, string? field, string text, string by, DateTimeOffset at)
    {
        var question = Required(text, nameof(Text), "Write the question for the centre.");
        var f = string.IsNullOrWhiteSpace(field) ? null : field.Trim();
        if (f is { Length: > FieldMaxLength })
        {
            throw new DomainRuleException(nameof(Field), $"The field name may have at most {FieldMaxLength} characters.");
        }

        return new DataQuery(centreId, patientId, formKind, formId, f, question, by, at);
    }

    /// <summary>The centre answers an open query.</summary>
    public void Respond(string text, string by, DateTimeOffset at)
    {
        if (Status != QueryStatus.Open)
        {
            throw new DomainRuleException(nameof(Status), $"Only an open query can be answered; this one is {Status.ToString().ToLowerInvariant()}.");
        }

        Answer = Required(text, nameof(Text), "Write the answer for the monitor.");
        AnsweredBy = by;
        AnsweredAt = at;
        Status = QueryStatus.Answered;
    }

    /// <summary>The monitor closes an open or answered query.</summary>
    public void Close(string? note, string by, DateTimeOffset at)
    {
        if (Status == QueryStatus.Closed)
        {
            throw new DomainRuleException(nameof(Status), "The query is already closed.");
        }

        MonitorNote = Optional(note);
        ClosedBy = by;
        ClosedAt = at;
        Status = QueryStatus.Closed;
    }

    /// <summary>The monitor re-opens an answered or closed query (the answer did not settle it); who did it is in the audit trail.</summary>
    public void Reopen(string? note)
    {
        if (Status == QueryStatus.Open)
        {
            throw new DomainRuleException(nameof(Status), "The query is already open.");
        }

        MonitorNote = Optional(note);
        ClosedBy = null;
        ClosedAt = null;
        Status = QueryStatus.Open;
    }

    public void BumpVersion() => Version++;

    private static string Required(string? text, string field, string message)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainRuleException(field, message);
        }

        return Optional(text)!;
    }

    private static string? Optional(string? text)
    {
        var t = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (t is { Length: > TextMaxLength })
        {
            throw new DomainRuleException(nameof(Text), $"The text may have at most {TextMaxLength} characters.");
        }

        return t;
    }
}
