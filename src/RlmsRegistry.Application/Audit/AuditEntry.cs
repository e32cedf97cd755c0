namespace RlmsRegistry.Application.Audit;

/// <summary>
/// One append-only line of the audit trail: who changed what, when, and why. Written in the same
/// transaction as the change. The application offers no way to change or delete these rows.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? UserId { get; set; }

    public string UserName { get; set; } = string.Empty;

    public Guid? CentreId { get; set; }

    public string Entity { get; set; } = string.Empty;

    public string EntityKey { get; set; } = string.Empty;

    /// <summary>Insert, Update or Delete.</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>JSON array of { field, old, new }.</summary>
    public string Changes { get; set; } = "[]";

    public string? Reason { get; set; }
}
