using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Centres.Queries.ListCentres;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Users.Commands.CreateUser;
using RlmsRegistry.Application.Users.Commands.IssuePasswordLink;
using RlmsRegistry.Application.Users.Commands.UpdateUserAccess;
using RlmsRegistry.Application.Users.Queries.ListUsers;
using RlmsRegistry.Web.Infrastructure;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

/// <summary>Admins manage accounts: roles, centres, activation, and one-time set-password links.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class UsersController(ISender sender, IPasswordLinkSender links) : RegistryController
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await ModelAsync(new UserForm(), ct));

    [HttpPost]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] UserForm form, CancellationToken ct)
    {
        var (ok, account) = await TrySendAsync(() => sender.Send(new CreateUserCommand(form.Email, form.Roles, form.CentreIds), ct), "Form.");
        if (!ok)
        {
            return View(nameof(Index), await ModelAsync(form, ct));
        }

        return await DeliverAsync(account!, $"Account {account!.Email} created.", ct);
    }

    [HttpPost]
    public async Task<IActionResult> Update([Bind(Prefix = "Form")] UserForm form, CancellationToken ct)
    {
        var (ok, user) = await TrySendAsync(() => sender.Send(new UpdateUserAccessCommand(form.Id ?? Guid.Empty, form.Roles, form.CentreIds, form.IsActive), ct), "Form.");
        if (!ok)
        {
            return View(nameof(Index), await ModelAsync(form, ct));
        }

        Flash($"Access of {user!.Email} saved; it applies from their next request.");
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> PasswordLink(Guid id, CancellationToken ct)
    {
        var account = await sender.Send(new IssuePasswordLinkCommand(id), ct);
        return await DeliverAsync(account, $"A new set-password link was issued for {account.Email}.", ct);
    }

    private async Task<IActionResult> DeliverAsync(NewAccount account, string message, CancellationToken ct)
    {
        var link = new Uri(Url.Action("SetPassword", "Account", new { user = account.UserId, token = account.PasswordToken }, Request.Scheme)!);
        if (await links.SendAsync(account.Email, link, ct))
        {
            Flash(message + " The set-password link was e-mailed.");
            return RedirectToAction(nameof(Index));
        }

        var model = await ModelAsync(new UserForm(), ct);
        model.LinkToPassOn = link.ToString();
        model.LinkFor = account.Email;
        ViewData["Message"] = message;
        return View(nameof(Index), model);
    }

    private async Task<UsersViewModel> ModelAsync(UserForm form, CancellationToken ct) => new()
    {
        Users = await sender.Send(new ListUsersQuery(), ct),
        Centres = await sender.Send(new ListCentresQuery(), ct),
        Form = form,
    };
}
