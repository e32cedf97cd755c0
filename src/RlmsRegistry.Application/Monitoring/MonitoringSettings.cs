namespace RlmsRegistry.Application.Monitoring;

/// <summary>Settings of the monitoring worklists (configuration section "Monitoring").</summary>
public sealed class MonitoringSettings
{
    /// <summary>A patient is due for follow-up when the last contact is older than this many months (default 12).</summary>
    public int FollowUpDueMonths { get; set; } = 12;
}
