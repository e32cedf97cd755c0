using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RlmsRegistry.Domain.Analysis;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// A SHA-256 fingerprint (lowercase hex) of an analysis dataset in canonical form: rows sorted by study ID then cohort,
/// one line per row with every column in a fixed order, invariant formatting (dates ISO, decimals without trailing
/// zeros and rounded to 10 places, doubles round-trip, enums by name, missing as empty). Equal datasets give equal
/// fingerprints whatever the database provider (SQLite keeps decimals as REAL, the servers as numeric) or the row order.
/// </summary>
public static class AnalysisFingerprint
{
    public static string Compute(IReadOnlyList<AnalysisRow> rows)
    {
        var sorted = rows.OrderBy(r => r.StudyId, StringComparer.Ordinal).ThenBy(r => r.Cohort).ToList();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var line = new StringBuilder();
        foreach (var r in sorted)
        {
            line.Clear()
                .Append(r.StudyId).Append('|')
                .Append(r.CentreCode).Append('|')
                .Append(r.Cohort).Append('|')
                .Append(r.IndexDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('|')
                .Append(r.AgeAtSurgery.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(r.Sex).Append('|')
                .Append(Number(r.MaxDiameterCm)).Append('|')
                .Append(r.FnclccGrade is { } g ? ((int)g).ToString(CultureInfo.InvariantCulture) : string.Empty).Append('|')
                .Append(Number(r.PlateletsE9PerL)).Append('|')
                .Append(Number(r.Nlr)).Append('|')
                .Append(r.Resection?.ToString() ?? string.Empty).Append('|')
                .Append(r.Multifocal is { } m ? (m ? "1" : "0") : string.Empty).Append('|')
                .Append(r.DfiMonths?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty).Append('|')
                .Append(r.OsMonths.ToString("R", CultureInfo.InvariantCulture)).Append('|')
                .Append(r.OsEvent.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sha.AppendData(Encoding.UTF8.GetBytes(line.ToString()));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Number(decimal? value) =>
        value is { } v ? Math.Round(v, 10).ToString("0.##########", CultureInfo.InvariantCulture) : string.Empty;
}
