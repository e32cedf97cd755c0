using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using RlmsRegistry.Application.Common.Abstractions;

namespace RlmsRegistry.Infrastructure.Identity;

/// <summary>
/// The caller of the current scope: the signed-in user of the HTTP request, or a named system principal
/// when code outside a request (jobs, the CLI, the demo seed) says so with <see cref="ActAsSystem"/>.
/// Outside a request and without that call, nobody is signed in.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor httpContextAccessor) : ICurrentUser
{
    public const string CentreClaim = "rlms:centre";
    public const string SystemRole = Application.Common.Security.SystemPrincipal.Role;

    private Identity? _override;

    public bool IsAuthenticated => Resolve().Authenticated;

    public Guid? UserId => Resolve().UserId;

    public string Name => Resolve().Name;

    public IReadOnlyCollection<string> Roles => Resolve().Roles;

    public IReadOnlyCollection<Guid> CentreIds => Resolve().CentreIds;

    public bool SeesAllCentres => Resolve().AllCentres;

    /// <summary>Acts as a named system principal (e.g. "system:refit-job"): all centres, audited under that name.</summary>
    public void ActAsSystem(string name) =>
        _override = new Identity(true, null, name, [SystemRole, Application.Common.Security.Roles.Admin], [], true);

    /// <summary>Acts as the given user for the rest of this scope (jobs started on someone's behalf, tests).</summary>
    public void ActAs(Guid userId, string name, IReadOnlyCollection<string> roles, IReadOnlyCollection<Guid> centreIds) =>
        _override = new Identity(true, userId, name, roles, centreIds, roles.Contains(Application.Common.Security.Roles.Admin));

    private Identity Resolve()
    {
        if (_override is not null)
        {
            return _override;
        }

        var principal = httpContextAccessor.HttpContext?.User;
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return Identity.Anonymous;
        }

        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray();
        var centres = principal.FindAll(CentreClaim).Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct().ToArray();
        var userId = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var uid) ? uid : (Guid?)null;
        var name = principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity.Name ?? "unknown";
        _override = new Identity(true, userId, name, roles, centres, roles.Contains(Application.Common.Security.Roles.Admin));
        return _override;
    }

    private sealed record Identity(bool Authenticated, Guid? UserId, string Name, IReadOnlyCollection<string> Roles, IReadOnlyCollection<Guid> CentreIds, bool AllCentres)
    {
        public static readonly Identity Anonymous = new(false, null, "anonymous", [], [], false);
    }
}
