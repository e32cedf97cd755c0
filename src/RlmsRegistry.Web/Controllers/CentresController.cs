using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Centres.Commands.CreateCentre;
using RlmsRegistry.Application.Centres.Queries.ListCentres;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

[Authorize(Roles = Roles.Admin)]
public sealed class CentresController(ISender sender) : RegistryController
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new CentresViewModel { Centres = await sender.Send(new ListCentresQuery(), ct) });

    [HttpPost]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] CentreForm form, CancellationToken ct)
    {
        var (ok, centre) = await TrySendAsync(() => sender.Send(new CreateCentreCommand(form.Code?.Trim(), form.Name?.Trim()), ct), "Form.");
        if (ok)
        {
            Flash($"Centre {centre!.Code} created.");
            return RedirectToAction(nameof(Index));
        }

        return View(nameof(Index), new CentresViewModel { Centres = await sender.Send(new ListCentresQuery(), ct), Form = form });
    }
}
