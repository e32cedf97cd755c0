namespace RlmsRegistry.Domain.Common;

/// <summary>
/// An editable record with an application-maintained version, used as the optimistic-concurrency token
/// on every provider (SQLite has no row-version type). The version is bumped on every save.
/// </summary>
public interface IVersioned
{
    int Version { get; }

    void BumpVersion();
}
