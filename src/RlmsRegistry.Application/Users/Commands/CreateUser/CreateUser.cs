using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using Security = RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Users.Commands.CreateUser;

/// <summary>An admin creates an account; the person sets their own password through a one-time link.</summary>
[AuthorizeRequest(Security.Roles.Admin)]
public sealed record CreateUserCommand(string? Email, IReadOnlyList<string>? Roles, IReadOnlyList<Guid>? CentreIds) : ICommand<NewAccount>, IUserAccess;

/// <summary>The new account and the one-time token for its set-password link.</summary>
public sealed record NewAccount(Guid UserId, string Email, string PasswordToken);

public sealed class CreateUserValidator : AbstractValidator<CreateUserCommand>
{
    public CreateUserValidator(IRegistryDbContext db, IUserAdministration users)
    {
        RuleFor(c => c.Email)
            .NotEmpty().WithMessage("The e-mail address is required.")
            .EmailAddress().WithMessage("Enter a valid e-mail address.")
            .MaximumLength(256)
            .MustAsync(async (email, ct) => email is null || !await users.EmailExistsAsync(email.Trim(), ct))
            .WithMessage("An account with this e-mail address already exists.");
        Include(new UserAccessValidator(db));
    }
}

public sealed class CreateUserHandler(IUserAdministration users) : ICommandHandler<CreateUserCommand, NewAccount>
{
    public async ValueTask<NewAccount> Handle(CreateUserCommand command, CancellationToken cancellationToken)
    {
        var email = command.Email!.Trim();
        var (id, token) = await users.CreateAsync(email, command.DistinctRoles(), command.DistinctCentres(), cancellationToken);
        return new NewAccount(id, email, token);
    }
}
