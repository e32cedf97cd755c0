using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Clinical.Commands.RemoveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Clinical.Queries.GetForms;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Patients.Queries.GetPatient;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

/// <summary>
/// Data entry of the case report forms. Each form is one page that creates or edits; a refused save redisplays the form
/// with the reasons beside the fields and saves nothing. A save loads the patient's record once (in its handler): the
/// page's stored values are read only when the form has to be shown again. Status actions are in <see cref="FormStatusController"/>.
/// </summary>
[Authorize(Roles = Roles.DataManager)]
public sealed class CaseFormsController(ISender sender) : RegistryController
{
    private const string Prefix = "Form.";

    [HttpGet("/Patients/{patientId:guid}/Operations/New")]
    public async Task<IActionResult> NewOperation(Guid patientId, CancellationToken ct) =>
        View("Operation", await OperationPageAsync(patientId, null, new SaveOperationCommand { PatientId = patientId }, ct));

    [HttpPost("/Patients/{patientId:guid}/Operations/New")]
    public async Task<IActionResult> NewOperation(Guid patientId, [Bind(Prefix = "Form")] SaveOperationCommand form, CancellationToken ct)
    {
        form = form with { Id = null, PatientId = patientId };
        var (ok, _) = await TrySaveAsync(() => sender.Send(form, ct));
        return ok ? BackToPatient(patientId, "Operation saved.") : View("Operation", await OperationPageAsync(patientId, null, form, ct));
    }

    [HttpGet("/Operations/{id:guid}/Edit")]
    public async Task<IActionResult> EditOperation(Guid id, CancellationToken ct)
    {
        var operation = await sender.Send(new GetOperationQuery(id), ct);
        return View("Operation", await OperationPageAsync(operation.PatientId, operation, SaveOperationCommand.From(operation), ct));
    }

    [HttpPost("/Operations/{id:guid}/Edit")]
    public async Task<IActionResult> EditOperation(Guid id, [Bind(Prefix = "Form")] SaveOperationCommand form, CancellationToken ct)
    {
        form = form with { Id = id, PatientId = null };
        var (ok, saved) = await TrySaveAsync(() => sender.Send(form, ct));
        if (ok)
        {
            return BackToPatient(saved!.PatientId, "Operation saved.");
        }

        var stored = await sender.Send(new GetOperationQuery(id), ct);
        return View("Operation", await OperationPageAsync(stored.PatientId, stored, form, ct));
    }

    [HttpGet("/Operations/{id:guid}/Pathology")]
    public async Task<IActionResult> Pathology(Guid id, CancellationToken ct)
    {
        var operation = await sender.Send(new GetOperationQuery(id), ct);
        var stored = await FindAsync(() => sender.Send(new GetPathologyQuery(id), ct));
        var form = stored is null ? new SavePathologyCommand { OperationId = id } : SavePathologyCommand.From(stored);
        return View(await PageAsync(operation, stored, form, "pathology report", ct));
    }

    [HttpPost("/Operations/{id:guid}/Pathology")]
    public async Task<IActionResult> Pathology(Guid id, [Bind(Prefix = "Form")] SavePathologyCommand form, CancellationToken ct)
    {
        form = form with { OperationId = id };
        var (ok, saved) = await TrySaveAsync(() => sender.Send(form, ct));
        if (ok)
        {
            return BackToPatient(saved!.PatientId, "Pathology report saved.");
        }

        var operation = await sender.Send(new GetOperationQuery(id), ct);
        var stored = await FindAsync(() => sender.Send(new GetPathologyQuery(id), ct));
        return View(await PageAsync(operation, stored, form, "pathology report", ct));
    }

    [HttpGet("/Operations/{id:guid}/Labs")]
    public async Task<IActionResult> Labs(Guid id, CancellationToken ct)
    {
        var operation = await sender.Send(new GetOperationQuery(id), ct);
        var stored = await FindAsync(() => sender.Send(new GetLabPanelQuery(id), ct));
        var form = stored is null ? new SaveLabPanelCommand { OperationId = id } : SaveLabPanelCommand.From(stored);
        return View(await PageAsync(operation, stored, form, "pre-operative laboratory panel", ct));
    }

    [HttpPost("/Operations/{id:guid}/Labs")]
    public async Task<IActionResult> Labs(Guid id, [Bind(Prefix = "Form")] SaveLabPanelCommand form, CancellationToken ct)
    {
        form = form with { OperationId = id };
        var (ok, saved) = await TrySaveAsync(() => sender.Send(form, ct));
        if (ok)
        {
            return BackToPatient(saved!.PatientId, "Laboratory panel saved.");
        }

        var operation = await sender.Send(new GetOperationQuery(id), ct);
        var stored = await FindAsync(() => sender.Send(new GetLabPanelQuery(id), ct));
        return View(await PageAsync(operation, stored, form, "pre-operative laboratory panel", ct));
    }

    [HttpGet("/Patients/{patientId:guid}/FollowUpEvents/New")]
    public async Task<IActionResult> NewFollowUpEvent(Guid patientId, CancellationToken ct) =>
        View("FollowUpEvent", await EventPageAsync(patientId, null, new SaveFollowUpEventCommand { PatientId = patientId }, ct));

