using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using RlmsRegistry.Survival.Internal;

namespace RlmsRegistry.Survival;

/// <summary>One row of R's <c>cox.zph()$table</c>.</summary>
/// <param name="Term">Model term (a factor's columns are tested together), or "GLOBAL".</param>
/// <param name="Chisq">Score-test statistic.</param>
/// <param name="Df">Degrees of freedom: the term's number of non-singular columns.</param>
/// <param name="P">Upper-tail chi-square p-value.</param>
public sealed record PhTerm(string Term, double Chisq, int Df, double P);

/// <summary>Result of the proportional-hazards test.</summary>
public sealed class PhTestResult
{
    /// <summary>One test per model term, in term order (terms whose columns are all singular are omitted, as in R).</summary>
    public required IReadOnlyList<PhTerm> Terms { get; init; }

    /// <summary>The global test over all non-singular columns.</summary>
    public required PhTerm Global { get; init; }

    /// <summary>The time transform used: "km".</summary>
    public string Transform { get; init; } = "km";
}

/// <summary>
/// Test of proportional hazards as R's <c>cox.zph(fit, transform = "km", terms = TRUE)</c> computes it in
/// survival 3.x: a score test, at the fitted beta, for adding the interactions x * g(t) to the model,
/// where g(t) = 1 - S_KM(t-) centred by its mean over the events (S_KM is the Kaplan–Meier curve of all
/// rows, ignoring strata). This is the exact score test, not the older Grambsch–Therneau approximation
/// from scaled Schoenfeld residuals.
/// </summary>
/// <remarks>
/// Input: the data and the fit made from it (same rows, same options). For each term with columns J the
/// statistic is u' M^-1 u with u = (0, U2_J), M the information of (beta, gamma_J), and U2 = sum over
/// death times of g(t) (x_deaths - xbar(t)) (Efron or Breslow weighting as the fit); the global test uses
/// all columns. Singular (NA) coefficients are dropped first. Per-stratum risk sets, one g() for all.
/// Cost: O(n p^2).
/// </remarks>
public static class ProportionalHazardsTest
{
    /// <summary>Computes the test for a fit made with default time fixing.</summary>
    public static PhTestResult Compute(CoxData data, CoxResult fit) => Compute(data, fit, timeFix: true);

    /// <summary>Computes the test; <paramref name="timeFix"/> must match the fit's <see cref="CoxOptions.TimeFix"/>.</summary>
    public static PhTestResult Compute(CoxData data, CoxResult fit, bool timeFix)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        data.Validate();
        if (fit.Coefficients.Count != data.Columns.Length || fit.N != data.RowCount)
        {
            throw new ArgumentException("The fit does not belong to these data.", nameof(fit));
        }

