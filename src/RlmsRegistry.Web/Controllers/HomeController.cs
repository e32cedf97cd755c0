using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Controllers;

public sealed class HomeController : Controller
{
    [Authorize]
    public IActionResult Index()
    {
        if (User.IsInRole(Roles.DataManager) || User.IsInRole(Roles.Monitor) || User.IsInRole(Roles.Admin))
        {
            return RedirectToAction("Index", "Patients");
        }

        return View();
    }

    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    public IActionResult Error() => View("Error");

    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    [Route("/Home/Status/{code:int}")]
    public IActionResult Status(int code) => code switch
    {
        404 => View("~/Views/Shared/NotFound.cshtml"),
        403 => View("~/Views/Shared/Forbidden.cshtml"),
        _ => View("Error"),
    };
}
