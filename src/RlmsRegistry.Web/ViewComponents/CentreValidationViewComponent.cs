using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Dashboards.Queries.GetCentreValidation;

namespace RlmsRegistry.Web.ViewComponents;

/// <summary>
/// The cohort page's section on how well the model predicts in a centre it was not fitted on (internal–external
/// validation), with a link to the risk calculator. Rendered inside the page's per-snapshot cache.
/// </summary>
public sealed class CentreValidationViewComponent(ISender sender) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string cohort) =>
        View(await sender.Send(new GetCentreValidationQuery(cohort), HttpContext.RequestAborted));
}
