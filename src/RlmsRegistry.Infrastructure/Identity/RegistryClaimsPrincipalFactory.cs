using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Infrastructure.Identity;

/// <summary>Adds the user's centre assignments to the sign-in, so every request knows its centre scope.</summary>
public sealed class RegistryClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<ApplicationRole> roleManager,
    IOptions<IdentityOptions> options,
    RegistryDbContext db)
    : UserClaimsPrincipalFactory<ApplicationUser, ApplicationRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var centres = await db.UserCentres.AsNoTracking().Where(u => u.UserId == user.Id).Select(u => u.CentreId).ToListAsync();
        foreach (var centre in centres)
        {
            identity.AddClaim(new Claim(CurrentUser.CentreClaim, centre.ToString()));
        }

        return identity;
    }
}
