using System.Globalization;
using System.Text;
using RlmsRegistry.Cli.Csv;
using RlmsRegistry.Cli.Infrastructure;

namespace RlmsRegistry.Cli.Tests;

/// <summary>RFC 4180 details, missing values, number spellings and buffer boundaries of the CSV reader (Sep underneath).</summary>
public class CsvReaderTests
{
    private static CsvColumns Read(string content, params ColumnRequest[] columns) =>
        CsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(content)), "test.csv", columns);

    [Fact]
    public void GivenQuotedFieldsWithCommasEscapedQuotesAndLineBreaks_WhenReading_ThenContentIsUnquoted()
    {
        var csv = Read(
            "\"id\",\"note\",\"x\"\r\n1,\"a, b\",\"2.5\"\r\n2,\"say \"\"hi\"\"\",3\r\n3,\"two\nlines\",4\r\n",
            new("note", ColumnKind.Text), new("x", ColumnKind.Numeric));

        Assert.Equal(3, csv.RowCount);
        var note = csv.Text("note");
        Assert.Equal(["a, b", "say \"hi\"", "two\nlines"], note.Codes.Select(c => note.Labels[c]));
        Assert.Equal([2.5, 3, 4], csv.Numeric("x"));
    }

    [Fact]
    public void GivenEmptyAndNaCells_WhenReading_ThenTheyAreMissing()
    {
        var csv = Read("a,b\n1,x\n,NA\nNA,\n\" 4 \",\"y\"\n", new("a", ColumnKind.Numeric), new("b", ColumnKind.Text));

        var a = csv.Numeric("a");
        Assert.Equal(4, a.Length);
        Assert.True(double.IsNaN(a[1]) && double.IsNaN(a[2]));
        Assert.Equal(4.0, a[3]); // spaces around a number are tolerated
        Assert.Equal([0, -1, -1, 1], csv.Text("b").Codes);
    }

    [Fact]
    public void GivenFieldsTheFastPathDoesNotHandle_WhenReading_ThenTheGeneralPathReadsThemTheSame()
    {
        // exponent, leading '+', spaces, trailing empty field, 20-digit mantissa, empty middle field
        var csv = Read(
            "a,b,c\n1e2,+3, 4 \n-0.5,,\n12345678901234567890,7,8\n",
            new("a", ColumnKind.Numeric), new("b", ColumnKind.Numeric), new("c", ColumnKind.Numeric));

        Assert.Equal([100.0, -0.5, 12345678901234567890.0], csv.Numeric("a"));
        Assert.Equal(3.0, csv.Numeric("b")[0]);
        Assert.True(double.IsNaN(csv.Numeric("b")[1]));
        Assert.Equal(4.0, csv.Numeric("c")[0]);
        Assert.True(double.IsNaN(csv.Numeric("c")[1]));
        Assert.Equal(8.0, csv.Numeric("c")[2]);
    }

    [Fact]
    public void GivenTooManyFieldsOnAPlainLine_WhenReading_ThenTheRowIsNamed()
    {
        var e = Assert.Throws<InputException>(() => Read("a,b\n1,2\n3,4,\n", new ColumnRequest("a", ColumnKind.Numeric)));
        Assert.Equal("row 2 (line 3 of test.csv) has 3 fields but the header has 2", e.Message);
    }

    [Fact]
    public void GivenBomBlankLinesLoneCarriageReturnsAndNoFinalNewline_WhenReading_ThenRecordsAreFound()
    {
        var csv = Read("\uFEFFt,s\r\r\n1,0\r\n\n2,1\r3,1", new("t", ColumnKind.Numeric), new("s", ColumnKind.Numeric));

        Assert.Equal([1.0, 2, 3], csv.Numeric("t"));
        Assert.Equal([0.0, 1, 1], csv.Numeric("s"));
    }

    [Fact]
    public void GivenAStreamThatDeliversOneByteAtATime_WhenReading_ThenEveryBufferBoundaryIsHandled()
    {
        var sb = new StringBuilder("time,\"label\",value\n");
        for (int i = 0; i < 3000; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i}.25,\"l\"\"{i % 7}\r\n,x\",{-i}e-3\r\n");
        }

        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var csv = CsvReader.Read(new TrickleStream(bytes), "t.csv", [new("time", ColumnKind.Numeric), new("label", ColumnKind.Text), new("value", ColumnKind.Numeric)]);

        Assert.Equal(3000, csv.RowCount);
        Assert.Equal(2999.25, csv.Numeric("time")[2999]);
        Assert.Equal(-2.999, csv.Numeric("value")[2999]);
        var label = csv.Text("label");
        Assert.Equal(7, label.Labels.Count);
        Assert.Equal("l\"3\r\n,x", label.Labels[label.Codes[3]]);
    }

    [Fact]
    public void GivenManyNumberSpellings_WhenReading_ThenResultsEqualDoubleParse()
    {
        var rng = new Random(3);
        var samples = new List<string> { "0", "-0", "+1", "1.", ".5", "0.1", "123456789012345678", "1234567890123456789012", "1e300", "2.5E-8", "0.30000000000000004", "9007199254740993", "1.7976931348623157e308", "000123.4500" };
        for (int i = 0; i < 20000; i++)
        {
            double v = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-8, 12));
            samples.Add(v.ToString(rng.Next(3) switch { 0 => "R", 1 => "F" + rng.Next(0, 10).ToString(CultureInfo.InvariantCulture), _ => "G6" }, CultureInfo.InvariantCulture));
        }

        var csv = Read("x\n" + string.Join("\n", samples) + "\n", new ColumnRequest("x", ColumnKind.Numeric));
        var read = csv.Numeric("x");
        for (int i = 0; i < samples.Count; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(double.Parse(samples[i], CultureInfo.InvariantCulture)) == BitConverter.DoubleToInt64Bits(read[i]), samples[i]);
        }

        foreach (var bad in new[] { "1.2.3", "-", "12a", "NaN", "1e400" })
        {
            var e = Assert.Throws<InputException>(() => Read("x\n1\n" + bad + "\n", new ColumnRequest("x", ColumnKind.Numeric)));
            Assert.Equal($"column 'x', row 2 (line 3 of test.csv): '{bad}' is not a number", e.Message);
        }
    }

    [Fact]
    public void GivenInfinityText_WhenReadingANumericColumn_ThenItIsRejected()
    {
        var e = Assert.Throws<InputException>(() => Read("x\n1\nInfinity\n", new ColumnRequest("x", ColumnKind.Numeric)));
        Assert.Contains("row 2", e.Message);
    }

    [Theory]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    [InlineData(false, false, true)] // one line per row: the parts fill the preallocated columns exactly
    [InlineData(false, false, false)] // ... and the last row has no line end
    public void GivenAFileReadInParallelParts_WhenReading_ThenColumnsEqualOnePass(bool quoted, bool blankLines, bool finalLineEnd)
    {
        var sb = new StringBuilder("time,grp,x\r\n");
        var rng = new Random(11);
        for (int i = 0; i < 20000; i++)
        {
            string grp = quoted && i == 15000 ? "\"q,\nz\"" : ((char)('a' + rng.Next(0, 5 + (i / 4000)))).ToString();
            sb.Append(CultureInfo.InvariantCulture, $"{rng.Next(1, 999)}.5,{grp},{(i % 97 == 0 ? "NA" : (rng.NextDouble() - 0.5).ToString("R", CultureInfo.InvariantCulture))}\r\n");
            if (blankLines && i % 5000 == 0)
            {
                sb.Append("\r\n");
            }
        }

        if (!finalLineEnd)
        {
            sb.Length -= 2;
        }

        var path = Path.Combine(Path.GetTempPath(), $"rlms-parts-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, sb.ToString());
        try
        {
            ColumnRequest[] columns = [new("time", ColumnKind.Numeric), new("grp", ColumnKind.Text), new("x", ColumnKind.Numeric)];
            var parts = CsvReader.Read(path, columns, parallelThreshold: 0);
            using var stream = File.OpenRead(path);
            var one = CsvReader.Read(stream, "one.csv", columns);

            // Without a quote the file is read in parallel parts (on a multi-core machine); a quote forces one pass.
            Assert.Equal(quoted || Environment.ProcessorCount == 1 ? 1 : Math.Min(Environment.ProcessorCount, 4), parts.Parts);
            Assert.Equal(20000, parts.RowCount);
            Assert.Equal(one.Numeric("time"), parts.Numeric("time"));
            Assert.Equal(one.Numeric("x"), parts.Numeric("x"));
            Assert.Equal(one.Text("grp").Codes, parts.Text("grp").Codes);
            Assert.Equal(one.Text("grp").Labels, parts.Text("grp").Labels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GivenABadValueLateInAFileReadInParts_WhenReading_ThenTheMessageNamesTheFileRowAndLine()
    {
        var sb = new StringBuilder("t,s\n");
        for (int i = 1; i <= 9000; i++)
        {
            sb.Append(i == 8500 ? "x1" : "1").Append(",0\n");
        }

        var path = Path.Combine(Path.GetTempPath(), $"rlms-parts-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, sb.ToString());
        try
        {
            var e = Assert.Throws<InputException>(() => CsvReader.Read(path, [new("t", ColumnKind.Numeric)], parallelThreshold: 0));
            Assert.Equal($"column 't', row 8500 (line 8501 of {Path.GetFileName(path)}): 'x1' is not a number", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A stream that returns at most one byte per Read call.</summary>
    private sealed class TrickleStream(byte[] data) : Stream
    {
        private int _pos;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _pos; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pos >= data.Length || count == 0)
            {
                return 0;
            }

            buffer[offset] = data[_pos++];
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
