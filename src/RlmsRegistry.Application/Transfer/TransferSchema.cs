using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Forms;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Transfer;

/// <summary>How a column's values are written and read.</summary>
public enum TransferType
{
    /// <summary>Free text.</summary>
    Text,

    /// <summary>ISO date, yyyy-MM-dd (in a de-identified export: whole days from the index operation).</summary>
    Date,

    /// <summary>Whole number.</summary>
    WholeNumber,

    /// <summary>Decimal number with a point.</summary>
    Number,

    /// <summary>1 = yes, 0 = no.</summary>
    YesNo,

    /// <summary>One code of <see cref="TransferColumn.Choices"/>.</summary>
    Choice,

    /// <summary>Derived on the server (FNCLCC grade, NLR…); exported, never imported.</summary>
    Calculated,
}

/// <summary>One allowed value: the code written in the file and its label in words.</summary>
public sealed record TransferChoice(string Code, string Label);

/// <summary>
/// One column of an exported file. A form field's column is derived from its <see cref="FieldDefinition"/> (issue 8/,
/// <see cref="FormDefinitions"/>): label, type, unit, choices, range, required, branching and formula are read from
/// there, never written here. The other columns (study ID, centre, form number, status) are the transfer's own keys.
/// </summary>
public sealed record TransferColumn(string Name, string Label, TransferType Type)
{
    public string? Unit { get; init; }

    public IReadOnlyList<TransferChoice> Choices { get; init; } = [];

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    /// <summary>Dates: a date after today is refused (REDCap: validation max "today").</summary>
    public bool NotInFuture { get; init; }

    public bool Required { get; init; }

    /// <summary>REDCap branching logic over the transfer's variable names.</summary>
    public string? Branching { get; init; }

    /// <summary>Derived fields: the formula in words.</summary>
    public string? Formula { get; init; }

    /// <summary>Derived fields: the formula in REDCap's calc syntax over the transfer's variable names, when one exists.</summary>
    public string? Calculation { get; init; }

    /// <summary>What the transfer does to the values of this column beyond the definition (e.g. rounding).</summary>
    public string? Note { get; init; }

    /// <summary>The command / domain property the column fills, to place validation messages on the column.</summary>
    public string? Property { get; init; }

    /// <summary>The field definition the column is derived from; null for the key and status columns.</summary>
    public FieldDefinition? Field { get; init; }

    /// <summary>A form field (in the data dictionary), as opposed to a key or status column.</summary>
    public bool IsField { get; init; } = true;

    /// <summary>For <see cref="TransferType.Calculated"/>: the result is a whole number or code (else a decimal).</summary>
    public bool CalculatedIsCode { get; init; }

    /// <summary>The label of a code, or null.</summary>
    public string? LabelOf(string code) => Choices.FirstOrDefault(c => c.Code == code)?.Label;
}

/// <summary>One file of the transfer zip and the form whose rows it holds.</summary>
public sealed record TransferFile(string FileName, string FormName, string Title, IReadOnlyList<TransferColumn> Columns)
{
    /// <summary>The field definitions of the form, when the file holds a form.</summary>
    public FormDefinition? Definition { get; init; }

    /// <summary>The domain class whose properties hold the form's values (Patient, Operation, …).</summary>
    public Type? Entity { get; init; }

    public TransferColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The column of a field definition, or null.</summary>
    public TransferColumn? ColumnOf(FieldDefinition field) => Columns.FirstOrDefault(c => ReferenceEquals(c.Field, field));

    /// <summary>The table name in syntax files: operations, follow_up_events…</summary>
    public string TableName => Path.GetFileNameWithoutExtension(FileName).Replace('-', '_');
}

/// <summary>
/// The files of a registry export and import, with every column. Exports, imports, the data dictionary and the R / SPSS /
/// Stata / SAS syntax files all read this one description, and its form columns are derived from
/// <see cref="FormDefinitions"/>: one column per field, in the form's order, named by <see cref="VariableName"/>.
/// </summary>
public static partial class TransferSchema
{
    public const string StudyId = "study_id";
    public const string ResearchId = "research_id";
    public const string CentreCode = "centre_code";
    public const string OperationSeq = "operation_seq";
    public const string EventSeq = "event_seq";
    public const string Status = "status";

