using System.Globalization;
using nietras.SeparatedValues;
using RlmsRegistry.Cli.Infrastructure;

namespace RlmsRegistry.Cli.Csv;

/// <summary>How a requested column is stored.</summary>
internal enum ColumnKind
{
    /// <summary>Doubles (NaN = missing); any other text is an input error naming the column and row.</summary>
    Numeric,

    /// <summary>Category codes with their labels (-1 = missing); any text is accepted.</summary>
    Text,
}

/// <summary>A column the caller needs, and how to store it.</summary>
internal sealed record ColumnRequest(string Name, ColumnKind Kind);

/// <summary>A text column: one code per row (-1 = missing) and the labels in order of first appearance.</summary>
internal sealed record TextColumn(string Name, int[] Codes, IReadOnlyList<string> Labels);

/// <summary>The requested columns of a CSV file.</summary>
internal sealed class CsvColumns
{
    private readonly Dictionary<string, double[]> _numeric;
    private readonly Dictionary<string, TextColumn> _text;

    internal CsvColumns(string source, int rowCount, Dictionary<string, double[]> numeric, Dictionary<string, TextColumn> text)
    {
        Source = source;
        RowCount = rowCount;
        _numeric = numeric;
        _text = text;
    }

    /// <summary>File name used in messages.</summary>
    public string Source { get; }

    /// <summary>Number of data rows (header excluded, blank lines skipped).</summary>
    public int RowCount { get; }

    /// <summary>A numeric column (NaN = missing).</summary>
    public double[] Numeric(string name) => _numeric[name];

    /// <summary>A text column.</summary>
    public TextColumn Text(string name) => _text[name];
}

