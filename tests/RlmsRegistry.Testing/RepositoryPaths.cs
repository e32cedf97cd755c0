namespace RlmsRegistry.Testing;

/// <summary>Finds the repository root (the folder with RlmsRegistry.sln) and the shared reference data beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared/reference/survival</c> next to the repository, as laid out for developers and CI.</summary>
    public static string SurvivalReference => Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", "survival"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RlmsRegistry.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Could not find RlmsRegistry.sln above " + AppContext.BaseDirectory);
    }
}