    /// <summary>Decimals a derived ratio (NLR, PLR) is written with.</summary>
    public const int CalculatedDecimals = 4;

    public static readonly IReadOnlyList<TransferChoice> StatusChoices =
        [new("draft", "Draft"), new("complete", "Complete"), new("locked", "Locked")];

    /// <summary>
    /// The transfer's variable names where they are not the field's name in snake_case: REDCap needs names unique across
    /// the project (two forms have a "date"), and the exports of issue 12 named the laboratory values without their unit.
    /// Stable: renaming one changes the export and import files.
    /// </summary>
    private static readonly Dictionary<(string Form, string Field), string> Renamed = new()
    {
        [("operation", "date")] = "operation_date",
        [("operation", "operativeTimeMinutes")] = "operative_time_min",
        [("pathology", "mitoticCountPer10Hpf")] = "mitotic_count",
        [("labs", "plateletsE9PerL")] = "platelets",
        [("labs", "neutrophilsE9PerL")] = "neutrophils",
        [("labs", "lymphocytesE9PerL")] = "lymphocytes",
        [("labs", "haemoglobinGPerL")] = "haemoglobin",
        [("labs", "albuminGPerL")] = "albumin",
        [("follow_up_event", "date")] = "event_date",
        [("follow_up_event", "type")] = "event_type",
        [("follow_up_event", "site")] = "metastasis_site",
    };

    private static readonly TransferColumn StudyIdColumn = new(StudyId, "Study ID", TransferType.Text) { IsField = false };
    private static readonly TransferColumn StatusColumn = new(Status, "Form status", TransferType.Text) { Choices = StatusChoices, IsField = false };
    private static readonly TransferColumn OperationSeqColumn = new(OperationSeq, "Operation number (per patient, in date order)", TransferType.WholeNumber) { IsField = false };

    public static readonly TransferFile Centres = new("centres.csv", "centres", "Centres",
    [
        new(CentreCode, "Centre code", TransferType.Text) { IsField = false },
        new("centre_name", "Centre name", TransferType.Text) { IsField = false },
    ]);

    public static readonly TransferFile Patients = FormFile("patients.csv", FormDefinitions.Patient, typeof(Patient),
    [
        new(StudyId, "Study ID", TransferType.Text),
        new(CentreCode, "Centre code", TransferType.Text) { Required = true },
    ]);

    public static readonly TransferFile Operations = FormFile("operations.csv", FormDefinitions.Operation, typeof(Operation), [StudyIdColumn, OperationSeqColumn, StatusColumn]);

    public static readonly TransferFile Pathology = FormFile("pathology.csv", FormDefinitions.Pathology, typeof(Domain.Clinical.Pathology), [StudyIdColumn, OperationSeqColumn, StatusColumn]);

    public static readonly TransferFile Labs = FormFile("labs.csv", FormDefinitions.Labs, typeof(LabPanel), [StudyIdColumn, OperationSeqColumn, StatusColumn]);

    public static readonly TransferFile FollowUpEvents = FormFile("follow-up-events.csv", FormDefinitions.FollowUpEvent, typeof(FollowUpEvent),
        [StudyIdColumn, new(EventSeq, "Event number (per patient, in date order)", TransferType.WholeNumber) { IsField = false }, StatusColumn]);

    /// <summary>The data files in import order (each refers only to the ones before it).</summary>
    public static readonly IReadOnlyList<TransferFile> DataFiles = [Centres, Patients, Operations, Pathology, Labs, FollowUpEvents];

    /// <summary>The forms of the data dictionary, in REDCap's order (the record's own form first): one per <see cref="FormDefinitions.All"/>.</summary>
    public static readonly IReadOnlyList<TransferFile> Forms = [Patients, Operations, Pathology, Labs, FollowUpEvents];

    public const string DictionaryFileName = "data-dictionary.csv";
    public const string ManifestFileName = "manifest.json";

    /// <summary>The transfer's variable name of a field: its name in snake_case unless <see cref="Renamed"/> says otherwise.</summary>
    public static string VariableName(FormDefinition form, FieldDefinition field) =>
        Renamed.TryGetValue((form.Name, field.Name), out var name) ? name : SnakeCase(field.Name);

