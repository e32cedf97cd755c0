namespace RlmsRegistry.Survival.Tests.Cox;

/// <summary>
/// Comparisons with the tolerances of /work/shared/tools/survcheck.py: |actual - expected| &lt;=
/// max(absolute floor, relative * |expected|); 1e-6 relative for estimates, 1e-5 for chi-squares of the
/// PH test, 1e-4 for p-values.
/// </summary>
internal static class Tolerance
{
    public const double Estimate = 1e-6;
    public const double Chisq = 1e-5;
    public const double PValue = 1e-4;

    public static void Close(double expected, double actual, double relative, string what, double floor = 1e-9)
    {
        var ok = double.IsNaN(expected) ? double.IsNaN(actual)
            : double.IsInfinity(expected)
            ? expected == actual
            : Math.Abs(expected - actual) <= Math.Max(floor, relative * Math.Abs(expected));
        Assert.True(ok, $"{what}: expected {expected:R}, got {actual:R} (relative tolerance {relative:G2})");
    }

    public static void Exact(double expected, double actual, string what, double tolerance = 1e-12) =>
        Assert.True(
            Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R}");
}
