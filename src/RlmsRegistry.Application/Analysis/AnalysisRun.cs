namespace RlmsRegistry.Application.Analysis;

/// <summary>One refit run, from the request to its outcome, for the status URL and the admin page. Updated by the job.</summary>
public sealed class AnalysisRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>"schedule" or "manual".</summary>
    public string Trigger { get; set; } = "manual";

    public string TriggeredBy { get; set; } = string.Empty;

    /// <summary>queued, running, succeeded, unchanged or failed.</summary>
    public string Status { get; set; } = RunStatus.Queued;

    /// <summary>0–100 while running.</summary>
    public int Progress { get; set; }

    /// <summary>What the run is doing now, or why it failed.</summary>
    public string? Message { get; set; }

    public int Attempts { get; set; }

    public Guid? SnapshotId { get; set; }

    public string? JobId { get; set; }
}
