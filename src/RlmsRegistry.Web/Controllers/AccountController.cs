using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using RlmsRegistry.Application.Users.Commands.SetPassword;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Web.Infrastructure;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

/// <summary>
/// Cookie sign-in for the pages, with an optional (for admins: required) TOTP second factor.
/// There is no self-registration: accounts are created by admins and people set their password through a one-time link.
/// </summary>
public sealed class AccountController(
    SignInManager<ApplicationUser> signInManager,
    UserManager<ApplicationUser> users,
    ISender sender,
    SignInGuard guard,
    IUserStore<ApplicationUser> userStore,
    IDataProtectionProvider dataProtection) : RegistryController
{
    private IDataProtector PendingKeys => dataProtection.CreateProtector("RlmsRegistry.Account.PendingAuthenticatorKey");

    [HttpGet]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl = null) => View(new LoginViewModel { ReturnUrl = returnUrl });

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(WebSetup.SignInRateLimit)]
    public async Task<IActionResult> Login(LoginViewModel model)
    {
        if (string.IsNullOrWhiteSpace(model.Email))
        {
            ModelState.AddModelError(nameof(model.Email), "Enter your e-mail address.");
        }

        if (string.IsNullOrEmpty(model.Password))
        {
            ModelState.AddModelError(nameof(model.Password), "Enter your password.");
        }

        if (!ModelState.IsValid)
        {
            return View(model);
        }

        if (!guard.TryAcquireAccount(model.Email))
        {
            ModelState.AddModelError(string.Empty, SignInGuard.TooManyAttempts);
            model.Password = null;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return View(model);
        }

        // Unknown, wrong password and locked: one message, and each spends one password check (no timing difference).
        var user = await users.FindByEmailAsync(model.Email!.Trim());
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signInManager.PasswordSignInAsync(user, model.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl(model.ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(LoginWithCode), new { returnUrl = model.ReturnUrl });
        }

        if (user is null || result.IsLockedOut)
        {
            guard.SpendPasswordCheck(model.Password);
        }

        ModelState.AddModelError(string.Empty, SignInGuard.FailedMessage);
        model.Password = null;
        return View(model);
    }

    [HttpGet]
    [AllowAnonymous]
    public async Task<IActionResult> LoginWithCode(string? returnUrl = null)
    {
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToAction(nameof(Login));
        }

        return View(new TwoFactorLoginViewModel { ReturnUrl = returnUrl });
    }

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(WebSetup.SignInRateLimit)]
    public async Task<IActionResult> LoginWithCode(TwoFactorLoginViewModel model)
    {
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToAction(nameof(Login));
        }

        var code = CodeOf(model.Code);
        var result = code.Length == 6
            ? await signInManager.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signInManager.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl(model.ReturnUrl));
        }

        ModelState.AddModelError(nameof(model.Code), result.IsLockedOut ? "This account is locked for 15 minutes." : "The code is not correct.");
        model.Code = null;
        return View(model);
    }

    [HttpPost]
    [Authorize]
    public async Task<IActionResult> Logout()
    {
        await signInManager.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult AccessDenied() => View("~/Views/Shared/Forbidden.cshtml");

    /// <summary>Two-factor status and enrolment: shows the authenticator key to enter in an app, then checks a first code.</summary>
    [HttpGet]
    [Authorize]
    public async Task<IActionResult> TwoFactor(bool required = false)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        return View(await EnrolmentModelAsync(user, required));
    }

    [HttpPost]
    [Authorize]
    public async Task<IActionResult> TwoFactor(TwoFactorViewModel model)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            // The key shown by the GET (which changes nothing) is stored now, with the first code that is checked against it.
            if (UnprotectPendingKey(model.PendingKey) is not { } pending || userStore is not IUserAuthenticatorKeyStore<ApplicationUser> keys)
            {
                return RedirectToAction(nameof(TwoFactor), new { required = model.Required });
            }

            await keys.SetAuthenticatorKeyAsync(user, pending, HttpContext.RequestAborted);
            await users.UpdateAsync(user);
        }

        var code = CodeOf(model.Code);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(model.Code), "The code is not correct: check the time on your device and try the next code.");
            return View(await EnrolmentModelAsync(user, model.Required));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var recovery = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 8);
        await signInManager.RefreshSignInAsync(user);
        var done = await EnrolmentModelAsync(user, false);
        done.RecoveryCodes = recovery?.ToList() ?? [];
        return View(done);
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult SetPassword(Guid user, string? token) => View(new SetPasswordViewModel { UserId = user, Token = token });

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(WebSetup.SignInRateLimit)]
    public async Task<IActionResult> SetPassword(SetPasswordViewModel model, CancellationToken ct)
    {
        var (ok, _) = await TrySendAsync(() => sender.Send(new SetPasswordCommand(model.UserId, model.Token, model.Password, model.ConfirmPassword), ct));
        if (ok)
        {
            Flash("Your password is set. Sign in with it now.");
            return RedirectToAction(nameof(Login));
        }

        model.Password = model.ConfirmPassword = null;
        return View(model);
    }

    private async Task<TwoFactorViewModel> EnrolmentModelAsync(ApplicationUser user, bool required)
    {
        // No key yet: a new one is shown and carried, protected, in the form; nothing is stored by showing the page
        // (storing it through Identity would renew the security stamp and sign the user's API clients out on a GET).
        var key = await users.GetAuthenticatorKeyAsync(user);
        string? pendingKey = null;
        if (string.IsNullOrEmpty(key))
        {
            key = users.GenerateNewAuthenticatorKey();
            pendingKey = PendingKeys.Protect(key);
        }

        var email = user.Email ?? string.Empty;
        return new TwoFactorViewModel
        {
            Enabled = user.TwoFactorEnabled,
            Required = required,
            PendingKey = pendingKey,
            SharedKey = FormatKey(key!),
            AuthenticatorUri = string.Create(CultureInfo.InvariantCulture,
                $"otpauth://totp/{UrlEncoder.Default.Encode("RLMS Registry")}:{UrlEncoder.Default.Encode(email)}?secret={key}&issuer={UrlEncoder.Default.Encode("RLMS Registry")}&digits=6"),
        };
    }

    private string? UnprotectPendingKey(string? pendingKey)
    {
        try
        {
            return string.IsNullOrEmpty(pendingKey) ? null : PendingKeys.Unprotect(pendingKey);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return sb.ToString().TrimEnd().ToLowerInvariant();
    }

    private string SafeReturnUrl(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";

    /// <summary>An authenticator or recovery code as typed: spaces and dashes removed.</summary>
    private static string CodeOf(string? typed) => (typed ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
}
