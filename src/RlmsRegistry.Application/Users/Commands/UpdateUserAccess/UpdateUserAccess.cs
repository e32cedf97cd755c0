using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using Security = RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Users.Commands.UpdateUserAccess;

/// <summary>An admin changes an account's roles and centres, or deactivates it. Takes effect on the user's next request.</summary>
[AuthorizeRequest(Security.Roles.Admin)]
public sealed record UpdateUserAccessCommand(Guid Id, IReadOnlyList<string>? Roles, IReadOnlyList<Guid>? CentreIds, bool IsActive) : ICommand<UserSummary>, IUserAccess;

public sealed class UpdateUserAccessValidator : AbstractValidator<UpdateUserAccessCommand>
{
    public UpdateUserAccessValidator(IRegistryDbContext db, ICurrentUser user)
    {
        Include(new UserAccessValidator(db));
        RuleFor(c => c).Must(c => c.Id != user.UserId || (c.IsActive && (c.Roles?.Contains(Security.Roles.Admin) ?? false)))
            .OverridePropertyName(nameof(UpdateUserAccessCommand.Roles))
            .WithMessage("You cannot remove your own admin role or deactivate your own account.");
    }
}

public sealed class UpdateUserAccessHandler(IUserAdministration users) : ICommandHandler<UpdateUserAccessCommand, UserSummary>
{
    public async ValueTask<UserSummary> Handle(UpdateUserAccessCommand command, CancellationToken cancellationToken)
    {
        _ = await users.FindAsync(command.Id, cancellationToken) ?? throw NotFoundException.For("User", command.Id);
        await users.UpdateAccessAsync(command.Id, command.DistinctRoles(), command.DistinctCentres(), command.IsActive, cancellationToken);
        return (await users.FindAsync(command.Id, cancellationToken))!;
    }
}
