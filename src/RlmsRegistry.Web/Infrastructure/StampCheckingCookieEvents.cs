using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// The sign-in cookie's check on every request: the account's security stamp against the one in the cookie, and the
/// cookie's session still active (<see cref="SessionCheck"/>: one indexed read, or none while a check of the last few
/// seconds is remembered and nothing changed; ADR 0016). Every change of roles, centres, password, 2FA or deactivation writes a new stamp, so a changed
/// account is signed out on its next request, as with the API's <see cref="ValidatedBearerHandler"/>.
/// Identity's own validator, asked to validate on every request, would also rebuild the principal from the database
/// (user, claims, roles, role claims, centres) and re-issue the cookie on every response; an unchanged stamp means the
/// cookie's roles and centres are still the account's, so this keeps them.
/// The cookie also names a server-side session (<see cref="SessionStore"/>), started here at every sign-in and revoked
/// at sign-out, so a copy of the cookie replayed after sign-out is refused (sent to sign in).
/// A singleton (the handler resolves it on every request): the request's <see cref="SessionStore"/> is taken from the
/// request's services only when a session is started, revoked or must be read.
/// </summary>
public sealed class StampCheckingCookieEvents(SessionCheck check) : CookieAuthenticationEvents
{
    /// <summary>The longest a page session lives, however active (the cookie itself expires after 8 idle hours).</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(24);

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || await check.CheckAsync(context.Principal, context.HttpContext.RequestServices, context.HttpContext.RequestAborted) != SessionCheckResult.Valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    public override async Task SigningIn(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is ClaimsIdentity identity
            && Guid.TryParse(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId))
        {
            // A re-issued cookie (after enrolling two-factor, say) replaces the session of the one it replaces.
            var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
            if (SessionStore.IdOf(context.HttpContext.User, SessionStore.SessionClaim) is { } previous)
            {
                await sessions.RevokeAsync(previous, context.HttpContext.RequestAborted);
            }

            foreach (var stale in identity.FindAll(SessionStore.SessionClaim).ToList())
            {
                identity.RemoveClaim(stale);
            }

            var session = await sessions.StartAsync(userId, SessionStore.CookieKind, SessionLifetime, context.HttpContext.RequestAborted);
            identity.AddClaim(new Claim(SessionStore.SessionClaim, session.Id.ToString()));
        }

        await base.SigningIn(context);
    }

    public override async Task SigningOut(CookieSigningOutContext context)
    {
        if (SessionStore.IdOf(context.HttpContext.User, SessionStore.SessionClaim) is { } sessionId)
        {
            await context.HttpContext.RequestServices.GetRequiredService<SessionStore>().RevokeAsync(sessionId, context.HttpContext.RequestAborted);
        }

        await base.SigningOut(context);
    }
}
