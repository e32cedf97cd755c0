using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Domain.Analysis;

/// <summary>
/// The cohort definitions of the registry, as pure functions of one patient aggregate (no persistence).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Primary cohort: the patient has a primary operation in the registry; time zero = its date.</item>
/// <item>Recurrent cohort: the patient has a recurrence operation in the registry; time zero = the first one's date.</item>
/// <item>OS: time zero → death (event 1) or the last date known alive, the latest operation or non-death follow-up event (0).</item>
/// <item>DFI (recurrent cohort): primary resection (registry primary, else the declared outside primary date) →
/// first recurrence, the earlier of the first local recurrence / distant metastasis event and the first recurrence
/// operation after the primary. Missing when the primary date is unknown, or when the first recurrence operation in the
/// registry is numbered above 1 and no recurrence event precedes it (the first recurrence is then undated).</item>
/// <item>Recurrence endpoints (competing risks, <see cref="Recurrence"/>): from time zero to the first recurrence after
/// it — local recurrence (1) or distant metastasis (2) — or to death without a prior recurrence (3), else censored at
/// the last contact (0).</item>
/// <item>Age at surgery = index year − year of birth.</item>
/// <item>Values are taken as recorded, whatever the form status; the data-quality summary lists what is incomplete.</item>
/// </list>
/// </remarks>
public static class CohortDerivation
{
    /// <summary>Mean days per month (365.25 / 12).</summary>
    public const double DaysPerMonth = 30.4375;

    /// <summary>The patient's rows: none, one, or two when the patient belongs to both cohorts (primary first).</summary>
    public static IReadOnlyList<AnalysisRow> Rows(Patient patient, string centreCode)
    {
        var rows = new List<AnalysisRow>(2);
        if (PrimaryRow(patient, centreCode) is { } primary)
        {
            rows.Add(primary);
        }

        if (RecurrentRow(patient, centreCode) is { } recurrent)
        {
            rows.Add(recurrent);
        }

        return rows;
    }

    /// <summary>The primary-cohort row, when the registry holds the patient's primary operation.</summary>
    public static AnalysisRow? PrimaryRow(Patient patient, string centreCode) =>
        patient.FindPrimaryOperation() is { } index ? Row(patient, centreCode, Cohort.Primary, index, dfiMonths: null) : null;

    /// <summary>The recurrent-cohort row, when the registry holds a recurrence operation of the patient.</summary>
    public static AnalysisRow? RecurrentRow(Patient patient, string centreCode) =>
        patient.FindFirstRecurrenceOperation() is { } index
            ? Row(patient, centreCode, Cohort.Recurrent, index, DiseaseFreeIntervalMonths(patient))
            : null;

    /// <summary>Months between two dates: days / 30.4375.</summary>
    public static double Months(DateOnly from, DateOnly to) => (to.DayNumber - from.DayNumber) / DaysPerMonth;

    /// <summary>Overall survival from <paramref name="indexDate"/>: months to death (event 1) or to the last date known alive (event 0).</summary>
    public static (double Months, int Event) OverallSurvival(Patient patient, DateOnly indexDate)
    {
        if (patient.FindDeath() is { } death)
        {
            return (Months(indexDate, death.Date), 1);
        }

        var lastAlive = patient.LastKnownAliveDate() ?? indexDate;
        return (Months(indexDate, lastAlive), 0);
    }

    /// <summary>The date the primary tumour was resected: the registry primary, else a declared outside primary date.</summary>
    public static DateOnly? PrimaryResectionDate(Patient patient) =>
        patient.FindPrimaryOperation()?.Date
        ?? patient.Operations.Where(o => o.OutsidePrimaryDate is not null).Select(o => o.OutsidePrimaryDate).FirstOrDefault();

    /// <summary>The date of the first recurrence after the primary resection, when it is documented (see the remarks).</summary>
    public static DateOnly? FirstRecurrenceDate(Patient patient)
    {
        if (PrimaryResectionDate(patient) is not { } primaryDate)
        {
            return null;
        }

        var firstEvent = patient.FollowUpEvents
            .Where(e => e.IsRecurrence && e.Date > primaryDate)
            .MinBy(e => e.Date);
        var firstOperation = patient.FindFirstRecurrenceOperation();
        if (firstEvent is not null && (firstOperation is null || firstEvent.Date <= firstOperation.Date))
        {
            return firstEvent.Date;
        }

        return firstOperation is { RecurrenceNumber: 1 } ? firstOperation.Date : null;
    }

