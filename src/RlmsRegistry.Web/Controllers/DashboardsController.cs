using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Application.Dashboards.Queries.GetCumulativeIncidence;
using RlmsRegistry.Application.Dashboards.Queries.GetDashboards;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

/// <summary>
/// The investigators' dashboards: overview, one page per cohort, the paper beside the registry, and the history of
/// the snapshots. Everything is read from the newest published snapshot; nothing is recomputed on a page view.
/// Figures are drawn by <c>/js/dashboards.js</c> from a JSON data island (CSP: no inline script).
/// </summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Investigator}")]
public sealed class DashboardsController(ISender sender, IOptions<JsonOptions> json) : RegistryController
{
    [HttpGet("/Dashboards")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var overview = await sender.Send(new GetOverviewDashboardQuery(), ct);
        return View(new OverviewDashboardViewModel { Overview = overview, AccrualJson = FigureJson.For(overview.Data?.Accrual, DashboardJson.Options(json.Value.JsonSerializerOptions)) });
    }

    [HttpGet("/Dashboards/Cohort/{cohort}")]
    public async Task<IActionResult> Cohort(string cohort, string? by, CancellationToken ct)
    {
        if (!DashboardNames.IsCohort(cohort))
        {
            return NotFound();
        }

        by = DashboardNames.CurveSetOrOverall(by);
        var summary = await sender.Send(new GetCohortDashboardQuery(cohort), ct);
        var km = await sender.Send(new GetKaplanMeierFigureQuery(cohort, by), ct);
        var models = await sender.Send(new GetCohortModelsQuery(cohort), ct);
        var options = DashboardJson.Options(json.Value.JsonSerializerOptions);
        return View(new CohortDashboardViewModel
        {
            Cohort = cohort,
            Summary = summary,
            Km = km,
            Models = models,
            ForestJson = FigureJson.For(models.Data?.MultivariableForest, options),
            UnivariableForestJson = FigureJson.For(models.Data?.UnivariableForest, options),
        });
    }

    /// <summary>
    /// The Kaplan–Meier figure's data for the cohort page's script (cookie, same origin; ADR 0002 keeps the API bearer-only).
    /// Every curve point of a large registry is hundreds of kilobytes, so the page fetches it rather than embedding it:
    /// the page itself stays small and fast, and the bytes (gzip when accepted) are made once per snapshot.
    /// </summary>
    [HttpGet("/Dashboards/Cohort/{cohort}/Km")]
    public async Task<IActionResult> KmData(string cohort, string? by, CancellationToken ct)
    {
        if (!DashboardNames.IsCohort(cohort))
        {
            return NotFound();
        }

        var km = await sender.Send(new GetKaplanMeierFigureQuery(cohort, DashboardNames.CurveSetOrOverall(by)), ct);
        return FigureData(km.Data, km);
    }

    /// <summary>
    /// The cumulative incidence figure's data for the cohort page's script, fetched as the Kaplan–Meier one is: every
    /// step of three causes per group is a few hundred kilobytes that would otherwise ride along with every page view.
    /// </summary>
    [HttpGet("/Dashboards/Cohort/{cohort}/Cif")]
    public async Task<IActionResult> CifData(string cohort, string? by, CancellationToken ct)
    {
        if (!DashboardNames.IsCohort(cohort))
        {
            return NotFound();
        }

        var cif = await sender.Send(new GetCumulativeIncidenceFigureQuery(cohort, CumulativeIncidenceFigures.IsChoice(by) ? by! : "overall"), ct);
        return FigureData(cif.Data, cif);
    }

    [HttpGet("/Dashboards/Paper")]
    public async Task<IActionResult> Paper(CancellationToken ct) =>
        View(new PaperDashboardViewModel { Paper = await sender.Send(new GetPaperComparisonQuery(), ct) });

    [HttpGet("/Dashboards/History")]
    public async Task<IActionResult> History(CancellationToken ct)
    {
        var history = await sender.Send(new GetSnapshotHistoryQuery(), ct);
        return View(new HistoryDashboardViewModel { History = history, HistoryJson = FigureJson.For(history.Data, DashboardJson.Options(json.Value.JsonSerializerOptions)) });
    }

    /// <summary>A memoized figure's answer as bytes made once per snapshot and small-cell rule (gzip when accepted).</summary>
    private IActionResult FigureData(object? figure, object response)
    {
        var options = DashboardJson.Options(json.Value.JsonSerializerOptions);
        if (figure is null)
        {
            return Json(response, options);
        }

        var bytes = FigureBytes.For(figure, response, options);
        Response.Headers.Vary = "Accept-Encoding";
        Response.Headers.CacheControl = "private, no-cache";
        if (Request.Headers.AcceptEncoding.Any(v => v?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true))
        {
            Response.Headers.ContentEncoding = "gzip";
            return File(bytes.Gzip, "application/json");
        }

        return File(bytes.Json, "application/json");
    }
}
