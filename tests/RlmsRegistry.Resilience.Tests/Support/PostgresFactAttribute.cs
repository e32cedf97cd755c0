using RlmsRegistry.Testing;

namespace RlmsRegistry.Resilience.Tests.Support;

/// <summary>
/// A test that needs PostgreSQL (several processes on one shared database). It runs whenever
/// <c>RLMS_TEST_POSTGRES</c> is set, and always on CI (CI=true), where a missing server makes it fail; only on a
/// developer machine without PostgreSQL is it skipped, with the reason.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        var configured = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable));
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!configured && !onCi)
        {
            Skip = $"needs PostgreSQL: set {TestDatabase.PostgresVariable} (CI always runs it)";
        }
    }
}
