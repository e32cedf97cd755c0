namespace RlmsRegistry.Application.Common.Abstractions;

/// <summary>A user account as the admin page shows it.</summary>
public sealed record UserSummary(
    Guid Id,
    string Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<Guid> CentreIds,
    bool IsActive,
    bool TwoFactorEnabled,
    bool HasPassword,
    DateTimeOffset? LockedOutUntil);

/// <summary>
/// Account administration, implemented over ASP.NET Core Identity. Every change of roles or centres renews the
/// user's security stamp, so it takes effect on their next request.
/// </summary>
public interface IUserAdministration
{
    Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken);

    Task<UserSummary?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> EmailExistsAsync(string email, CancellationToken cancellationToken);

    /// <summary>Creates an account without a password and returns its id and a one-time set-password token.</summary>
    Task<(Guid Id, string Token)> CreateAsync(string email, IReadOnlyCollection<string> roles, IReadOnlyCollection<Guid> centreIds, CancellationToken cancellationToken);

    Task UpdateAccessAsync(Guid id, IReadOnlyCollection<string> roles, IReadOnlyCollection<Guid> centreIds, bool isActive, CancellationToken cancellationToken);

    /// <summary>A new one-time token to set the password (earlier tokens stop working).</summary>
    Task<string> IssuePasswordTokenAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Sets the password with a one-time token; returns the reasons it was refused, or none.</summary>
    Task<IReadOnlyList<string>> SetPasswordAsync(Guid id, string token, string password, CancellationToken cancellationToken);
}
