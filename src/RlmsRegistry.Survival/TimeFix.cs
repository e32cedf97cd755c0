namespace RlmsRegistry.Survival;

/// <summary>
/// R's survival package treats survival times that differ only by floating-point noise as tied
/// (the <c>timefix = TRUE</c> default of survfit, survdiff, coxph and concordance, via <c>aeqSurv</c>).
/// Every estimator in this library applies the same rule so that tie handling matches R.
/// </summary>
/// <remarks>
/// Rule: take the sorted distinct finite times u1 &lt; u2 &lt; ... ; a value uk is tied to its predecessor when
/// uk - u(k-1) &lt;= tol or (uk - u(k-1)) / mean(|u|) &lt;= tol, with tol = sqrt(machine epsilon) as in all.equal.
/// Each run of tied values is replaced by the first (smallest) value of the run. Infinite values are left alone.
/// </remarks>
public static class TimeFix
{
    /// <summary>sqrt(.Machine$double.eps), R's default tolerance for all.equal and aeqSurv.</summary>
    public const double Tolerance = 1.4901161193847656e-08;

    /// <summary>Returns a copy of <paramref name="time"/> in which near-ties are collapsed as R's aeqSurv does.</summary>
    /// <param name="time">Survival times in any order (NaN not allowed).</param>
    public static double[] Apply(ReadOnlySpan<double> time)
    {
        var result = time.ToArray();
        if (result.Length < 2)
        {
            return result;
        }

        var order = Internal.RadixSort.SortedOrder(time);
        var sorted = new double[result.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = time[order[i]];
        }

        if (ApplySorted(sorted))
        {
            for (int i = 0; i < sorted.Length; i++)
            {
                result[order[i]] = sorted[i];
            }
        }

        return result;
    }

    /// <summary>
    /// Applies the rule in place to times already sorted ascending. Returns true when any value changed.
    /// </summary>
    internal static bool ApplySorted(Span<double> sorted)
    {
        int n = sorted.Length;
        if (n < 2)
        {
            return false;
        }

        // mean(|u|) over the distinct finite values
        double sumAbs = 0;
        int distinct = 0;
        for (int i = 0; i < n; i++)
        {
            double t = sorted[i];
            if (double.IsFinite(t) && (i == 0 || t != sorted[i - 1]))
            {
                sumAbs += Math.Abs(t);
                distinct++;
            }
        }

        if (distinct < 2)
        {
            return false;
        }

        double meanAbs = sumAbs / distinct;

        // Quick exit: most data have no near-ties at all.
        bool anyTied = false;
        double previousDistinct = double.NaN;
        for (int i = 0; i < n && !anyTied; i++)
        {
            double t = sorted[i];
            if (!double.IsFinite(t) || t == previousDistinct)
            {
                continue;
            }

            if (!double.IsNaN(previousDistinct))
            {
                double dy = t - previousDistinct;
                anyTied = dy <= Tolerance || dy / meanAbs <= Tolerance;
            }

            previousDistinct = t;
        }

        if (!anyTied)
        {
            return false;
        }

        double runStart = double.NaN;
        previousDistinct = double.NaN; // the original (unreplaced) previous distinct value
        double previousOriginal = double.NaN;
        for (int i = 0; i < n; i++)
        {
            double t = sorted[i];
            if (!double.IsFinite(t))
            {
                continue;
            }

            if (t == previousOriginal)
            {
                sorted[i] = runStart; // same original value as the previous entry
                continue;
            }

            previousOriginal = t;
            if (double.IsNaN(previousDistinct))
            {
                runStart = t;
            }
            else
            {
                double dy = t - previousDistinct;
                if (!(dy <= Tolerance || dy / meanAbs <= Tolerance))
                {
                    runStart = t;
                }
            }

            previousDistinct = t;
            sorted[i] = runStart;
        }

        return true;
    }
}
