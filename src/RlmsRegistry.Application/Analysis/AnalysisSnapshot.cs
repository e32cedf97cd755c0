namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// One published, immutable analysis: the results of a refit with everything needed to trust and reproduce them
/// months later — when, why and by whom it ran, the settings, the SHA-256 fingerprint of the exact analysis dataset,
/// the counts per centre and the engine version. Inserted once, in one transaction, never updated: readers see the
/// previous snapshot or the complete new one. The latest by <see cref="CreatedAt"/> is the current one.
/// </summary>
public sealed class AnalysisSnapshot
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>"schedule" or "manual".</summary>
    public string Trigger { get; set; } = "schedule";

    /// <summary>Who asked for a manual run (their e-mail), or the system principal's name.</summary>
    public string TriggeredBy { get; set; } = string.Empty;

    /// <summary>SHA-256 (lowercase hex) of the canonical analysis dataset the results were computed from.</summary>
    public string DataFingerprint { get; set; } = string.Empty;

    /// <summary>The settings the run used, as JSON (<see cref="AnalysisSettings"/>).</summary>
    public string SettingsJson { get; set; } = "{}";

    /// <summary>The engine's informational version, including the git commit.</summary>
    public string EngineVersion { get; set; } = string.Empty;

    public int Patients { get; set; }

    public int Events { get; set; }

    /// <summary>Patients, events and censored per centre and cohort, as JSON.</summary>
    public string CountsJson { get; set; } = "[]";

    /// <summary>The full results (<see cref="AnalysisResults"/>) as JSON.</summary>
    public string ResultsJson { get; set; } = "{}";

    /// <summary>
    /// The de-identified analysis dataset the results were computed from (CSV of both cohorts, as the analysis-dataset
    /// export writes it), kept with the snapshot so its reproducibility bundle can be rebuilt at any later time.
    /// </summary>
    public string DatasetCsv { get; set; } = string.Empty;
}
