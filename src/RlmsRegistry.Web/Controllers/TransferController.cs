using System.Security.Cryptography;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Transfer;
using RlmsRegistry.Web.Controllers.Api;

namespace RlmsRegistry.Web.Controllers;

/// <summary>
/// The import / export page: download an export or the data dictionary; upload a file, read the dry run's report,
/// then commit the same upload (kept in a temporary file for the signed-in user until committed).
/// </summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.DataManager}")]
public sealed class TransferController(ISender sender) : RegistryController
{
    [HttpGet("/Transfer")]
    public IActionResult Index() => View(new TransferViewModel());

    [HttpGet("/Transfer/Export")]
    public async Task<IActionResult> Export(ExportFormat format = ExportFormat.Csv, string? centres = null, bool deidentified = false, CancellationToken ct = default)
    {
        var output = new MemoryStream();
        await sender.Send(new ExportRegistryCommand(output) { Format = format, Centres = TransferNames.SplitCodes(centres), Deidentified = deidentified }, ct);
        output.Position = 0;
        return File(output, "application/zip", TransferNames.ExportFileName(format, deidentified));
    }

    [HttpGet("/Transfer/DataDictionary")]
    public async Task<IActionResult> DataDictionary(CancellationToken ct) =>
        File(await sender.Send(new GetDataDictionaryQuery(), ct), "text/csv; charset=utf-8", "rlms-data-dictionary.csv");

    /// <summary>Upload → dry run → report; the upload is kept for <see cref="Commit"/>.</summary>
    [HttpPost("/Transfer/Import")]
    [RequestSizeLimit(TransferNames.MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = TransferNames.MaxUploadBytes)]
    public async Task<IActionResult> Import(IFormFile? file, string? reason, CancellationToken ct)
    {
        var files = TransferNames.ReadUpload(file, out var problem);
        if (problem is not null)
        {
            ModelState.AddModelError("file", problem);
            return View("Index", new TransferViewModel { Reason = reason });
        }

        var (ok, report) = await TrySendAsync(() => sender.Send(new ImportRegistryCommand(files!) { DryRun = true, Reason = reason }, ct));
        if (!ok)
        {
            return View("Index", new TransferViewModel { Reason = reason });
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using (var stored = System.IO.File.Create(UploadPath(token)))
        {
            await file!.CopyToAsync(stored, ct);
        }

        return View("Index", new TransferViewModel { Report = report, Token = report!.Problems.Count == 0 ? token : null, FileName = file!.FileName, Reason = reason });
    }

    [HttpPost("/Transfer/Commit")]
    public async Task<IActionResult> Commit(string? token, string? fileName, string? reason, CancellationToken ct)
    {
        if (token is null || fileName is null || token.Length != 32 || !token.All(char.IsAsciiHexDigitLower) || !System.IO.File.Exists(UploadPath(token)))
        {
            ModelState.AddModelError("file", "The upload has expired; upload the file again.");
            return View("Index", new TransferViewModel());
        }

        var path = UploadPath(token);
        Dictionary<string, byte[]> files;
        await using (var stream = System.IO.File.OpenRead(path))
        {
            files = fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                ? new Dictionary<string, byte[]> { [Path.GetFileName(fileName)] = await System.IO.File.ReadAllBytesAsync(path, ct) }
                : ImportFiles.FromZip(stream);
        }

        var (ok, report) = await TrySendAsync(() => sender.Send(new ImportRegistryCommand(files) { Reason = reason }, ct));
        System.IO.File.Delete(path);
        return View("Index", new TransferViewModel { Report = ok ? report : null, FileName = fileName, Reason = reason });
    }

    /// <summary>One temporary file per upload and user (the token alone does not open another user's upload).</summary>
    private string UploadPath(string token)
    {
        var user = User.Identity?.Name ?? "anonymous";
        var owner = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(user)))[..16];
        return Path.Combine(Path.GetTempPath(), $"rlms-import-{owner}-{token}.upload");
    }
}

public sealed class TransferViewModel
{
    public ImportReport? Report { get; init; }

    /// <summary>Set after a clean dry run: the upload to commit.</summary>
    public string? Token { get; init; }

    public string? FileName { get; init; }

    public string? Reason { get; init; }
}
