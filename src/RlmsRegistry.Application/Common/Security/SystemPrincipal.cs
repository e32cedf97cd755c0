namespace RlmsRegistry.Application.Common.Security;

/// <summary>
/// Background work (jobs, the demo seed, the CLI) runs as a named system principal: it passes the role checks,
/// sees every centre, and is recorded in the audit trail under its name (e.g. <c>system:demo-seed</c>).
/// </summary>
public static class SystemPrincipal
{
    public const string Role = "System";
}
