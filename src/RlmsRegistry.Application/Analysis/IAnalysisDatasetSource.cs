namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// The named query service behind the analysis dataset: every centre's patients (deliberately past the centre filter,
/// the dataset is de-identified and pooled), consent not withdrawn, each with operations, pathology, labs and follow-up,
/// read untracked in batches of split queries so that 100,000 patients cost a few hundred round trips, not N+1.
/// </summary>
public interface IAnalysisDatasetSource
{
    IAsyncEnumerable<AnalysisPatient> PatientsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Hands every patient (as <see cref="PatientsAsync"/>) to <paramref name="visit"/> from one consistent view of the
    /// registry — one read transaction: repeatable read on PostgreSQL, snapshot on SQL Server, a WAL read transaction on
    /// SQLite — and returns the audit trail's high-water mark in that same view (the last change the figures include).
    /// </summary>
    Task<long> ReadConsistentlyAsync(Action<AnalysisPatient> visit, CancellationToken cancellationToken);
}
