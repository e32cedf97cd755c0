namespace RlmsRegistry.Domain.Common;

/// <summary>A record that belongs to one centre: only that centre's users may see or change it.</summary>
public interface ICentreOwned
{
    Guid CentreId { get; }
}
