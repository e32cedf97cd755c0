using Microsoft.AspNetCore.Identity;

namespace RlmsRegistry.Infrastructure.Identity;

/// <summary>A person who signs in. Centre assignments live in <see cref="UserCentre"/>.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public ApplicationUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public ApplicationUser(string email)
        : this()
    {
        Email = email;
        UserName = email;
    }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>A user's assignment to a centre (data managers and monitors may hold several).</summary>
public sealed class UserCentre
{
    public Guid UserId { get; set; }

    public Guid CentreId { get; set; }
}

public sealed class ApplicationRole : IdentityRole<Guid>
{
    public ApplicationRole()
    {
        Id = Guid.CreateVersion7();
    }

    public ApplicationRole(string name)
        : this()
    {
        Name = name;
        NormalizedName = name.ToUpperInvariant();
    }
}
