using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// When two-factor authentication is required for admins, an admin who has not enrolled is sent to the enrolment
/// page from every other page until they have.
/// </summary>
public sealed class TwoFactorForAdminsFilter(IOptions<SecurityOptions> options, UserManager<ApplicationUser> users) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        if (options.Value.RequireTwoFactorForAdmins == true
            && user.IsInRole(Roles.Admin)
            && context.Controller is Controller and not Controllers.AccountController
            && await users.GetUserAsync(user) is { TwoFactorEnabled: false })
        {
            context.Result = new RedirectToActionResult("TwoFactor", "Account", new { required = true });
            return;
        }

        await next();
    }
}
