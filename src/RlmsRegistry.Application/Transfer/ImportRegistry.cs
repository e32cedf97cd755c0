using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Application.Patients.Commands.UpdatePatient;
using RlmsRegistry.Domain.Centres;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Transfer;

/// <summary>One problem of an import: the file, its line (the header is line 1), the column, and what is wrong, in words.</summary>
public sealed record ImportProblem(string File, int Row, string Column, string Message);

/// <summary>What an import did (or, for a dry run or a refused import, would have done) to the rows of one file.</summary>
public sealed record ImportFileCounts(string File, int Created, int Updated, int Unchanged);

/// <summary>A study ID handed out to a new patient whose row gave none (or gave a label of its own).</summary>
public sealed record AllocatedStudyId(int Row, string? GivenAs, string StudyId);

/// <summary>The report of an import: stored or not, the counts per file, the problems, the study IDs handed out.</summary>
public sealed record ImportReport(
    bool DryRun, bool Stored, IReadOnlyList<ImportFileCounts> Files, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<AllocatedStudyId> Allocated)
{
    public int Created => Files.Sum(f => f.Created);

    public int Updated => Files.Sum(f => f.Updated);

    public int Unchanged => Files.Sum(f => f.Unchanged);
}

/// <summary>
/// Imports the files of an export (by file name: centres.csv, patients.csv, operations.csv, pathology.csv, labs.csv,
/// follow-up-events.csv). Rows match records by study ID and form number (updated, with <see cref="Reason"/> audited)
/// or create them; every row passes the validators and domain rules of a form save. Any problem → nothing is stored and
/// every problem is reported; a dry run never stores. Admins may create centres and import locked forms; data managers
/// import only into their own centres.
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager)]
public sealed record ImportRegistryCommand(IReadOnlyDictionary<string, byte[]> Files) : ICommand<ImportReport>
{
    public bool DryRun { get; init; }

    /// <summary>The reason recorded in the audit trail; required to change a Complete form.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// Patients (with their forms) checked and saved together before the change tracker is emptied; every batch is
    /// saved in the one transaction of the import, so the import stays all or nothing whatever the size.
    /// </summary>
    public int PatientsPerBatch { get; init; } = ImportRegistryHandler.DefaultPatientsPerBatch;
}

public sealed class ImportRegistryValidator : AbstractValidator<ImportRegistryCommand>
{
    public ImportRegistryValidator()
    {
        RuleFor(c => c.Files).Must(f => f.Count > 0)
            .WithMessage("The upload holds none of centres.csv, patients.csv, operations.csv, pathology.csv, labs.csv or follow-up-events.csv.");
        RuleFor(c => c.Reason).MaximumLength(ClinicalForm.EditReasonMaxLength);
        RuleFor(c => c.PatientsPerBatch).InclusiveBetween(1, 100_000).WithMessage("Patients per batch must be between 1 and 100,000.");
    }
}

