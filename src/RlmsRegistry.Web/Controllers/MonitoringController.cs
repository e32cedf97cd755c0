using System.Text;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Centres.Queries.ListCentres;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Clinical.Commands.SetFormVerification;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Monitoring;
using RlmsRegistry.Web.Controllers.Api;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

/// <summary>The follow-up-due list (page and CSV, the same rows) and the source-data verification buttons of the timeline.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.DataManager},{Roles.Monitor}")]
public sealed class MonitoringController(ISender sender) : RegistryController
{
    [HttpGet("/FollowUpDue")]
    public async Task<IActionResult> FollowUpDue(Guid? centreId, int? months, CancellationToken ct)
    {
        var (ok, list) = await TrySendAsync(() => sender.Send(new GetFollowUpDueQuery(centreId, months), ct));
        if (!ok)
        {
            (_, list) = await TrySendAsync(() => sender.Send(new GetFollowUpDueQuery(centreId), ct));
        }

        return View(new FollowUpDueViewModel { List = list!, Centres = await sender.Send(new ListCentresQuery(), ct), CentreId = centreId });
    }

    [HttpGet("/FollowUpDue/Csv")]
    public async Task<IActionResult> FollowUpDueCsvFile(Guid? centreId, int? months, CancellationToken ct)
    {
        var list = await sender.Send(new GetFollowUpDueQuery(centreId, months), ct);
        return File(Encoding.UTF8.GetBytes(FollowUpDueCsv.Write(list)), "text/csv; charset=utf-8", $"rlms-follow-up-due-{list.Today:yyyyMMdd}.csv");
    }

    [HttpPost("/Forms/{kind}/{id:guid}/Verify")]
    [Authorize(Roles = Roles.Monitor)]
    public Task<IActionResult> Verify(string kind, Guid id, Guid patientId, int? version, CancellationToken ct) =>
        SetAsync(kind, id, patientId, version, verified: true, ct);

    [HttpPost("/Forms/{kind}/{id:guid}/Unverify")]
    [Authorize(Roles = Roles.Monitor)]
    public Task<IActionResult> Unverify(string kind, Guid id, Guid patientId, int? version, CancellationToken ct) =>
        SetAsync(kind, id, patientId, version, verified: false, ct);

    private async Task<IActionResult> SetAsync(string kind, Guid id, Guid patientId, int? version, bool verified, CancellationToken ct)
    {
        var formKind = FormKinds.TryParse(kind) ?? throw new NotFoundException($"Unknown form kind '{kind}'.");
        var (ok, result) = await TrySendAsync<FormRef>(() => sender.Send(new SetFormVerificationCommand(formKind, id, verified, version), ct));
        Flash(ok
            ? verified ? "Form marked as source-data verified." : "Verification mark removed."
            : "Not done: " + string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        return Redirect($"/Patients/{(ok ? result!.PatientId : patientId)}");
    }
}