    [HttpPost("/Patients/{patientId:guid}/FollowUpEvents/New")]
    public async Task<IActionResult> NewFollowUpEvent(Guid patientId, [Bind(Prefix = "Form")] SaveFollowUpEventCommand form, CancellationToken ct)
    {
        form = form with { Id = null, PatientId = patientId };
        var (ok, _) = await TrySaveAsync(() => sender.Send(form, ct));
        return ok ? BackToPatient(patientId, "Follow-up event saved.") : View("FollowUpEvent", await EventPageAsync(patientId, null, form, ct));
    }

    [HttpGet("/FollowUpEvents/{id:guid}/Edit")]
    public async Task<IActionResult> EditFollowUpEvent(Guid id, CancellationToken ct)
    {
        var stored = await sender.Send(new GetFollowUpEventQuery(id), ct);
        return View("FollowUpEvent", await EventPageAsync(stored.PatientId, stored, SaveFollowUpEventCommand.From(stored), ct));
    }

    [HttpPost("/FollowUpEvents/{id:guid}/Edit")]
    public async Task<IActionResult> EditFollowUpEvent(Guid id, [Bind(Prefix = "Form")] SaveFollowUpEventCommand form, CancellationToken ct)
    {
        form = form with { Id = id, PatientId = null };
        var (ok, saved) = await TrySaveAsync(() => sender.Send(form, ct));
        if (ok)
        {
            return BackToPatient(saved!.PatientId, "Follow-up event saved.");
        }

        var stored = await sender.Send(new GetFollowUpEventQuery(id), ct);
        return View("FollowUpEvent", await EventPageAsync(stored.PatientId, stored, form, ct));
    }

    [HttpPost("/FollowUpEvents/{id:guid}/Delete")]
    public async Task<IActionResult> DeleteFollowUpEvent(Guid id, [Bind(Prefix = "Form")] SaveFollowUpEventCommand form, CancellationToken ct)
    {
        var (ok, removed) = await TrySaveAsync(() => sender.Send(new RemoveFollowUpEventCommand(id, form.Version, form.Reason), ct));
        if (ok)
        {
            return BackToPatient(removed!.PatientId, "Follow-up event removed.");
        }

        var stored = await sender.Send(new GetFollowUpEventQuery(id), ct);
        return View("FollowUpEvent", await EventPageAsync(stored.PatientId, stored, form with { Id = id }, ct));
    }

    /// <summary>Values that could not even be read (e.g. text in a number field) are refused before anything is sent.</summary>
    private async Task<(bool Ok, T? Value)> TrySaveAsync<T>(Func<ValueTask<T>> send) =>
        ModelState.IsValid ? await TrySendAsync(send, Prefix) : (false, default);

    private RedirectResult BackToPatient(Guid patientId, string message)
    {
        Flash(message);
        return Redirect($"/Patients/{patientId}");
    }

    private static async Task<T?> FindAsync<T>(Func<ValueTask<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private async Task<CaseFormPage<SaveOperationCommand>> OperationPageAsync(Guid patientId, OperationDto? stored, SaveOperationCommand form, CancellationToken ct)
    {
        var patient = await sender.Send(new GetPatientQuery(patientId), ct);
        var page = new CaseFormPage<SaveOperationCommand>
        {
            PatientId = patientId,
            StudyId = patient.StudyId,
            Form = form,
            Title = stored is null ? "New operation" : $"Operation of {stored.Date:yyyy-MM-dd}",
            Action = stored is null ? $"/Patients/{patientId}/Operations/New" : $"/Operations/{stored.Id}/Edit",
        };
        page.Describe(stored);
        return page;
    }

    private async Task<CaseFormPage<T>> PageAsync<T>(OperationDto operation, IFormDto? stored, T form, string what, CancellationToken ct)
        where T : class
    {
        var patient = await sender.Send(new GetPatientQuery(operation.PatientId), ct);
        var page = new CaseFormPage<T>
        {
            PatientId = operation.PatientId,
            StudyId = patient.StudyId,
            Form = form,
            OperationDate = operation.Date,
            Title = $"{char.ToUpperInvariant(what[0])}{what[1..]} of the operation of {operation.Date:yyyy-MM-dd}",
            Action = typeof(T) == typeof(SavePathologyCommand) ? $"/Operations/{operation.Id}/Pathology" : $"/Operations/{operation.Id}/Labs",
        };
        page.Describe(stored);
        return page;
    }

    private async Task<CaseFormPage<SaveFollowUpEventCommand>> EventPageAsync(Guid patientId, FollowUpEventDto? stored, SaveFollowUpEventCommand form, CancellationToken ct)
    {
        var patient = await sender.Send(new GetPatientQuery(patientId), ct);
        var page = new CaseFormPage<SaveFollowUpEventCommand>
        {
            PatientId = patientId,
            StudyId = patient.StudyId,
            Form = form,
            Title = stored is null ? "New follow-up event" : $"Follow-up event of {stored.Date:yyyy-MM-dd}",
            Action = stored is null ? $"/Patients/{patientId}/FollowUpEvents/New" : $"/FollowUpEvents/{stored.Id}/Edit",
        };
        page.Describe(stored);
        return page;
    }
}
