namespace RlmsRegistry.Survival;

/// <summary>
/// Generalised Cholesky decomposition C = F D F' of a symmetric non-negative definite matrix, with the
/// singularity rule of R's survival package (cholesky2, chsolve2, chinv2 of Therneau): a pivot below
/// <c>toler * max(diag)</c> marks its column as redundant, the pivot is set to zero and that column is
/// skipped by the solver and zeroed in the inverse. That rule is what makes a duplicated or constant
/// covariate come back as a converged fit with an NA coefficient instead of an error.
/// </summary>
/// <remarks>
/// Matrices are dense row-major <c>double[n * n]</c>. Only the lower triangle (row &gt;= column) of the
/// input is read. After <see cref="Decompose"/> the strict lower triangle holds F (unit diagonal implied)
/// and the diagonal holds D; the strict upper triangle is left as it was.
/// </remarks>
internal static class SymmetricCholesky
{
    /// <summary>
    /// In-place F D F' factorisation (survival's cholesky2).
    /// Input: <paramref name="m"/> n x n, lower triangle filled; <paramref name="toler"/> relative pivot
    /// tolerance (coxph.control's toler.chol). Output: F below the diagonal, D on it, zero for a
    /// redundant column. Returns the rank, negated when the matrix is found not to be non-negative
    /// definite (a pivot below -8 * toler * max(diag)). Non-finite pivots count as zero.
    /// </summary>
    public static int Decompose(double[] m, int n, double toler)
    {
        var nonNegative = 1;
        var eps = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (m[(i * n) + i] > eps)
            {
                eps = m[(i * n) + i];
            }
        }

        eps = eps == 0 ? toler : eps * toler;

        var rank = 0;
        for (var i = 0; i < n; i++)
        {
            var pivot = m[(i * n) + i];
            if (!double.IsFinite(pivot) || pivot < eps)
            {
                m[(i * n) + i] = 0;
                if (pivot < -8 * eps)
                {
                    nonNegative = -1;
                }

                continue;
            }

            rank++;
            for (var j = i + 1; j < n; j++)
            {
                var temp = m[(j * n) + i] / pivot;
                m[(j * n) + i] = temp;
                m[(j * n) + j] -= temp * temp * pivot;
                for (var k = j + 1; k < n; k++)
                {
                    m[(k * n) + j] -= temp * m[(k * n) + i];
                }
            }
        }

        return rank * nonNegative;
    }

    /// <summary>
    /// Solves (F D F') b = y in place (survival's chsolve2), given the output of <see cref="Decompose"/>.
    /// Components belonging to a zero pivot are returned as 0 (a generalised inverse).
    /// </summary>
    public static void Solve(double[] m, int n, Span<double> y)
    {
        for (var i = 0; i < n; i++)
        {
            var temp = y[i];
            for (var j = 0; j < i; j++)
            {
                temp -= y[j] * m[(i * n) + j];
            }

            y[i] = temp;
        }

        for (var i = n - 1; i >= 0; i--)
        {
            if (m[(i * n) + i] == 0)
            {
                y[i] = 0;
                continue;
            }

            var temp = y[i] / m[(i * n) + i];
            for (var j = i + 1; j < n; j++)
            {
                temp -= y[j] * m[(j * n) + i];
            }

            y[i] = temp;
        }
    }

    /// <summary>
    /// Replaces a factorisation from <see cref="Decompose"/> by the full symmetric generalised inverse
    /// (survival's chinv2 followed by the symmetrisation coxfit6 does). Rows and columns of redundant
    /// columns are zero.
    /// </summary>
    public static void Invert(double[] m, int n)
    {
        // Invert the Cholesky factor in the lower triangle (unit diagonal of F is implicit).
        for (var i = 0; i < n; i++)
        {
            if (m[(i * n) + i] > 0)
            {
                m[(i * n) + i] = 1 / m[(i * n) + i];
                for (var j = i + 1; j < n; j++)
                {
                    m[(j * n) + i] = -m[(j * n) + i];
                    for (var k = 0; k < i; k++)
                    {
                        m[(j * n) + k] += m[(j * n) + i] * m[(i * n) + k];
                    }
                }
            }
        }

        // F' D^-1 F: the inverse goes to the upper triangle and diagonal.
        for (var i = 0; i < n; i++)
        {
            if (m[(i * n) + i] == 0)
            {
                for (var j = 0; j < i; j++)
                {
                    m[(j * n) + i] = 0;
                }

                for (var j = i; j < n; j++)
                {
                    m[(i * n) + j] = 0;
                }

                continue;
            }

            for (var j = i + 1; j < n; j++)
            {
                var temp = m[(j * n) + i] * m[(j * n) + j];
                m[(i * n) + j] = temp;
                for (var k = i; k < j; k++)
                {
                    m[(i * n) + k] += temp * m[(j * n) + k];
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                m[(i * n) + j] = m[(j * n) + i];
            }
        }
    }

    /// <summary>
    /// Quadratic form b' V^- b with the generalised inverse from <see cref="Decompose"/> (survival's
    /// coxph.wtest). Input: <paramref name="v"/> symmetric n x n (not modified), <paramref name="b"/>.
    /// Output: the statistic and the rank of V used as its degrees of freedom.
    /// </summary>
    public static (double Statistic, int Rank) QuadraticForm(double[] v, int n, ReadOnlySpan<double> b, double toler)
    {
        if (n == 0)
        {
            return (0, 0);
        }

        var m = (double[])v.Clone();
        Decompose(m, n, toler);
        var rank = 0;
        for (var i = 0; i < n; i++)
        {
            if (m[(i * n) + i] > 0)
            {
                rank++;
            }
        }

        var solve = b.ToArray();
        Solve(m, n, solve);
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += b[i] * solve[i];
        }

        return (sum, rank);
    }
}
