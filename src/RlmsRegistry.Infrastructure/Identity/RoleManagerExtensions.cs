using Microsoft.AspNetCore.Identity;

namespace RlmsRegistry.Infrastructure.Identity;

public static class RoleManagerExtensions
{
    /// <summary>
    /// Creates the role rows that do not exist yet. The demo seed makes all of them; a registry migrated by the explicit
    /// step has none until its first account (<c>rlms user add</c>) or a later one needs them (inside the caller's transaction).
    /// </summary>
    public static async Task EnsureRolesAsync(this RoleManager<ApplicationRole> roleManager, IEnumerable<string> roles)
    {
        foreach (var role in roles)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                var result = await roleManager.CreateAsync(new ApplicationRole(role));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Role '{role}' could not be created: " + string.Join("; ", result.Errors.Select(e => e.Description)));
                }
            }
        }
    }
}
