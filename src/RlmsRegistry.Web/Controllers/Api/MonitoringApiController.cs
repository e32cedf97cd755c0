using System.Text;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Clinical.Commands.SetFormVerification;
using RlmsRegistry.Application.Monitoring;

namespace RlmsRegistry.Web.Controllers.Api;

/// <summary>
/// Monitoring: source-data verification of forms (Monitor of the centre), the per-centre summary and worklists, and the
/// follow-up-due list (JSON, or CSV with <c>Accept: text/csv</c>).
/// </summary>
[Route("api/v1")]
public sealed class MonitoringApiController(ISender sender) : ApiControllerBase
{
    [HttpPost("forms/{kind}/{id:guid}/verify")]
    public Task<IActionResult> Verify(string kind, Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] FormActionRequest? body, CancellationToken ct) =>
        SetAsync(kind, id, verified: true, body, ct);

    [HttpPost("forms/{kind}/{id:guid}/unverify")]
    public Task<IActionResult> Unverify(string kind, Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] FormActionRequest? body, CancellationToken ct) =>
        SetAsync(kind, id, verified: false, body, ct);

    [HttpGet("monitoring")]
    public async Task<MonitoringSummaryDto> Summary([FromQuery] Guid? centreId, CancellationToken ct) =>
        await sender.Send(new GetMonitoringSummaryQuery(centreId), ct);

    [HttpGet("follow-up-due")]
    [Produces("application/json", "text/csv")]
    public async Task<IActionResult> FollowUpDue([FromQuery] Guid? centreId, [FromQuery] int? months, CancellationToken ct)
    {
        var list = await sender.Send(new GetFollowUpDueQuery(centreId, months), ct);
        if (Request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true))
        {
            return File(Encoding.UTF8.GetBytes(FollowUpDueCsv.Write(list)), "text/csv; charset=utf-8");
        }

        return Ok(list);
    }

    private async Task<IActionResult> SetAsync(string kind, Guid id, bool verified, FormActionRequest? body, CancellationToken ct)
    {
        if (FormKinds.TryParse(kind) is not { } k)
        {
            return Infrastructure.ProblemResults.Problem(StatusCodes.Status404NotFound, "Unknown form kind", $"There is no form kind '{kind}': use operation, pathology, labs or follow-up-event.");
        }

        FormRef result = await sender.Send(new SetFormVerificationCommand(k, id, verified, body?.Version), ct);
        return Ok(result);
    }
}
