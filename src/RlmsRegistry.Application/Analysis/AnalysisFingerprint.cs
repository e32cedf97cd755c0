using System.Security.Cryptography;
using System.Text;
using RlmsRegistry.Application.Analysis.Queries.GetAnalysisDataset;
using RlmsRegistry.Domain.Analysis;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// The SHA-256 (lowercase hex) of an analysis dataset in its one stored form: the CSV a snapshot keeps and its
/// reproducibility bundle ships (<see cref="AnalysisCsv"/>), rows sorted by study ID then cohort. Because it hashes that
/// CSV, every column the dataset has is in the fingerprint — a new column cannot be forgotten — and anyone can check a
/// bundle with <c>sha256sum dataset.csv</c>. The CSV is canonical (dates ISO, decimals rounded to 10 places without
/// trailing zeros, doubles round-trip), so equal datasets give equal fingerprints whatever the database provider
/// (SQLite keeps decimals as REAL, the servers as numeric) or the row order.
/// </summary>
public static class AnalysisFingerprint
{
    public static string Compute(IReadOnlyList<AnalysisRow> rows) => OfCsv(CanonicalCsv(rows));

    /// <summary>The dataset as stored in a snapshot: sorted by study ID then cohort, written by <see cref="AnalysisCsv"/>.</summary>
    public static string CanonicalCsv(IEnumerable<AnalysisRow> rows) =>
        AnalysisCsv.Write(rows.OrderBy(r => r.StudyId, StringComparer.Ordinal).ThenBy(r => r.Cohort).Select(AnalysisRowDtos.From));

    /// <summary>The fingerprint of a dataset CSV: SHA-256 of its UTF-8 bytes.</summary>
    public static string OfCsv(string csv) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv)));
}
