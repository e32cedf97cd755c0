namespace RlmsRegistry.Application.Analysis.Refits;

public sealed record SnapshotSummaryDto(
    Guid Id, DateTimeOffset CreatedAt, string Trigger, string TriggeredBy, string DataFingerprint, string EngineVersion, int Patients, int Events);
