using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RlmsRegistry.Survival;

/// <summary>
/// Dense building blocks shared by the Cox routines: linear predictors, weighted Gram matrices and the
/// per-death-time sums of the Breslow and Efron approximations. Arrays of covariates are column-major
/// over n rows (<c>x[j * n + i]</c>); p x p matrices are row-major. Vectorised with 256-bit lanes where
/// the hardware has them; the scalar path gives the same results up to rounding.
/// </summary>
internal static class CoxKernels
{
    /// <summary>Rows per cache-resident chunk (p columns of it fit in L1/L2 together).</summary>
    internal const int Chunk = 512;

    /// <summary>
    /// eta[i] = sum_j beta[j] * x[j * n + i] for i in [0, n). Input: covariates (column-major),
    /// coefficients on the same scale. Output: <paramref name="eta"/> (length n). O(n p), chunked so eta
    /// stays in cache while the columns stream past.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LinearPredictor(double[] x, int n, int p, ReadOnlySpan<double> beta, Span<double> eta) =>
        LinearPredictorRange(x, n, p, beta, eta, 0, n);

    /// <summary>
    /// y[i] += a * v[i], a multiply then an add (never fused) in every lane and in the scalar tail alike: a value does
    /// not depend on its position, so rows with equal covariates get bit-identical linear predictors (ties in the
    /// score stay ties, which concordance counts as 1/2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(Span<double> y, ReadOnlySpan<double> v, double a)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && y.Length >= Vector256<double>.Count)
        {
            ref var ry = ref MemoryMarshal.GetReference(y);
            ref var rv = ref MemoryMarshal.GetReference(v);
            var va = Vector256.Create(a);
            var last = y.Length - Vector256<double>.Count;
            for (; i <= last; i += Vector256<double>.Count)
            {
                var product = va * Vector256.LoadUnsafe(ref rv, (nuint)i);
                (Vector256.LoadUnsafe(ref ry, (nuint)i) + product).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < y.Length; i++)
        {
            y[i] += a * v[i];
        }
    }

    /// <summary>
    /// Adds the lower triangle of sum_i c[i] x_i x_i' to <paramref name="g"/> (p x p, row-major) and
    /// leaves the upper triangle untouched. Input: covariates (column-major over n rows), row weights c.
    /// <paramref name="buffer"/> must hold p * <see cref="Chunk"/> doubles. O(n p^2 / 2) multiply-adds,
    /// computed chunk by chunk as dot products of cache-resident column pieces.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddWeightedGramLower(double[] x, int n, int p, ReadOnlySpan<double> c, double[] g, double[] buffer) =>
        AddWeightedGramLower(x, n, p, c, g, buffer, 0, p);

    /// <summary>
    /// <see cref="AddWeightedGramLower(double[], int, int, ReadOnlySpan{double}, double[], double[])"/> on two cores:
    /// the rows of the lower triangle are split between them (each entry still sums its chunks in the same order, so
    /// the result is bit for bit the one-core result). <paramref name="buffer2"/> is the second core's buffer
    /// (p * <see cref="Chunk"/> doubles). Small problems run on one core.
    /// </summary>
    public static void AddWeightedGramLowerParallel(double[] x, int n, int p, double[] c, double[] g, double[] buffer, double[] buffer2)
    {
        if (Environment.ProcessorCount < 2 || p < 3 || (long)n * p * p < ParallelWork)
        {
            AddWeightedGramLower(x, n, p, c, g, buffer, 0, p);
            return;
        }

        var split = SplitTriangle(p);
        Parallel.Invoke(
            () => AddWeightedGramLower(x, n, p, c, g, buffer, 0, split),
            () => AddWeightedGramLower(x, n, p, c, g, buffer2, split, p));
    }

