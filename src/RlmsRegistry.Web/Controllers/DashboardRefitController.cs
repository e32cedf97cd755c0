using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Analysis.Refits;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Controllers;

/// <summary>What the dashboards' "Refit now" button gets back: the run and where to poll it.</summary>
public sealed record RefitQueued(Guid Id, string StatusUrl, string Status);

/// <summary>
/// Refit and bundle from the dashboards (issue 18), cookie-authenticated for the pages' script (ADR 0002 keeps the
/// API bearer-only): an Admin's "Refit now" sends the same <see cref="RequestRefitCommand"/> as the API and the
/// Reanalysis page (recorded as <c>manual</c> by the acting account, audited), its progress is polled from the
/// run's status, and every snapshot's reproducibility bundle downloads from the page it is shown on.
/// </summary>
public sealed class DashboardRefitController(ISender sender) : RegistryController
{
    /// <summary>Queues a refit; a script gets the run as JSON (202), a plain form post is sent back to the overview.</summary>
    [HttpPost("/Dashboards/Refit")]
    [Authorize(Roles = Roles.Admin)]
    public async Task<IActionResult> Refit(CancellationToken ct)
    {
        var run = await sender.Send(new RequestRefitCommand(), ct);
        var statusUrl = $"/Dashboards/Refit/{run.Id}";
        if (Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true))
        {
            return Accepted(statusUrl, new RefitQueued(run.Id, statusUrl, run.Status));
        }

        Flash($"Refit queued (run {run.Id}). The dashboards switch to the new snapshot when it is published.");
        return Redirect("/Dashboards");
    }

    /// <summary>Where a run stands: status, progress (0–100), message and, once published, its snapshot.</summary>
    [HttpGet("/Dashboards/Refit/{id:guid}")]
    [Authorize(Roles = Roles.Admin)]
    public async Task<IActionResult> Status(Guid id, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        return Json(await sender.Send(new GetRefitRunQuery(id), ct));
    }

    /// <summary>A snapshot's reproducibility bundle (data, settings, results, R script) for Admins and Investigators.</summary>
    [HttpGet("/Dashboards/Snapshots/{id:guid}/Bundle")]
    [Authorize(Roles = $"{Roles.Admin},{Roles.Investigator}")]
    public async Task<IActionResult> Bundle(Guid id, CancellationToken ct) =>
        File(await sender.Send(new GetSnapshotBundleQuery(id), ct), "application/zip", $"rlms-snapshot-{id}.zip");
}
