namespace RlmsRegistry.Application.Audit;

/// <summary>
/// One append-only line of the audit trail: who changed what, when, and why. Written in the same
/// transaction as the change. The application offers no way to change or delete these rows.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>
    /// The entities whose changes are registry data (what an analysis reads), as written in <see cref="Entity"/>; the
    /// rest of the trail is about accounts (roles, centres, passwords, failed sign-ins).
    /// </summary>
    public static readonly IReadOnlyList<string> RegistryDataEntities =
    [
        nameof(Domain.Centres.Centre), nameof(Domain.Patients.Patient), nameof(Domain.Clinical.Operation), nameof(Domain.Clinical.Pathology),
        nameof(Domain.Clinical.LabPanel), nameof(Domain.Clinical.FollowUpEvent),
    ];

    /// <summary>
    /// Stored domain entities that are about the data rather than data themselves (a monitor's queries): audited like the
    /// rest, but a change to them does not make the published analysis stale. Every stored domain entity is in exactly one
    /// of the two lists (a test checks it).
    /// </summary>
    public static readonly IReadOnlyList<string> MonitoringEntities = [nameof(Domain.Monitoring.DataQuery)];

    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? UserId { get; set; }

    public string UserName { get; set; } = string.Empty;

    public Guid? CentreId { get; set; }

    /// <summary>The patient whose case the record belongs to (patient, form or data query), so a case's history is one filter.</summary>
    public Guid? PatientId { get; set; }

    public string Entity { get; set; } = string.Empty;

    public string EntityKey { get; set; } = string.Empty;

    /// <summary>Insert, Update or Delete.</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>JSON array of { field, old, new }.</summary>
    public string Changes { get; set; } = "[]";

    public string? Reason { get; set; }
}
