using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// The API's authentication scheme: Identity's bearer token, plus a security-stamp check against the database on every
/// request, and the token's session must still be active (<see cref="SessionCheck"/>: one read, or a check of the last
/// few seconds this node remembers until any account changes; ADR 0016). Tokens carry roles and centres as claims and the token handler alone does not re-validate them, so without
/// this a removed role, centre or a deactivated account would keep working until the token expired. Here the next API
/// call answers 401. (Cookie sign-ins get the same from <see cref="StampCheckingCookieEvents"/>.)
/// </summary>
public sealed class ValidatedBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionCheck check)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiBearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = await Context.AuthenticateAsync(IdentityConstants.BearerScheme);
        if (!token.Succeeded || token.Principal is null)
        {
            return token.None ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(token.Failure ?? new InvalidOperationException("Invalid token."));
        }

        return await check.CheckAsync(token.Principal, Context.RequestServices, Context.RequestAborted) switch
        {
            SessionCheckResult.Valid => AuthenticateResult.Success(new AuthenticationTicket(token.Principal, token.Properties, SchemeName)),
            SessionCheckResult.StampChanged => AuthenticateResult.Fail("The account's access changed after this token was issued; sign in again."),
            _ => AuthenticateResult.Fail("The session of this token has ended (logout, or a refresh token was reused); sign in again."),
        };
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Context.ChallengeAsync(IdentityConstants.BearerScheme, properties);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Context.ForbidAsync(IdentityConstants.BearerScheme, properties);
}
