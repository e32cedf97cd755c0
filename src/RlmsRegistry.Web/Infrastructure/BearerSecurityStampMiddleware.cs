using Microsoft.AspNetCore.Identity;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// Bearer tokens carry roles and centres as claims and are not re-validated by the token handler. This checks each
/// bearer-authenticated request's security stamp against the database, so a removed role, a removed centre or a
/// deactivated account takes effect on the very next API call (cookie sign-ins get the same from
/// <see cref="SecurityStampValidatorOptions.ValidationInterval"/> = 0).
/// </summary>
public sealed class BearerSecurityStampMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, SignInManager<ApplicationUser> signInManager)
    {
        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: var type }
            && type == IdentityConstants.BearerScheme
            && await signInManager.ValidateSecurityStampAsync(context.User) is null)
        {
            context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        }

        await next(context);
    }
}
