using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Forms;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Transfer;

/// <summary>
/// What exports and imports agree on: the per-patient order of the repeating forms (their sequence numbers), the form
/// status words, each form's values by column name, and the columns of a de-identified export.
/// </summary>
public static class TransferRows
{
    /// <summary>Operations in date order (recurrence number breaks ties): operation_seq 1, 2, …</summary>
    public static List<Operation> OrderedOperations(Patient patient) => patient.Operations
        .OrderBy(o => o.Date).ThenBy(o => o.RecurrenceNumber ?? 0).ThenBy(o => o.Setting).ToList();

    /// <summary>Follow-up events in date order, then by their values: event_seq 1, 2, …</summary>
    public static List<FollowUpEvent> OrderedEvents(Patient patient) => patient.FollowUpEvents
        .OrderBy(e => e.Date).ThenBy(e => e.Type).ThenBy(e => e.Site).ThenBy(e => e.DiseaseStatus).ThenBy(e => e.CauseOfDeath).ToList();

    public static string StatusWord(ClinicalForm form) => form.IsLocked ? "locked" : form.Status == RecordStatus.Complete ? "complete" : "draft";

    /// <summary>
    /// The values of a form's fields by column name, read off the domain record by each field's property: a field that
    /// does not apply (its branching does not hold) is empty, a derived decimal is rounded to
    /// <see cref="TransferSchema.CalculatedDecimals"/> decimals.
    /// </summary>
    public static Dictionary<string, object?> Values(TransferFile file, object record)
    {
        var readers = Readers(file);
        var values = new Dictionary<string, object?>(readers.Count + 4, StringComparer.Ordinal);
        foreach (var (column, read) in readers)
        {
            values[column.Name] = read(record);
        }

        var columnOf = ColumnOfFieldCache.GetOrAdd(file, f => f.Definition!.Fields.ToDictionary(x => x.Name, x => TransferSchema.VariableName(f.Definition!, x), StringComparer.Ordinal));
        foreach (var (column, _) in readers)
        {
            var field = column.Field!;
            if (!FormDefinition.Applies(field, name => values[columnOf[name]]))
            {
                values[column.Name] = null;
            }
            else if (column.Type == TransferType.Calculated && values[column.Name] is decimal d)
            {
                values[column.Name] = Math.Round(d, TransferSchema.CalculatedDecimals);
            }
        }

        return values;
    }

    public static Dictionary<string, object?> Values(Patient p) => Values(TransferSchema.Patients, p);

    public static Dictionary<string, object?> Values(Operation o) => Values(TransferSchema.Operations, o);

    public static Dictionary<string, object?> Values(Pathology p) => Values(TransferSchema.Pathology, p);

    public static Dictionary<string, object?> Values(LabPanel l) => Values(TransferSchema.Labs, l);

    public static Dictionary<string, object?> Values(FollowUpEvent e) => Values(TransferSchema.FollowUpEvents, e);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TransferFile, List<(TransferColumn Column, Func<object, object?> Read)>> ReaderCache = new();

    /// <summary>Each form file's column name by field name (the branching conditions name fields).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TransferFile, Dictionary<string, string>> ColumnOfFieldCache = new();

    /// <summary>A compiled getter per field column (the export reads hundreds of thousands of values).</summary>
    private static List<(TransferColumn Column, Func<object, object?> Read)> Readers(TransferFile file) => ReaderCache.GetOrAdd(file, f =>
        f.Columns.Where(c => c.Field is not null).Select(c =>
        {
            var record = System.Linq.Expressions.Expression.Parameter(typeof(object));
            var property = System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(record, f.Entity!), c.Field!.Property);
            var read = System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(System.Linq.Expressions.Expression.Convert(property, typeof(object)), record).Compile();
            return (c, read);
        }).ToList());

    /// <summary>
    /// The columns of a file as exported: as in <see cref="TransferSchema"/>, or for a de-identified export with the
    /// study ID replaced by a research ID, every date by whole days from the index operation (the patient's first
    /// operation in the registry) and the year of birth by the age at that operation.
    /// </summary>
    public static TransferFile Exported(TransferFile file, bool deidentified) => !deidentified ? file : file with
    {
        Columns = file.Columns.Select(c => c switch
        {
            { Name: TransferSchema.StudyId } => c with { Name = TransferSchema.ResearchId, Label = "Research ID (random, this export only)" },
            { Name: "birth_year" } => c with { Name = "age_at_surgery", Label = "Age at the index operation", Unit = "years", Min = null, Max = null, NotInFuture = false, Property = null },
            { Type: TransferType.Date } => c with { Name = c.Name + "_days", Label = c.Label + " (days from the index operation)", Type = TransferType.WholeNumber, Unit = "days", NotInFuture = false },
            _ => c,
        }).ToList(),
    };
}
