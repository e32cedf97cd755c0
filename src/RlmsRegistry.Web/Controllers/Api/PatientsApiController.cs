using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Common.Models;
using RlmsRegistry.Application.Patients;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Application.Patients.Commands.UpdatePatient;
using RlmsRegistry.Application.Patients.Queries.GetPatient;
using RlmsRegistry.Application.Patients.Queries.ListPatients;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Web.Infrastructure;

namespace RlmsRegistry.Web.Controllers.Api;

public sealed record UpdatePatientRequest(Sex? Sex, int? BirthYear, ConsentStatus? ConsentStatus, int? Version, string? Reason);

public sealed record PatientPage(IReadOnlyList<PatientListItemDto> Items, int Total, int Page, int PageSize);

[Route("api/v1/patients")]
public sealed class PatientsApiController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    public async Task<PatientPage> List([FromQuery] string? search, [FromQuery] Guid? centreId, [FromQuery] int page = 1, [FromQuery] int pageSize = 25, CancellationToken ct = default)
    {
        PagedResult<PatientListItemDto> result = await sender.Send(new ListPatientsQuery(search, centreId, page, pageSize), ct);
        return new PatientPage(result.Items, result.Total, result.Page, result.PageSize);
    }

    [HttpGet("{id:guid}")]
    public async Task<PatientDto> Get(Guid id, CancellationToken ct) => await sender.Send(new GetPatientQuery(id), ct);

    [HttpPost]
    [Idempotent]
    [ProducesResponseType<PatientDto>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Register([FromBody] RegisterPatientCommand command, CancellationToken ct)
    {
        var patient = await sender.Send(command, ct);
        return CreatedAtAction(nameof(Get), new { id = patient.Id }, patient);
    }

    [HttpPut("{id:guid}")]
    public async Task<PatientDto> Update(Guid id, [FromBody] UpdatePatientRequest request, CancellationToken ct) =>
        await sender.Send(new UpdatePatientCommand(id, request.Sex, request.BirthYear, request.ConsentStatus, request.Version, request.Reason), ct);
}