public sealed partial class ImportRegistryHandler(
    IRegistryDbContext db,
    ICurrentUser user,
    IClock clock,
    IValidator<RegisterPatientCommand> registerValidator,
    IValidator<UpdatePatientCommand> updatePatientValidator,
    IValidator<SaveOperationCommand> operationValidator,
    IValidator<SavePathologyCommand> pathologyValidator,
    IValidator<SaveLabPanelCommand> labValidator,
    IValidator<SaveFollowUpEventCommand> eventValidator) : ICommandHandler<ImportRegistryCommand, ImportReport>
{
    /// <summary>The data files' order, for reporting problems file by file (-1 for a file the transfer does not know).</summary>
    private static readonly Dictionary<string, int> FileOrder = TransferSchema.DataFiles.Select((f, i) => (f.FileName, i)).ToDictionary(x => x.FileName, x => x.i, StringComparer.Ordinal);

    private readonly List<ImportProblem> _problems = [];
    private readonly Dictionary<string, int[]> _counts = TransferSchema.DataFiles.ToDictionary(f => f.FileName, _ => new int[3]);
    private readonly List<AllocatedStudyId> _allocated = [];
    private readonly Dictionary<string, Centre> _centres = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Patient> _patients = new(StringComparer.Ordinal);
    private readonly HashSet<string> _newPatients = new(StringComparer.Ordinal);
    private readonly HashSet<(string Key, int Seq)> _refusedOperations = [];
    private readonly HashSet<string> _refusedPatients = new(StringComparer.Ordinal);
    private string? _reason;

    /// <summary>Patients (with their forms) checked and, when nothing was refused so far, saved at once; then the tracker is emptied.</summary>
    public const int DefaultPatientsPerBatch = 500;

    public async ValueTask<ImportReport> Handle(ImportRegistryCommand command, CancellationToken cancellationToken)
    {
        _reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        var tables = TransferSchema.DataFiles.Where(f => command.Files.ContainsKey(f.FileName))
            .ToDictionary(f => f, f => Read(f, command.Files[f.FileName]));

        // All or nothing: the batches are saved inside one transaction, committed only when no row of any file was
        // refused (a dry run never saves). Saving in batches keeps the change tracker, and the memory, small.
        await using var transaction = command.DryRun || db.Database.CurrentTransaction is not null ? null : await db.Database.BeginTransactionAsync(cancellationToken);
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false; // the save detects the changes once; nothing else needs them
        try
        {
            foreach (var centre in await db.Centres.ToListAsync(cancellationToken))
            {
                _centres[centre.Code] = centre;
            }

            if (tables.TryGetValue(TransferSchema.Centres, out var centres))
            {
                ImportCentres(centres);
            }

            await SaveBatchAsync(command.DryRun, cancellationToken);

            // The rows of each patient, from every file: patients.csv in file order, then patients named only by forms.
            var patientRows = new Dictionary<string, List<Row>>(StringComparer.Ordinal);
            var formRows = new Dictionary<string, List<(TransferFile File, Row Row)>>(StringComparer.Ordinal);
            var keys = new List<string>();
            foreach (var row in tables.GetValueOrDefault(TransferSchema.Patients) ?? [])
            {
                var key = row.Get(TransferSchema.StudyId) is { Length: > 0 } given ? given : $"\0row {row.Line}";
                if (!patientRows.TryGetValue(key, out var list))
                {
                    patientRows[key] = list = [];
                    keys.Add(key);
                }

                list.Add(row);
            }

            foreach (var file in new[] { TransferSchema.Operations, TransferSchema.Pathology, TransferSchema.Labs, TransferSchema.FollowUpEvents })
            {
                foreach (var row in tables.GetValueOrDefault(file) ?? [])
                {
                    var key = row.Get(TransferSchema.StudyId);
                    if (key.Length == 0)
                    {
                        Problem(file, row.Line, TransferSchema.StudyId, "The study ID is required.");
                        continue;
                    }

                    if (!formRows.TryGetValue(key, out var list))
                    {
                        formRows[key] = list = [];
                        if (!patientRows.ContainsKey(key))
                        {
                            keys.Add(key);
                        }
                    }

                    list.Add((file, row));
                }
            }

            foreach (var batch in keys.Chunk(command.PatientsPerBatch))
            {
                await ImportBatchAsync(batch, patientRows, formRows, cancellationToken);
                await SaveBatchAsync(command.DryRun, cancellationToken);
            }

            var stored = false;
            if (_problems.Count == 0 && !command.DryRun)
            {
                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken);
                }

                stored = true;
            }
            else if (transaction is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
            }

            return new ImportReport(
                command.DryRun,
                stored,
                TransferSchema.DataFiles.Where(f => command.Files.ContainsKey(f.FileName)).Select(f => new ImportFileCounts(f.FileName, _counts[f.FileName][0], _counts[f.FileName][1], _counts[f.FileName][2])).ToList(),
                _problems.OrderBy(p => FileOrder.GetValueOrDefault(p.File, -1)).ThenBy(p => p.Row).ToList(),
                _allocated);
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>One batch of patients: their registry records, their patients.csv rows, then their forms.</summary>
    private async Task ImportBatchAsync(string[] keys, Dictionary<string, List<Row>> patientRows, Dictionary<string, List<(TransferFile File, Row Row)>> formRows, CancellationToken ct)
    {
        var studyIds = keys.Where(k => !k.StartsWith('\0')).ToList();
        foreach (var patient in await ClinicalRecords.WithForms(db.Patients).Where(p => EF.Parameter(studyIds).Contains(p.StudyId)).ToListAsync(ct))
        {
            if (user.CanAccessCentre(patient.CentreId))
            {
                _patients[patient.StudyId] = patient;
            }
        }

        foreach (var key in keys)
        {
            foreach (var row in patientRows.GetValueOrDefault(key) ?? [])
            {
                var before = _problems.Count;
                await ImportPatientAsync(TransferSchema.Patients, row, ct);
                if (_problems.Count > before && row.Get(TransferSchema.StudyId) is { Length: > 0 } refused)
                {
                    _refusedPatients.Add(refused);
                }
            }
        }

        foreach (var key in keys)
        {
            if (formRows.TryGetValue(key, out var rows))
            {
                var resolved = rows.Where(r => ResolvePatient(r.File, r.Row, key) is not null).ToList();
                if (resolved.Count > 0)
                {
                    await ImportFormsAsync(key, _patients[key], resolved, ct);
                }
            }
        }
    }

    /// <summary>
    /// Saves the batch (with the import's reason) while no row has been refused and it is not a dry run; then empties
    /// the change tracker (keeping the centres, whose study ID counters the next batches move on).
    /// </summary>
    private async Task SaveBatchAsync(bool dryRun, CancellationToken ct)
    {
        if (_problems.Count == 0 && !dryRun)
        {
            db.SetChangeReason(_reason ?? "import");
            await db.SaveChangesAsync(ct);
        }

        db.ChangeTracker.Clear();
        _patients.Clear();
        foreach (var centre in _centres.Values)
        {
            db.Centres.Attach(centre);
        }
    }

    private enum Outcome
    {
        Created = 0,
        Updated = 1,
        Unchanged = 2,
    }

    // ---------------------------------------------------------------- reading

    /// <summary>One data row: its line number and its cells by column name.</summary>
    private sealed record Row(int Line, string[] Cells, Dictionary<string, int> Columns)
    {
        public string Get(string column) => Columns.TryGetValue(column, out var i) && i < Cells.Length ? Cells[i].Trim() : string.Empty;
    }

    private List<Row> Read(TransferFile file, byte[] bytes)
    {
        var rows = new List<Row>();
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(bytes);
        var header = reader.Header.ColNames.Select(n => n.Trim().TrimStart('\uFEFF')).ToList();
        if (header.Contains(TransferSchema.ResearchId))
        {
            Problem(file, 1, TransferSchema.ResearchId, "This is a de-identified export (research IDs, no dates); it cannot be imported. Import a full export instead.");
            return rows;
        }

        var expected = file.Columns.Where(c => c.Type != TransferType.Calculated).Select(c => c.Name).ToList();
        foreach (var missing in expected.Where(e => !header.Contains(e)))
        {
            Problem(file, 1, missing, $"The column {missing} is missing from {file.FileName}.");
        }

        foreach (var unknown in header.Where(h => file.Find(h) is null))
        {
            Problem(file, 1, unknown, $"{file.FileName} has no column {unknown}; the data dictionary lists the columns.");
        }

        if (expected.Any(e => !header.Contains(e)))
        {
            return rows;
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            columns.TryAdd(header[i], i);
        }

        var line = 1;
        foreach (var sepRow in reader)
        {
            line++;
            var cells = new string[Math.Min(header.Count, sepRow.ColCount)];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = sepRow[i].ToString();
            }

            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            rows.Add(new Row(line, cells, columns));
        }

        return rows;
    }

    private void Problem(TransferFile file, int row, string column, string message) => _problems.Add(new ImportProblem(file.FileName, row, column, message));

    private void Count(TransferFile file, Outcome outcome) => _counts[file.FileName][(int)outcome]++;

    /// <summary>Typed values of a row's columns; a value that does not parse is reported and read as missing.</summary>
    private sealed class Parsed(ImportRegistryHandler owner, TransferFile file, Row row)
    {
        public bool Failed { get; private set; }

        public string? Text(string name) => row.Get(name) is { Length: > 0 } v ? v : null;

        public DateOnly? Date(string name) => Parse(name, "a date written as year-month-day, e.g. 2014-03-27", v =>
            DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null);

        public int? Integer(string name) => Parse(name, "a whole number", v =>
            int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : (int?)null);

        public decimal? Number(string name) => Parse(name, "a number with a decimal point, e.g. 12.5", v =>
            decimal.TryParse(v, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m) ? m : (decimal?)null);

        public TEnum? Choice<TEnum>(string name)
            where TEnum : struct, Enum
        {
            var column = file.Find(name)!;
            return Parse(name, "one of " + DataDictionary.FormatChoices(column.Choices), v =>
                column.Choices.Any(c => c.Code == v) ? (TEnum)Enum.ToObject(typeof(TEnum), int.Parse(v, CultureInfo.InvariantCulture)) : (TEnum?)null);
        }

        /// <summary>
        /// The value of a form field's column as the command's property <paramref name="target"/> wants it: a date, a
        /// whole number, a number, or the C# value of one of the field's answers (an enum member, a number, yes/no).
        /// An empty cell of a field with a neutral value (a yes/no that defaults to no) reads as that value.
        /// </summary>
        public object? Value(TransferColumn column, Type target)
        {
            var field = column.Field!;
            var underlying = Nullable.GetUnderlyingType(target) ?? target;
            object? value = column.Type switch
            {
                TransferType.Date => Date(column.Name),
                TransferType.WholeNumber => Integer(column.Name),
                TransferType.Number => Number(column.Name),
                TransferType.YesNo => Parse(column.Name, "1 (yes) or 0 (no)", v => v is "1" or "0" ? field.Choices.FirstOrDefault(c => c.Code.ToString(CultureInfo.InvariantCulture) == v)?.Value : null),
                TransferType.Choice => Parse(column.Name, "one of " + DataDictionary.FormatChoices(column.Choices), v => field.Choices.FirstOrDefault(c => c.Code.ToString(CultureInfo.InvariantCulture) == v)?.Value),
                _ => null,
            };
            value ??= field.NeutralValue;
            return value switch
            {
                null => null,
                _ when underlying.IsEnum && value is not Enum => Enum.ToObject(underlying, value),
                Enum e when underlying == typeof(int) => Convert.ToInt32(e, CultureInfo.InvariantCulture),
                _ => value,
            };
        }

        private T? Parse<T>(string name, string expected, Func<string, T?> parse)
        {
            var value = row.Get(name);
            if (value.Length == 0)
            {
                return default;
            }

            var result = parse(value);
            if (result is null)
            {
                Failed = true;
                var column = file.Find(name)!;
                owner.Problem(file, row.Line, name, $"{column.Label} must be {expected}; \"{value}\" is not.");
            }

            return result;
        }
    }

    /// <summary>Sets every entered field of <paramref name="file"/> on <paramref name="command"/> (by the field's property).</summary>
    private static T Fill<T>(T command, TransferFile file, Parsed p)
        where T : class
    {
        foreach (var column in file.Columns.Where(c => c.Field is { IsEntered: true }))
        {
            var property = typeof(T).GetProperty(column.Field!.Property)
                ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {column.Field.Property} for {file.FileName} column {column.Name}.");
            property.SetValue(command, p.Value(column, property.PropertyType));
        }

        return command;
    }

    // ---------------------------------------------------------------- centres and patients

    private void ImportCentres(List<Row> rows)
    {
        var file = TransferSchema.Centres;
        foreach (var row in rows)
        {
            var code = row.Get(TransferSchema.CentreCode);
            var name = row.Get("centre_name");
            if (_centres.TryGetValue(code, out var centre))
            {
                if (!user.CanAccessCentre(centre.Id))
                {
                    Problem(file, row.Line, TransferSchema.CentreCode, $"You may import only into your own centres; {code} is not one of them.");
                }
                else if (centre.Name == name)
                {
                    Count(file, Outcome.Unchanged);
                }
                else if (!user.SeesAllCentres)
                {
                    Problem(file, row.Line, "centre_name", $"Only an admin renames a centre (the registry calls {code} \"{centre.Name}\").");
                }
                else
                {
                    Try(file, row, () => centre.Rename(name));
                    Count(file, Outcome.Updated);
                }
            }
            else if (!user.SeesAllCentres)
            {
                Problem(file, row.Line, TransferSchema.CentreCode, $"There is no centre {code}; only an admin's import creates centres.");
            }
            else
            {
                Try(file, row, () =>
                {
                    var created = new Centre(code, name);
                    db.Centres.Add(created);
                    _centres[created.Code] = created;
                    Count(file, Outcome.Created);
                });
            }
        }
    }

    private async Task ImportPatientAsync(TransferFile file, Row row, CancellationToken ct)
    {
        var p = new Parsed(this, file, row);
        var key = row.Get(TransferSchema.StudyId);
        var code = row.Get(TransferSchema.CentreCode);
        var sex = p.Choice<Sex>("sex");
        var birthYear = p.Integer("birth_year");
        var consent = p.Choice<ConsentStatus>("consent_status");
        if (p.Failed)
        {
            return;
        }

        if (!_centres.TryGetValue(code, out var centre))
        {
            Problem(file, row.Line, TransferSchema.CentreCode, code.Length == 0 ? "The centre code is required." : $"There is no centre {code} (in the registry or in centres.csv).");
            return;
        }

        if (!user.CanAccessCentre(centre.Id))
        {
            Problem(file, row.Line, TransferSchema.CentreCode, $"You may import only into your own centres; {code} is not one of them.");
            return;
        }

        if (key.Length > 0 && _patients.TryGetValue(key, out var existing))
        {
            if (_newPatients.Contains(key))
            {
                Problem(file, row.Line, TransferSchema.StudyId, $"Study ID {key} appears twice in patients.csv.");
                return;
            }

            if (existing.CentreId != centre.Id)
            {
                Problem(file, row.Line, TransferSchema.CentreCode, $"Patient {key} belongs to another centre; an import does not move patients between centres.");
                return;
            }

            if (existing.Sex == sex && existing.BirthYear == birthYear && existing.ConsentStatus == consent)
            {
                Count(file, Outcome.Unchanged);
                return;
            }

            var update = new UpdatePatientCommand(existing.Id, sex, birthYear, consent, null, _reason);
            if (await ValidAsync(updatePatientValidator, update, file, row, ct) && Try(file, row, () => existing.Update(sex!.Value, birthYear!.Value, consent!.Value, clock)))
            {
                Count(file, Outcome.Updated);
            }

            return;
        }

        var register = new RegisterPatientCommand(centre.Id, sex, birthYear, consent);
        if (!await ValidAsync(registerValidator, register, file, row, ct))
        {
            return;
        }

        Try(file, row, () =>
        {
            string studyId;
            if (StudyIdPattern().IsMatch(key))
            {
                centre.ClaimStudyId(key);
                studyId = key;
            }
            else
            {
                studyId = centre.AllocateStudyId();
                _allocated.Add(new AllocatedStudyId(row.Line, key.Length > 0 ? key : null, studyId));
            }

            var patient = new Patient(centre.Id, studyId, sex!.Value, birthYear!.Value, consent!.Value, clock);
            db.Patients.Add(patient);
            var mapKey = key.Length > 0 ? key : studyId;
            _patients[mapKey] = patient;
            _newPatients.Add(mapKey);
            Count(file, Outcome.Created);
        });
    }

    private Patient? ResolvePatient(TransferFile file, Row row, string key)
    {
        if (_patients.TryGetValue(key, out var patient))
        {
            return patient;
        }

        if (_refusedPatients.Contains(key))
        {
            return null; // its patients.csv row is reported already
        }

        var prefix = key.Split('-')[0];
        Problem(file, row.Line, TransferSchema.StudyId, _centres.TryGetValue(prefix, out var centre) && !user.CanAccessCentre(centre.Id)
            ? $"Study ID {key} belongs to centre {prefix}, which is not one of your centres."
            : $"Study ID {key} is neither in the registry nor in patients.csv.");
        return null;
    }

    // ---------------------------------------------------------------- forms

    private async Task ImportFormsAsync(string key, Patient patient, List<(TransferFile File, Row Row)> rows, CancellationToken ct)
    {
        var operations = TransferRows.OrderedOperations(patient);
        var events = TransferRows.OrderedEvents(patient);
        var bySeq = new Dictionary<int, Operation>();
        for (var i = 0; i < operations.Count; i++)
        {
            bySeq[i + 1] = operations[i];
        }

        var seenOperations = new HashSet<int>();
        foreach (var (_, row) in Ordered(rows, TransferSchema.Operations, TransferSchema.OperationSeq))
        {
            if (await ImportOperationAsync(patient, bySeq, seenOperations, row, ct) is { } seq)
            {
                _refusedOperations.Add((key, seq));
            }
        }

        foreach (var (_, row) in Ordered(rows, TransferSchema.Pathology, TransferSchema.OperationSeq))
        {
            if (OperationOf(key, bySeq, TransferSchema.Pathology, row) is { } operation)
            {
                await ImportPathologyAsync(patient, operation, row, ct);
            }
        }

        foreach (var (_, row) in Ordered(rows, TransferSchema.Labs, TransferSchema.OperationSeq))
        {
            if (OperationOf(key, bySeq, TransferSchema.Labs, row) is { } operation)
            {
                await ImportLabsAsync(patient, operation, row, ct);
            }
        }

        var seen = new HashSet<int>();
        foreach (var (_, row) in Ordered(rows, TransferSchema.FollowUpEvents, TransferSchema.EventSeq))
        {
            var seq = Seq(TransferSchema.FollowUpEvents, row, TransferSchema.EventSeq, seen);
            if (seq is not null)
            {
                await ImportEventAsync(patient, seq.Value <= events.Count ? events[seq.Value - 1] : null, row, ct);
            }
        }
    }

    private static IEnumerable<(TransferFile File, Row Row)> Ordered(List<(TransferFile File, Row Row)> rows, TransferFile file, string seqColumn) => rows
        .Where(r => r.File == file)
        .OrderBy(r => int.TryParse(r.Row.Get(seqColumn), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
        .ThenBy(r => r.Row.Line);

    private int? Seq(TransferFile file, Row row, string column, HashSet<int> seen)
    {
        var text = row.Get(column);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq < 1)
        {
            Problem(file, row.Line, column, $"The form number must be a whole number from 1 (1 = the patient's first in date order); \"{text}\" is not.");
            return null;
        }

        if (!seen.Add(seq))
        {
            Problem(file, row.Line, column, $"Form number {seq} of {row.Get(TransferSchema.StudyId)} appears twice in {file.FileName}.");
            return null;
        }

        return seq;
    }

    private Operation? OperationOf(string key, Dictionary<int, Operation> bySeq, TransferFile file, Row row)
    {
        var text = row.Get(TransferSchema.OperationSeq);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq < 1)
        {
            Problem(file, row.Line, TransferSchema.OperationSeq, $"The operation number must be a whole number from 1; \"{text}\" is not.");
            return null;
        }

        if (bySeq.TryGetValue(seq, out var operation))
        {
            return operation;
        }

        if (!_refusedOperations.Contains((key, seq)))
        {
            Problem(file, row.Line, TransferSchema.OperationSeq, $"Operation {seq} of {key} is neither in the registry nor in operations.csv.");
        }

        return null;
    }

    /// <summary>Imports one operation row; returns its number when the row was refused (its pathology and labs are then skipped).</summary>
    private async Task<int?> ImportOperationAsync(Patient patient, Dictionary<int, Operation> bySeq, HashSet<int> seen, Row row, CancellationToken ct)
    {
        var file = TransferSchema.Operations;
        var seq = Seq(file, row, TransferSchema.OperationSeq, seen);
        if (seq is null)
        {
            return null;
        }

        var p = new Parsed(this, file, row);
        var existing = bySeq.GetValueOrDefault(seq.Value);
        var command = Fill(new SaveOperationCommand { Id = existing?.Id, PatientId = patient.Id, Reason = _reason }, file, p);
        var status = StatusOf(file, row);
        if (p.Failed || status is null || !await ValidAsync(operationValidator, command, file, row, ct))
        {
            return seq;
        }

        var details = command.ToDetails();
        var ok = existing is null
            ? Try(file, row, () => Finish(file, patient.AddOperation(details, clock), status.Value, created: true))
            : Try(file, row, () => Finish(file, existing, status.Value, details != existing.ToDetails(), () => patient.UpdateOperation(existing.Id, details, _reason, clock)));
        if (!ok)
        {
            return seq;
        }

        if (existing is null)
        {
            // A new operation: its pathology and labs rows find it under the file's number.
            bySeq[seq.Value] = patient.Operations.Last();
        }

        return null;
    }

    private async Task ImportPathologyAsync(Patient patient, Operation operation, Row row, CancellationToken ct)
    {
        var file = TransferSchema.Pathology;
        var p = new Parsed(this, file, row);
        var command = Fill(new SavePathologyCommand { OperationId = operation.Id, Reason = _reason }, file, p);
        var status = StatusOf(file, row);
        if (p.Failed || status is null || !await ValidAsync(pathologyValidator, command, file, row, ct))
        {
            return;
        }

        var details = command.ToDetails();
        if (operation.Pathology is { } existing)
        {
            Try(file, row, () => Finish(file, existing, status.Value, details != existing.ToDetails(), () => patient.UpdatePathology(operation.Id, details, _reason)));
        }
        else
        {
            Try(file, row, () => Finish(file, patient.RecordPathology(operation.Id, details), status.Value, created: true));
        }
    }

    private async Task ImportLabsAsync(Patient patient, Operation operation, Row row, CancellationToken ct)
    {
        var file = TransferSchema.Labs;
        var p = new Parsed(this, file, row);
        var command = Fill(new SaveLabPanelCommand { OperationId = operation.Id, Reason = _reason }, file, p);
        var status = StatusOf(file, row);
        if (p.Failed || status is null || !await ValidAsync(labValidator, command, file, row, ct))
        {
            return;
        }

        var details = command.ToDetails();
        if (operation.LabPanel is { } existing)
        {
            Try(file, row, () => Finish(file, existing, status.Value, details != existing.ToDetails(), () => patient.UpdateLabPanel(operation.Id, details, _reason)));
        }
        else
        {
            Try(file, row, () => Finish(file, patient.RecordLabPanel(operation.Id, details), status.Value, created: true));
        }
    }

    private async Task ImportEventAsync(Patient patient, FollowUpEvent? existing, Row row, CancellationToken ct)
    {
        var file = TransferSchema.FollowUpEvents;
        var p = new Parsed(this, file, row);
        var command = Fill(new SaveFollowUpEventCommand { Id = existing?.Id, PatientId = patient.Id, Reason = _reason }, file, p);
        var status = StatusOf(file, row);
        if (p.Failed || status is null || !await ValidAsync(eventValidator, command, file, row, ct))
        {
            return;
        }

        var details = command.ToDetails();
        if (existing is not null)
        {
            Try(file, row, () => Finish(file, existing, status.Value, details != existing.ToDetails(), () => patient.UpdateFollowUpEvent(existing.Id, details, _reason, clock)));
        }
        else
        {
            Try(file, row, () => Finish(file, patient.AddFollowUpEvent(details, clock), status.Value, created: true));
        }
    }

    private enum WantedStatus
    {
        Draft,
        Complete,
        Locked,
    }

    private WantedStatus? StatusOf(TransferFile file, Row row)
    {
        switch (row.Get(TransferSchema.Status))
        {
            case "" or "draft":
                return WantedStatus.Draft;
            case "complete":
                return WantedStatus.Complete;
            case "locked" when user.SeesAllCentres:
                return WantedStatus.Locked;
            case "locked":
                Problem(file, row.Line, TransferSchema.Status, "Only a monitor locks forms, after checking them; import the form as complete.");
                return null;
            case var other:
                Problem(file, row.Line, TransferSchema.Status, $"The form status must be draft, complete or locked; \"{other}\" is not.");
                return null;
        }
    }

    /// <summary>A new form: completed or locked as the file says.</summary>
    private void Finish(TransferFile file, ClinicalForm form, WantedStatus status, bool created)
    {
        ApplyStatus(form, status);
        Count(file, created ? Outcome.Created : Outcome.Unchanged);
    }

    /// <summary>An existing form: refused when locked or sent back to draft; else updated when its values or status change.</summary>
    private void Finish(TransferFile file, ClinicalForm form, WantedStatus status, bool valuesChanged, Action update)
    {
        var current = form.IsLocked ? WantedStatus.Locked : form.Status == RecordStatus.Complete ? WantedStatus.Complete : WantedStatus.Draft;
        if (!valuesChanged && status == current)
        {
            Count(file, Outcome.Unchanged);
            return;
        }

        if (form.IsLocked)
        {
            throw new DomainRuleException(string.Empty, "This form is locked by a monitor; an import cannot change it until a monitor unlocks it.");
        }

        if (status < current)
        {
            throw new DomainRuleException(TransferSchema.Status, "A complete form cannot be sent back to draft.");
        }

        if (valuesChanged)
        {
            ClinicalRecords.Apply(update);
        }

        ApplyStatus(form, status);
        Count(file, Outcome.Updated);
    }

    private static void ApplyStatus(ClinicalForm form, WantedStatus status)
    {
        if (status >= WantedStatus.Complete && form.Status != RecordStatus.Complete)
        {
            ClinicalRecords.Complete(form);
        }

        if (status == WantedStatus.Locked)
        {
            form.Lock();
        }
    }

    // ---------------------------------------------------------------- rules → problems

    private async Task<bool> ValidAsync<T>(IValidator<T> validator, T command, TransferFile file, Row row, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(command, ct);
        foreach (var failure in result.Errors)
        {
            Problem(file, row.Line, ColumnOf(file, failure.PropertyName), failure.ErrorMessage);
        }

        return result.IsValid;
    }

    /// <summary>Runs a domain change; a refusal becomes a problem of the row (nothing is stored then).</summary>
    private bool Try(TransferFile file, Row row, Action change)
    {
        try
        {
            change();
            return true;
        }
        catch (DomainRuleException e)
        {
            var message = e.Field is ClinicalRecords.ReasonField or ClinicalForm.EditReasonField ? e.Message + " Give the import a reason." : e.Message;
            Problem(file, row.Line, ColumnOf(file, e.Field), message);
        }
        catch (ValidationException e)
        {
            foreach (var failure in e.Errors)
            {
                Problem(file, row.Line, ColumnOf(file, failure.PropertyName), $"{file.Find(ColumnOf(file, failure.PropertyName))?.Label ?? failure.PropertyName} is required to complete the form.");
            }
        }
        catch (ConflictException e)
        {
            Problem(file, row.Line, TransferSchema.Status, e.Message);
        }

        return false;
    }

    private static string ColumnOf(TransferFile file, string? property)
    {
        if (string.IsNullOrEmpty(property))
        {
            return file.Columns.Any(c => c.Name == TransferSchema.Status) ? TransferSchema.Status : file.Columns[0].Name;
        }

        return file.Columns.FirstOrDefault(c => c.Property == property || c.Name == property)?.Name
            ?? (property is ClinicalRecords.ReasonField or ClinicalForm.EditReasonField ? "reason" : property is "CentreId" or "Code" ? TransferSchema.CentreCode : property is "StudyId" ? TransferSchema.StudyId : property);
    }

    [GeneratedRegex("^[A-Z0-9]{2,10}-[0-9]{5}$")]
    private static partial Regex StudyIdPattern();
}
