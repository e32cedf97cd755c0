using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Analysis.Refits;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Controllers;

public sealed record AnalysisAdminViewModel(IReadOnlyList<AnalysisRunDto> Runs, IReadOnlyList<SnapshotSummaryDto> Snapshots);

/// <summary>Admins see the refit runs (with failures and their reasons) and the snapshots, and can refit now.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AnalysisController(ISender sender) : RegistryController
{
    [HttpGet("/Analysis")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new AnalysisAdminViewModel(await sender.Send(new ListRefitRunsQuery(), ct), await sender.Send(new ListSnapshotsQuery(), ct)));

    [HttpPost("/Analysis/Refit")]
    public async Task<IActionResult> Refit(CancellationToken ct)
    {
        var run = await sender.Send(new RequestRefitCommand(), ct);
        Flash($"Refit queued (run {run.Id}). The page shows its progress; the dashboards switch to the new snapshot when it is published.");
        return Redirect("/Analysis");
    }
}