        return Compute(data, fit, SortedCoxData.Create(data, timeFix));
    }

    /// <summary>Computes the test on the sorted layout the fit already used (no second sort or copy).</summary>
    /// <param name="data">The data.</param>
    /// <param name="fit">The fit of the data.</param>
    /// <param name="sorted">The layout the fit used.</param>
    /// <param name="g">The time transform of <see cref="KaplanMeierTransform"/> when already computed, else null.</param>
    internal static PhTestResult Compute(CoxData data, CoxResult fit, SortedCoxData sorted, double[]? g = null)
    {
        var keep = Enumerable.Range(0, sorted.P).Where(j => !double.IsNaN(fit.Coefficients[j].Coef)).ToArray();
        var q = keep.Length;
        var terms = new List<(string Name, int[] Columns)>();
        foreach (var term in data.EffectiveTerms)
        {
            var cols = term.Columns.Select(c => Array.IndexOf(keep, c)).Where(k => k >= 0).ToArray();
            if (cols.Length > 0)
            {
                terms.Add((term.Name, cols));
            }
        }

        if (q == 0 || sorted.Events == 0)
        {
            return new PhTestResult
            {
                Terms = [.. terms.Select(t => new PhTerm(t.Name, double.NaN, t.Columns.Length, double.NaN))],
                Global = new PhTerm("GLOBAL", double.NaN, q, double.NaN),
            };
        }

        var (u2, info) = ScoreAndInformation(sorted, fit, keep, fit.Ties == CoxTies.Efron, g ?? KaplanMeierTransform(sorted));
        var size = 2 * q;

        var results = new List<PhTerm>();
        foreach (var (name, cols) in terms)
        {
            var index = Enumerable.Range(0, q).Concat(cols.Select(c => c + q)).ToArray();
            var chisq = ScoreStatistic(info, size, index, u2, q);
            results.Add(new PhTerm(name, chisq, cols.Length, Distributions.ChiSquareUpperTail(chisq, cols.Length)));
        }

        var all = Enumerable.Range(0, size).ToArray();
        var global = ScoreStatistic(info, size, all, u2, q);
        return new PhTestResult
        {
            Terms = results,
            Global = new PhTerm("GLOBAL", global, q, Distributions.ChiSquareUpperTail(global, q)),
        };
    }

    /// <summary>
    /// u' M^-1 u for the rows/columns <paramref name="index"/> of the 2q x 2q information, where u is 0 on
    /// the first q (beta) positions and U2 on the others. NaN when the sub-matrix is singular.
    /// </summary>
    private static double ScoreStatistic(double[] info, int size, int[] index, double[] u2, int q)
    {
        var m = index.Length;
        var a = Matrix<double>.Build.Dense(m, m, (r, c) => info[(index[r] * size) + index[c]]);
        var u = Vector<double>.Build.Dense(m, r => index[r] < q ? 0 : u2[index[r] - q]);

        // R's solve() (LAPACK dgesv): LU with partial pivoting; an exactly singular matrix gives NaN.
        var lu = a.LU();
        var pivots = lu.U.Diagonal();
        if (pivots.Exists(p => !(p != 0) || !double.IsFinite(p)))
        {
            return double.NaN;
        }

        return u.DotProduct(lu.Solve(u));
    }

    /// <summary>
    /// U2 (length q) and the 2q x 2q information [[I, G1], [G1, G2]] at the fitted beta, where G1 and G2
    /// weight each death time's information contribution by g(t) and g(t)^2 (survival's zph1).
    /// Computed on the centred/scaled layout: the statistics are invariant to that affine change.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double[] U2, double[] Info) ScoreAndInformation(SortedCoxData sorted, CoxResult fit, int[] keep, bool efron, double[] g)
    {
        var n = sorted.N;
        var q = keep.Length;

        // Covariates of the kept columns (the layout itself when every column is kept, the usual case: no copy)
        // and the fitted linear predictor.
        var x = q == sorted.P ? sorted.X : new double[n * q];
        var beta = new double[q];
        for (var k = 0; k < q; k++)
        {
            var j = keep[k];
            if (!ReferenceEquals(x, sorted.X))
            {
                sorted.X.AsSpan(j * n, n).CopyTo(x.AsSpan(k * n, n));
            }

            beta[k] = fit.Coefficients[j].Coef / sorted.Scale[j];
        }

        var eta = new double[n];
        var risk = new double[n];
        CoxKernels.LinearPredictorAndRisk(x, n, q, beta, eta, risk);

        var u2 = new double[q];
        var i11 = new double[q * q];
        var i12 = new double[q * q];
        var i22 = new double[q * q];
        var a = new double[q];
        var a2 = new double[q];
        var blockH = new double[sorted.BlockCount];
        var blockH2 = new double[sorted.BlockCount];
        var c0 = new double[n];
        var c1 = new double[n];
        var c2 = new double[n];

        for (var seg = 0; seg + 1 < sorted.SegmentStart.Length; seg++)
        {
            var denom = 0.0;
            Array.Clear(a);
            var firstBlock = sorted.SegmentStart[seg];
            var endBlock = sorted.SegmentStart[seg + 1];
            for (var b = firstBlock; b < endBlock; b++)
            {
                var start = sorted.BlockStart[b];
                var end = sorted.BlockStart[b + 1];
                var deaths = sorted.BlockDeaths[b];
                var deathEnd = start + deaths;
                var gt = g[start];
                var deathRisk = 0.0;
                Array.Clear(a2);
                for (var i = start; i < end; i++)
                {
                    var r = risk[i];
                    var isDeath = i < deathEnd;
                    if (isDeath)
                    {
                        deathRisk += r;
                    }
                    else
                    {
                        denom += r;
                    }

                    for (var k = 0; k < q; k++)
                    {
                        var xik = x[(k * n) + i];
                        if (isDeath)
                        {
                            a2[k] += r * xik;
                            u2[k] += gt * xik;
                        }
                        else
                        {
                            a[k] += r * xik;
                        }
                    }
                }

                if (deaths == 0)
                {
                    continue;
                }

                var t = CoxKernels.ComputeTieSums(efron, deaths, denom, deathRisk);
                for (var k = 0; k < q; k++)
                {
                    u2[k] -= gt * ((a[k] * t.H) + (a2[k] * t.H2));
                }

                CoxKernels.SubtractOuter(i11, q, a, a2, t, 1.0);
                CoxKernels.SubtractOuter(i12, q, a, a2, t, gt);
                CoxKernels.SubtractOuter(i22, q, a, a2, t, gt * gt);
                blockH[b] = t.H;
                blockH2[b] = t.H2;
                denom += deathRisk;
                for (var k = 0; k < q; k++)
                {
                    a[k] += a2[k];
                }
            }

            double cum0 = 0, cum1 = 0, cum2 = 0;
            for (var b = endBlock - 1; b >= firstBlock; b--)
            {
                var start = sorted.BlockStart[b];
                var end = sorted.BlockStart[b + 1];
                var deathEnd = start + sorted.BlockDeaths[b];
                var gt = g[start];
                var own = blockH2[b];
                for (var i = start; i < deathEnd; i++)
                {
                    c0[i] = risk[i] * (cum0 + own);
                    c1[i] = risk[i] * (cum1 + (gt * own));
                    c2[i] = risk[i] * (cum2 + (gt * gt * own));
                }

                cum0 += blockH[b];
                cum1 += gt * blockH[b];
                cum2 += gt * gt * blockH[b];
                for (var i = deathEnd; i < end; i++)
                {
                    c0[i] = risk[i] * cum0;
                    c1[i] = risk[i] * cum1;
                    c2[i] = risk[i] * cum2;
                }
            }
        }

        // Three weighted Gram products of the same covariates: one pass over them, on the cores there are.
        CoxKernels.AddWeightedGramsLowerParallel(x, n, q, [c0, c1, c2], [i11, i12, i22]);
        CoxKernels.SymmetrizeFromLower(i11, q);
        CoxKernels.SymmetrizeFromLower(i12, q);
        CoxKernels.SymmetrizeFromLower(i22, q);

        var size = 2 * q;
        var info = new double[size * size];
        for (var r = 0; r < q; r++)
        {
            for (var c = 0; c < q; c++)
            {
                info[(r * size) + c] = i11[(r * q) + c];
                info[(r * size) + c + q] = i12[(r * q) + c];
                info[((r + q) * size) + c] = i12[(r * q) + c];
                info[((r + q) * size) + c + q] = i22[(r * q) + c];
            }
        }

        return (u2, info);
    }

    /// <summary>
    /// g per sorted row: 1 - S(t-) from the Kaplan–Meier curve of all rows (strata ignored, as cox.zph's
    /// survfitKM call), minus its mean over the event rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double[] KaplanMeierTransform(SortedCoxData sorted)
    {
        var n = sorted.N;
        double[] keys;
        int[] index;
        if (sorted.SegmentStart.Length <= 2)
        {
            // One stratum: the layout is already in descending time, so ascending time is the reverse order (rows
            // of equal time stay together, which is all the curve needs).
            keys = new double[n];
            index = new int[n];
            for (var i = 0; i < n; i++)
            {
                keys[i] = sorted.Time[n - 1 - i];
                index[i] = n - 1 - i;
            }
        }
        else
        {
            keys = (double[])sorted.Time.Clone();
            index = new int[n];
            for (var i = 0; i < n; i++)
            {
                index[i] = i;
            }

            RadixSort.Sort(keys, index);
        }

        var g = new double[n];
        var survival = 1.0;
        var start = 0;
        while (start < n)
        {
            var t = keys[start];
            var end = start;
            var deaths = 0;
            while (end < n && keys[end] == t)
            {
                deaths += sorted.Status[index[end]];
                end++;
            }

            var atRisk = n - start;
            for (var k = start; k < end; k++)
            {
                g[index[k]] = 1 - survival;
            }

            survival *= 1 - ((double)deaths / atRisk);
            start = end;
        }

        var sum = 0.0;
        var events = 0;
        for (var i = 0; i < n; i++)
        {
            if (sorted.Status[i] == 1)
            {
                sum += g[i];
                events++;
            }
        }

        var mean = sum / events;
        for (var i = 0; i < n; i++)
        {
            g[i] -= mean;
        }

        return g;
    }
}
