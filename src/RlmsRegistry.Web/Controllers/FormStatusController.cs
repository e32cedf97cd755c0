using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Clinical.Commands.CompleteForm;
using RlmsRegistry.Application.Clinical.Commands.SetFormLock;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Web.Controllers.Api;

namespace RlmsRegistry.Web.Controllers;

/// <summary>
/// The status buttons of the timeline: Complete (data manager), Lock and Unlock (monitor). Each returns to the patient's
/// timeline with what happened, or why it was refused.
/// </summary>
[Authorize(Roles = $"{Roles.DataManager},{Roles.Monitor}")]
public sealed class FormStatusController(ISender sender) : RegistryController
{
    [HttpPost("/Forms/{kind}/{id:guid}/Complete")]
    [Authorize(Roles = Roles.DataManager)]
    public Task<IActionResult> Complete(string kind, Guid id, Guid patientId, int? version, CancellationToken ct) =>
        RunAsync(patientId, "completed", () => sender.Send(new CompleteFormCommand(Kind(kind), id, version), ct));

    [HttpPost("/Forms/{kind}/{id:guid}/Lock")]
    [Authorize(Roles = Roles.Monitor)]
    public Task<IActionResult> Lock(string kind, Guid id, Guid patientId, int? version, CancellationToken ct) =>
        RunAsync(patientId, "locked", () => sender.Send(new SetFormLockCommand(Kind(kind), id, Locked: true, version), ct));

    [HttpPost("/Forms/{kind}/{id:guid}/Unlock")]
    [Authorize(Roles = Roles.Monitor)]
    public Task<IActionResult> Unlock(string kind, Guid id, Guid patientId, int? version, CancellationToken ct) =>
        RunAsync(patientId, "unlocked", () => sender.Send(new SetFormLockCommand(Kind(kind), id, Locked: false, version), ct));

    private static Domain.Clinical.FormKind Kind(string kind) => FormKinds.TryParse(kind) ?? throw new NotFoundException($"Unknown form kind '{kind}'.");

    private async Task<IActionResult> RunAsync(Guid patientId, string done, Func<ValueTask<FormRef>> send)
    {
        var (ok, result) = await TrySendAsync(send);
        if (ok)
        {
            Flash($"Form {done}.");
        }
        else
        {
            FlashError(ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
        }

        return Redirect($"/Patients/{(ok ? result!.PatientId : patientId)}");
    }
}
