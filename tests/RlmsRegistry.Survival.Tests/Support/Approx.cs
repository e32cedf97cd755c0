using System.Text.Json;

namespace RlmsRegistry.Survival.Tests.Support;

/// <summary>Tolerance checks with the same rules as shared/tools/survcheck.py.</summary>
public static class Approx
{
    /// <summary>Relative tolerance for estimates (survcheck: 1e-6, absolute floor 1e-9).</summary>
    public const double Estimate = 1e-6;

    /// <summary>Relative tolerance for p-values (survcheck: 1e-4, absolute floor 1e-10).</summary>
    public const double PValue = 1e-4;

    /// <summary>Relative tolerance for chi-square statistics (survcheck: 1e-5).</summary>
    public const double ChiSquare = 1e-5;

    public static void Equal(double expected, double actual, double relative, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected NA, got {actual:R}");
            return;
        }

        double floor = relative == PValue ? 1e-10 : 1e-9;
        double tol = Math.Max(floor, relative * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tol, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tol:R})");
    }

    /// <summary>Reads a JSON number, mapping JSON null to NaN (R's NA).</summary>
    public static double Num(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    public static double Num(JsonElement parent, string property) => Num(parent.GetProperty(property));
}
