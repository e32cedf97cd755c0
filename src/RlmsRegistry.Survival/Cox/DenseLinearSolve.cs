namespace RlmsRegistry.Survival;

/// <summary>
/// Solves A x = b for a small dense square matrix by Gaussian elimination with partial pivoting — the
/// role R's <c>solve()</c> (LAPACK dgesv) plays in cox.zph. Input: A (m x m row-major, overwritten),
/// b (overwritten with x). Returns false, leaving b undefined, when A is exactly singular or not finite.
/// </summary>
internal static class DenseLinearSolve
{
    public static bool Solve(double[] a, int m, double[] b)
    {
        for (var col = 0; col < m; col++)
        {
            var pivotRow = col;
            var best = Math.Abs(a[(col * m) + col]);
            for (var r = col + 1; r < m; r++)
            {
                var v = Math.Abs(a[(r * m) + col]);
                if (v > best)
                {
                    best = v;
                    pivotRow = r;
                }
            }

            if (!(best > 0) || !double.IsFinite(best))
            {
                return false;
            }

            if (pivotRow != col)
            {
                for (var c = 0; c < m; c++)
                {
                    (a[(col * m) + c], a[(pivotRow * m) + c]) = (a[(pivotRow * m) + c], a[(col * m) + c]);
                }

                (b[col], b[pivotRow]) = (b[pivotRow], b[col]);
            }

            var pivot = a[(col * m) + col];
            for (var r = col + 1; r < m; r++)
            {
                var factor = a[(r * m) + col] / pivot;
                if (factor == 0)
                {
                    continue;
                }

                for (var c = col; c < m; c++)
                {
                    a[(r * m) + c] -= factor * a[(col * m) + c];
                }

                b[r] -= factor * b[col];
            }
        }

        for (var r = m - 1; r >= 0; r--)
        {
            var sum = b[r];
            for (var c = r + 1; c < m; c++)
            {
                sum -= a[(r * m) + c] * b[c];
            }

            b[r] = sum / a[(r * m) + r];
        }

        return true;
    }
}
