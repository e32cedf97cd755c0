using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Users.Commands.CreateUser;

namespace RlmsRegistry.Application.Users.Commands.IssuePasswordLink;

/// <summary>An admin issues a new one-time set-password link (a forgotten password, a first link that expired).</summary>
[AuthorizeRequest(Roles.Admin)]
public sealed record IssuePasswordLinkCommand(Guid Id) : ICommand<NewAccount>;

public sealed class IssuePasswordLinkHandler(IUserAdministration users) : ICommandHandler<IssuePasswordLinkCommand, NewAccount>
{
    public async ValueTask<NewAccount> Handle(IssuePasswordLinkCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(command.Id, cancellationToken) ?? throw NotFoundException.For("User", command.Id);
        return new NewAccount(user.Id, user.Email, await users.IssuePasswordTokenAsync(user.Id, cancellationToken));
    }
}
