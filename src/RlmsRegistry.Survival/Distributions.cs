using MathNet.Numerics;

namespace RlmsRegistry.Survival;

/// <summary>
/// Tail probabilities used by every test in the engine.
/// Upper tails are computed directly (regularized incomplete gamma, complementary error function)
/// rather than as 1 - CDF, so p-values as small as 1e-300 keep their relative precision, as R's
/// pchisq(lower.tail = FALSE) and pnorm(lower.tail = FALSE) do.
/// </summary>
public static class Distributions
{
    /// <summary>P(X &gt; x) for X ~ chi-square with <paramref name="df"/> degrees of freedom.</summary>
    public static double ChiSquareUpperTail(double x, double df)
    {
        if (double.IsNaN(x) || double.IsNaN(df) || df <= 0)
        {
            return double.NaN;
        }

        if (x <= 0)
        {
            return 1.0;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0.0;
        }

        return SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);
    }

    /// <summary>P(Z &gt; z) for a standard normal Z.</summary>
    public static double NormalUpperTail(double z) => 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2.0));

    /// <summary>Two-sided p-value 2 P(Z &gt; |z|) for a standard normal Z.</summary>
    public static double NormalTwoSided(double z) => double.IsNaN(z) ? double.NaN : 2.0 * NormalUpperTail(Math.Abs(z));

    /// <summary>The standard normal quantile, e.g. 1.959964 for p = 0.975 (R's qnorm).</summary>
    public static double NormalQuantile(double p) => -Math.Sqrt(2.0) * SpecialFunctions.ErfcInv(2.0 * p);
}
