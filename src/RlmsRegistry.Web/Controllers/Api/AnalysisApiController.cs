using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Analysis.Refits;

namespace RlmsRegistry.Web.Controllers.Api;

public sealed record RefitAccepted(Guid Id, string StatusUrl, string Status);

/// <summary>Refits on demand (Admin) and the published snapshots (Admin, Investigator), with their reproducibility bundles.</summary>
[Route("api/v1/analysis")]
public sealed class AnalysisApiController(ISender sender) : ApiControllerBase
{
    [HttpPost("refits")]
    [ProducesResponseType<RefitAccepted>(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> RequestRefit(CancellationToken ct)
    {
        var run = await sender.Send(new RequestRefitCommand(), ct);
        var url = $"/api/v1/analysis/refits/{run.Id}";
        return Accepted(url, new RefitAccepted(run.Id, url, run.Status));
    }

    [HttpGet("refits/{id:guid}")]
    public async Task<AnalysisRunDto> Run(Guid id, CancellationToken ct) => await sender.Send(new GetRefitRunQuery(id), ct);

    [HttpGet("snapshots")]
    public async Task<IReadOnlyList<SnapshotSummaryDto>> Snapshots(CancellationToken ct) => await sender.Send(new ListSnapshotsQuery(), ct);

    [HttpGet("snapshots/latest")]
    public async Task<IActionResult> Latest(CancellationToken ct) => Snapshot(await sender.Send(new GetSnapshotQuery(null), ct));

    [HttpGet("snapshots/{id:guid}")]
    public async Task<IActionResult> ById(Guid id, CancellationToken ct) => Snapshot(await sender.Send(new GetSnapshotQuery(id), ct));

    [HttpGet("snapshots/{id:guid}/bundle")]
    [Produces("application/zip")]
    public async Task<IActionResult> Bundle(Guid id, CancellationToken ct) =>
        File(await sender.Send(new GetSnapshotBundleQuery(id), ct), "application/zip", $"rlms-snapshot-{id}.zip");

    /// <summary>Metadata plus the stored settings and results JSON, passed through without re-serialising.</summary>
    private ContentResult Snapshot(SnapshotDto s) => Content(
        $"{{\"snapshot\":{System.Text.Json.JsonSerializer.Serialize(s.Snapshot, JsonOptions)},\"settings\":{s.SettingsJson},\"counts\":{s.CountsJson},\"results\":{s.ResultsJson}}}",
        "application/json");

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);
}
