using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Clinical.Commands.CompleteForm;
using RlmsRegistry.Application.Clinical.Commands.RemoveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Clinical.Commands.SetFormLock;
using RlmsRegistry.Application.Clinical.Queries.GetDataQuality;
using RlmsRegistry.Application.Clinical.Queries.GetForms;
using RlmsRegistry.Application.Clinical.Queries.GetPatientTimeline;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Web.Infrastructure;

namespace RlmsRegistry.Web.Controllers.Api;

/// <summary>Optional body of a status action: the version the caller saw.</summary>
public sealed record FormActionRequest(int? Version);

/// <summary>
/// The case report forms over JSON. Bodies bind to the application's save commands; the ids come from the route.
/// PUT bodies carry <c>version</c> (409 when stale), <c>reason</c> (required once the form is Complete) and
/// <c>complete</c> (complete in the same save). Status actions: <c>POST /api/v1/forms/{kind}/{id}/complete|lock|unlock</c>
/// where kind is operation | pathology | labs | follow-up-event and id is the form's own id.
/// </summary>
[Route("api/v1")]
public sealed class CaseFormsApiController(ISender sender) : ApiControllerBase
{
    [HttpGet("patients/{id:guid}/timeline")]
    public async Task<PatientTimelineDto> Timeline(Guid id, CancellationToken ct) => await sender.Send(new GetPatientTimelineQuery(id), ct);

    [HttpGet("data-quality")]
    public async Task<DataQualityReportDto> DataQuality([FromQuery] Guid? centreId, CancellationToken ct) => await sender.Send(new GetDataQualityQuery(centreId), ct);

    [HttpPost("patients/{patientId:guid}/operations")]
    [Idempotent]
    [ProducesResponseType<OperationDto>(StatusCodes.Status201Created)]
    public async Task<IActionResult> AddOperation(Guid patientId, [FromBody] SaveOperationCommand body, CancellationToken ct)
    {
        var operation = await sender.Send(body with { Id = null, PatientId = patientId }, ct);
        return CreatedAtAction(nameof(GetOperation), new { id = operation.Id }, operation);
    }

    [HttpGet("operations/{id:guid}")]
    public async Task<OperationDto> GetOperation(Guid id, CancellationToken ct) => await sender.Send(new GetOperationQuery(id), ct);

    [HttpPut("operations/{id:guid}")]
    public async Task<OperationDto> UpdateOperation(Guid id, [FromBody] SaveOperationCommand body, CancellationToken ct) =>
        await sender.Send(body with { Id = id, PatientId = null }, ct);

    [HttpGet("operations/{id:guid}/pathology")]
    public async Task<PathologyDto> GetPathology(Guid id, CancellationToken ct) => await sender.Send(new GetPathologyQuery(id), ct);

    /// <summary>Creates the report when the operation has none (201), otherwise updates it (200).</summary>
    [HttpPut("operations/{id:guid}/pathology")]
    [ProducesResponseType<PathologyDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<PathologyDto>(StatusCodes.Status201Created)]
    public async Task<IActionResult> SavePathology(Guid id, [FromBody] SavePathologyCommand body, CancellationToken ct)
    {
        var saved = await sender.Send(body with { OperationId = id }, ct);
        return saved.Created ? CreatedAtAction(nameof(GetPathology), new { id }, saved.Form) : Ok(saved.Form);
    }

    [HttpGet("operations/{id:guid}/labs")]
    public async Task<LabPanelDto> GetLabs(Guid id, CancellationToken ct) => await sender.Send(new GetLabPanelQuery(id), ct);

    /// <summary>Creates the panel when the operation has none (201), otherwise updates it (200).</summary>
    [HttpPut("operations/{id:guid}/labs")]
    [ProducesResponseType<LabPanelDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<LabPanelDto>(StatusCodes.Status201Created)]
    public async Task<IActionResult> SaveLabs(Guid id, [FromBody] SaveLabPanelCommand body, CancellationToken ct)
    {
        var saved = await sender.Send(body with { OperationId = id }, ct);
        return saved.Created ? CreatedAtAction(nameof(GetLabs), new { id }, saved.Form) : Ok(saved.Form);
    }

    [HttpPost("patients/{patientId:guid}/follow-up-events")]
    [Idempotent]
    [ProducesResponseType<FollowUpEventDto>(StatusCodes.Status201Created)]
    public async Task<IActionResult> AddFollowUpEvent(Guid patientId, [FromBody] SaveFollowUpEventCommand body, CancellationToken ct)
    {
        var created = await sender.Send(body with { Id = null, PatientId = patientId }, ct);
        return CreatedAtAction(nameof(GetFollowUpEvent), new { id = created.Id }, created);
    }

    [HttpGet("follow-up-events/{id:guid}")]
    public async Task<FollowUpEventDto> GetFollowUpEvent(Guid id, CancellationToken ct) => await sender.Send(new GetFollowUpEventQuery(id), ct);

    [HttpPut("follow-up-events/{id:guid}")]
    public async Task<FollowUpEventDto> UpdateFollowUpEvent(Guid id, [FromBody] SaveFollowUpEventCommand body, CancellationToken ct) =>
        await sender.Send(body with { Id = id, PatientId = null }, ct);

    /// <summary>Removes an event; <c>version</c> and <c>reason</c> travel in the query string.</summary>
    [HttpDelete("follow-up-events/{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> RemoveFollowUpEvent(Guid id, [FromQuery] int? version, [FromQuery] string? reason, CancellationToken ct)
    {
        await sender.Send(new RemoveFollowUpEventCommand(id, version, reason), ct);
        return NoContent();
    }

    [HttpPost("forms/{kind}/{id:guid}/complete")]
    public async Task<IActionResult> Complete(string kind, Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] FormActionRequest? body, CancellationToken ct) =>
        FormKinds.TryParse(kind) is { } k ? Ok(await sender.Send(new CompleteFormCommand(k, id, body?.Version), ct)) : UnknownKind(kind);

    [HttpPost("forms/{kind}/{id:guid}/lock")]
    public async Task<IActionResult> Lock(string kind, Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] FormActionRequest? body, CancellationToken ct) =>
        FormKinds.TryParse(kind) is { } k ? Ok(await sender.Send(new SetFormLockCommand(k, id, Locked: true, body?.Version), ct)) : UnknownKind(kind);

    [HttpPost("forms/{kind}/{id:guid}/unlock")]
    public async Task<IActionResult> Unlock(string kind, Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] FormActionRequest? body, CancellationToken ct) =>
        FormKinds.TryParse(kind) is { } k ? Ok(await sender.Send(new SetFormLockCommand(k, id, Locked: false, body?.Version), ct)) : UnknownKind(kind);

    private static ObjectResult UnknownKind(string kind) => Infrastructure.ProblemResults.Problem(
        StatusCodes.Status404NotFound, "Not found", $"Unknown form kind '{kind}': use operation, pathology, labs or follow-up-event.");
}

/// <summary>The form kinds as they appear in URLs.</summary>
public static class FormKinds
{
    public static FormKind? TryParse(string kind) => kind.ToLowerInvariant() switch
    {
        "operation" => FormKind.Operation,
        "pathology" => FormKind.Pathology,
        "labs" => FormKind.LabPanel,
        "follow-up-event" => FormKind.FollowUpEvent,
        _ => null,
    };

    public static string ToUrl(FormKind kind) => kind switch
    {
        FormKind.Operation => "operation",
        FormKind.Pathology => "pathology",
        FormKind.LabPanel => "labs",
        _ => "follow-up-event",
    };
}
