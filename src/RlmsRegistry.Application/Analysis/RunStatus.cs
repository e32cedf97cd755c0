namespace RlmsRegistry.Application.Analysis;

/// <summary>Where a refit run stands, as stored in <see cref="AnalysisRun.Status"/>.</summary>
public static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Unchanged = "unchanged";
    public const string Failed = "failed";
}
