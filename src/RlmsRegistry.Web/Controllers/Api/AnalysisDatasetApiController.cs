using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Analysis.Queries.GetAnalysisDataset;
using RlmsRegistry.Domain.Analysis;

namespace RlmsRegistry.Web.Controllers.Api;

/// <summary>
/// The de-identified analysis dataset of a cohort, all centres (Admin, Investigator): JSON with its data dictionary,
/// or CSV when the request accepts <c>text/csv</c>.
/// </summary>
[Route("api/v1/analysis-dataset")]
public sealed class AnalysisDatasetApiController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    [Produces("application/json", "text/csv")]
    public async Task<IActionResult> Get([FromQuery] Cohort? cohort, CancellationToken ct)
    {
        var dataset = await sender.Send(new GetAnalysisDatasetQuery(cohort), ct);
        var wantsCsv = Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
        if (!wantsCsv)
        {
            return Ok(dataset);
        }

        var name = dataset.Cohort.Name();
        Response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename=\"rlms-{name}-cohort.csv\"";
        return Content(AnalysisCsv.Write(dataset.Rows), "text/csv; charset=utf-8");
    }

    [HttpGet("dictionary")]
    public async Task<IReadOnlyList<AnalysisColumnDto>> Dictionary(CancellationToken ct) => await sender.Send(new GetAnalysisDictionaryQuery(), ct);
}
