using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Web.Infrastructure;

namespace RlmsRegistry.Web.Controllers.Api;

public sealed record LoginRequest(string? Email, string? Password, string? TwoFactorCode = null);

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// Bearer tokens for the JSON API. <c>POST /api/v1/auth/login</c> answers
/// <c>{ tokenType, accessToken, expiresIn, refreshToken }</c>; failed attempts count towards the lockout. Refresh
/// tokens rotate (each works once; reuse of a spent one ends the sign-in); <c>POST /api/v1/auth/logout</c> ends it.
/// </summary>
[Route("api/v1/auth")]
public sealed class AuthApiController(
    SignInManager<ApplicationUser> signInManager,
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    IOptions<SecurityOptions> security,
    TimeProvider timeProvider,
    SessionStore sessions,
    SignInGuard guard) : ApiControllerBase
{
    [HttpPost("login")]
    [AllowAnonymous]
    [EnableRateLimiting(WebSetup.SignInRateLimit)]
    public async Task<IActionResult> Login([FromBody] LoginRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(request.Email))
            {
                errors["email"] = ["The e-mail address is required."];
            }

            if (string.IsNullOrEmpty(request.Password))
            {
                errors["password"] = ["The password is required."];
            }

            return ProblemResults.ValidationProblem(errors);
        }

        if (!guard.TryAcquireAccount(request.Email))
        {
            return ProblemResults.Problem(StatusCodes.Status429TooManyRequests, "Too many requests", SignInGuard.TooManyAttempts);
        }

        // Unknown, wrong password and locked: one answer, and each spends one password check (no timing difference).
        var user = await signInManager.UserManager.FindByEmailAsync(request.Email.Trim());
        if (user is null)
        {
            guard.SpendPasswordCheck(request.Password);
            return SignInFailed();
        }

        var password = await signInManager.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (password.IsLockedOut)
        {
            guard.SpendPasswordCheck(request.Password);
            return SignInFailed();
        }

        if (!password.Succeeded)
        {
            return SignInFailed();
        }

        if (user.TwoFactorEnabled)
        {
            var code = request.TwoFactorCode?.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (string.IsNullOrEmpty(code))
            {
                return ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Two-factor code required", "This account uses two-factor authentication: send the current code as twoFactorCode.");
            }

            if (!await signInManager.UserManager.VerifyTwoFactorTokenAsync(user, signInManager.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await signInManager.UserManager.AccessFailedAsync(user);
                return ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Two-factor code not correct", "The two-factor code is not correct.");
            }
        }
        else if (security.Value.RequireTwoFactorForAdmins == true && await signInManager.UserManager.IsInRoleAsync(user, Roles.Admin))
        {
            return ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Two-factor enrolment required", "Admins must enrol two-factor authentication on the web page before using the API.");
        }

        // One API sign-in = one session (the token family): its id rides in every access and refresh token.
        var session = await sessions.StartAsync(user.Id, SessionStore.ApiKind, RefreshLifetime, HttpContext.RequestAborted);
        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        await signInManager.SignInWithClaimsAsync(user, isPersistent: false,
            [new Claim(SessionStore.SessionClaim, session.Id.ToString()), new Claim(SessionStore.RefreshTokenClaim, session.RefreshTokenId!.Value.ToString())]);
        return new EmptyResult(); // the bearer handler has written the token response
    }

    private TimeSpan RefreshLifetime => bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenExpiration;

    private static ProblemResult SignInFailed() => ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Sign-in failed", SignInGuard.FailedMessage);

    [HttpPost("refresh")]
    [AllowAnonymous]
    public async Task<IActionResult> Refresh([FromBody] RefreshRequest request)
    {
        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || timeProvider.GetUtcNow() >= expires
            || SessionStore.IdOf(ticket.Principal, SessionStore.SessionClaim) is not { } sessionId
            || SessionStore.IdOf(ticket.Principal, SessionStore.RefreshTokenClaim) is not { } tokenId
            || await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return RefreshFailed();
        }

        // Each refresh token works once: the session names its successor. A spent one presented again was copied,
        // and RotateAsync has then revoked the whole family (its newer access and refresh tokens too).
        if (await sessions.RotateAsync(sessionId, user.Id, tokenId, HttpContext.RequestAborted) is not { } next)
        {
            return RefreshFailed();
        }

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(SessionStore.SessionClaim, sessionId.ToString()));
        identity.AddClaim(new Claim(SessionStore.RefreshTokenClaim, next.ToString()));
        return SignIn(principal, IdentityConstants.BearerScheme);
    }

    /// <summary>Ends the caller's API session: its refresh token and every access token of the sign-in stop working.</summary>
    [HttpPost("logout")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Logout()
    {
        if (SessionStore.IdOf(User, SessionStore.SessionClaim) is { } sessionId)
        {
            await sessions.RevokeAsync(sessionId, HttpContext.RequestAborted);
        }

        return NoContent();
    }

    private static ProblemResult RefreshFailed() =>
        ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Refresh failed", "The refresh token is not valid any more; sign in again.");
}
