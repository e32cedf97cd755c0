using System.Text;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Audit.Queries;
using RlmsRegistry.Application.Centres.Queries.ListCentres;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

/// <summary>The audit trail for monitors (their centres) and admins: per record, and as a CSV export by centre and dates.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Monitor}")]
public sealed class AuditController(ISender sender) : RegistryController
{
    [HttpGet]
    public async Task<IActionResult> Index(Guid? centreId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var (ok, entries) = await TrySendAsync(() => sender.Send(new ExportAuditQuery(centreId, from, to, Limit: 500), ct));
        return View(new AuditViewModel
        {
            Entries = ok ? entries! : [],
            Centres = await sender.Send(new ListCentresQuery(), ct),
            CentreId = centreId,
            From = from,
            To = to,
            Title = "Audit trail",
        });
    }

    [HttpGet]
    public async Task<IActionResult> Export(Guid? centreId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var entries = await sender.Send(new ExportAuditQuery(centreId, from, to), ct);
        var name = $"rlms-audit-{from?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) ?? "start"}-{to?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) ?? "now"}.csv";
        return File(Encoding.UTF8.GetBytes(AuditCsv.Write(entries)), "text/csv; charset=utf-8", name);
    }

    [HttpGet]
    public async Task<IActionResult> Record(string entity, string key, CancellationToken ct) =>
        View("Index", new AuditViewModel { Entries = await sender.Send(new GetRecordAuditQuery(entity, key), ct), Title = $"History of {entity} {key}" });
}
