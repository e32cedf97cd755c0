using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Application.Dashboards.Queries.GetCumulativeIncidence;
using RlmsRegistry.Application.Dashboards.Queries.GetDashboards;

namespace RlmsRegistry.Web.ViewComponents;

/// <summary>What the cohort page's competing-risks section shows: the figure of the chosen grouping (its curves are fetched by the page) and the Kaplan–Meier choice to keep.</summary>
public sealed record CumulativeIncidenceModel(DashboardResponse<CumulativeIncidenceFigure> Figure, string? KmBy);

/// <summary>
/// The cumulative incidence of the recurrence endpoints on the cohort page (issue 13): the grouping comes from the
/// page's <c>cif</c> query parameter (overall when absent or unknown), the numbers from the newest snapshot.
/// </summary>
public sealed class CumulativeIncidenceViewComponent(ISender sender) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string cohort)
    {
        var requested = HttpContext.Request.Query["cif"].ToString();
        var by = CumulativeIncidenceFigures.IsChoice(requested) ? requested : "overall";
        var figure = await sender.Send(new GetCumulativeIncidenceFigureQuery(cohort, by));
        // Only a real curve choice is kept (and keys the cached section): any other value would add a cache entry per URL.
        var kmBy = HttpContext.Request.Query["by"].ToString();
        return View(new CumulativeIncidenceModel(figure, DashboardNames.IsCurveSet(kmBy) ? kmBy : null));
    }
}
