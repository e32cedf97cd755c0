using System.Globalization;
using RlmsRegistry.Cli.Csv;

namespace RlmsRegistry.Cli.Data;

/// <summary>
/// Codes of a categorical column as R's factor() would give them: levels sorted numerically when every value
/// is a number (labels then printed as R prints numbers, e.g. "1", "2.5"), otherwise sorted by ordinal string
/// comparison. Code -1 marks a missing or excluded row.
/// </summary>
/// <param name="Codes">Level index per row, -1 for missing/excluded.</param>
/// <param name="Labels">Level labels in level order (the first is the reference level).</param>
internal sealed record FactorLevels(int[] Codes, IReadOnlyList<string> Labels)
{
    /// <summary>Builds levels from the rows where <paramref name="keep"/> is true (all rows when null).</summary>
    public static FactorLevels From(TextColumn column, bool[]? keep = null)
    {
        var used = new bool[column.Labels.Count];
        for (int i = 0; i < column.Codes.Length; i++)
        {
            if (column.Codes[i] >= 0 && (keep is null || keep[i]))
            {
                used[column.Codes[i]] = true;
            }
        }

        var rawLabels = Enumerable.Range(0, used.Length).Where(k => used[k]).ToList();
        var numbers = new double[column.Labels.Count];
        bool numeric = rawLabels.All(k => double.TryParse(column.Labels[k].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[k])
                                          && double.IsFinite(numbers[k]));

        // Map each raw label to a level; numerically equal spellings ("1", "1.0") are one level, as in R.
        var rawToLevel = new int[column.Labels.Count];
        List<string> labels;
        if (numeric)
        {
            var values = rawLabels.Select(k => numbers[k]).Distinct().Order().ToList();
            labels = values.Select(FormatNumber).ToList();
            var index = values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
            foreach (int k in rawLabels)
            {
                rawToLevel[k] = index[numbers[k]];
            }
        }
        else
        {
            labels = rawLabels.Select(k => column.Labels[k]).Order(StringComparer.Ordinal).ToList();
            var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
            foreach (int k in rawLabels)
            {
                rawToLevel[k] = index[column.Labels[k]];
            }
        }

        var codes = new int[column.Codes.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            int raw = column.Codes[i];
            codes[i] = raw >= 0 && (keep is null || keep[i]) ? rawToLevel[raw] : -1;
        }

        return new FactorLevels(codes, labels);
    }

    /// <summary>A number as R's as.character prints it (15 significant digits, e.g. 1, 2.5, 1e-05).</summary>
    public static string FormatNumber(double value)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return value.ToString("0", CultureInfo.InvariantCulture);
        }

        var s = value.ToString("G15", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E', StringComparison.Ordinal);
        return e < 0 ? s : string.Concat(s.AsSpan(0, e), "e", s.AsSpan(e + 1));
    }
}
