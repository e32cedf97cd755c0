using System.Globalization;

namespace RlmsRegistry.Survival.Tests.Support;

/// <summary>Time, status and group codes of a reference CSV, rows with a missing value dropped (R's na.omit).</summary>
public sealed record GroupedData(double[] Time, int[] Status, int[] Group, string[] Labels)
{
    public static GroupedData From(SimpleCsv csv, string timeColumn, string eventColumn, string? groupColumn)
    {
        var time = new List<double>();
        var status = new List<int>();
        var raw = new List<string>();
        for (int r = 0; r < csv.Rows.Count; r++)
        {
            double t = csv.Number(r, timeColumn);
            double e = csv.Number(r, eventColumn);
            string? g = groupColumn is null ? "all" : csv.Text(r, groupColumn);
            if (double.IsNaN(t) || double.IsNaN(e) || g is null)
            {
                continue;
            }

            time.Add(t);
            status.Add((int)e);
            raw.Add(g);
        }

        // R factor levels: numeric values numerically, otherwise by string
        var distinct = raw.Distinct().ToList();
        bool numeric = distinct.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var labels = numeric
            ? distinct.OrderBy(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : distinct.OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var code = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        return new GroupedData(time.ToArray(), status.ToArray(), raw.Select(s => code[s]).ToArray(), labels);
    }
}
