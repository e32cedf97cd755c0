using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// What the sign-in forms and the API share against guessing: the per-account attempt limit (the per-address limit
/// is the <see cref="WebSetup.SignInRateLimit"/> policy), one message for unknown, wrong-password and locked accounts,
/// and a password check spent where none would run (unknown or locked account), so timing does not tell them apart.
/// </summary>
public sealed class SignInGuard(UserManager<ApplicationUser> users, AccountSignInLimiter limiter)
{
    public const string FailedMessage =
        "The e-mail address or password is not correct, or the account is locked after too many failed attempts (try again in 15 minutes or ask your administrator).";

    public const string TooManyAttempts = "Too many sign-in attempts for this account. Wait a minute and try again.";

    private static string? _dummyHash;

    /// <summary>Takes one attempt from the account's per-minute allowance (any e-mail address counts, known or not).</summary>
    public bool TryAcquireAccount(string? email) => limiter.TryAcquire(email);

    /// <summary>Verifies the password against a stored dummy hash: the same work as checking a real account's password.</summary>
    public void SpendPasswordCheck(string? password)
    {
        var hasher = users.PasswordHasher;
        var hash = _dummyHash ??= hasher.HashPassword(new ApplicationUser(), Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(new ApplicationUser(), hash, password ?? string.Empty);
    }
}

/// <summary>Sign-in attempts per account (normalised e-mail) per minute, on this node (<c>Security:SignInPerAccountPerMinute</c>).</summary>
public sealed class AccountSignInLimiter(IOptions<SecurityOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignInPerAccountPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public bool TryAcquire(string? email)
    {
        using var lease = _limiter.AttemptAcquire((email ?? string.Empty).Trim().ToUpperInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
