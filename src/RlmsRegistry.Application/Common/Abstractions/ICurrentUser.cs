namespace RlmsRegistry.Application.Common.Abstractions;

/// <summary>Who is asking: a signed-in person, a named system principal (background jobs), or nobody.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    Guid? UserId { get; }

    /// <summary>A name fit for the audit trail: the e-mail of a person, or the system principal's name.</summary>
    string Name { get; }

    IReadOnlyCollection<string> Roles { get; }

    /// <summary>The centres the user is assigned to (data managers, monitors).</summary>
    IReadOnlyCollection<Guid> CentreIds { get; }

    /// <summary>True for admins and system principals: row-level access to every centre.</summary>
    bool SeesAllCentres { get; }

    bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    bool CanAccessCentre(Guid centreId) => SeesAllCentres || CentreIds.Contains(centreId);
}
