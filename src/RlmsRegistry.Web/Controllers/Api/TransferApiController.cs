using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Transfer;

namespace RlmsRegistry.Web.Controllers.Api;

/// <summary>
/// Moving data in and out: the registry export (zip of CSVs, data dictionary, syntax files, manifest), the data
/// dictionary alone (REDCap's format), and the import of an export's files (422 with a row report when any row is refused).
/// </summary>
public sealed class TransferApiController(ISender sender) : ApiControllerBase
{
    /// <summary>Admin: every centre, or <paramref name="centres"/>; data managers: their own centres.</summary>
    [HttpGet("api/v1/exports/registry")]
    [Produces("application/zip")]
    public async Task<IActionResult> Export([FromQuery] ExportFormat format = ExportFormat.Csv, [FromQuery] string? centres = null, [FromQuery] bool deidentified = false, CancellationToken ct = default)
    {
        var output = new MemoryStream();
        await sender.Send(new ExportRegistryCommand(output) { Format = format, Centres = TransferNames.SplitCodes(centres), Deidentified = deidentified }, ct);
        output.Position = 0;
        return File(output, "application/zip", TransferNames.ExportFileName(format, deidentified));
    }

    [HttpGet("api/v1/data-dictionary")]
    [Produces("text/csv")]
    public async Task<IActionResult> DataDictionary(CancellationToken ct)
    {
        Response.Headers[HeaderNames.ContentDisposition] = "attachment; filename=\"rlms-data-dictionary.csv\"";
        return File(await sender.Send(new GetDataDictionaryQuery(), ct), "text/csv; charset=utf-8");
    }

    /// <summary>Multipart <c>file</c>: an export zip or one CSV named as in an export. 200 with the report, or 422 when any row is refused.</summary>
    [HttpPost("api/v1/imports")]
    [RequestSizeLimit(TransferNames.MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = TransferNames.MaxUploadBytes)]
    [ProducesResponseType<ImportReport>(StatusCodes.Status200OK)]
    [ProducesResponseType<ImportReport>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IActionResult> Import(IFormFile? file, [FromQuery] bool dryRun = false, [FromQuery] string? reason = null, CancellationToken ct = default)
    {
        // Refused before the upload is read, as the request pipeline would (a caller without the role learns nothing).
        if (!User.IsInRole(Roles.Admin) && !User.IsInRole(Roles.DataManager))
        {
            throw new ForbiddenException("Only admins and data managers import.");
        }

        var files = TransferNames.ReadUpload(file, out var problem);
        if (problem is not null)
        {
            return ValidationProblem(new ValidationProblemDetails(new Dictionary<string, string[]> { ["file"] = [problem] }));
        }

        var report = await sender.Send(new ImportRegistryCommand(files!) { DryRun = dryRun, Reason = reason }, ct);
        return report.Problems.Count > 0 ? UnprocessableEntity(report) : Ok(report);
    }
}

/// <summary>What the API and the pages share about transfer files: names, the upload limit, reading an upload.</summary>
public static class TransferNames
{
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    public static IReadOnlyList<string> SplitCodes(string? codes) =>
        string.IsNullOrWhiteSpace(codes) ? [] : codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string ExportFileName(ExportFormat format, bool deidentified) =>
        $"rlms-registry-{(deidentified ? "deidentified-" : string.Empty)}{format.ToString().ToLowerInvariant()}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.zip";

    /// <summary>The files of an uploaded zip, or of one uploaded CSV under its own name; else a problem in words.</summary>
    public static Dictionary<string, byte[]>? ReadUpload(IFormFile? file, out string? problem)
    {
        problem = null;
        if (file is null || file.Length == 0)
        {
            problem = "Choose a file: an export zip, or one of its CSV files.";
            return null;
        }

        using var stream = file.OpenReadStream();
        var name = Path.GetFileName(file.FileName);
        if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            if (TransferSchema.DataFiles.All(f => f.FileName != name))
            {
                problem = $"A CSV file must be named as in an export ({string.Join(", ", TransferSchema.DataFiles.Select(f => f.FileName))}); {name} is not.";
                return null;
            }

            return new Dictionary<string, byte[]> { [name] = buffer.ToArray() };
        }

        try
        {
            return ImportFiles.FromZip(stream);
        }
        catch (InvalidDataException e)
        {
            problem = e.Message;
            return null;
        }
    }
}
