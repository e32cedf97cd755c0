namespace RlmsRegistry.Web.Infrastructure;

/// <summary>Configuration section <c>Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Admins must sign in with a TOTP second factor (they are sent to enrol first). Default: true, except on the
    /// embedded demo where it defaults to false so a newcomer can look around; set it explicitly to override.
    /// </summary>
    public bool? RequireTwoFactorForAdmins { get; set; }

    /// <summary>Sign-in attempts allowed per client address per minute (pages and API together).</summary>
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>API requests allowed per user (or client address) per minute.</summary>
    public int ApiPerMinute { get; set; } = 1200;
}

/// <summary>Whether the embedded demo (published accounts and password) is on for this process.</summary>
public sealed record DemoMode(bool Enabled);
