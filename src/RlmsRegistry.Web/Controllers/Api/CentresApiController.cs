using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Centres;
using RlmsRegistry.Application.Centres.Commands.CreateCentre;
using RlmsRegistry.Application.Centres.Queries.ListCentres;
using RlmsRegistry.Web.Infrastructure;

namespace RlmsRegistry.Web.Controllers.Api;

[Route("api/v1/centres")]
public sealed class CentresApiController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    public async Task<IReadOnlyList<CentreDto>> List(CancellationToken ct) => await sender.Send(new ListCentresQuery(), ct);

    [HttpPost]
    [Idempotent]
    [ProducesResponseType<CentreDto>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create([FromBody] CreateCentreCommand command, CancellationToken ct)
    {
        var centre = await sender.Send(command, ct);
        return Created($"/api/v1/centres/{centre.Id}", centre);
    }
}
