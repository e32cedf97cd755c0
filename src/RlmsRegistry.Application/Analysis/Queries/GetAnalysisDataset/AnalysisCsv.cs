using System.Globalization;
using System.Text;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Analysis.Queries.GetAnalysisDataset;

/// <summary>
/// The dataset as CSV (RFC 4180, invariant culture, empty cell for a missing value), header = dictionary names. Canonical:
/// a decimal is rounded to 10 places and written without trailing zeros (2.5, never 2.50 from one provider and 2.5 from
/// another), so the snapshot's fingerprint (<see cref="AnalysisFingerprint"/>) can be the hash of this text.
/// </summary>
public static class AnalysisCsv
{
    public static string Write(IEnumerable<AnalysisRowDto> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', AnalysisDictionary.Columns.Select(c => c.Name)).Append('\n');
        foreach (var r in rows)
        {
            sb.AppendJoin(',',
                r.StudyId,
                r.Centre,
                r.Cohort.Name(),
                r.IndexDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.AgeAtSurgery.ToString(CultureInfo.InvariantCulture),
                r.Sex == Sex.Female ? "female" : "male",
                Number(r.MaxDiameterCm),
                r.FnclccGrade?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                Number(r.PlateletsE9PerL),
                Number(r.Nlr),
                r.Resection?.ToString() ?? string.Empty,
                r.Multifocal is { } m ? (m ? "1" : "0") : string.Empty,
                r.DfiMonths?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
                r.OsMonths.ToString("R", CultureInfo.InvariantCulture),
                r.OsEvent.ToString(CultureInfo.InvariantCulture),
                r.RecurrenceMonths.ToString("R", CultureInfo.InvariantCulture),
                r.RecurrenceStatus.ToString(CultureInfo.InvariantCulture),
                r.LocalRecurrenceMonths?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
                r.DistantMetastasisMonths?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty).Append('\n');
        }

        return sb.ToString();
    }

    private static string Number(decimal? value) =>
        value is { } v ? Math.Round(v, 10).ToString("0.##########", CultureInfo.InvariantCulture) : string.Empty;
}
