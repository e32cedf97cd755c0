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
using RlmsRegistry.Application.Clinical.Queries.GetPatientTimeline;
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
    public async Task<IActionResult> NewOperation(Guid patientId, [Bind(Prefix = "Form")] SaveOperationCommand form, bool next, CancellationToken ct)
    {
        form = form with { Id = null, PatientId = patientId };
        var (ok, saved) = await TrySaveAsync(() => sender.Send(form, ct));
        return ok ? Saved(patientId, "Operation saved.", saved!, next ? $"/Operations/{saved!.Id}/Pathology" : null) : View("Operation", await OperationPageAsync(patientId, null, form, ct));
    }

    [HttpGet("/Operations/{id:guid}/Edit")]
    public async Task<IActionResult> EditOperation(Guid id, CancellationToken ct)
    {
        var operation = await sender.Send(new GetOperationQuery(id), ct);
        return View("Operation", await OperationPageAsync(operation.PatientId, operation, SaveOperationCommand.From(operation), ct));
    }

    [HttpPost("/Operations/{id:guid}/Edit")]
    public async Task<IActionResult> EditOperation(Guid id, [Bind(Prefix = "Form")] SaveOperationCommand form, bool next, CancellationToken ct)
    {
        form = form with { Id = id, PatientId = null };
        var (ok, saved) = await TrySaveAsync(() => sender.Send(form, ct));
        if (ok)
        {
            return Saved(saved!.PatientId, "Operation saved.", saved!, next ? $"/Operations/{id}/Pathology" : null);
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
    public async Task<IActionResult> Pathology(Guid id, [Bind(Prefix = "Form")] SavePathologyCommand form, bool next, CancellationToken ct)
    {
        form = form with { OperationId = id };
        var (ok, saved) = await TrySaveAsync(() => sender.Send(form, ct));
        if (ok)
        {
            return Saved(saved!.PatientId, "Pathology report saved.", saved!.Form, next ? $"/Operations/{id}/Labs" : null);
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
    public async Task<IActionResult> Labs(Guid id, [Bind(Prefix = "Form")] SaveLabPanelCommand form, bool next, CancellationToken ct)
    {
        form = form with { OperationId = id };
        var (ok, saved) = await TrySaveAsync(() => sender.Send(form, ct));
        if (ok)
        {
            return Saved(saved!.PatientId, "Laboratory panel saved.", saved!.Form, next ? $"/Patients/{saved!.PatientId}/FollowUpEvents/New" : null);
        }

        var operation = await sender.Send(new GetOperationQuery(id), ct);
        var stored = await FindAsync(() => sender.Send(new GetLabPanelQuery(id), ct));
        return View(await PageAsync(operation, stored, form, "pre-operative laboratory panel", ct));
    }

    [HttpGet("/Patients/{patientId:guid}/FollowUpEvents/New")]
    public async Task<IActionResult> NewFollowUpEvent(Guid patientId, CancellationToken ct) =>
        View("FollowUpEvent", await EventPageAsync(patientId, null, new SaveFollowUpEventCommand { PatientId = patientId }, ct));

    [HttpPost("/Patients/{patientId:guid}/FollowUpEvents/New")]
    public async Task<IActionResult> NewFollowUpEvent(Guid patientId, [Bind(Prefix = "Form")] SaveFollowUpEventCommand form, bool next, CancellationToken ct)
    {
        form = form with { Id = null, PatientId = patientId };
        var (ok, saved) = await TrySaveAsync(() => sender.Send(form, ct));
        return ok ? Saved(patientId, "Follow-up event saved.", saved!, next ? $"/Patients/{patientId}/FollowUpEvents/New" : null) : View("FollowUpEvent", await EventPageAsync(patientId, null, form, ct));
    }

    [HttpGet("/FollowUpEvents/{id:guid}/Edit")]
    public async Task<IActionResult> EditFollowUpEvent(Guid id, CancellationToken ct)
    {
        var stored = await sender.Send(new GetFollowUpEventQuery(id), ct);
        return View("FollowUpEvent", await EventPageAsync(stored.PatientId, stored, SaveFollowUpEventCommand.From(stored), ct));
    }

    [HttpPost("/FollowUpEvents/{id:guid}/Edit")]
    public async Task<IActionResult> EditFollowUpEvent(Guid id, [Bind(Prefix = "Form")] SaveFollowUpEventCommand form, bool next, CancellationToken ct)
    {
        form = form with { Id = id, PatientId = null };
        var (ok, saved) = await TrySaveAsync(() => sender.Send(form, ct));
        if (ok)
        {
            return Saved(saved!.PatientId, "Follow-up event saved.", saved!, next ? $"/Patients/{saved!.PatientId}/FollowUpEvents/New" : null);
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

    /// <summary>After a save: the next form of the case ("Save and continue") or the patient, with any value to check named.</summary>
    private RedirectResult Saved(Guid patientId, string message, IFormDto form, string? next)
    {
        Flash(form.Warnings.Count == 0 ? message : $"{message} Please check: {string.Join(" ", form.Warnings.Select(w => w.Message))}");
        return Redirect(next ?? $"/Patients/{patientId}");
    }

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
        // The timeline (rather than the patient alone) gives the operations: time zero of each cohort, for "OS so far".
        var timeline = await sender.Send(new GetPatientTimelineQuery(patientId), ct);
        var operations = timeline.Items.Where(i => i.Operation is not null).Select(i => i.Operation!.Operation).ToList();
        var page = new CaseFormPage<SaveFollowUpEventCommand>
        {
            PatientId = patientId,
            StudyId = timeline.Patient.StudyId,
            TimeZeros = [.. TimeZerosOf(operations)],
            Form = form,
            Title = stored is null ? "New follow-up event" : $"Follow-up event of {stored.Date:yyyy-MM-dd}",
            Action = stored is null ? $"/Patients/{patientId}/FollowUpEvents/New" : $"/FollowUpEvents/{stored.Id}/Edit",
        };
        page.Describe(stored);
        return page;
    }

    /// <summary>Time zero of each cohort the patient is in: the first primary operation, the first recurrence operation.</summary>
    private static IEnumerable<(string Cohort, DateOnly Date)> TimeZerosOf(List<OperationDto> operations)
    {
        foreach (var (cohort, setting) in new[] { ("primary", Domain.Clinical.OperationSetting.Primary), ("recurrent", Domain.Clinical.OperationSetting.Recurrence) })
        {
            var first = operations.Where(o => o.Setting == setting).Select(o => (DateOnly?)o.Date).Min();
            if (first is { } date)
            {
                yield return (cohort, date);
            }
        }
    }
}
