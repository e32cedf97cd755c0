namespace RlmsRegistry.Application.Analysis.Refits;

/// <summary>A snapshot's metadata with its settings and results as stored (JSON text, passed through unchanged).</summary>
public sealed record SnapshotDto(SnapshotSummaryDto Snapshot, string SettingsJson, string CountsJson, string ResultsJson);
