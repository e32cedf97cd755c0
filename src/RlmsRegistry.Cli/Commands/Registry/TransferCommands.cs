using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Transfer;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Cli.Commands.Registry;

/// <summary><c>rlms export</c>: the registry (or some centres) as a zip of CSVs, data dictionary, syntax files and manifest.</summary>
internal sealed class ExportCommand : ICommand
{
    public string Name => "export";

    public string Summary => "export the registry as a zip: one CSV per form, the data dictionary, R/SPSS/Stata/SAS syntax, a manifest";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("format", "syntax file(s) to add to the CSVs (default csv: none)", Allowed: ["csv", "r", "spss", "stata", "sas", "all"]),
        new("output", "the zip to write", Required: true, ValueName: "FILE.zip"),
        new("centres", "only these centres (codes, comma-separated)", ValueName: "C01,…"),
        new("deidentified", "research export: random research IDs, days from the index operation instead of dates, age instead of year of birth", IsFlag: true),
        RegistryHost.Provider,
        RegistryHost.Connection,
    ];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        var format = Enum.Parse<ExportFormat>(options.Get("format", "csv"), ignoreCase: true);
        var output = options.Get("output")!;
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(folder))
        {
            throw new InputException($"option --output: the folder {folder} does not exist");
        }

        var command = new ExportRegistryCommand(Stream.Null) { Format = format, Centres = options.List("centres"), Deidentified = options.Has("deidentified") };
        var temp = output + ".partial";
        ExportManifest manifest;
        using (var stream = File.Create(temp))
        {
            manifest = TransferCli.Send(options, command with { Output = stream });
        }

        File.Move(temp, output, overwrite: true);
        context.Out.WriteLine($"wrote {output}: {string.Join(", ", manifest.Files.Where(f => f.Rows is not null).Select(f => $"{f.Name} {f.Rows} rows"))}");
        return RlmsCli.Success;
    }
}

/// <summary><c>rlms import</c>: an export's files into the registry, all rows or none, with a row report.</summary>
internal sealed class ImportCommand : ICommand
{
    public string Name => "import";

    public string Summary => "import an export's CSV files (zip or folder): every row checked as a form save; any problem → nothing stored, exit 2";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("input", "an export zip, or a folder holding its CSV files", Required: true, ValueName: "FILE.zip|FOLDER"),
        new("dry-run", "check and report only; store nothing", IsFlag: true),
        new("reason", "reason recorded in the audit trail (needed to change a completed form)", ValueName: "TEXT"),
        RegistryHost.Provider,
        RegistryHost.Connection,
    ];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        var input = options.Get("input")!;
        Dictionary<string, byte[]> files;
        if (Directory.Exists(input))
        {
            files = ImportFiles.FromFolder(input);
        }
        else if (File.Exists(input))
        {
            try
            {
                using var stream = File.OpenRead(input);
                files = ImportFiles.FromZip(stream);
            }
            catch (InvalidDataException e)
            {
                throw new InputException($"option --input: {e.Message}", e);
            }
        }
        else
        {
            throw new InputException($"option --input: {input} is neither a file nor a folder");
        }

        var report = TransferCli.Send(options, new ImportRegistryCommand(files) { DryRun = options.Has("dry-run"), Reason = options.Get("reason") });
        var o = context.Out;
        foreach (var f in report.Files)
        {
            o.WriteLine($"{f.File}: {f.Created} created, {f.Updated} updated, {f.Unchanged} unchanged");
        }

        foreach (var a in report.Allocated)
        {
            o.WriteLine($"patients.csv row {a.Row}{(a.GivenAs is null ? string.Empty : $" ({a.GivenAs})")}: new study ID {a.StudyId}");
        }

        foreach (var p in report.Problems)
        {
            o.WriteLine($"{p.File} row {p.Row}, column {p.Column}: {p.Message}");
        }

        if (report.Problems.Count > 0)
        {
            throw new InputException($"import refused: {report.Problems.Count} problem(s) (listed above); nothing was stored");
        }

        o.WriteLine(report.Stored ? "imported" : "dry run: nothing stored");
        return RlmsCli.Success;
    }
}

/// <summary>Sends a transfer request as the CLI's system principal; refusals become one line and exit code 2.</summary>
internal static class TransferCli
{
    public static T Send<T>(ParsedOptions options, Mediator.ICommand<T> command)
    {
        using var services = RegistryHost.Build(options);
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:cli-transfer");
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        if (!db.Database.CanConnect() || db.Database.GetPendingMigrations().Any())
        {
            throw new InputException("the database is missing or not at the latest migration: run 'rlms db migrate' first");
        }

        try
        {
            return scope.ServiceProvider.GetRequiredService<IMediator>().Send(command).AsTask().GetAwaiter().GetResult();
        }
        catch (ValidationException e)
        {
            throw new InputException(string.Join("; ", e.Errors.Select(x => x.ErrorMessage)), e);
        }
        catch (ForbiddenException e)
        {
            throw new InputException(e.Message, e);
        }
    }
}
