using System.Runtime.CompilerServices;

namespace RlmsRegistry.Survival;

/// <summary>
/// Score residuals of a right-censored Cox model (R's <c>residuals(fit, type = "score")</c>, survival's
/// coxscore2), computed in O(n p) time with running cumulative-hazard sums.
/// </summary>
/// <remarks>
/// Input: the sorted layout (covariates centred and scaled), the risk score r_i = exp(eta_i) per sorted
/// row, the tie method. Output: residuals column-major over sorted rows, on the layout's scale (divide
/// column j by <see cref="SortedCoxData.Scale"/>[j] for the original scale). Unit case weights.
/// <para>
/// For row i of stratum s: U_i = integral (x_i - xbar(t)) dM_i(t), i.e.
/// -r_i sum_{t &lt;= T_i} h(t) (x_i - xbar(t)), plus (x_i - xbar(T_i)) when row i is a death.
/// Under Efron a death time with d deaths is treated as d steps k = 0..d-1 with denominator
/// D_k = D - (k/d) e, hazard 1/D_k and mean (a - (k/d) a2)/D_k; each death gets 1/d of every step's
/// (x_i - xbar_k) and is charged only (1 - k/d) of step k's hazard. The running totals cumhaz = sum h and
/// xhaz = sum h xbar are kept from the latest time backwards: a row entering the risk set is pre-charged
/// r_i (x_i cumhaz - xhaz) with the totals so far, and at the end of the stratum every row is charged
/// r_i (xhaz_total - x_i cumhaz_total), leaving exactly the hazard of the times it was at risk for.
/// </para>
/// </remarks>
internal static class CoxScoreResiduals
{
    /// <summary>
    /// Computes the residual matrix (length n * p, column-major, sorted rows) into
    /// <paramref name="buffer"/> when it is given and large enough, else into a new array.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Compute(SortedCoxData data, ReadOnlySpan<double> risk, bool efron, double[]? buffer = null)
    {
        var n = data.N;
        var p = data.P;
        var x = data.X;
        var resid = buffer is not null && buffer.Length >= n * p ? buffer : new double[checked(n * p)];
        var a = new double[p];
        var a2 = new double[p];
        var xhaz = new double[p];
        var meanXbar = new double[p];
        var chargedXbar = new double[p];
        var blockStart = data.BlockStart;
        var blockDeaths = data.BlockDeaths;

        for (var seg = 0; seg + 1 < data.SegmentStart.Length; seg++)
        {
            double denom = 0, cumhaz = 0;
            Array.Clear(a);
            Array.Clear(xhaz);
            var firstRow = blockStart[data.SegmentStart[seg]];
            var endRow = blockStart[data.SegmentStart[seg + 1]];
            for (var b = data.SegmentStart[seg]; b < data.SegmentStart[seg + 1]; b++)
            {
                var start = blockStart[b];
                var end = blockStart[b + 1];
                var deaths = blockDeaths[b];
                var deathEnd = start + deaths;
                // Pre-charge with the totals of later times, then join the risk set.
                for (var j = 0; j < p; j++)
                {
                    var xh = xhaz[j];
                    var column = x.AsSpan((j * n) + start, end - start);
                    var target = resid.AsSpan((j * n) + start, end - start);
                    for (var k = 0; k < column.Length; k++)
                    {
                        target[k] = risk[start + k] * ((column[k] * cumhaz) - xh);
                    }
                }

                Array.Clear(a2);
                var deathRisk = deaths > 0 ? CoxKernels.AccumulateRange(x, n, p, risk, start, deathEnd, a2) : 0.0;
                denom += deathRisk + CoxKernels.AccumulateRange(x, n, p, risk, deathEnd, end, a);
                for (var j = 0; j < p; j++)
                {
                    a[j] += a2[j];
                }

                if (deaths == 0)
                {
                    continue;
                }

                if (!efron || deaths == 1)
                {
                    var hazard = deaths / denom;
                    cumhaz += hazard;
                    for (var j = 0; j < p; j++)
                    {
                        var xbar = a[j] / denom;
                        xhaz[j] += xbar * hazard;
                        for (var i = start; i < deathEnd; i++)
                        {
                            resid[(j * n) + i] += x[(j * n) + i] - xbar;
                        }
                    }

                    continue;
                }

                // Efron: d steps; accumulate what each death receives in closed form.
                Array.Clear(meanXbar);
                Array.Clear(chargedXbar);
                var chargedHazard = 0.0;
                for (var k = 0; k < deaths; k++)
                {
                    var downweight = (double)k / deaths;
                    var temp = denom - (downweight * deathRisk);
                    var hazard = 1.0 / temp;
                    cumhaz += hazard;
                    chargedHazard += hazard * downweight;
                    for (var j = 0; j < p; j++)
                    {
                        var xbar = (a[j] - (downweight * a2[j])) / temp;
                        xhaz[j] += xbar * hazard;
                        meanXbar[j] += xbar / deaths;
                        chargedXbar[j] += hazard * downweight * xbar;
                    }
                }

                for (var j = 0; j < p; j++)
                {
                    for (var i = start; i < deathEnd; i++)
                    {
                        var xij = x[(j * n) + i];
                        resid[(j * n) + i] += xij - meanXbar[j] + (risk[i] * ((xij * chargedHazard) - chargedXbar[j]));
                    }
                }
            }

            // End of the stratum: charge every row the hazard of the times it was at risk for.
            for (var j = 0; j < p; j++)
            {
                var xh = xhaz[j];
                for (var i = firstRow; i < endRow; i++)
                {
                    resid[(j * n) + i] += risk[i] * (xh - (x[(j * n) + i] * cumhaz));
                }
            }
        }

        return resid;
    }
}
