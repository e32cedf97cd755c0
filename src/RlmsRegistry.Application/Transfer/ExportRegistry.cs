using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Centres;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Transfer;

/// <summary>Which statistics package's syntax file goes with the CSVs.</summary>
public enum ExportFormat
{
    Csv,
    R,
    Spss,
    Stata,
    Sas,
    All,
}

/// <summary>One file of the zip: name, data rows (null for syntax files) and SHA-256.</summary>
public sealed record ExportedFile(string Name, int? Rows, string Sha256);

/// <summary>What <c>manifest.json</c> says.</summary>
public sealed record ExportManifest(DateTimeOffset CreatedAt, string Format, bool Deidentified, IReadOnlyList<string> Centres, IReadOnlyList<ExportedFile> Files);

/// <summary>
/// Exports the registry (the caller's centres, or <see cref="Centres"/>) as a zip written to <see cref="Output"/>:
/// centres, patients and one CSV per form, the data dictionary, the syntax file(s) of <see cref="Format"/>, and a
/// manifest with the time, row counts and SHA-256 of each file. Rows carry study IDs and per-patient form numbers,
/// never internal ids; <see cref="Deidentified"/> gives a research export (random research IDs, days instead of dates,
/// age instead of year of birth).
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager)]
public sealed record ExportRegistryCommand(Stream Output) : ICommand<ExportManifest>
{
    public ExportFormat Format { get; init; } = ExportFormat.Csv;

    /// <summary>Centre codes; empty = every centre the caller may see.</summary>
    public IReadOnlyList<string> Centres { get; init; } = [];

    public bool Deidentified { get; init; }
}

public sealed class ExportRegistryValidator : AbstractValidator<ExportRegistryCommand>
{
    public ExportRegistryValidator()
    {
        RuleFor(c => c.Format).IsInEnum().WithMessage("The format must be csv, r, spss, stata, sas or all.");
        RuleFor(c => c.Output).Must(s => s.CanWrite).WithMessage("The output cannot be written.");
    }
}

public sealed class ExportRegistryHandler(IRegistryDbContext db, ICurrentUser user, IClock clock) : ICommandHandler<ExportRegistryCommand, ExportManifest>
{
    private const int PageSize = 1_000;

