using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Forms;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Domain.Analysis;

/// <summary>What a data manager is asked to look at.</summary>
public enum DataQualityIssueKind
{
    /// <summary>An operation without its pathology report or pre-operative laboratory panel.</summary>
    MissingForm = 1,

    /// <summary>A mandatory field still empty (the form cannot be completed).</summary>
    MissingMandatoryField = 2,

    /// <summary>The FNCLCC grade derived from the components differs from the reported grade.</summary>
    GradeConflict = 3,

    /// <summary>The laboratory panel was not drawn within the window before its operation (e.g. after the operation date was corrected).</summary>
    LabOutsideWindow = 4,

    /// <summary>The patient is not known to have died and has no news for more than the allowed months.</summary>
    FollowUpOverdue = 5,

    /// <summary>A saved value inside the hard range but outside the field's plausible range (e.g. lymphocytes 16 ×10⁹/L): to be checked.</summary>
    ImplausibleValue = 6,
}

/// <summary>One data-quality finding: the form (and field) concerned and a sentence for the data manager.</summary>
/// <param name="Kind">What kind of finding.</param>
/// <param name="Form">The form concerned (for a missing form, the form that is missing).</param>
/// <param name="FormId">The form's id; for a missing form, the operation's id; null for the patient-level follow-up finding.</param>
/// <param name="Field">The PascalCase field concerned, when one is.</param>
/// <param name="Message">A sentence for the data manager.</param>
public sealed record DataQualityIssue(DataQualityIssueKind Kind, FormKind Form, Guid? FormId, string? Field, string Message);

/// <summary>The data-quality findings for one patient.</summary>
/// <param name="StudyId">The patient's study ID.</param>
/// <param name="Issues">The findings, operation by operation (in date order), then follow-up.</param>
public sealed record PatientDataQuality(string StudyId, IReadOnlyList<DataQualityIssue> Issues)
{
    public bool IsClean => Issues.Count == 0;

    public int Count(DataQualityIssueKind kind) => Issues.Count(i => i.Kind == kind);
}

/// <summary>The data-quality summary of a patient: what is missing or inconsistent (pure function of the aggregate).</summary>
public static class DataQuality
{
    public const int DefaultFollowUpOverdueMonths = 12;

    /// <summary>
    /// Lists missing forms and mandatory fields, grade conflicts, laboratory panels outside the window, and follow-up
    /// overdue (no operation or event for more than <paramref name="followUpOverdueMonths"/> months, unless the patient
    /// died or the latest event is a loss to follow-up).
    /// </summary>
    public static PatientDataQuality Assess(
        Patient patient,
        IClock clock,
        int labWindowDays = LabPanel.DefaultWindowDays,
        int followUpOverdueMonths = DefaultFollowUpOverdueMonths)
    {
        var issues = new List<DataQualityIssue>();
        foreach (var operation in patient.Operations.OrderBy(o => o.Date))
        {
            var when = Check.Iso(operation.Date);
            AddMissingFields(issues, operation, $"operation of {when}");
            if (operation.Pathology is { } pathology)
            {
                AddMissingFields(issues, pathology, $"pathology report of the operation of {when}");
                if (pathology.GradeConflict)
                {
                    issues.Add(new DataQualityIssue(
                        DataQualityIssueKind.GradeConflict,
                        FormKind.Pathology,
                        pathology.Id,
                        nameof(Pathology.ReportedGrade),
                        $"Operation of {when}: reported grade {pathology.ReportedGrade} but the FNCLCC components give {pathology.FnclccGrade} (score {pathology.FnclccScore})."));
                }
            }
            else
            {
                issues.Add(new DataQualityIssue(DataQualityIssueKind.MissingForm, FormKind.Pathology, operation.Id, null, $"Operation of {when}: no pathology report."));
            }

            if (operation.LabPanel is { } labPanel)
            {
                AddMissingFields(issues, labPanel, $"laboratory panel of the operation of {when}");
                if (!LabPanel.IsWithinWindow(labPanel.DrawDate, operation.Date, labWindowDays))
                {
                    issues.Add(new DataQualityIssue(
                        DataQualityIssueKind.LabOutsideWindow,
                        FormKind.LabPanel,
                        labPanel.Id,
                        nameof(LabPanel.DrawDate),
                        $"Operation of {when}: laboratory panel drawn {Check.Iso(labPanel.DrawDate)}, outside the {labWindowDays} days before surgery."));
                }
            }
            else
            {
                issues.Add(new DataQualityIssue(DataQualityIssueKind.MissingForm, FormKind.LabPanel, operation.Id, null, $"Operation of {when}: no pre-operative laboratory panel."));
            }
        }

        foreach (var followUpEvent in patient.FollowUpEvents.OrderBy(e => e.Date))
        {
            AddMissingFields(issues, followUpEvent, $"{FormDefinitions.FollowUpEvent["type"].ChoiceLabel(followUpEvent.Type)?.ToLowerInvariant()} event of {Check.Iso(followUpEvent.Date)}");
        }

        AddPlausibilityWarnings(issues, patient);

        if (FollowUpOverdueSince(patient, clock.Today, followUpOverdueMonths) is { } lastNews)
        {
            issues.Add(new DataQualityIssue(
                DataQualityIssueKind.FollowUpOverdue,
                FormKind.FollowUpEvent,
                null,
                null,
                $"No news since {Check.Iso(lastNews)}: more than {followUpOverdueMonths} months without follow-up."));
        }

        return new PatientDataQuality(patient.StudyId, issues);
    }

