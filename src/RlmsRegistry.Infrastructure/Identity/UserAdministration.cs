using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Infrastructure.Identity;

/// <summary>
/// Account administration over ASP.NET Core Identity. A deactivated account is locked out indefinitely
/// (Identity has no "inactive" flag), which also ends its sessions through the renewed security stamp.
/// </summary>
public sealed class UserAdministration(
    UserManager<ApplicationUser> users, RoleManager<ApplicationRole> roleManager, RegistryDbContext db, TimeProvider time, CurrentUser currentUser) : IUserAdministration
{
    private static readonly DateTimeOffset Deactivated = DateTimeOffset.MaxValue;

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var accounts = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var centres = await db.UserCentres.AsNoTracking().ToListAsync(cancellationToken);
        return accounts.Select(u => Summary(
            u,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList(),
            centres.Where(c => c.UserId == u.Id).Select(c => c.CentreId).ToList())).ToList();
    }

    public async Task<UserSummary?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return null;
        }

        var roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        var centres = await db.UserCentres.AsNoTracking().Where(c => c.UserId == id).Select(c => c.CentreId).ToListAsync(cancellationToken);
        return Summary(user, roles, centres);
    }

    public async Task<bool> EmailExistsAsync(string email, CancellationToken cancellationToken) => await users.FindByEmailAsync(email) is not null;

    public async Task<(Guid Id, string Token)> CreateAsync(string email, IReadOnlyCollection<string> roles, IReadOnlyCollection<Guid> centreIds, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await roleManager.EnsureRolesAsync(roles);
        var user = new ApplicationUser(email) { EmailConfirmed = true };
        Check(await users.CreateAsync(user));
        Check(await users.AddToRolesAsync(user, roles));
        foreach (var centre in centreIds)
        {
            db.UserCentres.Add(new UserCentre { UserId = user.Id, CentreId = centre });
        }

        await db.SaveChangesAsync(cancellationToken);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        await transaction.CommitAsync(cancellationToken);
        return (user.Id, token);
    }

    public async Task UpdateAccessAsync(Guid id, IReadOnlyCollection<string> roles, IReadOnlyCollection<Guid> centreIds, bool isActive, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await users.FindByIdAsync(id.ToString()) ?? throw new InvalidOperationException("User not found.");
        var current = await users.GetRolesAsync(user);
        await roleManager.EnsureRolesAsync(roles);
        Check(await users.RemoveFromRolesAsync(user, current.Except(roles, StringComparer.Ordinal)));
        Check(await users.AddToRolesAsync(user, roles.Except(current, StringComparer.Ordinal)));

        var assigned = await db.UserCentres.Where(c => c.UserId == id).ToListAsync(cancellationToken);
        db.UserCentres.RemoveRange(assigned.Where(a => !centreIds.Contains(a.CentreId)));
        foreach (var centre in centreIds.Where(c => assigned.All(a => a.CentreId != c)))
        {
            db.UserCentres.Add(new UserCentre { UserId = id, CentreId = centre });
        }

        await db.SaveChangesAsync(cancellationToken);
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, isActive ? null : Deactivated));
        // Sessions and tokens carry roles and centres as claims: a new stamp makes every sign-in re-validate now.
        Check(await users.UpdateSecurityStampAsync(user));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<string> IssuePasswordTokenAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id.ToString()) ?? throw new InvalidOperationException("User not found.");
        Check(await users.UpdateSecurityStampAsync(user)); // earlier links stop working
        return await users.GeneratePasswordResetTokenAsync(user);
    }

    public async Task<IReadOnlyList<string>> SetPasswordAsync(Guid id, string token, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return ["This link is not valid any more; ask your administrator for a new one."];
        }

        if (!currentUser.IsAuthenticated)
        {
            // The person sets their own password through their one-time link: the audit trail names that account.
            currentUser.ActAs(user.Id, user.Email ?? user.Id.ToString(), [], []);
        }

        var result = await users.ResetPasswordAsync(user, token, password);
        if (result.Succeeded)
        {
            return [];
        }

        return result.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)
            ? "This link is not valid any more; ask your administrator for a new one."
            : e.Description).ToList();
    }

    private UserSummary Summary(ApplicationUser u, IReadOnlyList<string> roles, IReadOnlyList<Guid> centres)
    {
        var lockedUntil = u.LockoutEnd is { } end && end > time.GetUtcNow() ? end : (DateTimeOffset?)null;
        return new UserSummary(u.Id, u.Email ?? string.Empty, roles, centres, lockedUntil != Deactivated, u.TwoFactorEnabled, u.PasswordHash is not null,
            lockedUntil == Deactivated ? null : lockedUntil);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