    public async ValueTask<ExportManifest> Handle(ExportRegistryCommand command, CancellationToken cancellationToken)
    {
        var centres = await SelectCentresAsync(command.Centres, cancellationToken);
        var centreCodes = centres.ToDictionary(c => c.Id, c => c.Code);
        var writers = TransferSchema.DataFiles.ToDictionary(f => f, f => new TransferCsvWriter(TransferRows.Exported(f, command.Deidentified).Columns.Select(c => c.Name)));
        foreach (var centre in centres)
        {
            writers[TransferSchema.Centres].Field(centre.Code).Field(centre.Name).EndRow();
        }

        // Ids and study IDs first (small), sorted here so the order is the same on every provider; then the forms by page.
        var centreIds = centres.Select(c => c.Id).ToList();
        var keys = await db.Patients.AsNoTracking().Where(p => centreIds.Contains(p.CentreId))
            .Select(p => new { p.Id, p.StudyId }).ToListAsync(cancellationToken);
        var ordered = keys.OrderBy(k => k.StudyId, StringComparer.Ordinal).Select(k => k.Id).ToList();
        var researchIds = command.Deidentified ? ResearchIds(ordered.Count) : null;
        var n = 0;
        foreach (var page in ordered.Chunk(PageSize))
        {
            // One array parameter (EF.Parameter): a list expanded into 1,000 parameters made EF write and compile the SQL again for every page.
            var patients = await ClinicalRecords.WithForms(db.Patients.AsNoTracking()).Where(p => EF.Parameter(page).Contains(p.Id)).ToListAsync(cancellationToken);
            foreach (var patient in patients.OrderBy(p => p.StudyId, StringComparer.Ordinal))
            {
                if (!user.CanAccessCentre(patient.CentreId))
                {
                    throw new ForbiddenException("You may export only your own centres.");
                }

                var key = researchIds?[n] ?? patient.StudyId;
                n++;
                WritePatient(writers, patient, key, centreCodes[patient.CentreId], command.Deidentified);
            }
        }

        var files = new List<(string Name, int? Rows, byte[] Bytes)>();
        files.AddRange(TransferSchema.DataFiles.Select(f => (f.FileName, (int?)writers[f].Rows, writers[f].ToBytes())));
        files.Add((TransferSchema.DictionaryFileName, DataDictionary.Rows().Count(), DataDictionary.ToCsv()));
        files.AddRange(SyntaxFiles.For(command.Format, command.Deidentified).Select(s => (s.Name, (int?)null, s.Bytes)));

        var manifest = new ExportManifest(
            clock.UtcNow, command.Format.ToString().ToLowerInvariant(), command.Deidentified, centres.Select(c => c.Code).ToList(),
            files.Select(f => new ExportedFile(f.Name, f.Rows, Convert.ToHexStringLower(SHA256.HashData(f.Bytes)))).ToList());
        await using (var zip = new ZipArchive(command.Output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, _, bytes) in files)
            {
                await WriteEntryAsync(zip, name, bytes, cancellationToken);
            }

            await WriteEntryAsync(zip, TransferSchema.ManifestFileName, JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson.Options), cancellationToken);
        }

        return manifest;
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string name, byte[] bytes, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(ct);
        await stream.WriteAsync(bytes, ct);
    }

    private async Task<List<Centre>> SelectCentresAsync(IReadOnlyList<string> codes, CancellationToken ct)
    {
        var all = await db.Centres.AsNoTracking().ToListAsync(ct);
        var visible = all.Where(c => user.CanAccessCentre(c.Id)).OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        if (codes.Count == 0)
        {
            return visible;
        }

        var wanted = codes.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.FirstOrDefault(code => all.All(c => c.Code != code)) is { } unknown)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(ExportRegistryCommand.Centres), $"There is no centre {unknown}.")]);
        }

        if (wanted.FirstOrDefault(code => visible.All(c => c.Code != code)) is { } foreign)
        {
            throw new ForbiddenException($"You may export only your own centres; {foreign} is not one of them.");
        }

        return visible.Where(c => wanted.Contains(c.Code)).ToList();
    }

    private static void WritePatient(Dictionary<TransferFile, TransferCsvWriter> writers, Patient patient, string key, string centreCode, bool deidentified)
    {
        var index = TransferRows.OrderedOperations(patient).FirstOrDefault()?.Date;
        var values = TransferRows.Values(patient);
        values[TransferSchema.StudyId] = key;
        values[TransferSchema.CentreCode] = centreCode;
        if (deidentified)
        {
            values["birth_year"] = index is { } d ? d.Year - patient.BirthYear : null;
        }

        Write(writers[TransferSchema.Patients], TransferSchema.Patients, values, index, deidentified);

        var seq = 0;
        foreach (var operation in TransferRows.OrderedOperations(patient))
        {
            seq++;
            Write(writers[TransferSchema.Operations], TransferSchema.Operations, Keyed(TransferRows.Values(operation), key, TransferSchema.OperationSeq, seq, operation), index, deidentified);
            if (operation.Pathology is { } pathology)
            {
                Write(writers[TransferSchema.Pathology], TransferSchema.Pathology, Keyed(TransferRows.Values(pathology), key, TransferSchema.OperationSeq, seq, pathology), index, deidentified);
            }

            if (operation.LabPanel is { } labs)
            {
                Write(writers[TransferSchema.Labs], TransferSchema.Labs, Keyed(TransferRows.Values(labs), key, TransferSchema.OperationSeq, seq, labs), index, deidentified);
            }
        }

        seq = 0;
        foreach (var followUpEvent in TransferRows.OrderedEvents(patient))
        {
            seq++;
            Write(writers[TransferSchema.FollowUpEvents], TransferSchema.FollowUpEvents, Keyed(TransferRows.Values(followUpEvent), key, TransferSchema.EventSeq, seq, followUpEvent), index, deidentified);
        }
    }

    private static Dictionary<string, object?> Keyed(Dictionary<string, object?> values, string key, string seqColumn, int seq, Domain.Clinical.ClinicalForm form)
    {
        values[TransferSchema.StudyId] = key;
        values[seqColumn] = seq;
        values[TransferSchema.Status] = TransferRows.StatusWord(form);
        return values;
    }

    private static void Write(TransferCsvWriter writer, TransferFile file, Dictionary<string, object?> values, DateOnly? index, bool deidentified)
    {
        foreach (var column in file.Columns)
        {
            var value = values[column.Name];
            if (deidentified && value is DateOnly date)
            {
                value = index is { } d ? date.DayNumber - d.DayNumber : null;
            }

            writer.Field(TransferCsvWriter.Format(value));
        }

        writer.EndRow();
    }

    /// <summary>Distinct random research IDs (R + 7 digits), new for every export.</summary>
    private static string[] ResearchIds(int count)
    {
        var used = new HashSet<int>();
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            int number;
            do
            {
                number = RandomNumberGenerator.GetInt32(1, 10_000_000);
            }
            while (!used.Add(number));
            ids[i] = "R" + number.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        }

        return ids;
    }
}

/// <summary>Serialisation of the manifest: camelCase, indented, UTF-8 text.</summary>
public static class ManifestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ExportManifest? Read(byte[] utf8) => JsonSerializer.Deserialize<ExportManifest>(utf8, Options);

    public static string Text(ExportManifest manifest) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(manifest, Options));
}
