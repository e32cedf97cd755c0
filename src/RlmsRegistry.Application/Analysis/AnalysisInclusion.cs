using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// Which of a patient's forms the analysis takes: Complete forms only, unless <see cref="AnalysisSettings.IncludeDraftForms"/>
/// (docs/decisions/0011). A patient whose index operation is still a Draft is left out of that cohort and counted, so the cohort
/// pages can say "n patients left out: index operation not complete".
/// </summary>
public static class AnalysisInclusion
{
    /// <summary>The patient's analysis rows and the cohorts the patient was left out of because the index operation is a Draft.</summary>
    public static (IReadOnlyList<AnalysisRow> Rows, IReadOnlyList<Cohort> LeftOut) Rows(Patient patient, string centreCode, AnalysisSettings settings)
    {
        if (settings.IncludeDraftForms)
        {
            return (CohortDerivation.Rows(patient, centreCode), []);
        }

        var complete = patient.WithCompleteFormsOnly();
        var rows = CohortDerivation.Rows(complete, centreCode);
        var leftOut = new List<Cohort>(0);
        if (patient.FindPrimaryOperation() is not null && complete.FindPrimaryOperation() is null)
        {
            leftOut.Add(Cohort.Primary);
        }

        if (patient.FindFirstRecurrenceOperation() is not null && complete.FindFirstRecurrenceOperation() is null)
        {
            leftOut.Add(Cohort.Recurrent);
        }

        return (rows, leftOut);
    }

    /// <summary>The words the cohort pages show.</summary>
    public static string LeftOutText(int count) =>
        $"{count} {(count == 1 ? "patient" : "patients")} left out: index operation not complete";
}
