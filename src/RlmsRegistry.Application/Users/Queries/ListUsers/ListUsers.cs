using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Users.Queries.ListUsers;

[AuthorizeRequest(Roles.Admin)]
public sealed record ListUsersQuery : IQuery<IReadOnlyList<UserSummary>>;

public sealed class ListUsersHandler(IUserAdministration users) : IQueryHandler<ListUsersQuery, IReadOnlyList<UserSummary>>
{
    public async ValueTask<IReadOnlyList<UserSummary>> Handle(ListUsersQuery query, CancellationToken cancellationToken) =>
        await users.ListAsync(cancellationToken);
}
