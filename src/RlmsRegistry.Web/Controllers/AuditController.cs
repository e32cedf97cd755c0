using System.Text;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Audit.Queries;
using RlmsRegistry.Application.Centres.Queries.ListCentres;
using RlmsRegistry.Application.Common.Models;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

/// <summary>
/// The audit trail for admins, monitors and data managers (their centres): newest first, paged and filtered; the history
/// of one record (a form, a patient) field by field; and the complete CSV export by centre and dates.
/// </summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Monitor},{Roles.DataManager}")]
public sealed class AuditController(ISender sender) : RegistryController
{
    private const int PageSize = 50;

    [HttpGet]
    public async Task<IActionResult> Index(
        Guid? centreId, string? studyId, string? formKind, string? user, [FromQuery(Name = "action")] string? change, DateOnly? from, DateOnly? to, int page = 1, CancellationToken ct = default)
    {
        var filter = new SearchAuditQuery(centreId, studyId, formKind, user, change, from, to, Math.Max(1, page), PageSize);
        var (ok, result) = await TrySendAsync(() => sender.Send(filter, ct));
        return View(new AuditSearchViewModel
        {
            Result = ok ? result! : new PagedResult<AuditLineDto>([], 0, 1, PageSize),
            Centres = await sender.Send(new ListCentresQuery(), ct),
            Filter = filter,
        });
    }

    [HttpGet]
    public async Task<IActionResult> Export(Guid? centreId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var entries = await sender.Send(new ExportAuditQuery(centreId, from, to), ct);
        var name = $"rlms-audit-{from?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) ?? "start"}-{to?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) ?? "now"}.csv";
        return File(Encoding.UTF8.GetBytes(AuditCsv.Write(entries)), "text/csv; charset=utf-8", name);
    }

    /// <summary>The history of one record, field by field, newest first; 404 when the caller may see none of it.</summary>
    [HttpGet]
    public async Task<IActionResult> Record(string entity, string key, CancellationToken ct)
    {
        await sender.Send(new GetRecordAuditQuery(entity, key), ct); // 404 for a record of another centre, or none
        var kind = AuditRecords.KindOf(entity);
        var filter = new SearchAuditQuery(FormKind: kind, PageSize: 500, RecordKey: key);
        var result = kind is null ? new PagedResult<AuditLineDto>([], 0, 1, 500) : await sender.Send(filter, ct);
        var study = result.Items.Select(i => i.StudyId).FirstOrDefault(s => s is not null);
        return View("Record", new AuditSearchViewModel
        {
            Result = result,
            Filter = filter,
            Title = $"History of the {AuditRecords.LabelOf(entity).ToLowerInvariant()}" + (study is null ? string.Empty : $" of patient {study}"),
        });
    }
}
