namespace RlmsRegistry.Testing;

/// <summary>Finds the repository root (the folder with RlmsRegistry.sln) and the R reference cases inside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>tests/reference/survival</c>: the R reference cases kept in the repository.</summary>
    public static string SurvivalReference => Path.Combine(Root, "tests", "reference", "survival");

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