    /// <summary>
    /// Several weighted Gram products of the same covariates in one pass over them: for each m, adds the lower
    /// triangle of sum_i weights[m][i] x_i x_i' to <paramref name="grams"/>[m]. Each chunk of x is read from memory
    /// once for all the weights (the products are memory bound), and every entry sums its terms in the order of
    /// <see cref="AddWeightedGramLower(double[], int, int, ReadOnlySpan{double}, double[], double[])"/>, so each result
    /// is bit for bit that of a separate call. On two cores for large problems (rows of the triangle split as in
    /// <see cref="AddWeightedGramLowerParallel"/>).
    /// </summary>
    public static void AddWeightedGramsLowerParallel(double[] x, int n, int p, double[][] weights, double[][] grams)
    {
        if (Environment.ProcessorCount < 2 || p < 3 || (long)n * p * p * weights.Length < ParallelWork)
        {
            AddWeightedGramsLower(x, n, p, weights, grams, NewBuffers(weights.Length, p), 0, p);
            return;
        }

        var split = SplitTriangle(p);
        Parallel.Invoke(
            () => AddWeightedGramsLower(x, n, p, weights, grams, NewBuffers(weights.Length, p), 0, split),
            () => AddWeightedGramsLower(x, n, p, weights, grams, NewBuffers(weights.Length, p), split, p));

        static double[][] NewBuffers(int count, int p) => [.. Enumerable.Range(0, count).Select(_ => new double[p * Chunk])];
    }

