using System.Text;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Audit.Queries;

namespace RlmsRegistry.Web.Controllers.Api;

/// <summary>The audit trail for monitors (their centres) and admins, as JSON or, with <c>Accept: text/csv</c>, CSV.</summary>
[Route("api/v1/audit")]
public sealed class AuditApiController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    [Produces("application/json", "text/csv")]
    public async Task<IActionResult> Export([FromQuery] Guid? centreId, [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, CancellationToken ct)
    {
        var entries = await sender.Send(new ExportAuditQuery(centreId, from, to), ct);
        if (Request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true))
        {
            return File(Encoding.UTF8.GetBytes(AuditCsv.Write(entries)), "text/csv; charset=utf-8");
        }

        return Ok(entries);
    }

    [HttpGet("{entity}/{key}")]
    public async Task<IReadOnlyList<AuditEntryDto>> Record(string entity, string key, CancellationToken ct) =>
        await sender.Send(new GetRecordAuditQuery(entity, key), ct);
}
