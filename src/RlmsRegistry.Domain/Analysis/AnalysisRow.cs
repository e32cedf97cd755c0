using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Domain.Analysis;

/// <summary>The cohort a row belongs to; a patient operated for the primary and later for a recurrence is in both.</summary>
public enum Cohort
{
    /// <summary>Index operation: the registry's primary operation.</summary>
    Primary = 1,

    /// <summary>Index operation: the first recurrence operation recorded in the registry.</summary>
    Recurrent = 2,
}

/// <summary>
/// One patient in one cohort, as a statistician's data set row (one row per patient and cohort). Times are in months
/// (days / 30.4375) from the index date; covariates come from the index operation and its pathology and lab panel.
/// </summary>
/// <param name="StudyId">The patient's study ID.</param>
/// <param name="CentreCode">The patient's centre code.</param>
/// <param name="Cohort">Primary or recurrent cohort.</param>
/// <param name="IndexDate">Time zero: the date of the index operation.</param>
/// <param name="AgeAtSurgery">Index year minus year of birth (only the year of birth is held).</param>
/// <param name="Sex">The patient's sex.</param>
/// <param name="MaxDiameterCm">Maximum tumour diameter at the index operation, cm.</param>
/// <param name="FnclccGrade">FNCLCC grade of the index operation (derived from the components, else as reported).</param>
/// <param name="PlateletsE9PerL">Pre-operative platelets of the index operation, ×10⁹/L.</param>
/// <param name="Nlr">Pre-operative neutrophil/lymphocyte ratio of the index operation.</param>
/// <param name="Resection">Completeness of resection at the index operation.</param>
/// <param name="Multifocal">Multifocal tumour at the index operation.</param>
/// <param name="DfiMonths">Disease-free interval (recurrent cohort only; null when unknown or for the primary cohort).</param>
/// <param name="OsMonths">Overall survival time from the index date to death or last known alive.</param>
/// <param name="OsEvent">1 = died (any cause), 0 = censored at last known alive.</param>
public sealed record AnalysisRow(
    string StudyId,
    string CentreCode,
    Cohort Cohort,
    DateOnly IndexDate,
    int AgeAtSurgery,
    Sex Sex,
    decimal? MaxDiameterCm,
    FnclccGrade? FnclccGrade,
    decimal? PlateletsE9PerL,
    decimal? Nlr,
    ResectionCompleteness? Resection,
    bool? Multifocal,
    double? DfiMonths,
    double OsMonths,
    int OsEvent)
{
    /// <summary>
    /// Competing-risks endpoint: months from the index date to the first recurrence (local or distant), to death
    /// without a prior recurrence, or to the last contact (see <see cref="CohortDerivation.Recurrence"/>).
    /// </summary>
    public double RecurrenceMonths { get; init; }

    /// <summary>0 = censored at the last contact, 1 = local recurrence first, 2 = distant metastasis first, 3 = death without a prior recurrence.</summary>
    public int RecurrenceStatus { get; init; }

    /// <summary>Months from the index date to the first local recurrence after it, whatever came before; null when none is recorded.</summary>
    public double? LocalRecurrenceMonths { get; init; }

    /// <summary>Months from the index date to the first distant metastasis after it, whatever came before; null when none is recorded.</summary>
    public double? DistantMetastasisMonths { get; init; }
}
