namespace RlmsRegistry.Survival.Internal;

/// <summary>
/// u' V⁻ u for a symmetric positive semi-definite V, via a Cholesky decomposition that skips (near-)singular
/// pivots, i.e. a generalised inverse. For a full-rank V it equals u' V⁻¹ u (R's solve()).
/// </summary>
/// <remarks>
/// Inputs: V (m × m, symmetric, not modified), u (length m). Outputs: the quadratic form and the numerical rank.
/// A pivot is treated as zero when it is below 1e-9 times the largest diagonal element (the tolerance survival's
/// cholesky2 uses for generalised inverses); that row and column are then ignored.
/// </remarks>
internal static class SymmetricSolve
{
    private const double Toler = 1e-9;

    public static (double Value, int Rank) QuadraticForm(double[,] v, double[] u)
    {
        int m = u.Length;
        var l = (double[,])v.Clone();
        var skip = new bool[m];
        double maxDiag = 0;
        for (int i = 0; i < m; i++)
        {
            maxDiag = Math.Max(maxDiag, Math.Abs(l[i, i]));
        }

        double eps = Toler * maxDiag;
        int rank = 0;

        // LDL' decomposition, lower triangle holds L, diagonal holds D.
        for (int i = 0; i < m; i++)
        {
            double pivot = l[i, i];
            if (!(pivot > eps))
            {
                skip[i] = true;
                for (int j = i; j < m; j++)
                {
                    l[j, i] = 0;
                }

                continue;
            }

            rank++;
            for (int j = i + 1; j < m; j++)
            {
                double temp = l[j, i] / pivot;
                l[j, j] -= temp * temp * pivot;
                for (int k = j + 1; k < m; k++)
                {
                    l[k, j] -= temp * l[k, i];
                }

                l[j, i] = temp;
            }
        }

        // Solve L w = u (forward), then value = sum w_i^2 / D_i over non-skipped pivots.
        var w = (double[])u.Clone();
        for (int i = 0; i < m; i++)
        {
            if (skip[i])
            {
                w[i] = 0;
                continue;
            }

            for (int j = i + 1; j < m; j++)
            {
                w[j] -= l[j, i] * w[i];
            }
        }

        double value = 0;
        for (int i = 0; i < m; i++)
        {
            if (!skip[i])
            {
                value += w[i] * w[i] / l[i, i];
            }
        }

        return (value, rank);
    }
}
