using System.Globalization;
using csFastFloat;
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

    internal CsvColumns(string source, int rowCount, Dictionary<string, double[]> numeric, Dictionary<string, TextColumn> text, int parts = 1)
    {
        Parts = parts;
        Source = source;
        RowCount = rowCount;
        _numeric = numeric;
        _text = text;
    }

    /// <summary>File name used in messages.</summary>
    public string Source { get; }

    /// <summary>How many parts the file was parsed in side by side (1 = one pass).</summary>
    internal int Parts { get; }

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
/// parser (csFastFloat, called on each field's span), with .NET's invariant parser for the spellings it leaves (a
/// leading '+', spaces, quotes); infinities and NaN text are not numbers. Only the requested columns are decoded; text cells are interned per distinct value.
/// Errors (unknown column, ragged row, non-numeric value, unclosed quote) are <see cref="InputException"/>s naming
/// the column, the data row (1 = first row after the header) and the file line.
/// </summary>
internal static class CsvReader
{
    /// <summary>Files at least this large are parsed in parallel parts (one per core, at most 4).</summary>
    internal const long ParallelThreshold = 8 << 20;

    public static CsvColumns Read(string path, IReadOnlyList<ColumnRequest> columns) => Read(path, columns, ParallelThreshold);

    /// <summary>Reads a file, in parallel parts from <paramref name="parallelThreshold"/> bytes on.</summary>
    internal static CsvColumns Read(string path, IReadOnlyList<ColumnRequest> columns, long parallelThreshold)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"input file '{path}' does not exist");
        }

        string source = Path.GetFileName(path);
        int parts = Math.Min(Environment.ProcessorCount, 4);
        if (parts > 1 && new FileInfo(path).Length >= parallelThreshold && ReadInParts(path, source, columns, parts) is { } fast)
        {
            return fast;
        }

        using var stream = OpenRead(path);
        return Read(stream, source, columns);
    }

    public static CsvColumns Read(Stream stream, string source, IReadOnlyList<ColumnRequest> columns)
    {
        using var reader = Open(stream);
        var header = ReadHeader(reader, source);
        var part = new Part(header, columns, source);
        part.ReadRows(reader);
        return part.ToColumns();
    }

    /// <summary>
    /// Splits the data rows into <paramref name="parts"/> byte ranges at line ends and parses them side by side,
    /// then joins the columns in file order (text codes renumbered in order of first appearance, as one pass would).
    /// Only for files without a quote character after the header (a quoted field may hold a line break, so a range
    /// could start inside it) and without errors: otherwise null, and the caller reads the file in one pass, which
    /// also gives every error message its exact row and line.
    /// </summary>
    private static CsvColumns? ReadInParts(string path, string source, IReadOnlyList<ColumnRequest> columns, int parts)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        long length = RandomAccess.GetLength(handle);
        var head = new byte[64 << 10];
        int headLength = RandomAccess.Read(handle, head, 0);
        int headerEnd = head.AsSpan(0, headLength).IndexOf((byte)'\n');
        if (headerEnd <= 0 || head[0] == (byte)'\r' || head[0] == (byte)'\n')
        {
            return null;
        }

        List<string> header;
        using (var headerReader = Open(new MemoryStream(head, 0, headerEnd + 1)))
        {
            header = ReadHeader(headerReader, source);
        }

        foreach (var request in columns.Where(c => !header.Contains(c.Name)))
        {
            return null; // the one-pass read names the missing column
        }

        // Range boundaries: just after the first \n at or past each even split point.
        var starts = new List<long> { headerEnd + 1 };
        var probe = new byte[1 << 16];
        for (int k = 1; k < parts; k++)
        {
            long from = Math.Max(starts[^1], (length * k) / parts);
            long at = -1;
            for (long pos = from; pos < length && at < 0;)
            {
                int read = RandomAccess.Read(handle, probe, pos);
                int nl = probe.AsSpan(0, read).IndexOf((byte)'\n');
                at = nl >= 0 ? pos + nl + 1 : -1;
                pos += read;
            }

            if (at > 0 && at < length)
            {
                starts.Add(at);
            }
        }

        starts.Add(length);
        int count = starts.Count - 1;

        // Rows per range (its line ends, plus one for a last line without one): every numeric column is allocated once
        // at its final size and each range parses straight into its own stretch of it, so nothing is grown or copied.
        var lines = new long[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count }, k => lines[k] = CountLineEnds(handle, starts[k], starts[k + 1]));
        var last = new byte[1];
        if (RandomAccess.Read(handle, last, length - 1) == 1 && last[0] != (byte)'\n')
        {
            lines[count - 1]++;
        }

        long capacity = lines.Sum();
        if (capacity > Array.MaxLength)
        {
            return null;
        }

        var shared = columns.Where(c => c.Kind == ColumnKind.Numeric).Select(c => c.Name).Distinct(StringComparer.Ordinal)
            .ToDictionary(name => name, _ => GC.AllocateUninitializedArray<double>((int)capacity), StringComparer.Ordinal);
        var results = new Part?[count];
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count }, k =>
            {
                using var range = new RangeStream(handle, starts[k], starts[k + 1]);
                using var reader = Open(range);
                var part = new Part(header, columns, source, shared, (int)lines.Take(k).Sum(), (int)lines[k]);
                part.ReadRows(reader);
                results[k] = range.SawQuote ? null : part;
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is InputException))
        {
            return null;
        }

        return Array.TrueForAll(results, r => r is not null) ? Part.Join(results!) : null;
    }

    /// <summary>Number of \n bytes in [from, to) of the file.</summary>
    private static long CountLineEnds(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long from, long to)
    {
        var buffer = new byte[1 << 18];
        long lines = 0;
        for (long pos = from; pos < to;)
        {
            int read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, to - pos)), pos);
            if (read <= 0)
            {
                break;
            }

            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            pos += read;
        }

        return lines;
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    private static SepReader Open(Stream stream) => new SepReaderOptions(Sep.New(','))
    {
        HasHeader = false,
        DisableColCountCheck = true,
        Unescape = false,
        CultureInfo = CultureInfo.InvariantCulture,
    }.From(stream);

    /// <summary>The requested columns of a run of data rows.</summary>
    private sealed class Part
    {
        private readonly int _width;
        private readonly string _source;
        private readonly Dictionary<string, NumericSink> _numeric = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TextSink> _text = new(StringComparer.Ordinal);
        private readonly (int Index, NumericSink? Numeric, TextSink? Text)[] _sinks;
        private int _rows;

        /// <param name="header">Column names.</param>
        /// <param name="columns">The columns wanted.</param>
        /// <param name="source">File name for messages.</param>
        /// <param name="shared">Preallocated arrays of the numeric columns to write into (null: own growing arrays).</param>
        /// <param name="offset">This part's first row in <paramref name="shared"/>.</param>
        /// <param name="capacity">Rows this part may write there; beyond it the part continues in its own arrays.</param>
        public Part(List<string> header, IReadOnlyList<ColumnRequest> columns, string source, Dictionary<string, double[]>? shared = null, int offset = 0, int capacity = 0)
        {
            _width = header.Count;
            _source = source;
            var wanted = new List<(int, NumericSink?, TextSink?)>();
            foreach (var request in columns)
            {
                int index = header.IndexOf(request.Name);
                if (index < 0)
                {
                    throw new InputException($"column '{request.Name}' not found in {source} (columns: {string.Join(", ", header)})");
                }

                if (request.Kind == ColumnKind.Numeric && !_numeric.ContainsKey(request.Name))
                {
                    var sink = shared is null ? new NumericSink(request.Name, source) : new NumericSink(request.Name, source, shared[request.Name], offset, capacity);
                    _numeric[request.Name] = sink;
                    wanted.Add((index, sink, null));
                }
                else if (request.Kind == ColumnKind.Text && !_text.ContainsKey(request.Name))
                {
                    var sink = new TextSink(request.Name);
                    _text[request.Name] = sink;
                    wanted.Add((index, null, sink));
                }
            }

            _sinks = [.. wanted];
        }

        public void ReadRows(SepReader reader)
        {
            var sinks = _sinks;
            int width = _width;
            string source = _source;
            int row = _rows;
            while (reader.MoveNext())
            {
                var r = reader.Current;
                if (r.ColCount == 1 && r[0].Span.IsEmpty)
                {
                    continue; // blank line (read.csv skips them too)
                }

                row++;
                if (r.ColCount != width)
                {
                    int line = r.LineNumberFrom;
                    for (int f = 0; f < r.ColCount; f++)
                    {
                        CheckQuotes(r[f].Span, line, source);
                    }

                    throw new InputException($"row {row} (line {line} of {source}) has {r.ColCount} fields but the header has {width}");
                }

                for (int k = 0; k < sinks.Length; k++)
                {
                    var (index, num, txt) = sinks[k];
                    var col = r[index];
                    var raw = col.Span;
                    if (num is not null)
                    {
                        // Sep's own float parser (csFastFloat) called on the field directly: the whole field must be
                        // the number (it stops at trailing text), and what it leaves goes the slow way.
                        if (raw.Length > 0 && raw[0] != '"'
                            && FastDoubleParser.TryParseDouble(raw, out int consumed, out double v) && consumed == raw.Length
                            && double.IsFinite(v))
                        {
                            num.Add(v);
                        }
                        else
                        {
                            int line = r.LineNumberFrom;
                            num.AddSlow(Unquote(raw, line, source), row, line);
                        }
                    }
                    else
                    {
                        txt!.Add(raw.Length > 0 && raw[0] == '"' ? Unquote(raw, r.LineNumberFrom, source) : raw);
                    }
                }
            }

            _rows = row;
        }

        public CsvColumns ToColumns() => new(
            _source,
            _rows,
            _numeric.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            _text.ToDictionary(p => p.Key, p => p.Value.ToColumn(), StringComparer.Ordinal));

        /// <summary>The parts' columns one after the other, as one pass over the file would have produced them.</summary>
        public static CsvColumns Join(Part[] parts)
        {
            var first = parts[0];
            var numeric = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (var name in first._numeric.Keys)
            {
                numeric[name] = NumericSink.Join([.. parts.Select(p => p._numeric[name])]);
            }

            var text = new Dictionary<string, TextColumn>(StringComparer.Ordinal);
            foreach (var name in first._text.Keys)
            {
                text[name] = TextSink.Concat(name, [.. parts.Select(p => p._text[name])]);
            }

            return new CsvColumns(first._source, parts.Sum(p => p._rows), numeric, text, parts.Length);
        }
    }

    /// <summary>A byte range of a file as a read-only stream that notes whether it contains a quote character.</summary>
    private sealed class RangeStream(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long first, long end) : Stream
    {
        private readonly long _first = first;
        private long _position = first;

        public bool SawQuote { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => end - _first;

        public override long Position { get => _position - _first; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int want = (int)Math.Min(buffer.Length, end - _position);
            if (want <= 0)
            {
                return 0;
            }

            int read = RandomAccess.Read(handle, buffer[..want], _position);
            SawQuote |= buffer[..read].Contains((byte)'"');
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
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

    /// <summary>
    /// The values of one numeric column in one part: its own growing array, or a stretch [offset, offset + capacity)
    /// of an array shared by the parts (moving to its own array should the stretch fill up).
    /// </summary>
    private sealed class NumericSink
    {
        private readonly string _name;
        private readonly string _source;
        private double[] _values;
        private int _offset;
        private int _limit;
        private int _count;
        private bool _shared;

        public NumericSink(string name, string source)
        {
            _name = name;
            _source = source;
            _values = new double[1024];
            _limit = _values.Length;
        }

        public NumericSink(string name, string source, double[] shared, int offset, int capacity)
        {
            _name = name;
            _source = source;
            _values = shared;
            _offset = offset;
            _limit = offset + capacity;
            _count = offset;
            _shared = true;
        }

        /// <summary>Values written (the position after the last is <c>_count</c>).</summary>
        private int Length => _count - _offset;

        public void Add(double value)
        {
            if (_count == _limit)
            {
                Grow();
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
                throw new InputException($"column '{_name}', row {row} (line {line} of {_source}): '{Show(value)}' is not a number");
            }
        }

        public double[] ToArray()
        {
            if (_offset != 0 || _count != _values.Length)
            {
                var values = new double[Length];
                Array.Copy(_values, _offset, values, 0, Length);
                return values;
            }

            return _values;
        }

        /// <summary>
        /// The parts' values one after the other: the shared array itself when the parts filled it exactly (one line
        /// per row, as in any file without blank lines), else a copy.
        /// </summary>
        public static double[] Join(NumericSink[] parts)
        {
            var first = parts[0];
            bool exact = first._offset == 0;
            for (int k = 0; k < parts.Length && exact; k++)
            {
                var p = parts[k];
                exact = p._shared && p._values == first._values
                    && (k + 1 < parts.Length ? parts[k + 1]._offset == p._count : p._count == p._values.Length);
            }

            if (exact)
            {
                return first._values;
            }

            var result = new double[parts.Sum(p => p.Length)];
            int at = 0;
            foreach (var p in parts)
            {
                Array.Copy(p._values, p._offset, result, at, p.Length);
                at += p.Length;
            }

            return result;
        }

        private void Grow()
        {
            var values = new double[Math.Max(1024, Length * 2)];
            Array.Copy(_values, _offset, values, 0, Length);
            _count = Length;
            _offset = 0;
            _values = values;
            _limit = values.Length;
            _shared = false;
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

        /// <summary>The parts' codes one after the other, labels numbered in order of first appearance overall.</summary>
        public static TextColumn Concat(string name, TextSink[] parts)
        {
            var joined = new TextSink(name);
            var codes = new int[parts.Sum(p => p._count)];
            int at = 0;
            foreach (var p in parts)
            {
                var map = p._labels.Select(l => joined.Code(l)).ToArray();
                for (int i = 0; i < p._count; i++)
                {
                    codes[at++] = p._values[i] < 0 ? -1 : map[p._values[i]];
                }
            }

            return new TextColumn(name, codes, joined._labels);
        }

        private int Code(string label)
        {
            if (!_codes.TryGetValue(label, out int code))
            {
                code = _labels.Count;
                _labels.Add(label);
                _codes.Add(label, code);
            }

            return code;
        }
    }
}
