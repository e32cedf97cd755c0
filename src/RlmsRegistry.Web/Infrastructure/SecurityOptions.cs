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

    /// <summary>Sign-in attempts allowed per account (e-mail address, known or not) per minute, pages and API together.</summary>
    public int SignInPerAccountPerMinute { get; set; } = 10;

    /// <summary>Requests (pages and API) allowed per signed-in user per minute, wherever they come from.</summary>
    public int ApiPerMinute { get; set; } = 1200;

    /// <summary>Requests allowed per minute per client address from callers who are not signed in (a separate, smaller bucket).</summary>
    public int AnonymousPerMinute { get; set; } = 300;

    /// <summary>
    /// How long (seconds) this node trusts a signed-in request's successful session and security-stamp check before it
    /// reads them again (ADR 0016). Changes made through this node take effect on the next request regardless; this is
    /// how late a sign-out or an access change made on another node (or with the CLI) is noticed here. 0: every request.
    /// </summary>
    public double SessionCheckCacheSeconds { get; set; } = 5;

    /// <summary>The largest request body accepted (bytes); larger ones are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Addresses of the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers are trusted.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8) of trusted reverse proxies.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>Whether the embedded demo (published accounts and password) is on for this process.</summary>
public sealed record DemoMode(bool Enabled);