    /// <summary>Disease-free interval in months: primary resection → first recurrence; null when either date is unknown.</summary>
    public static double? DiseaseFreeIntervalMonths(Patient patient) =>
        PrimaryResectionDate(patient) is { } primary && FirstRecurrenceDate(patient) is { } recurrence
            ? Months(primary, recurrence)
            : null;

    /// <summary>Status codes of the recurrence endpoint (<see cref="AnalysisRow.RecurrenceStatus"/>).</summary>
    public const int Censored = 0, LocalRecurrence = 1, DistantMetastasis = 2, DeathWithoutRecurrence = 3;

    /// <summary>
    /// The competing-risks endpoint from <paramref name="indexDate"/>, as the sarcoma literature reports recurrence:
    /// <list type="bullet">
    /// <item>Only what happens after the index date counts (for the recurrent cohort, the recurrence being operated
    /// on at the index is not an event).</item>
    /// <item>First local recurrence: the earliest local-recurrence follow-up event after the index date, or a later
    /// operation for recurrence (a re-resection in the retroperitoneum) when it is earlier.</item>
    /// <item>First distant metastasis: the earliest distant-metastasis event after the index date.</item>
    /// <item>The first of the two is the event (status 1 or 2, at its date); both on the same day count as distant
    /// metastasis (the systemic event decides treatment and prognosis).</item>
    /// <item>No recurrence and a recorded death: death without recurrence (status 3, the competing event); a recurrence
    /// found on the day of death counts as the recurrence.</item>
    /// <item>Otherwise censored (0) at the last contact: the last date known alive (as for overall survival).</item>
    /// </list>
    /// Also the time to the first event of each kind, whatever came first (null when none is recorded).
    /// </summary>
    public static (double Months, int Status, double? LocalRecurrenceMonths, double? DistantMetastasisMonths) Recurrence(Patient patient, DateOnly indexDate)
    {
        DateOnly? local = null, distant = null;
        foreach (var e in patient.FollowUpEvents)
        {
            if (e.Date <= indexDate)
            {
                continue;
            }

            if (e.Type == FollowUpEventType.LocalRecurrence && (local is null || e.Date < local))
            {
                local = e.Date;
            }
            else if (e.Type == FollowUpEventType.DistantMetastasis && (distant is null || e.Date < distant))
            {
                distant = e.Date;
            }
        }

        foreach (var o in patient.Operations)
        {
            if (o.Setting == OperationSetting.Recurrence && o.Date > indexDate && (local is null || o.Date < local))
            {
                local = o.Date;
            }
        }

        double? localMonths = local is { } l ? Months(indexDate, l) : null;
        double? distantMonths = distant is { } d ? Months(indexDate, d) : null;
        if (distant is { } dm && (local is null || dm <= local))
        {
            return (Months(indexDate, dm), DistantMetastasis, localMonths, distantMonths);
        }

        if (local is { } lr)
        {
            return (Months(indexDate, lr), LocalRecurrence, localMonths, distantMonths);
        }

        // No recurrence: overall survival's death or last contact (a last contact before the index date counts as the index date).
        var (months, died) = OverallSurvival(patient, indexDate);
        return died == 1
            ? (months, DeathWithoutRecurrence, localMonths, distantMonths)
            : (Math.Max(months, 0), Censored, localMonths, distantMonths);
    }

    private static AnalysisRow Row(Patient patient, string centreCode, Cohort cohort, Operation index, double? dfiMonths)
    {
        var (osMonths, osEvent) = OverallSurvival(patient, index.Date);
        var recurrence = Recurrence(patient, index.Date);
        return new AnalysisRow(
            patient.StudyId,
            centreCode,
            cohort,
            index.Date,
            index.Date.Year - patient.BirthYear,
            patient.Sex,
            index.MaxDiameterCm,
            index.Pathology?.GradeForAnalysis,
            index.LabPanel?.PlateletsE9PerL,
            index.LabPanel?.Nlr,
            index.Resection,
            index.Multifocal,
            dfiMonths,
            osMonths,
            osEvent)
        {
            RecurrenceMonths = recurrence.Months,
            RecurrenceStatus = recurrence.Status,
            LocalRecurrenceMonths = recurrence.LocalRecurrenceMonths,
            DistantMetastasisMonths = recurrence.DistantMetastasisMonths,
        };
    }
}
