using System.Runtime.CompilerServices;

namespace RlmsRegistry.Survival;

/// <summary>
/// Score residuals of a right-censored Cox model (R's <c>residuals(fit, type = "score")</c>, survival's
/// coxscore2), computed in O(n p) time.
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
/// (x_i - xbar_k) and is charged only (1 - k/d) of step k's hazard.
/// </para>
/// <para>
/// Two passes. The first walks each stratum from its latest time (growing risk-set sums), writes the
/// deaths' own terms and keeps, per death time, h = sum_k h_k and hx = sum_k h_k xbar_k. The second walks
/// from the earliest time up, accumulating H = sum h and HX = sum hx over the times each row is at risk
/// for, and charges -r_i (x_i H - HX). Accumulating only those times (rather than a stratum total minus
/// the later times, as survival 3.8's coxscore2 does) keeps the result exact when a late risk set is tiny
/// and its hazard huge, as with near-infinite coefficients — the direct sums of survival 3.5.
/// Extra memory: p + 1 doubles per distinct death time.
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
        var blockStart = data.BlockStart;
        var blockDeaths = data.BlockDeaths;

        var deathTimes = 0;
        for (var b = 0; b < data.BlockCount; b++)
        {
            if (blockDeaths[b] > 0)
            {
                deathTimes++;
            }
        }

        var hazardOf = new double[deathTimes];
        var hazardXbar = new double[checked(deathTimes * p)];
        var a = new double[p];
        var a2 = new double[p];
        var meanXbar = new double[p];
        var chargedXbar = new double[p];
        var cumulativeXbar = new double[p];

        var slot = 0;   // index of the next death time in hazardOf / hazardXbar
        for (var seg = 0; seg + 1 < data.SegmentStart.Length; seg++)
        {
            var firstBlock = data.SegmentStart[seg];
            var endBlock = data.SegmentStart[seg + 1];

            // Pass 1: latest time first. Risk-set sums, per-time hazard sums, the deaths' own terms.
            var denom = 0.0;
            Array.Clear(a);
            for (var b = firstBlock; b < endBlock; b++)
            {
                var start = blockStart[b];
                var end = blockStart[b + 1];
                var deaths = blockDeaths[b];
                var deathEnd = start + deaths;
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

                var hx = hazardXbar.AsSpan(slot * p, p);
                if (!efron || deaths == 1)
                {
                    var hazard = deaths / denom;
                    hazardOf[slot] = hazard;
                    for (var j = 0; j < p; j++)
                    {
                        var mean = a[j] / denom;
                        hx[j] = mean * hazard;
                        var column = x.AsSpan((j * n) + start, deaths);
                        var target = resid.AsSpan((j * n) + start, deaths);
                        for (var k = 0; k < deaths; k++)
                        {
                            target[k] = column[k] - mean;
                        }
                    }
                }
                else
                {
                    // Efron: d steps; what each death receives, in closed form over the steps.
                    Array.Clear(meanXbar);
                    Array.Clear(chargedXbar);
                    hx.Clear();
                    double totalHazard = 0, chargedHazard = 0;
                    for (var k = 0; k < deaths; k++)
                    {
                        var downweight = (double)k / deaths;
                        var temp = denom - (downweight * deathRisk);
                        var hazard = 1.0 / temp;
                        totalHazard += hazard;
                        chargedHazard += hazard * downweight;
                        for (var j = 0; j < p; j++)
                        {
                            var mean = (a[j] - (downweight * a2[j])) / temp;
                            hx[j] += mean * hazard;
                            meanXbar[j] += mean / deaths;
                            chargedXbar[j] += hazard * downweight * mean;
                        }
                    }

                    hazardOf[slot] = totalHazard;
                    for (var j = 0; j < p; j++)
                    {
                        var column = x.AsSpan((j * n) + start, deaths);
                        var target = resid.AsSpan((j * n) + start, deaths);
                        for (var k = 0; k < deaths; k++)
                        {
                            var xij = column[k];
                            target[k] = xij - meanXbar[j] + (risk[start + k] * ((xij * chargedHazard) - chargedXbar[j]));
                        }
                    }
                }

                slot++;
            }

            // Pass 2: earliest time first. Charge each row the hazard of the times it is at risk for.
            var segmentEndSlot = slot;
            var cumulative = 0.0;
            Array.Clear(cumulativeXbar);
            for (var b = endBlock - 1; b >= firstBlock; b--)
            {
                var start = blockStart[b];
                var end = blockStart[b + 1];
                var deaths = blockDeaths[b];
                if (deaths > 0)
                {
                    slot--;
                    cumulative += hazardOf[slot];
                    var hx = hazardXbar.AsSpan(slot * p, p);
                    for (var j = 0; j < p; j++)
                    {
                        cumulativeXbar[j] += hx[j];
                    }
                }

                for (var j = 0; j < p; j++)
                {
                    var cx = cumulativeXbar[j];
                    var column = x.AsSpan((j * n) + start, end - start);
                    var target = resid.AsSpan((j * n) + start, end - start);
                    for (var k = 0; k < deaths; k++)
                    {
                        target[k] -= risk[start + k] * ((column[k] * cumulative) - cx);
                    }

                    for (var k = deaths; k < column.Length; k++)
                    {
                        target[k] = -risk[start + k] * ((column[k] * cumulative) - cx);
                    }
                }
            }

            slot = segmentEndSlot;
        }

        return resid;
    }
}