    /// <summary>The file of a form definition.</summary>
    public static TransferFile FileOf(FormDefinition form) => Forms.Single(f => ReferenceEquals(f.Definition, form));

    private static TransferFile FormFile(string fileName, FormDefinition form, Type entity, IReadOnlyList<TransferColumn> keys)
    {
        var names = form.Fields.ToDictionary(f => f.Name, f => VariableName(form, f), StringComparer.Ordinal);
        var columns = keys.Concat(form.Fields.Select(f => Column(form, f, names, entity))).ToList();
        var title = char.ToUpperInvariant(form.Label[0]) + form.Label[1..];
        return new TransferFile(fileName, form.Name, title, columns) { Definition = form, Entity = entity };
    }

    private static TransferColumn Column(FormDefinition form, FieldDefinition field, Dictionary<string, string> names, Type entity)
    {
        var type = field.Type switch
        {
            FieldType.Date => TransferType.Date,
            FieldType.WholeNumber => TransferType.WholeNumber,
            FieldType.Number => TransferType.Number,
            FieldType.Choice => TransferType.Choice,
            FieldType.YesNo => TransferType.YesNo,
            FieldType.Calculated => TransferType.Calculated,
            _ => throw new InvalidOperationException($"Field {form.Name}.{field.Name}: no transfer type for {field.Type}."),
        };
        var valueType = entity.GetProperty(field.Property)?.PropertyType
            ?? throw new InvalidOperationException($"Field {form.Name}.{field.Name}: {entity.Name} has no property {field.Property}.");
        var isCode = (Nullable.GetUnderlyingType(valueType) ?? valueType) is var t && (t.IsEnum || t == typeof(int));
        return new TransferColumn(names[field.Name], field.Label, type)
        {
            Field = field,
            Unit = field.Unit,
            Choices = field.Choices.OrderBy(c => c.Code).Select(c => new TransferChoice(c.Code.ToString(CultureInfo.InvariantCulture), c.Label)).ToList(),
            Min = field.Hard?.Min,
            Max = field.Hard?.Max,
            NotInFuture = field.NotInFuture,
            Required = field.Requirement != Requirement.Optional,
            Branching = field.AppliesWhen is { } b ? Branching(form, b, names) : null,
            Formula = field.Formula,
            Calculation = field.RedcapCalculation is { } calc ? RedcapVariables().Replace(calc, m => Rename(form, m, names)) : null,
            Note = type == TransferType.Calculated && !isCode ? $"Written rounded to {CalculatedDecimals} decimals." : null,
            Property = field.IsEntered ? field.Property : null,
            CalculatedIsCode = type == TransferType.Calculated && isCode,
        };
    }

    /// <summary>REDCap branching logic: <c>[setting] = '2' and [primary_operated_outside] = '1'</c>.</summary>
    private static string Branching(FormDefinition form, Domain.Forms.Branching branching, Dictionary<string, string> names) =>
        string.Join(" and ", branching.AllOf.Select(condition =>
        {
            var on = form[condition.Field];
            var terms = condition.Values
                .Select(v => on.FindChoice(v)?.Code.ToString(CultureInfo.InvariantCulture) ?? Convert.ToString(v, CultureInfo.InvariantCulture))
                .Select(code => $"[{names[condition.Field]}] = '{code}'")
                .ToList();
            return terms.Count == 1 ? terms[0] : "(" + string.Join(" or ", terms) + ")";
        }));

    /// <summary>A REDCap variable of the definitions' calc (the field name in lower case) → the transfer's variable.</summary>
    private static string Rename(FormDefinition form, Match variable, Dictionary<string, string> names)
    {
        var field = form.Fields.FirstOrDefault(f => string.Equals(f.Name, variable.Groups[1].Value, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Form {form.Name}: the REDCap calculation refers to unknown field {variable.Value}.");
        return $"[{names[field.Name]}]";
    }

    private static string SnakeCase(string camel)
    {
        var s = new StringBuilder(camel.Length + 4);
        foreach (var ch in camel)
        {
            if (char.IsUpper(ch))
            {
                s.Append('_').Append(char.ToLowerInvariant(ch));
            }
            else
            {
                s.Append(ch);
            }
        }

        return s.ToString();
    }

    [GeneratedRegex(@"\[([A-Za-z0-9_]+)\]")]
    private static partial Regex RedcapVariables();
}
