using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Users.Commands.CreateUser;
using RlmsRegistry.Application.Users.Commands.SetPassword;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Cli.Commands.Registry;

/// <summary>
/// <c>rlms user add</c>: creates an account from the server's shell — the way to the first administrator of a registry
/// migrated by the explicit step (no demo accounts there), and to service accounts for scripts. The account is made by
/// the same command and validators as the admin's user page (audited under <c>system:cli</c>); the password is either
/// chosen by the person through the printed one-time link, or piped in with <c>--password-stdin</c> (never an
/// argument: those show in process lists and shell history).
/// </summary>
internal sealed class UserAddCommand : ICommand
{
    public string Name => "user add";

    public string Summary => "create an account (e.g. the first admin); prints a one-time set-password link, or reads the password from stdin";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("email", "the account's e-mail address (its sign-in name)", Required: true, ValueName: "ADDRESS"),
        new("role", $"role(s), comma-separated: {string.Join(", ", Roles.All)}", Required: true, ValueName: "ROLES"),
        new("centres", "centre codes, comma-separated (required for DataManager and Monitor), e.g. C01,C02", ValueName: "CODES"),
        new("password-stdin", "read the password from the first line of standard input instead of printing a link", IsFlag: true),
        RegistryHost.Provider,
        RegistryHost.Connection,
    ];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        var roles = options.Get("role")!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = roles.FirstOrDefault(r => !Roles.All.Contains(r));
        if (unknown is not null)
        {
            throw new InputException($"option --role: unknown role '{unknown}' (one or more of {string.Join(", ", Roles.All)})");
        }

        string? password = null;
        if (options.Has("password-stdin"))
        {
            password = context.In.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                throw new InputException("option --password-stdin: no password on standard input");
            }
        }

        using var services = RegistryHost.Build(options);
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<RegistryDbContext>();
        RegistryHost.RequireMigrated(db);

        sp.GetRequiredService<CurrentUser>().ActAsSystem("system:cli");
        var codes = options.List("centres");
        var centres = db.Centres.AsNoTracking().Where(c => codes.Contains(c.Code)).Select(c => new { c.Code, c.Id }).ToList();
        var missing = codes.FirstOrDefault(code => centres.All(c => c.Code != code));
        if (missing is not null)
        {
            throw new InputException($"option --centres: no centre with code '{missing}'");
        }

        if (password is not null)
        {
            CheckPassword(sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>(), options.Get("email")!, password);
        }

        // The key ring is read (or its first key made) before the account's transaction opens: on SQLite a key written
        // from inside it would wait on that transaction's own write lock. The link's token is protected with this ring,
        // which lives in the registry database, so the web app accepts it.
        _ = sp.GetRequiredService<IDataProtectionProvider>().CreateProtector("RlmsRegistry.Cli.UserAdd").Protect("key ring");

        var mediator = sp.GetRequiredService<IMediator>();
        var account = Send(() => mediator.Send(new CreateUserCommand(options.Get("email"), roles, centres.Select(c => c.Id).ToList())));
        if (password is null)
        {
            context.Out.WriteLine($"Created {account.Email} ({string.Join(", ", roles)}). Give the person this one-time link to choose a password (the app's address in front):");
            context.Out.WriteLine($"/Account/SetPassword?user={account.UserId}&token={Uri.EscapeDataString(account.PasswordToken)}");
            return RlmsCli.Success;
        }

        Send(() => mediator.Send(new SetPasswordCommand(account.UserId, account.PasswordToken, password, password)));
        context.Out.WriteLine($"Created {account.Email} ({string.Join(", ", roles)}) with the password from standard input.");
        return RlmsCli.Success;
    }

    /// <summary>The password is checked against the registry's rules before the account exists, so a weak one creates nothing.</summary>
    private static void CheckPassword(Microsoft.AspNetCore.Identity.UserManager<ApplicationUser> users, string email, string password)
    {
        var probe = new ApplicationUser(email.Trim());
        foreach (var validator in users.PasswordValidators)
        {
            var result = validator.ValidateAsync(users, probe, password).GetAwaiter().GetResult();
            if (!result.Succeeded)
            {
                throw new InputException($"option --password-stdin: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }
        }
    }

    private static T Send<T>(Func<ValueTask<T>> send)
    {
        try
        {
            return send().AsTask().GetAwaiter().GetResult();
        }
        catch (ValidationException e)
        {
            var first = e.Errors.First();
            var option = first.PropertyName switch
            {
                nameof(CreateUserCommand.Email) => "--email",
                nameof(CreateUserCommand.Roles) => "--role",
                nameof(CreateUserCommand.CentreIds) => "--centres",
                _ => "--password-stdin",
            };
            throw new InputException($"option {option}: {first.ErrorMessage}", e);
        }
    }
}
