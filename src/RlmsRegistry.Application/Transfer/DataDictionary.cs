using System.Globalization;
using Mediator;

namespace RlmsRegistry.Application.Transfer;

/// <summary>
/// The registry's data dictionary in REDCap's format: its 18 columns in REDCap's order and spelling, one row per field
/// of every form, choices as <c>code, label | code, label</c>, derived fields as <c>calc</c> with their formula in words.
/// A REDCap user can load it to build a mirror project; the export's syntax files use the same labels and codes.
/// </summary>
public static class DataDictionary
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
        "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
        "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
        "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name", "Matrix Ranking?",
        "Field Annotation",
    ];

    /// <summary>One row per field, each with the 18 values in <see cref="Columns"/> order.</summary>
    public static IEnumerable<string[]> Rows()
    {
        foreach (var form in TransferSchema.Forms)
        {
            string? section = null;
            var first = true;
            foreach (var column in form.Columns.Where(c => c.IsField))
            {
                // REDCap's section header starts a group: the field's section when it changes, else the form's title.
                var header = column.Field?.Section is { } s ? (s == section ? string.Empty : s) : first ? form.Title : string.Empty;
                section = column.Field?.Section ?? section;
                yield return Row(form, column, header);
                first = false;
            }
        }
    }

    public static byte[] ToCsv()
    {
        var csv = new TransferCsvWriter(Columns);
        foreach (var row in Rows())
        {
            foreach (var value in row)
            {
                csv.Field(value);
            }

            csv.EndRow();
        }

        return csv.ToBytes();
    }

    /// <summary>REDCap's <c>code, label | code, label</c>.</summary>
    public static string FormatChoices(IReadOnlyList<TransferChoice> choices) =>
        string.Join(" | ", choices.Select(c => $"{c.Code}, {c.Label}"));

    private static string[] Row(TransferFile form, TransferColumn c, string sectionHeader)
    {
        var (type, validation) = c.Type switch
        {
            TransferType.Date => ("text", "date_ymd"),
            TransferType.WholeNumber => ("text", "integer"),
            TransferType.Number => ("text", "number"),
            TransferType.YesNo => ("yesno", string.Empty),
            TransferType.Choice => ("radio", string.Empty),
            TransferType.Calculated => ("calc", string.Empty),
            _ => ("text", string.Empty),
        };
        var choices = c.Type switch
        {
            TransferType.Choice => FormatChoices(c.Choices),
            TransferType.Calculated => c.Calculation ?? c.Formula ?? string.Empty,
            _ => string.Empty,
        };

        // A derived field's note is its formula in words (and how the export writes it); an entered field's, its unit.
        var note = c.Type == TransferType.Calculated
            ? string.Join(" ", new[] { c.Formula, c.Unit is { } u ? $"Unit: {u}." : null, c.Note }.Where(x => !string.IsNullOrEmpty(x)))
            : c.Unit ?? string.Empty;
        var max = c.Type == TransferType.Date && c.NotInFuture ? "today" : Number(c.Max);
        return
        [
            c.Name, form.FormName, sectionHeader, type, c.Label, choices, note, validation,
            Number(c.Min), max, string.Empty, c.Branching ?? string.Empty, c.Required ? "y" : string.Empty,
            string.Empty, string.Empty, string.Empty, string.Empty, c.Type == TransferType.Calculated ? "@READONLY" : string.Empty,
        ];
    }

    private static string Number(decimal? value) => value is { } v ? v.ToString("0.##########", CultureInfo.InvariantCulture) : string.Empty;
}

/// <summary>The data dictionary as CSV (UTF-8), for anyone signed in.</summary>
public sealed record GetDataDictionaryQuery : IQuery<byte[]>;

public sealed class GetDataDictionaryHandler : IQueryHandler<GetDataDictionaryQuery, byte[]>
{
    public ValueTask<byte[]> Handle(GetDataDictionaryQuery query, CancellationToken cancellationToken) => ValueTask.FromResult(DataDictionary.ToCsv());
}
