using FluentValidation;
using RlmsRegistry.Application.Common.Abstractions;
using Security = RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Users;

/// <summary>The roles and centres of an account, shared by creating and changing it.</summary>
public interface IUserAccess
{
    IReadOnlyList<string>? Roles { get; }

    IReadOnlyList<Guid>? CentreIds { get; }
}

public sealed class UserAccessValidator : AbstractValidator<IUserAccess>
{
    public UserAccessValidator(IRegistryDbContext db)
    {
        RuleFor(u => u.Roles)
            .NotEmpty().WithMessage("Choose at least one role.")
            .Must(r => r is null || r.All(Security.Roles.All.Contains)).WithMessage("Unknown role.");
        RuleFor(u => u.CentreIds)
            .Must((u, centres) => centres is { Count: > 0 } || u.Roles is null || !u.Roles.Any(r => r is Security.Roles.DataManager or Security.Roles.Monitor))
            .WithMessage("Data managers and monitors need at least one centre.")
            .MustAsync(async (centres, ct) =>
            {
                if (centres is null || centres.Count == 0)
                {
                    return true;
                }

                var ids = centres.Distinct().ToList();
                return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Centres, c => ids.Contains(c.Id), ct) == ids.Count;
            }).WithMessage("Unknown centre.");
    }
}

internal static class UserAccessExtensions
{
    public static IReadOnlyCollection<string> DistinctRoles(this IUserAccess access) => (access.Roles ?? []).Distinct(StringComparer.Ordinal).ToArray();

    public static IReadOnlyCollection<Guid> DistinctCentres(this IUserAccess access) => (access.CentreIds ?? []).Distinct().ToArray();
}
