namespace RlmsRegistry.Survival;

/// <summary>
/// A quantile of a survival curve: the time by which a fraction <see cref="Probability"/> of subjects has had the
/// event (the median is Probability = 0.5), with the confidence interval read off the pointwise confidence limits.
/// </summary>
/// <param name="Probability">Fraction that has had the event (1 - survival), in [0, 1].</param>
/// <param name="Time">The quantile; NaN when the curve does not reach it (R's NA).</param>
/// <param name="Lower">Lower confidence limit (from the lower limit curve); NaN when not reached.</param>
/// <param name="Upper">Upper confidence limit (from the upper limit curve); NaN when not reached.</param>
public readonly record struct SurvivalQuantile(double Probability, double Time, double Lower, double Upper)
{
    /// <summary>True when the curve reaches this quantile.</summary>
    public bool IsReached => !double.IsNaN(Time);
}

/// <summary>
/// The quantile rule of R's quantile.survfit, reimplemented: where a horizontal line at 1 - p meets the curve.
/// </summary>
/// <remarks>
/// Inputs: step-function knots x (the first is the curve's start, 0) and the cumulative distribution y = 1 - S at
/// each knot (y[0] = 0; NaN allowed where a confidence limit is undefined), a probability p and a tolerance
/// (sqrt(machine epsilon) in R). Output: a time, NaN when not reached.
/// Rules, as documented for quantile.survfit: repeated y values (censoring steps) are dropped keeping the first;
/// the quantile is the first knot whose y reaches p; when y is within the tolerance of p over a flat stretch, the
/// midpoint of that stretch (this knot and the next jump) is used; a flat stretch at the end of the curve uses the
/// last time observed; p = 0 gives the start of the curve; a curve whose largest y is below p gives NaN.
/// "First knot reaching p" follows R's use of approx() on (y, index), which means the knot with the smallest
/// y not below p; for the (always monotone) survival curve this is the first crossing.
/// </remarks>
internal static class QuantileRule
{
    public const double DefaultTolerance = TimeFix.Tolerance;

    public static double Find(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double p, double tolerance)
    {
        int m = y.Length;
        double maxY = double.NegativeInfinity;
        bool monotone = true;
        double last = double.NegativeInfinity;
        for (int i = 0; i < m; i++)
        {
            double v = y[i];
            if (double.IsNaN(v))
            {
                continue;
            }

            maxY = Math.Max(maxY, v);
            if (v < last)
            {
                monotone = false;
            }

            last = v;
        }

        if (m == 0 || maxY < p)
        {
            return double.NaN;
        }

        double xmax = x[m - 1];

        // Knots kept after dropping repeated y values (the first occurrence stays; NaN counts as one value).
        int k1 = -1, k2 = -1;           // knots chosen for y + tol and y - tol
        double best1 = double.PositiveInfinity, best2 = double.PositiveInfinity;
        double minUpper = double.PositiveInfinity; // smallest y + tol among kept, non-NaN knots
        int lastKept = -1;
        bool seenNaN = false;
        HashSet<double>? seen = monotone ? null : [];
        double previousKept = double.NaN;
        for (int i = 0; i < m; i++)
        {
            double v = y[i];
            bool duplicate;
            if (double.IsNaN(v))
            {
                duplicate = seenNaN;
                seenNaN = true;
            }
            else if (seen is null)
            {
                // monotone: equal values are adjacent among the non-NaN ones
                duplicate = v == previousKept;
                previousKept = v;
            }
            else
            {
                duplicate = !seen.Add(v);
            }

            if (duplicate)
            {
                continue;
            }

            lastKept = i;
            if (double.IsNaN(v))
            {
                continue;
            }

            double up = v + tolerance;
            double down = v - tolerance;
            minUpper = Math.Min(minUpper, up);
            if (up >= p && up < best1)
            {
                best1 = up;
                k1 = i;
            }

            if (down >= p && down < best2)
            {
                best2 = down;
                k2 = i;
            }
        }

        if (p < minUpper)
        {
            k1 = -1; // below the first knot: approx(rule = 1) gives NA
        }

        double quant = k1 >= 0 && k2 >= 0 ? (x[k1] + x[k2]) / 2.0 : double.NaN;
        if (p == 0)
        {
            quant = x[0];
        }

        double yLast = y[lastKept];
        if (!double.IsNaN(yLast) && Math.Abs(p - yLast) < tolerance && k1 >= 0)
        {
            quant = (x[k1] + xmax) / 2.0;
        }

        return quant;
    }
}
