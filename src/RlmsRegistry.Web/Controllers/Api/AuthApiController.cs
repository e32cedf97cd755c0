using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Web.Infrastructure;

namespace RlmsRegistry.Web.Controllers.Api;

public sealed record LoginRequest(string? Email, string? Password);

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
    TimeProvider timeProvider) : ApiControllerBase
{
    [HttpPost("login")]
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

        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signInManager.PasswordSignInAsync(request.Email.Trim(), request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return new EmptyResult(); // the bearer handler has written the token response
        }

        return result.IsLockedOut
            ? ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Account locked", "Too many failed sign-in attempts. Try again in 15 minutes.")
            : result.RequiresTwoFactor
                ? ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Two-factor code required", "This account uses two-factor authentication; sign in on the web page.")
                : ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Sign-in failed", "The e-mail address or password is not correct.");
    }

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
