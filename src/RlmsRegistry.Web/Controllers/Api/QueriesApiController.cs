using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Common.Models;
using RlmsRegistry.Application.DataQueries;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Monitoring;

namespace RlmsRegistry.Web.Controllers.Api;

/// <param name="FormKind">operation, pathology, labs or follow-up-event.</param>
/// <param name="Field">The queried field as the API names it (e.g. maxDiameterCm), or absent for the whole form.</param>
public sealed record OpenQueryRequest(string? FormKind, Guid? FormId, string? Field, string? Text);

public sealed record QueryTextRequest(string? Text);

public sealed record QueryPage(IReadOnlyList<DataQueryDto> Items, int Total, int Page, int PageSize);

/// <summary>
/// Data queries: a monitor (or admin) opens one on a form, the centre's data manager answers, the monitor closes or
/// re-opens it. Centre-scoped like the forms: another centre's query answers 404 and is absent from lists.
/// </summary>
[Route("api/v1/queries")]
public sealed class QueriesApiController(ISender sender) : ApiControllerBase
{
    [HttpPost]
    [ProducesResponseType<DataQueryDto>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Open([FromBody] OpenQueryRequest request, CancellationToken ct)
    {
        var kind = FormFields.Parse(request.FormKind) ?? default(FormKind);
        var query = await sender.Send(new OpenDataQueryCommand(kind, request.FormId ?? Guid.Empty, request.Field, request.Text), ct);
        return CreatedAtAction(nameof(Get), new { id = query.Id }, query);
    }

    [HttpGet]
    public async Task<QueryPage> List(
        [FromQuery] Guid? centreId, [FromQuery] QueryStatus? status, [FromQuery] Guid? patientId, [FromQuery] Guid? formId,
        [FromQuery] int page = 1, [FromQuery] int pageSize = 50, CancellationToken ct = default)
    {
        PagedResult<DataQueryDto> result = await sender.Send(new ListDataQueriesQuery(centreId, status, patientId, formId, page, pageSize), ct);
        return new QueryPage(result.Items, result.Total, result.Page, result.PageSize);
    }

    [HttpGet("{id:guid}")]
    public async Task<DataQueryDto> Get(Guid id, CancellationToken ct) => await sender.Send(new GetDataQueryQuery(id), ct);

    [HttpPost("{id:guid}/answer")]
    public async Task<DataQueryDto> Answer(Guid id, [FromBody] QueryTextRequest request, CancellationToken ct) =>
        await sender.Send(new AnswerDataQueryCommand(id, request.Text), ct);

    [HttpPost("{id:guid}/close")]
    public async Task<DataQueryDto> Close(Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] QueryTextRequest? request, CancellationToken ct) =>
        await sender.Send(new CloseDataQueryCommand(id, request?.Text), ct);

    [HttpPost("{id:guid}/reopen")]
    public async Task<DataQueryDto> Reopen(Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] QueryTextRequest? request, CancellationToken ct) =>
        await sender.Send(new ReopenDataQueryCommand(id, request?.Text), ct);
}
