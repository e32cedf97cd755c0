using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;

namespace RlmsRegistry.Application.Users.Queries.GetCurrentUser;

public sealed record CurrentUserDto(string Email, IReadOnlyList<string> Roles, IReadOnlyList<UserCentreDto> Centres);

public sealed record UserCentreDto(Guid Id, string Code);

/// <summary>Who am I: e-mail, roles and assigned centres of the signed-in caller.</summary>
public sealed record GetCurrentUserQuery : IQuery<CurrentUserDto>;

public sealed class GetCurrentUserHandler(IRegistryDbContext db, ICurrentUser user) : IQueryHandler<GetCurrentUserQuery, CurrentUserDto>
{
    public async ValueTask<CurrentUserDto> Handle(GetCurrentUserQuery query, CancellationToken cancellationToken)
    {
        var ids = user.CentreIds.ToList();
        var centres = await db.Centres.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Code)
            .Select(c => new UserCentreDto(c.Id, c.Code)).ToListAsync(cancellationToken);
        return new CurrentUserDto(user.Name, user.Roles.OrderBy(r => r, StringComparer.Ordinal).ToList(), centres);
    }
}
