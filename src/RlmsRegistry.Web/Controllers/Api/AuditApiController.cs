using System.Text;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Audit.Queries;

namespace RlmsRegistry.Web.Controllers.Api;

public sealed record AuditPage(IReadOnlyList<AuditLineDto> Items, int Total, int Page, int PageSize);

/// <summary>
/// The audit trail for admins, monitors and data managers (their centres). JSON: newest first, one page at a time,
/// filtered by study ID, form, user, action and dates, each line with the study ID, the form and its field-level
/// changes. With <c>Accept: text/csv</c>: the complete export (every line of the centre and dates, oldest first).
/// </summary>
[Route("api/v1/audit")]
public sealed class AuditApiController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    [Produces("application/json", "text/csv")]
    public async Task<IActionResult> Search(
        [FromQuery] Guid? centreId, [FromQuery] string? studyId, [FromQuery] string? formKind, [FromQuery] string? user, [FromQuery(Name = "action")] string? change,
        [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] int page = 1, [FromQuery] int pageSize = 50, CancellationToken ct = default)
    {
        if (Request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true))
        {
            var entries = await sender.Send(new ExportAuditQuery(centreId, from, to), ct);
            return File(Encoding.UTF8.GetBytes(AuditCsv.Write(entries)), "text/csv; charset=utf-8");
        }

        var result = await sender.Send(new SearchAuditQuery(centreId, studyId, formKind, user, change, from, to, page, pageSize), ct);
        return Ok(new AuditPage(result.Items, result.Total, result.Page, result.PageSize));
    }

    [HttpGet("{entity}/{key}")]
    public async Task<IReadOnlyList<AuditEntryDto>> Record(string entity, string key, CancellationToken ct) =>
        await sender.Send(new GetRecordAuditQuery(entity, key), ct);
}
