using System.Globalization;
using System.Text;

namespace RlmsRegistry.Application.Transfer;

/// <summary>
/// Writes the transfer CSVs the same way every time (UTF-8 without BOM, comma, "\n" line ends, a field quoted only
/// when it holds a comma, quote or line break, invariant numbers), so two exports of equal data are equal byte for byte.
/// </summary>
public sealed class TransferCsvWriter
{
    private readonly StringBuilder _text = new();
    private readonly int _columns;
    private int _inRow;

    public TransferCsvWriter(IEnumerable<string> header)
    {
        var names = header.ToList();
        _columns = names.Count;
        foreach (var name in names)
        {
            Field(name);
        }

        EndRow();
    }

    public int Rows { get; private set; } = -1;

    public TransferCsvWriter Field(string? value)
    {
        if (_inRow > 0)
        {
            _text.Append(',');
        }

        _inRow++;
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            _text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            _text.Append(value);
        }

        return this;
    }

    public void EndRow()
    {
        if (_inRow != _columns)
        {
            throw new InvalidOperationException($"A row has {_inRow} fields, the header {_columns}.");
        }

        _text.Append('\n');
        _inRow = 0;
        Rows++;
    }

    public byte[] ToBytes() => new UTF8Encoding(false).GetBytes(_text.ToString());

    public static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        decimal m => Math.Round(m, 10).ToString("0.##########", CultureInfo.InvariantCulture),
        Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
