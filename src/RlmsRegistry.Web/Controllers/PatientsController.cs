using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Centres.Queries.ListCentres;
using RlmsRegistry.Application.Clinical.Queries.GetPatientTimeline;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Application.Patients.Commands.UpdatePatient;
using RlmsRegistry.Application.Patients.Queries.GetPatient;
using RlmsRegistry.Application.Patients.Queries.ListPatients;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

[Authorize(Roles = $"{Roles.Admin},{Roles.DataManager},{Roles.Monitor}")]
public sealed class PatientsController(ISender sender) : RegistryController
{
    [HttpGet]
    public async Task<IActionResult> Index(string? search, Guid? centreId, int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        search = search?.Trim();
        if (search?.Length > 20)
        {
            search = search[..20];
        }

        return View(new PatientListViewModel
        {
            Result = await sender.Send(new ListPatientsQuery(search, centreId, page, 25), ct),
            Centres = await sender.Send(new ListCentresQuery(), ct),
            Search = search,
            CentreId = centreId,
        });
    }

    [HttpGet("/Patients/{id:guid}")]
    public async Task<IActionResult> Details(Guid id, CancellationToken ct) => View(await sender.Send(new GetPatientTimelineQuery(id), ct));

    [HttpGet]
    [Authorize(Roles = Roles.DataManager)]
    public async Task<IActionResult> Create(CancellationToken ct)
    {
        var centres = await sender.Send(new ListCentresQuery(), ct);
        return View(new PatientForm { Centres = centres, CentreId = centres.Count == 1 ? centres[0].Id : null });
    }

    [HttpPost]
    [Authorize(Roles = Roles.DataManager)]
    public async Task<IActionResult> Create(PatientForm form, bool next, CancellationToken ct)
    {
        var (ok, patient) = await TrySendAsync(() => sender.Send(new RegisterPatientCommand(form.CentreId, form.Sex, form.BirthYear, form.ConsentStatus), ct));
        if (ok)
        {
            Flash($"Patient {patient!.StudyId} registered.");
            // "Register and continue": the next form of the case is the first operation.
            return next ? Redirect($"/Patients/{patient.Id}/Operations/New") : RedirectToAction(nameof(Details), new { id = patient.Id });
        }

        form.Centres = await sender.Send(new ListCentresQuery(), ct);
        return View(form);
    }

    [HttpGet("/Patients/{id:guid}/Edit")]
    [Authorize(Roles = Roles.DataManager)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken ct)
    {
        var p = await sender.Send(new GetPatientQuery(id), ct);
        return View(new PatientForm
        {
            Id = p.Id, StudyId = p.StudyId, CentreId = p.CentreId, Sex = p.Sex, BirthYear = p.BirthYear,
            ConsentStatus = p.ConsentStatus, Version = p.Version,
        });
    }

    [HttpPost("/Patients/{id:guid}/Edit")]
    [Authorize(Roles = Roles.DataManager)]
    public async Task<IActionResult> Edit(Guid id, PatientForm form, CancellationToken ct)
    {
        var (ok, patient) = await TrySendAsync(() => sender.Send(new UpdatePatientCommand(id, form.Sex, form.BirthYear, form.ConsentStatus, form.Version, form.Reason), ct));
        if (ok)
        {
            Flash($"Patient {patient!.StudyId} saved.");
            return RedirectToAction(nameof(Details), new { id });
        }

        form.Id = id;
        return View(form);
    }
}
