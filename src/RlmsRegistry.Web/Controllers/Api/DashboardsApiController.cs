using Mediator;
using Microsoft.Extensions.Options;
using RlmsRegistry.Web.Models;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Application.Dashboards.Queries.GetDashboards;

namespace RlmsRegistry.Web.Controllers.Api;

/// <summary>
/// The JSON behind every dashboard figure (Admin, Investigator; bearer token), from the newest published snapshot.
/// Each answer names its snapshot (<c>snapshot</c> is null, with <c>data</c> null, until a first analysis is published).
/// Roles are checked by the queries (403); an unknown cohort or curve grouping is a 400 naming the valid values.
/// For callers without row-level access, counts of 1–4 are the string "&lt;5" (<c>smallCellsSuppressed</c> true).
/// </summary>
[Route("api/v1/dashboards")]
public sealed class DashboardsApiController(ISender sender, IOptions<JsonOptions> json) : ApiControllerBase
{
    [HttpGet("overview")]
    public async Task<ActionResult<DashboardResponse<OverviewFigure>>> Overview(CancellationToken ct) =>
        Json(await sender.Send(new GetOverviewDashboardQuery(), ct));

    [HttpGet("cohorts/{cohort}")]
    public async Task<ActionResult<DashboardResponse<CohortSummary>>> Cohort(string cohort, CancellationToken ct) =>
        Json(await sender.Send(new GetCohortDashboardQuery(cohort), ct));

    /// <summary>Kaplan–Meier curves by <c>overall</c> (default), <c>fnclccGrade</c>, <c>centre</c>, <c>resection</c> or <c>nlr</c>.</summary>
    [HttpGet("cohorts/{cohort}/km")]
    public async Task<ActionResult<DashboardResponse<KmFigure>>> KaplanMeier(string cohort, [FromQuery] string? by, CancellationToken ct) =>
        Json(await sender.Send(new GetKaplanMeierFigureQuery(cohort, by ?? "overall"), ct));

    [HttpGet("cohorts/{cohort}/models")]
    public async Task<ActionResult<DashboardResponse<ModelsFigure>>> Models(string cohort, CancellationToken ct) =>
        Json(await sender.Send(new GetCohortModelsQuery(cohort), ct));

    [HttpGet("paper")]
    public async Task<ActionResult<DashboardResponse<PaperComparison>>> Paper(CancellationToken ct) =>
        Json(await sender.Send(new GetPaperComparisonQuery(), ct));

    [HttpGet("history")]
    public async Task<ActionResult<DashboardResponse<HistoryFigure>>> History(CancellationToken ct) =>
        Json(await sender.Send(new GetSnapshotHistoryQuery(), ct));

    private JsonResult Json(object value) => new(value, DashboardJson.Options(json.Value.JsonSerializerOptions));
}
