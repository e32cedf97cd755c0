using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// When two-factor authentication is required for admins, an admin who has not enrolled is sent to the enrolment
/// page from every other page until they have (and <see cref="AdminDashboardAuthorization"/> keeps them out of Hangfire's).
/// </summary>
public sealed class TwoFactorForAdminsFilter(IOptions<SecurityOptions> options) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        // The account manager (and its database context) is only needed for an admin when the rule is on: not built for every page.
        if (context.Controller is Controller and not Controllers.AccountController
            && options.Value.RequireTwoFactorForAdmins == true && context.HttpContext.User.IsInRole(Roles.Admin)
            && await MustEnrolAsync(options.Value, context.HttpContext.RequestServices.GetRequiredService<UserManager<ApplicationUser>>(), context.HttpContext.User))
        {
            context.Result = new RedirectToActionResult("TwoFactor", "Account", new { required = true });
            return;
        }

        await next();
    }

    /// <summary>An admin who must enrol in two-factor first (pages redirect to enrolment; the Hangfire dashboard refuses).</summary>
    public static async Task<bool> MustEnrolAsync(SecurityOptions options, UserManager<ApplicationUser> users, ClaimsPrincipal user) =>
        options.RequireTwoFactorForAdmins == true
        && user.IsInRole(Roles.Admin)
        && await users.GetUserAsync(user) is { TwoFactorEnabled: false };
}
