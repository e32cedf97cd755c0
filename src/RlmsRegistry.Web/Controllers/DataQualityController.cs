using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Centres.Queries.ListCentres;
using RlmsRegistry.Application.Clinical.Queries.GetDataQuality;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

/// <summary>The data-quality list per centre: what the data managers should look at next.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.DataManager},{Roles.Monitor}")]
public sealed class DataQualityController(ISender sender) : RegistryController
{
    [HttpGet("/DataQuality")]
    public async Task<IActionResult> Index(Guid? centreId, CancellationToken ct) => View(new DataQualityViewModel
    {
        Report = await sender.Send(new GetDataQualityQuery(centreId), ct),
        Centres = await sender.Send(new ListCentresQuery(), ct),
        CentreId = centreId,
    });
}
