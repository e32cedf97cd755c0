using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// The sign-in cookie's check on every request: the account's security stamp against the one in the cookie (one
/// indexed read). Every change of roles, centres, password, 2FA or deactivation writes a new stamp, so a changed
/// account is signed out on its next request, as with the API's <see cref="ValidatedBearerHandler"/>.
/// Identity's own validator, asked to validate on every request, would also rebuild the principal from the database
/// (user, claims, roles, role claims, centres) and re-issue the cookie on every response; an unchanged stamp means the
/// cookie's roles and centres are still the account's, so this keeps them.
/// </summary>
public sealed class StampCheckingCookieEvents(SignInManager<ApplicationUser> signInManager) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || await signInManager.ValidateSecurityStampAsync(context.Principal) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
