using System.Text;
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
/// A fast, hand-written RFC 4180 CSV reader for numeric data sets.
/// </summary>
/// <remarks>
/// Header row required; comma separated; fields may be double-quoted with "" as an escaped quote and may then
/// contain commas and line breaks; \n, \r\n and \r end a record; blank lines are skipped; a UTF-8 BOM is ignored.
/// An empty cell or NA is missing. Only the requested columns are decoded: numeric cells are parsed straight from
/// the UTF-8 bytes (no string per cell), text cells are interned per distinct value. The file is streamed
/// through a reusable buffer, so memory is the output arrays plus about one megabyte.
/// Errors (unknown column, ragged row, non-numeric value, unterminated quote) are <see cref="InputException"/>s
/// that name the column and the data row (1 = first row after the header) and the file line.
/// </remarks>
internal static class CsvReader
{
    private const int InitialBuffer = 1 << 20;

    public static CsvColumns Read(string path, IReadOnlyList<ColumnRequest> columns)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"input file '{path}' does not exist");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream, Path.GetFileName(path), columns);
    }

    public static CsvColumns Read(Stream stream, string source, IReadOnlyList<ColumnRequest> columns)
    {
        var parser = new Parser(stream, source);
        var header = parser.ReadHeader();
        var sinks = new List<Sink>?[header.Count];
        var numeric = new Dictionary<string, NumericSink>(StringComparer.Ordinal);
        var text = new Dictionary<string, TextSink>(StringComparer.Ordinal);
        foreach (var request in columns)
        {
            int index = header.IndexOf(request.Name);
            if (index < 0)
            {
                throw new InputException($"column '{request.Name}' not found in {source} (columns: {string.Join(", ", header)})");
            }

            Sink sink;
            if (request.Kind == ColumnKind.Numeric)
            {
                if (numeric.ContainsKey(request.Name))
                {
                    continue;
                }

                var s = new NumericSink(request.Name, source);
                numeric[request.Name] = s;
                sink = s;
            }
            else
            {
                if (text.ContainsKey(request.Name))
                {
                    continue;
                }

                var s = new TextSink(request.Name);
                text[request.Name] = s;
                sink = s;
            }

            (sinks[index] ??= []).Add(sink);
        }

        int rows = parser.ReadData(sinks.Select(l => l?.ToArray()).ToArray(), header.Count);
        return new CsvColumns(
            source,
            rows,
            numeric.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            text.ToDictionary(p => p.Key, p => p.Value.ToColumn(), StringComparer.Ordinal));
    }

    private static bool IsDigit(byte b) => (uint)(b - (byte)'0') <= 9;

    private static bool IsMissing(ReadOnlySpan<byte> value) => value.IsEmpty || value.SequenceEqual("NA"u8);

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && (s[a] == (byte)' ' || s[a] == (byte)'\t'))
        {
            a++;
        }

        while (b > a && (s[b - 1] == (byte)' ' || s[b - 1] == (byte)'\t'))
        {
            b--;
        }

        return s[a..b];
    }

    private static string Show(ReadOnlySpan<byte> value)
    {
        var s = Encoding.UTF8.GetString(value.Length > 40 ? value[..40] : value).ReplaceLineEndings(" ");
        return value.Length > 40 ? s + "..." : s;
    }

    private abstract class Sink
    {
        public abstract void Add(ReadOnlySpan<byte> value, int row, int line);
    }

    private sealed class NumericSink(string name, string source) : Sink
    {
        private double[] _values = new double[1024];
        private int _count;

        public override void Add(ReadOnlySpan<byte> value, int row, int line)
        {
            if (_count == _values.Length)
            {
                Array.Resize(ref _values, _values.Length * 2);
            }

            // Common case first: a plain number (starts with a digit or sign, ends with a digit).
            double v;
            if (value.Length > 0 && IsDigit(value[^1]) && (IsDigit(value[0]) || value[0] == (byte)'-') && FastDouble.TryParse(value, out v))
            {
                _values[_count++] = v;
                return;
            }

            var trimmed = Trim(value);
            if (IsMissing(trimmed))
            {
                v = double.NaN;
            }
            else if (!FastDouble.TryParse(trimmed, out v) || !double.IsFinite(v))
            {
                throw new InputException($"column '{name}', row {row} (line {line} of {source}): '{Show(value)}' is not a number");
            }

            _values[_count++] = v;
        }

        /// <summary>Appends a value the parser has already read (the fused fast path).</summary>
        public void AddParsed(double value)
        {
            if (_count == _values.Length)
            {
                Array.Resize(ref _values, _values.Length * 2);
            }

            _values[_count++] = value;
        }

        public double[] ToArray()
        {
            Array.Resize(ref _values, _count);
            return _values;
        }
    }

    private sealed class TextSink(string name) : Sink
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly List<string> _labels = [];
        private int[] _values = new int[1024];
        private int _count;
        private char[] _chars = new char[256];

        public override void Add(ReadOnlySpan<byte> value, int row, int line)
        {
            if (_count == _values.Length)
            {
                Array.Resize(ref _values, _values.Length * 2);
            }

            int code = -1;
            if (!IsMissing(Trim(value)))
            {
                int max = Encoding.UTF8.GetMaxCharCount(value.Length);
                if (_chars.Length < max)
                {
                    _chars = new char[max];
                }

                int len = Encoding.UTF8.GetChars(value, _chars);
                var lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(_chars.AsSpan(0, len), out code))
                {
                    code = _labels.Count;
                    var label = new string(_chars, 0, len);
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

    /// <summary>Record splitter over a streamed buffer.</summary>
    private sealed class Parser(Stream stream, string source)
    {
        private byte[] _buffer = new byte[InitialBuffer];
        private int _start;       // first unconsumed byte
        private int _end;         // end of valid data
        private bool _eof;
        private int _line = 1;    // file line of the next record
        private (int Start, int Length, bool Escaped)[] _fields = new (int, int, bool)[64];
        private int _fieldCount;
        private byte[] _unescaped = new byte[256];

        public List<string> ReadHeader()
        {
            Fill();
            if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _start = 3;
            }

            while (true)
            {
                if (!NextRecord())
                {
                    throw new InputException($"{source} is empty (no header row)");
                }

                if (_fieldCount == 1 && _fields[0].Length == 0 && !_fields[0].Escaped)
                {
                    continue; // blank line
                }

                var names = new List<string>(_fieldCount);
                for (int f = 0; f < _fieldCount; f++)
                {
                    names.Add(Encoding.UTF8.GetString(Field(f)).Trim());
                }

                return names;
            }
        }

        public int ReadData(Sink[]?[] sinks, int width)
        {
            // A column read by exactly one numeric sink can take the fused fast path.
            var fused = new NumericSink?[width];
            for (int f = 0; f < width; f++)
            {
                fused[f] = sinks[f] is [NumericSink only] ? only : null;
            }

            int row = 0;
            while (true)
            {
                int recordLine = _line;
                if (TryFastRecord(sinks, fused, width, ref row, out bool done))
                {
                    if (done)
                    {
                        return row;
                    }

                    continue;
                }

                if (!NextRecord())
                {
                    return row;
                }

                if (_fieldCount == 1 && _fields[0].Length == 0)
                {
                    continue; // blank line (read.csv skips them too)
                }

                row++;
                if (_fieldCount != width)
                {
                    throw new InputException($"row {row} (line {recordLine} of {source}) has {_fieldCount} fields but the header has {width}");
                }

                for (int f = 0; f < width; f++)
                {
                    var list = sinks[f];
                    if (list is null)
                    {
                        continue;
                    }

                    var value = Field(f);
                    for (int k = 0; k < list.Length; k++)
                    {
                        list[k].Add(value, row, recordLine);
                    }
                }
            }
        }

        /// <summary>
        /// Fast path for the common record: a complete line in the buffer, ending in \n or \r\n, with no quote
        /// and no other \r. Numeric fields are parsed and delimited in one scan. Returns false (consuming nothing)
        /// when the general parser must handle the record; <paramref name="done"/> is set at end of input.
        /// </summary>
        private bool TryFastRecord(Sink[]?[] sinks, NumericSink?[] fused, int width, ref int row, out bool done)
        {
            done = false;
            if (_start >= _end)
            {
                if (_eof)
                {
                    done = true;
                    return true;
                }

                _start = _end = 0;
                Fill();
                return true;
            }

            var rest = new ReadOnlySpan<byte>(_buffer, _start, _end - _start);
            int nl = rest.IndexOf((byte)'\n');
            if (nl < 0)
            {
                return false; // the general parser refills or handles the last line
            }

            var line = rest[..nl];
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.IndexOfAny((byte)'"', (byte)'\r') >= 0)
            {
                return false;
            }

            int recordLine = _line;
            _start += nl + 1;
            _line++;
            if (line.IsEmpty)
            {
                return true; // blank line
            }

            row++;
            int field = 0;
            int p = 0;
            while (true)
            {
                int length;
                var numeric = field < width ? fused[field] : null;
                if (numeric is not null && FastDouble.TryParsePlainField(line[p..], out double v, out length))
                {
                    numeric.AddParsed(v);
                }
                else
                {
                    length = line[p..].IndexOf((byte)',');
                    if (length < 0)
                    {
                        length = line.Length - p;
                    }

                    var list = field < width ? sinks[field] : null;
                    if (list is not null)
                    {
                        var value = line.Slice(p, length);
                        for (int k = 0; k < list.Length; k++)
                        {
                            list[k].Add(value, row, recordLine);
                        }
                    }
                }

                field++;
                p += length;
                if (p >= line.Length)
                {
                    break;
                }

                p++; // the comma
                if (p == line.Length)
                {
                    // trailing comma: one more, empty field
                    if (field < width)
                    {
                        var list = sinks[field];
                        if (list is not null)
                        {
                            for (int k = 0; k < list.Length; k++)
                            {
                                list[k].Add(ReadOnlySpan<byte>.Empty, row, recordLine);
                            }
                        }
                    }

                    field++;
                    break;
                }
            }

            if (field != width)
            {
                throw new InputException($"row {row} (line {recordLine} of {source}) has {field} fields but the header has {width}");
            }

            return true;
        }

        /// <summary>The content of field f of the current record, quotes removed and "" unescaped.</summary>
        private ReadOnlySpan<byte> Field(int f)
        {
            var (start, length, escaped) = _fields[f];
            var raw = new ReadOnlySpan<byte>(_buffer, start, length);
            if (!escaped)
            {
                return raw;
            }

            if (_unescaped.Length < length)
            {
                _unescaped = new byte[Math.Max(length, _unescaped.Length * 2)];
            }

            int w = 0;
            for (int i = 0; i < raw.Length; i++)
            {
                _unescaped[w++] = raw[i];
                if (raw[i] == (byte)'"')
                {
                    i++; // skip the second quote of ""
                }
            }

            return new ReadOnlySpan<byte>(_unescaped, 0, w);
        }

        /// <summary>Splits the next record into _fields; false at end of input.</summary>
        private bool NextRecord()
        {
            while (true)
            {
                if (_start >= _end && _eof)
                {
                    return false;
                }

                int lines = TryParse(out int consumed);
                if (consumed > 0)
                {
                    _start += consumed;
                    _line += lines;
                    return true;
                }

                if (_eof)
                {
                    throw new InputException($"line {_line} of {source}: a quoted field is not closed before the end of the file");
                }

                // incomplete record: keep its bytes and read more
                int pending = _end - _start;
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
                    _start = 0;
                    _end = pending;
                }

                if (_end == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                Fill();
            }
        }

        private void Fill()
        {
            while (_end < _buffer.Length)
            {
                int read = stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0)
                {
                    _eof = true;
                    return;
                }

                _end += read;
            }
        }

        /// <summary>
        /// Parses one record starting at _start. Returns the number of line breaks consumed and sets
        /// <paramref name="consumed"/> to the bytes used, or 0 when the buffer ends before the record does.
        /// </summary>
        private int TryParse(out int consumed)
        {
            var buf = _buffer;
            int p = _start;
            int end = _end;
            int lines = 0;
            _fieldCount = 0;
            consumed = 0;
            while (true)
            {
                if (_fieldCount == _fields.Length)
                {
                    Array.Resize(ref _fields, _fields.Length * 2);
                }

                if (p < end && buf[p] == (byte)'"')
                {
                    // quoted field
                    int q = p + 1;
                    bool escaped = false;
                    while (true)
                    {
                        int rel = q < end ? buf.AsSpan(q, end - q).IndexOf((byte)'"') : -1;
                        if (rel < 0)
                        {
                            return 0; // need more data
                        }

                        lines += CountBreaks(buf.AsSpan(q, rel));
                        q += rel;
                        if (q + 1 >= end && !_eof)
                        {
                            return 0; // cannot tell "" from a closing quote yet
                        }

                        if (q + 1 < end && buf[q + 1] == (byte)'"')
                        {
                            escaped = true;
                            q += 2;
                            continue;
                        }

                        break;
                    }

                    _fields[_fieldCount++] = (p + 1, q - p - 1, escaped);
                    p = q + 1;
                    if (p >= end)
                    {
                        if (!_eof)
                        {
                            return 0;
                        }

                        consumed = p - _start;
                        return lines;
                    }

                    byte after = buf[p];
                    if (after == (byte)',')
                    {
                        p++;
                        continue;
                    }

                    if (after is (byte)'\n' or (byte)'\r')
                    {
                        return EndOfRecord(p, lines, out consumed);
                    }

                    throw new InputException($"line {_line + lines} of {source}: unexpected character after a closing quote");
                }

                // unquoted field
                int len = p < end ? buf.AsSpan(p, end - p).IndexOfAny((byte)',', (byte)'\n', (byte)'\r') : -1;
                if (len < 0)
                {
                    if (!_eof)
                    {
                        return 0;
                    }

                    _fields[_fieldCount++] = (p, end - p, false);
                    consumed = end - _start;
                    return lines;
                }

                _fields[_fieldCount++] = (p, len, false);
                p += len;
                if (buf[p] == (byte)',')
                {
                    p++;
                    continue;
                }

                return EndOfRecord(p, lines, out consumed);
            }
        }

        private int EndOfRecord(int p, int lines, out int consumed)
        {
            // p is at \n or \r
            if (_buffer[p] == (byte)'\r')
            {
                if (p + 1 >= _end && !_eof)
                {
                    consumed = 0;
                    return 0; // a \n may follow in the next read
                }

                if (p + 1 < _end && _buffer[p + 1] == (byte)'\n')
                {
                    p++;
                }
            }

            consumed = p + 1 - _start;
            return lines + 1;
        }

        private static int CountBreaks(ReadOnlySpan<byte> s)
        {
            int count = s.Count((byte)'\n');
            if (s.Contains((byte)'\r'))
            {
                // lone \r counts as a break; \r\n already counted by its \n
                for (int i = 0; i < s.Length; i++)
                {
                    if (s[i] == (byte)'\r' && (i + 1 >= s.Length || s[i + 1] != (byte)'\n'))
                    {
                        count++;
                    }
                }
            }

            return count;
        }
    }
}
