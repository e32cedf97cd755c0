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
/// <c>{ tokenType, accessToken, expiresIn, refreshToken }</c>; failed attempts count towards the lockout.
/// </summary>
[Route("api/v1/auth")]
[AllowAnonymous]
public sealed class AuthApiController(
    SignInManager<ApplicationUser> signInManager,
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    IOptions<SecurityOptions> security,
    TimeProvider timeProvider) : ApiControllerBase
{
    [HttpPost("login")]
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

        var user = await signInManager.UserManager.FindByEmailAsync(request.Email.Trim());
        if (user is null)
        {
            return SignInFailed();
        }

        var password = await signInManager.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (password.IsLockedOut)
        {
            return ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Account locked", "This account is locked (too many failed attempts, or deactivated). Try again in 15 minutes or ask your administrator.");
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

        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        await signInManager.SignInAsync(user, isPersistent: false);
        return new EmptyResult(); // the bearer handler has written the token response
    }

    private static ObjectResult SignInFailed() =>
        ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Sign-in failed", "The e-mail address or password is not correct.");

    [HttpPost("refresh")]
    public async Task<IActionResult> Refresh([FromBody] RefreshRequest request)
    {
        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || timeProvider.GetUtcNow() >= expires
            || await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Refresh failed", "The refresh token is not valid any more; sign in again.");
        }

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        return SignIn(principal, IdentityConstants.BearerScheme);
    }
}
