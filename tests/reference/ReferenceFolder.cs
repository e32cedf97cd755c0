namespace RlmsRegistry.Testing.Reference;

/// <summary>
/// The R reference cases inside the repository (<c>tests/reference/survival</c>, written by
/// <c>tests/reference/generate.R</c>), found from the test binaries by walking up to the folder with
/// <c>RlmsRegistry.sln</c>. <c>RLMS_REFERENCE_DIR</c> points the tests at another copy of the same cases.
/// Compiled into each test project that reads the cases (a linked file), so no project depends on another.
/// </summary>
internal static class ReferenceFolder
{
    private static readonly Lazy<string> Survival = new(() => Locate("survival"));

    /// <summary>The folder of the KM, follow-up and Cox cases (one CSV per data set, one JSON per case).</summary>
    public static string SurvivalCases => Survival.Value;

    private static string Locate(string name)
    {
        var env = Environment.GetEnvironmentVariable("RLMS_REFERENCE_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return Directory.Exists(env)
                ? env
                : throw new DirectoryNotFoundException($"RLMS_REFERENCE_DIR names a folder that does not exist: {env}");
        }

        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "RlmsRegistry.sln")))
            {
                string candidate = Path.Combine(d.FullName, "tests", "reference", name);
                return Directory.Exists(candidate)
                    ? candidate
                    : throw new DirectoryNotFoundException($"Reference cases not found at {candidate}; run Rscript tests/reference/generate.R.");
            }
        }

        throw new DirectoryNotFoundException("Could not find RlmsRegistry.sln above " + AppContext.BaseDirectory);
    }
}
