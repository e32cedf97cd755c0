using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Analysis;

/// <summary>A patient with every form loaded, and the code of its centre.</summary>
public sealed record AnalysisPatient(Patient Patient, string CentreCode);

/// <summary>
/// The named query service behind the analysis dataset: every centre's patients (deliberately past the centre filter,
/// the dataset is de-identified and pooled), consent not withdrawn, each with operations, pathology, labs and follow-up,
/// read untracked in batches of split queries so that 100,000 patients cost a few hundred round trips, not N+1.
/// </summary>
public interface IAnalysisDatasetSource
{
    IAsyncEnumerable<AnalysisPatient> PatientsAsync(CancellationToken cancellationToken);
}
