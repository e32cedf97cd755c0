using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Application.Dashboards.Queries.GetCentreValidation;
using RlmsRegistry.Application.Prediction.Queries.PredictSurvival;
using RlmsRegistry.Web.Infrastructure.Forms;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers.Api;

/// <summary>
/// The risk calculator and the validation by centre as JSON (Admin, Investigator; bearer token), from the newest
/// published snapshot. <c>GET /api/v1/dashboards/{cohort}/prediction?maxDiameterCm=15&amp;fnclccGrade=3&amp;…</c>: query
/// parameters named as the analysis dataset's columns, one per factor of the cohort's multivariable model; numbers
/// with a point or a comma. A missing, unreadable or out-of-range value is a 400 listing every such field with its
/// label; a cohort without a model is a 404.
/// </summary>
[Route("api/v1/dashboards")]
public sealed class PredictionApiController(ISender sender, IOptions<JsonOptions> json) : ApiControllerBase
{
    [HttpGet("{cohort}/prediction")]
    public async Task<ActionResult<DashboardResponse<SurvivalPrediction>>> Predict(string cohort, CancellationToken ct) =>
        new JsonResult(await sender.Send(new PredictSurvivalQuery(cohort, PredictorEntries.From(Request.Query)), ct), DashboardJson.Options(json.Value.JsonSerializerOptions));

    /// <summary>Internal–external validation: the cohort's model refitted without each centre and evaluated on it.</summary>
    [HttpGet("cohorts/{cohort}/validation")]
    public async Task<ActionResult<DashboardResponse<CentreValidationFigure>>> Validation(string cohort, CancellationToken ct) =>
        new JsonResult(await sender.Send(new GetCentreValidationQuery(cohort), ct), DashboardJson.Options(json.Value.JsonSerializerOptions));
}
