namespace RlmsRegistry.Application.Analysis.Refits;

public sealed record AnalysisRunDto(
    Guid Id, string Status, int Progress, string? Message, string Trigger, string TriggeredBy,
    DateTimeOffset RequestedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int Attempts, Guid? SnapshotId);

public static class AnalysisRunDtos
{
    public static AnalysisRunDto From(AnalysisRun r) =>
        new(r.Id, r.Status, r.Progress, r.Message, r.Trigger, r.TriggeredBy, r.RequestedAt, r.StartedAt, r.FinishedAt, r.Attempts, r.SnapshotId);
}