/// <summary>
/// Reads the requested columns of a CSV file through Sep (the served CSV parser), adding the registry's rules:
/// a header row is required; comma separated; RFC 4180 quotes ("" inside a quoted field is a quote, which may
/// then hold commas and line breaks); \n, \r\n and \r end a record; blank lines are skipped; a UTF-8 BOM is
/// ignored; an empty cell or NA (spaces around it allowed) is missing. Numbers are parsed by Sep's exact float
/// parser, with .NET's invariant parser for the spellings it leaves (a leading '+', spaces, quotes); infinities and
/// NaN text are not numbers. Only the requested columns are decoded; text cells are interned per distinct value.
/// Errors (unknown column, ragged row, non-numeric value, unclosed quote) are <see cref="InputException"/>s naming
/// the column, the data row (1 = first row after the header) and the file line.
/// </summary>
internal static class CsvReader
{
    public static CsvColumns Read(string path, IReadOnlyList<ColumnRequest> columns)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"input file '{path}' does not exist");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, Path.GetFileName(path), columns);
    }

    public static CsvColumns Read(Stream stream, string source, IReadOnlyList<ColumnRequest> columns)
    {
        using var reader = new SepReaderOptions(Sep.New(','))
        {
            HasHeader = false,
            DisableColCountCheck = true,
            Unescape = false,
            CultureInfo = CultureInfo.InvariantCulture,
        }.From(stream);

        var header = ReadHeader(reader, source);
        var numeric = new Dictionary<string, NumericSink>(StringComparer.Ordinal);
        var text = new Dictionary<string, TextSink>(StringComparer.Ordinal);
        var wanted = new List<(int Index, NumericSink? Numeric, TextSink? Text)>();
        foreach (var request in columns)
        {
            int index = header.IndexOf(request.Name);
            if (index < 0)
            {
                throw new InputException($"column '{request.Name}' not found in {source} (columns: {string.Join(", ", header)})");
            }

            if (request.Kind == ColumnKind.Numeric && !numeric.ContainsKey(request.Name))
            {
                var s = new NumericSink(request.Name, source);
                numeric[request.Name] = s;
                wanted.Add((index, s, null));
            }
            else if (request.Kind == ColumnKind.Text && !text.ContainsKey(request.Name))
            {
                var s = new TextSink(request.Name);
                text[request.Name] = s;
                wanted.Add((index, null, s));
            }
        }

        var sinks = wanted.ToArray();
        int width = header.Count;
        int row = 0;
        while (reader.MoveNext())
        {
            var r = reader.Current;
            if (r.ColCount == 1 && r[0].Span.IsEmpty)
            {
                continue; // blank line (read.csv skips them too)
            }

            row++;
            int line = r.LineNumberFrom;
            if (r.ColCount != width)
            {
                for (int f = 0; f < r.ColCount; f++)
                {
                    CheckQuotes(r[f].Span, line, source);
                }

                throw new InputException($"row {row} (line {line} of {source}) has {r.ColCount} fields but the header has {width}");
            }

            foreach (var (index, num, txt) in sinks)
            {
                var col = r[index];
                if (num is not null)
                {
                    var raw = col.Span;
                    double? fast = raw.Length > 0 && raw[0] != '"' ? col.TryParse<double>() : null;
                    if (fast is { } v && double.IsFinite(v))
                    {
                        num.Add(v);
                    }
                    else
                    {
                        num.AddSlow(Unquote(raw, line, source), row, line);
                    }
                }
                else
                {
                    txt!.Add(Unquote(col.Span, line, source));
                }
            }
        }

        return new CsvColumns(
            source,
            row,
            numeric.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            text.ToDictionary(p => p.Key, p => p.Value.ToColumn(), StringComparer.Ordinal));
    }

    private static List<string> ReadHeader(SepReader reader, string source)
    {
        // MoveNext, not foreach: leaving a foreach over a SepReader disposes it.
        while (reader.MoveNext())
        {
            var r = reader.Current;
            if (r.ColCount == 1 && r[0].Span.IsEmpty)
            {
                continue; // blank line
            }

            var names = new List<string>(r.ColCount);
            for (int f = 0; f < r.ColCount; f++)
            {
                names.Add(Unquote(r[f].Span, r.LineNumberFrom, source).Trim().ToString());
            }

            return names;
        }

        throw new InputException($"{source} is empty (no header row)");
    }

    /// <summary>A field's content: quotes removed and "" unescaped (a new string only when a quote was escaped).</summary>
    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> raw, int line, string source)
    {
        if (raw.IsEmpty || raw[0] != '"')
        {
            return raw;
        }

        CheckQuotes(raw, line, source);
        var inner = raw[1..^1];
        return inner.IndexOf("\"\"".AsSpan()) >= 0 ? inner.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : inner;
    }

    /// <summary>A field that opens with a quote must close it at its end, with only "" pairs in between.</summary>
    private static void CheckQuotes(ReadOnlySpan<char> raw, int line, string source)
    {
        if (raw.IsEmpty || raw[0] != '"')
        {
            return;
        }

        for (int i = 1; i < raw.Length; i++)
        {
            if (raw[i] != '"')
            {
                continue;
            }

            if (i == raw.Length - 1)
            {
                return;
            }

            if (raw[i + 1] != '"')
            {
                throw new InputException($"line {line} of {source}: unexpected character after a closing quote");
            }

            i++;
        }

        throw new InputException($"line {line} of {source}: a quoted field is not closed before the end of the file");
    }

    private static bool IsMissing(ReadOnlySpan<char> value) => value.IsEmpty || value.SequenceEqual("NA");

    private static string Show(ReadOnlySpan<char> value)
    {
        var s = (value.Length > 40 ? value[..40] : value).ToString().ReplaceLineEndings(" ");
        return value.Length > 40 ? s + "..." : s;
    }

    private sealed class NumericSink(string name, string source)
    {
        private double[] _values = new double[1024];
        private int _count;

        public void Add(double value)
        {
            if (_count == _values.Length)
            {
                Array.Resize(ref _values, _values.Length * 2);
            }

            _values[_count++] = value;
        }

        /// <summary>The spellings Sep's parser leaves: missing values, spaces, a leading '+', quotes, errors.</summary>
        public void AddSlow(ReadOnlySpan<char> value, int row, int line)
        {
            var trimmed = value.Trim(" \t");
            if (IsMissing(trimmed))
            {
                Add(double.NaN);
            }
            else if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
            {
                Add(v);
            }
            else
            {
                throw new InputException($"column '{name}', row {row} (line {line} of {source}): '{Show(value)}' is not a number");
            }
        }

        public double[] ToArray()
        {
            Array.Resize(ref _values, _count);
            return _values;
        }
    }

    private sealed class TextSink(string name)
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly List<string> _labels = [];
        private int[] _values = new int[1024];
        private int _count;

        public void Add(ReadOnlySpan<char> value)
        {
            if (_count == _values.Length)
            {
                Array.Resize(ref _values, _values.Length * 2);
            }

            int code = -1;
            if (!IsMissing(value.Trim(" \t")))
            {
                var lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(value, out code))
                {
                    code = _labels.Count;
                    var label = value.ToString();
                    _labels.Add(label);
                    _codes.Add(label, code);
                }
            }

            _values[_count++] = code;
        }

        public TextColumn ToColumn()
        {
            Array.Resize(ref _values, _count);
            return new TextColumn(name, _values, _labels);
        }
    }
}
