using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RlmsRegistry.Application.Centres.Commands.CreateCentre;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Infrastructure.Synthetic;

namespace RlmsRegistry.Infrastructure.Demo;

/// <summary>
/// The embedded demo: two centres, one account per role and the default synthetic registry (227 patients modelled on the
/// published cohort, <see cref="SyntheticRegistryGenerator"/>), written through the application's own commands as the
/// system principal (so validation and the audit trail apply).
/// Runs once: an existing demo database is left as it is.
/// </summary>
public static class DemoSeeder
{
    public const string Password = "Demo-Password-2026!";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@demo.rlms", Roles.Admin, []),
        new("dm.c01@demo.rlms", Roles.DataManager, ["C01"]),
        new("dm.c02@demo.rlms", Roles.DataManager, ["C02"]),
        new("monitor.c01@demo.rlms", Roles.Monitor, ["C01"]),
        new("investigator@demo.rlms", Roles.Investigator, []),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<CurrentUser>().ActAsSystem("system:demo-seed");
        var db = sp.GetRequiredService<RegistryDbContext>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoSeeder));

        await sp.GetRequiredService<RoleManager<ApplicationRole>>().EnsureRolesAsync(Roles.All);
        if (await db.Centres.AnyAsync(cancellationToken))
        {
            logger.LogInformation("Demo data already present; not seeding again.");
            return;
        }

        var mediator = sp.GetRequiredService<IMediator>();
        var c01 = await mediator.Send(new CreateCentreCommand("C01", "Demo Centre 1 (synthetic)"), cancellationToken);
        var c02 = await mediator.Send(new CreateCentreCommand("C02", "Demo Centre 2 (synthetic)"), cancellationToken);
        var centreIds = new Dictionary<string, Guid> { ["C01"] = c01.Id, ["C02"] = c02.Id };

        var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var account in Accounts)
        {
            await CreateAccountAsync(users, db, account, centreIds, cancellationToken);
        }

        // The synthetic registry modelled on the published cohort (227 patients, 127 primary / 100 recurrent), every form
        // through its command as the system principal, into C01 and C02, followed up to the day it is generated (the
        // overview's "seen in the last 12 months" is then meaningful on first start; issue 18).
        await new SyntheticRegistryWriter(sp.GetRequiredService<IServiceScopeFactory>())
            .WriteCasesAsync(new SyntheticRegistryOptions { EndOfFollowUp = sp.GetRequiredService<IClock>().Today }, [c01.Id, c02.Id], SyntheticWriteMode.Commands, "system:demo-seed", cancellationToken);
        logger.LogInformation("Seeded the demo registry: 2 centres, {Accounts} accounts, {Patients} synthetic patients.", Accounts.Count, SyntheticRegistryOptions.DefaultPatients);
    }

    private static async Task CreateAccountAsync(UserManager<ApplicationUser> users, RegistryDbContext db, DemoAccount account, Dictionary<string, Guid> centreIds, CancellationToken cancellationToken)
    {
        var user = new ApplicationUser(account.Email) { EmailConfirmed = true };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, account.Role));
        foreach (var code in account.Centres)
        {
            db.UserCentres.Add(new UserCentre { UserId = user.Id, CentreId = centreIds[code] });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo seed failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}

public sealed record DemoAccount(string Email, string Role, IReadOnlyList<string> Centres);
