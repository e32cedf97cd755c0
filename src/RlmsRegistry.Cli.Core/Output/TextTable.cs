using System.Globalization;
using System.Text;

namespace RlmsRegistry.Cli.Output;

/// <summary>Plain-text tables and number formatting in the style of R's printed summaries.</summary>
internal sealed class TextTable(params string[] header)
{
    private readonly List<string[]> _rows = [];

    /// <summary>When false every column is right-aligned (tables whose first column is a number).</summary>
    public bool LabelColumn { get; init; } = true;

    public void Add(params string[] cells) => _rows.Add(cells);

    /// <summary>Writes the table with the label column left-aligned and the others right-aligned.</summary>
    public void Write(TextWriter o, string indent = "")
    {
        var widths = new int[header.Length];
        foreach (var row in _rows.Prepend(header))
        {
            for (int c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var sb = new StringBuilder();
        foreach (var row in _rows.Prepend(header))
        {
            sb.Clear().Append(indent);
            for (int c = 0; c < row.Length; c++)
            {
                if (c > 0)
                {
                    sb.Append("  ");
                }

                sb.Append(c == 0 && LabelColumn ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]));
            }

            o.WriteLine(sb.ToString().TrimEnd());
        }
    }

    /// <summary>A number with <paramref name="digits"/> significant digits, NA for NaN (as R prints).</summary>
    public static string Num(double value, int digits = 4)
    {
        if (double.IsNaN(value))
        {
            return "NA";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Inf" : "-Inf";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return value.ToString("0", CultureInfo.InvariantCulture);
        }

        var s = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.Replace("E", "e", StringComparison.Ordinal);
    }

    /// <summary>A p-value as R's format.pval: small values in scientific notation, tiny ones as "&lt;2e-16".</summary>
    public static string P(double p) => double.IsNaN(p) ? "NA" : p < 2e-16 ? "<2e-16" : Num(p, 3);
}