    /// <summary>The first row of the lower triangle's second half, splitting its p (p + 1) / 2 entries about evenly.</summary>
    private static int SplitTriangle(int p)
    {
        // Row j of the lower triangle costs about j + 1 dot products: split the total in two halves.
        var split = p;
        var half = p * (p + 1) / 4;
        for (int j = p - 1, upper = 0; j > 0 && upper + j + 1 <= half; j--)
        {
            upper += j + 1;
            split = j;
        }

        return split;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddWeightedGramsLower(double[] x, int n, int p, double[][] weights, double[][] grams, double[][] buffers, int rowFrom, int rowTo)
    {
        for (var start = 0; start < n; start += Chunk)
        {
            var len = Math.Min(Chunk, n - start);
            for (var m = 0; m < weights.Length; m++)
            {
                ChunkGramLower(x, n, p, weights[m].AsSpan(start, len), grams[m], buffers[m], start, len, rowFrom, rowTo);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="column"/> for each of the p columns of an n-row design: side by side on the cores there
    /// are when the data are large (n p of at least <paramref name="parallelWork"/>), else in order. For per-column
    /// work that writes only its own column's results, so the values are the same either way.
    /// </summary>
    public static void ForEachColumn(int n, int p, long parallelWork, Action<int> column)
    {
        if (p > 1 && (long)n * p >= parallelWork && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, p, column);
            return;
        }

        for (var j = 0; j < p; j++)
        {
            column(j);
        }
    }

    /// <summary>Below this many multiply-adds (n p^2) a kernel stays on one core.</summary>
    internal const long ParallelWork = 4_000_000;

    /// <summary>
    /// <see cref="LinearPredictor"/> followed by risk[i] = exp(eta[i]) (unless <paramref name="risk"/> is null), on two
    /// cores for large n (split at a chunk boundary, so every value is the one-core value).
    /// </summary>
    public static void LinearPredictorAndRisk(double[] x, int n, int p, double[] beta, double[] eta, double[]? risk)
    {
        if (Environment.ProcessorCount < 2 || (long)n * (p + 4) < ParallelWork)
        {
            Range(0, n);
            return;
        }

        var half = ((n / 2) + Chunk - 1) / Chunk * Chunk;
        Parallel.Invoke(() => Range(0, half), () => Range(half, n));

        void Range(int from, int to)
        {
            var length = to - from;
            LinearPredictorRange(x, n, p, beta, eta, from, to);
            if (risk is null)
            {
                return;
            }

            var e = eta.AsSpan(from, length);
            var r = risk.AsSpan(from, length);
            for (var i = 0; i < e.Length; i++)
            {
                r[i] = Math.Exp(e[i]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LinearPredictorRange(double[] x, int n, int p, ReadOnlySpan<double> beta, Span<double> eta, int from, int to)
    {
        for (var start = from; start < to; start += Chunk)
        {
            var len = Math.Min(Chunk, to - start);
            var e = eta.Slice(start, len);
            e.Clear();
            for (var j = 0; j < p; j++)
            {
                var b = beta[j];
                if (b != 0)
                {
                    AddScaled(e, x.AsSpan((j * n) + start, len), b);
                }
            }
        }
    }

    /// <summary>Rows [<paramref name="rowFrom"/>, <paramref name="rowTo"/>) of the lower triangle of sum_i c[i] x_i x_i'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddWeightedGramLower(double[] x, int n, int p, ReadOnlySpan<double> c, double[] g, double[] buffer, int rowFrom, int rowTo)
    {
        for (var start = 0; start < n; start += Chunk)
        {
            var len = Math.Min(Chunk, n - start);
            ChunkGramLower(x, n, p, c.Slice(start, len), g, buffer, start, len, rowFrom, rowTo);
        }
    }

    /// <summary>Rows [<paramref name="rowFrom"/>, <paramref name="rowTo"/>) of one chunk's sum c[i] x_i x_i' (rows [start, start + len)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ChunkGramLower(double[] x, int n, int p, ReadOnlySpan<double> cs, double[] g, double[] buffer, int start, int len, int rowFrom, int rowTo)
    {
        for (var j = rowFrom; j < rowTo; j++)
        {
            Multiply(cs, x.AsSpan((j * n) + start, len), buffer.AsSpan(j * Chunk, len));
        }

        for (var j = rowFrom; j < rowTo; j++)
        {
            var cx = buffer.AsSpan(j * Chunk, len);
            var k = 0;
            for (; k + 3 <= j; k += 4)
            {
                Dot4(
                    cx,
                    x.AsSpan((k * n) + start, len),
                    x.AsSpan(((k + 1) * n) + start, len),
                    x.AsSpan(((k + 2) * n) + start, len),
                    x.AsSpan(((k + 3) * n) + start, len),
                    out var d0,
                    out var d1,
                    out var d2,
                    out var d3);
                g[(j * p) + k] += d0;
                g[(j * p) + k + 1] += d1;
                g[(j * p) + k + 2] += d2;
                g[(j * p) + k + 3] += d3;
            }

            for (; k <= j; k++)
            {
                g[(j * p) + k] += Dot(cx, x.AsSpan((k * n) + start, len));
            }
        }
    }

    /// <summary>
    /// Adds sum r_i x_i over sorted rows [start, end) to <paramref name="sums"/> and returns sum r_i.
    /// Short ranges go row by row; long ones (large tied blocks) column by column with vector dot products.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double AccumulateRange(double[] x, int n, int p, ReadOnlySpan<double> risk, int start, int end, Span<double> sums)
    {
        var length = end - start;
        if (length <= 0)
        {
            return 0;
        }

        if (length < 16)
        {
            var total = 0.0;
            for (var i = start; i < end; i++)
            {
                var r = risk[i];
                total += r;
                for (var j = 0; j < p; j++)
                {
                    sums[j] += r * x[(j * n) + i];
                }
            }

            return total;
        }

        var weights = risk.Slice(start, length);
        for (var j = 0; j < p; j++)
        {
            sums[j] += CoxKernels.Dot(weights, x.AsSpan((j * n) + start, length));
        }

        return CoxKernels.Sum(weights);
    }

    /// <summary>Copies the lower triangle of a p x p row-major matrix into its upper triangle.</summary>
    public static void SymmetrizeFromLower(double[] m, int p)
    {
        for (var j = 0; j < p; j++)
        {
            for (var k = 0; k < j; k++)
            {
                m[(k * p) + j] = m[(j * p) + k];
            }
        }
    }

    /// <summary>Sum of a[i] * b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<double>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            var acc = Vector256<double>.Zero;
            var last = a.Length - Vector256<double>.Count;
            for (; i <= last; i += Vector256<double>.Count)
            {
                acc = Vector256.MultiplyAddEstimate(
                    Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i), acc);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>
    /// Sum of the values and whether every value lies in {-1, 0, 1} (R's default <c>nocenter</c> set:
    /// such columns are neither centred nor scaled).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Sum, bool UnitValues) SumAndUnitCheck(ReadOnlySpan<double> a)
    {
        var i = 0;
        var sum = 0.0;
        var unit = true;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<double>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            var acc = Vector256<double>.Zero;
            var bad = Vector256<double>.Zero;
            var one = Vector256.Create(1.0);
            var last = a.Length - Vector256<double>.Count;
            for (; i <= last; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref ra, (nuint)i);
                acc += v;
                var ok = Vector256.Equals(v, Vector256<double>.Zero) | Vector256.Equals(Vector256.Abs(v), one);
                bad |= ~ok;
            }

            sum = Vector256.Sum(acc);
            unit = bad == Vector256<double>.Zero;
        }

        for (; i < a.Length; i++)
        {
            var v = a[i];
            sum += v;
            unit &= v == 0 || v == 1 || v == -1;
        }

        return (sum, unit);
    }

    /// <summary>True when every value is finite (no NaN, no infinity): x − x is 0 exactly for finite x.</summary>
    public static bool AllFinite(ReadOnlySpan<double> a)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<double>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            var bad = Vector256<double>.Zero;
            var last = a.Length - Vector256<double>.Count;
            for (; i <= last; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref ra, (nuint)i);
                bad |= ~Vector256.Equals(v - v, Vector256<double>.Zero);
            }

            if (bad != Vector256<double>.Zero)
            {
                return false;
            }
        }

        for (; i < a.Length; i++)
        {
            if (!double.IsFinite(a[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether any value is NaN (the missing-value marker of numeric columns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool HasNaN(ReadOnlySpan<double> a)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<double>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            var nan = Vector256<double>.Zero;
            var last = a.Length - Vector256<double>.Count;
            for (; i <= last; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref ra, (nuint)i);
                nan |= ~Vector256.Equals(v, v); // only NaN differs from itself
            }

            if (nan != Vector256<double>.Zero)
            {
                return true;
            }
        }

        for (; i < a.Length; i++)
        {
            if (double.IsNaN(a[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sum of |a[i] - center|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumAbsoluteDeviation(ReadOnlySpan<double> a, double center)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<double>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            var acc = Vector256<double>.Zero;
            var c = Vector256.Create(center);
            var last = a.Length - Vector256<double>.Count;
            for (; i <= last; i += Vector256<double>.Count)
            {
                acc += Vector256.Abs(Vector256.LoadUnsafe(ref ra, (nuint)i) - c);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - center);
        }

        return sum;
    }

    /// <summary>Sum of the values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum(ReadOnlySpan<double> a)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<double>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            var acc = Vector256<double>.Zero;
            var last = a.Length - Vector256<double>.Count;
            for (; i <= last; i += Vector256<double>.Count)
            {
                acc += Vector256.LoadUnsafe(ref ra, (nuint)i);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i];
        }

        return sum;
    }

    /// <summary>
    /// The sums one death time contributes under Breslow's or Efron's approximation (as survival's
    /// coxfit6 loops over them). Input: d deaths, <paramref name="denom0"/> = risk-score sum of everyone
    /// at risk except those deaths, <paramref name="deathRisk"/> = risk-score sum of the deaths.
    /// With D_k = denom0 + f_k * deathRisk and f_k = (k + 1) / d for k &lt; d (Efron; Breslow uses
    /// d copies of f = 1):
    /// logSum = sum log D_k; h = sum 1/D_k; h2 = sum f_k/D_k; s0 = sum 1/D_k^2; s1 = sum f_k/D_k^2;
    /// s2 = sum f_k^2/D_k^2. Unit case weights are assumed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TieSums ComputeTieSums(bool efron, int d, double denom0, double deathRisk)
    {
        if (!efron || d == 1)
        {
            var denom = denom0 + deathRisk;
            var inv = 1.0 / denom;
            return new TieSums(d * Math.Log(denom), d * inv, d * inv, d * inv * inv, d * inv * inv, d * inv * inv);
        }

        double logSum = 0, h = 0, h2 = 0, s0 = 0, s1 = 0, s2 = 0;
        var step = deathRisk / d;
        var denomK = denom0;
        for (var k = 0; k < d; k++)
        {
            // Same accumulation order as coxfit6: add 1/d of the deaths' risk at each step.
            denomK += step;
            var f = (k + 1.0) / d;
            var inv = 1.0 / denomK;
            var inv2 = inv * inv;
            logSum += Math.Log(denomK);
            h += inv;
            h2 += f * inv;
            s0 += inv2;
            s1 += f * inv2;
            s2 += f * f * inv2;
        }

        return new TieSums(logSum, h, h2, s0, s1, s2);
    }

    /// <summary>
    /// Subtracts the mean-product part of one death time's information from the lower triangle of
    /// <paramref name="imat"/>: s0 a a' + s1 (a a2' + a2 a') + s2 a2 a2', times <paramref name="weight"/>.
    /// </summary>
    public static void SubtractOuter(double[] imat, int p, ReadOnlySpan<double> a, ReadOnlySpan<double> a2, in TieSums t, double weight)
    {
        for (var j = 0; j < p; j++)
        {
            var t0 = weight * ((t.S0 * a[j]) + (t.S1 * a2[j]));
            var t1 = weight * ((t.S1 * a[j]) + (t.S2 * a2[j]));
            var row = j * p;
            for (var k = 0; k <= j; k++)
            {
                imat[row + k] -= (t0 * a[k]) + (t1 * a2[k]);
            }
        }
    }

    /// <summary>result[i] = a[i] * b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> result)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<double>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            ref var rr = ref MemoryMarshal.GetReference(result);
            var last = a.Length - Vector256<double>.Count;
            for (; i <= last; i += Vector256<double>.Count)
            {
                (Vector256.LoadUnsafe(ref ra, (nuint)i) * Vector256.LoadUnsafe(ref rb, (nuint)i)).StoreUnsafe(ref rr, (nuint)i);
            }
        }

        for (; i < a.Length; i++)
        {
            result[i] = a[i] * b[i];
        }
    }

    /// <summary>Four dot products sharing the left vector: d_m = sum v[i] * x_m[i] (one load of v per four multiply-adds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4(
        ReadOnlySpan<double> v,
        ReadOnlySpan<double> x0,
        ReadOnlySpan<double> x1,
        ReadOnlySpan<double> x2,
        ReadOnlySpan<double> x3,
        out double d0,
        out double d1,
        out double d2,
        out double d3)
    {
        var i = 0;
        d0 = d1 = d2 = d3 = 0;
        if (Vector256.IsHardwareAccelerated && v.Length >= Vector256<double>.Count)
        {
            ref var rv = ref MemoryMarshal.GetReference(v);
            ref var r0 = ref MemoryMarshal.GetReference(x0);
            ref var r1 = ref MemoryMarshal.GetReference(x1);
            ref var r2 = ref MemoryMarshal.GetReference(x2);
            ref var r3 = ref MemoryMarshal.GetReference(x3);
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            var last = v.Length - Vector256<double>.Count;
            for (; i <= last; i += Vector256<double>.Count)
            {
                var w = Vector256.LoadUnsafe(ref rv, (nuint)i);
                a0 = Vector256.MultiplyAddEstimate(w, Vector256.LoadUnsafe(ref r0, (nuint)i), a0);
                a1 = Vector256.MultiplyAddEstimate(w, Vector256.LoadUnsafe(ref r1, (nuint)i), a1);
                a2 = Vector256.MultiplyAddEstimate(w, Vector256.LoadUnsafe(ref r2, (nuint)i), a2);
                a3 = Vector256.MultiplyAddEstimate(w, Vector256.LoadUnsafe(ref r3, (nuint)i), a3);
            }

            d0 = Vector256.Sum(a0);
            d1 = Vector256.Sum(a1);
            d2 = Vector256.Sum(a2);
            d3 = Vector256.Sum(a3);
        }

        for (; i < v.Length; i++)
        {
            var w = v[i];
            d0 += w * x0[i];
            d1 += w * x1[i];
            d2 += w * x2[i];
            d3 += w * x3[i];
        }
    }
}

/// <summary>Per-death-time sums of the tie approximation; see <see cref="CoxKernels.ComputeTieSums"/>.</summary>
internal readonly record struct TieSums(double LogSum, double H, double H2, double S0, double S1, double S2);