    /// <summary>The last date with news, when it is more than <paramref name="months"/> months before <paramref name="today"/> and follow-up is still expected.</summary>
    public static DateOnly? FollowUpOverdueSince(Patient patient, DateOnly today, int months = DefaultFollowUpOverdueMonths)
    {
        if (patient.FindDeath() is not null || patient.LastKnownAliveDate() is not { } lastNews)
        {
            return null;
        }

        var latestEvent = patient.FollowUpEvents.MaxBy(e => e.Date);
        if (latestEvent is { Type: FollowUpEventType.LostToFollowUp } && latestEvent.Date == lastNews)
        {
            return null;
        }

        return lastNews.AddMonths(months) < today ? lastNews : null;
    }

    // ── Plausibility warnings (field definitions' plausible ranges) ─────────────────────────────────────────────
    // Kept apart from the other findings: values saved but outside the usual range, one finding per field.

    private static void AddPlausibilityWarnings(List<DataQualityIssue> issues, Patient patient)
    {
        foreach (var operation in patient.Operations.OrderBy(o => o.Date))
        {
            var when = $"Operation of {Check.Iso(operation.Date)}";
            AddWarnings(issues, operation, FormDefinitions.Operation, operation.ToDetails(), when);
            if (operation.Pathology is { } pathology)
            {
                AddWarnings(issues, pathology, FormDefinitions.Pathology, pathology.ToDetails(), $"{when}, pathology report");
            }

            if (operation.LabPanel is { } labPanel)
            {
                AddWarnings(issues, labPanel, FormDefinitions.Labs, labPanel.ToDetails(), $"{when}, laboratory panel");
            }
        }
    }

    private static void AddWarnings(List<DataQualityIssue> issues, ClinicalForm form, FormDefinition definition, object details, string where)
    {
        foreach (var warning in FieldRules.Warnings(definition, details))
        {
            issues.Add(new DataQualityIssue(DataQualityIssueKind.ImplausibleValue, form.Kind, form.Id, warning.Property, $"{where}: {warning.Message}"));
        }
    }

    // ── end of plausibility warnings ──────────────────────────────────────────────────────────────────────────

    private static void AddMissingFields(List<DataQualityIssue> issues, ClinicalForm form, string what)
    {
        var definition = FormDefinitions.For(form.Kind);
        foreach (var field in form.MissingMandatoryFields())
        {
            issues.Add(new DataQualityIssue(DataQualityIssueKind.MissingMandatoryField, form.Kind, form.Id, field, $"The {what}: {definition.LabelOf(field)} is missing."));
        }
    }
}
