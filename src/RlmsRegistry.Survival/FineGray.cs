using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using RlmsRegistry.Survival.Internal;

namespace RlmsRegistry.Survival;

/// <summary>Options of <see cref="FineGray.Fit"/>; the defaults are <c>cmprsk::crr</c>'s (gtol = 1e-6, maxiter = 10).</summary>
public sealed record FineGrayOptions
{
    /// <summary>Convergence when max |score_j| · max(|b_j|, 1) &lt; max(|log pseudo-likelihood|, 1) · tolerance.</summary>
    public double GradientTolerance { get; init; } = 1e-6;

    /// <summary>Newton–Raphson iterations at most (0 = evaluate at the start values only).</summary>
    public int MaxIterations { get; init; } = 10;

    /// <summary>Confidence level of the hazard-ratio limits.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Throws <see cref="ArgumentException"/> for a non-positive tolerance, negative iterations or a level outside (0, 1).</summary>
    public void Validate()
    {
        if (!(GradientTolerance > 0))
        {
            throw new ArgumentException("The gradient tolerance must be positive.", nameof(GradientTolerance));
        }

        if (MaxIterations < 0)
        {
            throw new ArgumentException("The maximum number of iterations cannot be negative.", nameof(MaxIterations));
        }

        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
        {
            throw new ArgumentException("The confidence level must lie strictly between 0 and 1.", nameof(ConfidenceLevel));
        }
    }
}

/// <summary>One subdistribution-hazard coefficient.</summary>
/// <param name="Term">Column name, e.g. "sexM".</param>
/// <param name="Coef">log subdistribution hazard ratio.</param>
/// <param name="StdErr">Square root of the sandwich variance's diagonal (crr's <c>var</c>).</param>
/// <param name="Z">Coef / StdErr.</param>
/// <param name="P">Two-sided normal p-value.</param>
/// <param name="HazardRatio">exp(Coef).</param>
/// <param name="Lower">Lower Wald limit of the hazard ratio.</param>
/// <param name="Upper">Upper Wald limit of the hazard ratio.</param>
public sealed record FineGrayCoefficient(
    string Term, double Coef, double StdErr, double Z, double P, double HazardRatio, double Lower, double Upper);

/// <summary>A Fine–Gray fit. Failing to converge is reported in <see cref="Converged"/>, not thrown.</summary>
public sealed record FineGrayResult
{
    /// <summary>Rows used.</summary>
    public required int N { get; init; }

    /// <summary>The cause modelled.</summary>
    public required int Cause { get; init; }

    /// <summary>Rows failing from the cause.</summary>
    public required int Events { get; init; }

    /// <summary>Rows failing from another cause.</summary>
    public required int CompetingEvents { get; init; }

    /// <summary>crr's convergence flag.</summary>
    public required bool Converged { get; init; }

    /// <summary>Newton steps taken.</summary>
    public required int Iterations { get; init; }

    /// <summary>Log pseudo-likelihood at the estimate (crr's <c>loglik</c>).</summary>
    public required double LogPseudoLikelihood { get; init; }

    /// <summary>Log pseudo-likelihood at b = 0 (crr's <c>loglik.null</c>).</summary>
    public required double NullLogPseudoLikelihood { get; init; }

    /// <summary>Coefficients in column order.</summary>
    public required IReadOnlyList<FineGrayCoefficient> Coefficients { get; init; }

    /// <summary>Sandwich variance I⁻¹ (Σ uᵢ uᵢ') I⁻¹ including the censoring-weight term (crr's <c>var</c>).</summary>
    public required double[,] Variance { get; init; }

    /// <summary>Observed pseudo-information at the estimate (crr's <c>inf</c>).</summary>
    public required double[,] Information { get; init; }
}

/// <summary>
/// The Fine–Gray proportional subdistribution-hazards model, reproducing <c>cmprsk::crr</c> with its defaults
/// (one censoring group, no time-varying terms).
/// </summary>
/// <remarks>
/// Inputs: time, status (0 = censored, <c>cause</c> = the event of interest, any other value = a competing event),
/// design columns (finite). Output: estimates, crr's sandwich variance, log pseudo-likelihoods, convergence.
/// Weights: G is the Kaplan–Meier of censoring (censored rows are its events; rows tied with it stay at risk), read
/// just before each row's time (G(t−); at t = 0, G(0)). At a distinct time τ of the cause with d events, a row is in
/// the risk set with weight 1 when its time is &gt;= τ and with weight G(τ−)/G(tᵢ−) when it failed earlier from a
/// competing cause. Log pseudo-likelihood: Σ_τ [Σ_{fail} x b − d log S0(τ)].
/// Newton–Raphson as crr: start at 0; stop when max|score_j|·max(|b_j|,1) &lt; max(|loglik|,1)·gtol; step −H⁻¹U,
/// halved while the objective fails the Armijo condition (1e-4), at most 20 halvings.
/// Variance: I⁻¹ (Σ (ηᵢ + ψᵢ)(ηᵢ + ψᵢ)') I⁻¹, ηᵢ the score residual (dN − dΛ parts) and ψᵢ the term for the estimated
/// censoring distribution, ψᵢ = q(tᵢ) dNcᵢ / Y(tᵢ) − Σ_{u ≤ tᵢ} q(u) dNc(u) / Y(u)², q(u) = Σ_{τ ≥ u} d G(τ−)/S0(τ)
/// Σ_{competing j, tⱼ &lt; u} eⁿʲ/G(tⱼ−) (xⱼ − x̄(τ)) (Fine &amp; Gray 1999, section 3). All sums are running
/// prefix/suffix sums over the time-sorted rows: O(n p²) per iteration, O(n p²) for the variance.
/// Covariates are centred on their means internally (the likelihood, score and information are unchanged).
/// </remarks>
public static class FineGray
{
    /// <summary>
    /// Solves A x = b (A m x m row-major) as R's solve() does (LAPACK dgesv: LU with partial pivoting, MathNet's
    /// LU), writing x into <paramref name="b"/>. False when A is exactly singular or not finite.
    /// </summary>
    private static bool LuSolve(double[] a, int m, double[] b)
    {
        var lu = Matrix<double>.Build.Dense(m, m, (r, c) => a[(r * m) + c]).LU();
        if (lu.U.Diagonal().Exists(d => !(d != 0) || !double.IsFinite(d)))
        {
            return false;
        }

        var x = lu.Solve(Vector<double>.Build.Dense(b));
        for (var k = 0; k < m; k++)
        {
            b[k] = x[k];
        }

        return true;
    }

    private const double Armijo = 1e-4;
    private const int MaxHalvings = 20;

    /// <summary>
    /// Fits the model. Throws <see cref="ArgumentException"/> for mismatched lengths, non-finite values, no
    /// columns, or no event of <paramref name="cause"/>.
    /// </summary>
    public static FineGrayResult Fit(
        IReadOnlyList<double> time, IReadOnlyList<int> status, int cause, double[][] columns, string[] names, FineGrayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(names);
        options ??= new FineGrayOptions();
        options.Validate();
        var n = time.Count;
        var p = columns.Length;
        if (status.Count != n)
        {
            throw new ArgumentException($"Status has {status.Count} rows, time has {n}.", nameof(status));
        }

        if (p == 0 || names.Length != p)
        {
            throw new ArgumentException("At least one design column, and one name per column, are needed.", nameof(columns));
        }

        if (cause == 0)
        {
            throw new ArgumentException("The cause cannot be the censoring code 0.", nameof(cause));
        }

        var data = Layout.Create(time, status, cause, columns);
        if (data.Events == 0)
        {
            throw new ArgumentException($"No row has the cause {cause}.", nameof(cause));
        }

        var work = new Workspace(data);
        var b = new double[p];
        var nullLik = work.Evaluate(b, derivatives: false);
        var converged = false;
        var iterations = 0;
        var lik = 0.0;
        for (var iter = 0; ; iter++)
        {
            lik = work.Evaluate(b, derivatives: true);
            var gradient = 0.0;
            for (var j = 0; j < p; j++)
            {
                gradient = Math.Max(gradient, Math.Abs(work.Score[j]) * Math.Max(Math.Abs(b[j]), 1));
            }

            if (gradient < Math.Max(Math.Abs(lik), 1) * options.GradientTolerance)
            {
                converged = true;
                break;
            }

            if (iter == options.MaxIterations)
            {
                break;
            }

            // Step: -H^-1 U (minimisation form), then backtracking on the objective.
            var h = (double[])work.Information.Clone();
            var step = (double[])work.Score.Clone();
            if (!LuSolve(h, p, step))
            {
                break;
            }

            var slope = 0.0;
            for (var j = 0; j < p; j++)
            {
                step[j] = -step[j];
                slope += step[j] * work.Score[j];
            }

            var trial = new double[p];
            var halvings = 0;
            while (true)
            {
                for (var j = 0; j < p; j++)
                {
                    trial[j] = b[j] + step[j];
                }

                var value = work.Evaluate(trial, derivatives: false);
                if (!double.IsNaN(value) && !(value > lik + (Armijo * slope)))
                {
                    break;
                }

                if (++halvings > MaxHalvings)
                {
                    break;
                }

                for (var j = 0; j < p; j++)
                {
                    step[j] *= 0.5;
                }
            }

            if (halvings > MaxHalvings)
            {
                break;
            }

            Array.Copy(trial, b, p);
            iterations++;
        }

        // The derivatives held by the workspace are those at b (the last Evaluate with derivatives ran at b
        // unless a failed step stopped the loop, in which case it also ran at b).
        var information = new double[p, p];
        for (var j = 0; j < p; j++)
        {
            for (var l = 0; l < p; l++)
            {
                information[j, l] = work.Information[(j * p) + l];
            }
        }

        var variance = work.SandwichVariance(b);
        var z = ConfidenceLimits.ZForLevel(options.ConfidenceLevel);
        var coefficients = new FineGrayCoefficient[p];
        for (var j = 0; j < p; j++)
        {
            var se = Math.Sqrt(variance[j, j]);
            var zj = b[j] / se;
            coefficients[j] = new FineGrayCoefficient(
                names[j], b[j], se, zj, Distributions.NormalTwoSided(zj), Math.Exp(b[j]), Math.Exp(b[j] - (z * se)), Math.Exp(b[j] + (z * se)));
        }

        return new FineGrayResult
        {
            N = n,
            Cause = cause,
            Events = data.Events,
            CompetingEvents = data.Competing,
            Converged = converged,
            Iterations = iterations,
            LogPseudoLikelihood = -lik,
            NullLogPseudoLikelihood = -nullLik,
            Coefficients = coefficients,
            Variance = variance,
            Information = information,
        };
    }

    /// <summary>Rows sorted by time with their type, censoring weight and centred covariates (row-major).</summary>
    private sealed class Layout
    {
        public int N;
        public int P;
        public double[] X = [];          // n × p, row-major, centred
        public byte[] Type = [];         // 0 censored, 1 cause, 2 competing
        public double[] GMinus = [];     // censoring KM just before the row's time
        public int[] BlockStart = [];    // distinct-time blocks, with a sentinel
        public int[] FailBlock = [];     // block index of each distinct failure time, ascending
        public int[] FailCount = [];     // d at each failure time
        public int Events;
        public int Competing;

        public static Layout Create(IReadOnlyList<double> time, IReadOnlyList<int> status, int cause, double[][] columns)
        {
            var n = time.Count;
            var p = columns.Length;
            var keys = new double[n];
            for (var i = 0; i < n; i++)
            {
                keys[i] = time[i];
                if (!double.IsFinite(keys[i]))
                {
                    throw new ArgumentException($"Time at row {i} is not a finite number.", nameof(time));
                }
            }

            foreach (var column in columns)
            {
                if (column.Length != n)
                {
                    throw new ArgumentException($"A design column has {column.Length} rows, expected {n}.", nameof(columns));
                }
            }

            var order = RadixSort.SortedOrder(keys);
            var d = new Layout { N = n, P = p, X = new double[n * p], Type = new byte[n], GMinus = new double[n] };
            var means = new double[p];
            for (var j = 0; j < p; j++)
            {
                var sum = 0.0;
                foreach (var v in columns[j])
                {
                    if (!double.IsFinite(v))
                    {
                        throw new ArgumentException("A design column holds a value that is not finite.", nameof(columns));
                    }

                    sum += v;
                }

                means[j] = sum / n;
            }

            var sortedTime = new double[n];
            for (var k = 0; k < n; k++)
            {
                var i = order[k];
                sortedTime[k] = time[i];
                var s = status[i];
                d.Type[k] = s == 0 ? (byte)0 : s == cause ? (byte)1 : (byte)2;
                for (var j = 0; j < p; j++)
                {
                    d.X[(k * p) + j] = columns[j][i] - means[j];
                }
            }

            // Blocks of equal time, the censoring KM before each, and the failure times.
            var blocks = new List<int>();
            var failBlocks = new List<int>();
            var failCounts = new List<int>();
            var atRisk = (double)n;
            var g = 1.0;
            for (var k = 0; k < n;)
            {
                var t = sortedTime[k];
                var start = k;
                int censored = 0, failures = 0;
                for (; k < n && sortedTime[k] == t; k++)
                {
                    switch (d.Type[k])
                    {
                        case 0: censored++; break;
                        case 1: failures++; break;
                        default: d.Competing++; break;
                    }
                }

                var after = g * (atRisk - censored) / atRisk;
                var before = t == 0 ? after : g;
                for (var r = start; r < k; r++)
                {
                    d.GMinus[r] = before;
                }

                if (failures > 0)
                {
                    failBlocks.Add(blocks.Count);
                    failCounts.Add(failures);
                    d.Events += failures;
                }

                blocks.Add(start);
                g = after;
                atRisk -= k - start;
            }

            blocks.Add(n);
            d.BlockStart = [.. blocks];
            d.FailBlock = [.. failBlocks];
            d.FailCount = [.. failCounts];
            return d;
        }
    }

    /// <summary>Buffers reused across Newton iterations.</summary>
    private sealed class Workspace
    {
        private readonly Layout _d;
        private readonly int _m;
        private readonly int _packed;
        private readonly double[] _risk;     // exp(x b) per sorted row
        private readonly double[] _eta;      // x b per sorted row
        private readonly double[] _b0;       // per failure time: Σ_{competing, t < τ} r / G(t−)
        private readonly double[] _b1;       // m × p
        private readonly double[] _b2;       // m × packed upper triangle
        private readonly double[] _s0;       // per failure time: S0(τ) at the last derivative evaluation
        private readonly double[] _xbar;     // m × p

        public Workspace(Layout d)
        {
            _d = d;
            _m = d.FailBlock.Length;
            var p = d.P;
            _packed = p * (p + 1) / 2;
            _risk = new double[d.N];
            _eta = new double[d.N];
            _b0 = new double[_m];
            _b1 = new double[_m * p];
            _b2 = new double[_m * _packed];
            _s0 = new double[_m];
            _xbar = new double[_m * p];
            Score = new double[p];
            Information = new double[p * p];
        }

        /// <summary>Minimisation-form score −U (crr's internal sign), at the last derivative evaluation.</summary>
        public double[] Score { get; }

        /// <summary>Information (p × p row-major), at the last derivative evaluation.</summary>
        public double[] Information { get; }

        /// <summary>
        /// The negative log pseudo-likelihood at <paramref name="beta"/>; with <paramref name="derivatives"/> also
        /// the score and information (and S0, x̄ per failure time for the variance). NaN/∞ on overflow.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public double Evaluate(double[] beta, bool derivatives)
        {
            var d = _d;
            var n = d.N;
            var p = d.P;
            var x = d.X;
            for (var i = 0; i < n; i++)
            {
                var eta = 0.0;
                for (var j = 0; j < p; j++)
                {
                    eta += x[(i * p) + j] * beta[j];
                }

                _eta[i] = eta;
                _risk[i] = Math.Exp(eta);
            }

            // Ascending: competing rows strictly before each failure time.
            double b0 = 0;
            var b1 = new double[p];
            var b2 = new double[_packed];
            var fk = 0;
            var blocks = d.BlockStart.Length - 1;
            for (var blk = 0; blk < blocks && fk < _m; blk++)
            {
                if (d.FailBlock[fk] == blk)
                {
                    _b0[fk] = b0;
                    if (derivatives)
                    {
                        Array.Copy(b1, 0, _b1, fk * p, p);
                        Array.Copy(b2, 0, _b2, fk * _packed, _packed);
                    }

                    fk++;
                }

                for (var i = d.BlockStart[blk]; i < d.BlockStart[blk + 1]; i++)
                {
                    if (d.Type[i] != 2)
                    {
                        continue;
                    }

                    var w = _risk[i] / d.GMinus[i];
                    b0 += w;
                    if (derivatives)
                    {
                        AddOuter(x, i * p, p, w, b1, b2);
                    }
                }
            }

            // Descending: rows at or after each failure time, then combine.
            double a0 = 0;
            var a1 = new double[p];
            var a2 = new double[_packed];
            var s1 = new double[p];
            var s2 = new double[_packed];
            var xfail = new double[p];
            var lik = 0.0;
            if (derivatives)
            {
                Array.Clear(Score);
                Array.Clear(Information);
            }

            fk = _m - 1;
            for (var blk = blocks - 1; blk >= 0 && fk >= 0; blk--)
            {
                var start = d.BlockStart[blk];
                var end = d.BlockStart[blk + 1];
                var failHere = d.FailBlock[fk] == blk;
                var etaFail = 0.0;
                if (failHere)
                {
                    Array.Clear(xfail);
                }

                for (var i = start; i < end; i++)
                {
                    var r = _risk[i];
                    a0 += r;
                    if (derivatives)
                    {
                        AddOuter(x, i * p, p, r, a1, a2);
                    }

                    if (failHere && d.Type[i] == 1)
                    {
                        etaFail += _eta[i];
                        if (derivatives)
                        {
                            for (var j = 0; j < p; j++)
                            {
                                xfail[j] += x[(i * p) + j];
                            }
                        }
                    }
                }

                if (!failHere)
                {
                    continue;
                }

                var dk = d.FailCount[fk];
                var gk = d.GMinus[start];
                var s0 = a0 + (gk * _b0[fk]);
                lik += (dk * Math.Log(s0)) - etaFail;
                if (derivatives)
                {
                    _s0[fk] = s0;
                    for (var j = 0; j < p; j++)
                    {
                        s1[j] = a1[j] + (gk * _b1[(fk * p) + j]);
                        var xb = s1[j] / s0;
                        _xbar[(fk * p) + j] = xb;
                        Score[j] += (dk * xb) - xfail[j];
                    }

                    for (var q = 0; q < _packed; q++)
                    {
                        s2[q] = a2[q] + (gk * _b2[(fk * _packed) + q]);
                    }

                    var qi = 0;
                    for (var j = 0; j < p; j++)
                    {
                        for (var l = j; l < p; l++, qi++)
                        {
                            var v = dk * ((s2[qi] / s0) - (_xbar[(fk * p) + j] * _xbar[(fk * p) + l]));
                            Information[(j * p) + l] += v;
                            if (l != j)
                            {
                                Information[(l * p) + j] += v;
                            }
                        }
                    }
                }

                fk--;
            }

            return lik;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddOuter(double[] x, int offset, int p, double w, double[] sum1, double[] sum2)
        {
            var q = 0;
            for (var j = 0; j < p; j++)
            {
                var xj = x[offset + j];
                sum1[j] += w * xj;
                var wx = w * xj;
                for (var l = j; l < p; l++, q++)
                {
                    sum2[q] += wx * x[offset + l];
                }
            }
        }

        /// <summary>crr's sandwich variance at <paramref name="beta"/> (derivatives must be current at beta).</summary>
        public double[,] SandwichVariance(double[] beta)
        {
            var d = _d;
            var n = d.N;
            var p = d.P;
            var x = d.X;
            Evaluate(beta, derivatives: true);

            // Per failure time k: d/S0 and d x̄/S0 (for rows at risk by time) and the same times G(τ−) (competing rows).
            var blocks = d.BlockStart.Length - 1;
            var failAt = new int[blocks];
            Array.Fill(failAt, -1);
            for (var k = 0; k < _m; k++)
            {
                failAt[d.FailBlock[k]] = k;
            }

            // Suffix sums over failure times >= block (E), for the competing rows' dΛ part and q(u).
            var e0 = new double[blocks + 1];
            var e1 = new double[(blocks + 1) * p];
            for (var blk = blocks - 1; blk >= 0; blk--)
            {
                e0[blk] = e0[blk + 1];
                Array.Copy(e1, (blk + 1) * p, e1, blk * p, p);
                var k = failAt[blk];
                if (k < 0)
                {
                    continue;
                }

                var w = d.FailCount[k] * d.GMinus[d.BlockStart[blk]] / _s0[k];
                e0[blk] += w;
                for (var j = 0; j < p; j++)
                {
                    e1[(blk * p) + j] += w * _xbar[(k * p) + j];
                }
            }

            var meat = new double[p * p];
            var u = new double[p];
            var q = new double[p];
            var ss2 = new double[p];     // −Σ_{u ≤ t} q(u) dNc(u) / Y(u)²
            var c1 = new double[p];      // Σ_{competing, t < u} r x / G(t−)
            double c0 = 0;
            double p0 = 0;               // Σ_{τ ≤ t} d / S0
            var p1 = new double[p];      // Σ_{τ ≤ t} d x̄ / S0
            var atRisk = (double)n;
            for (var blk = 0; blk < blocks; blk++)
            {
                var start = d.BlockStart[blk];
                var end = d.BlockStart[blk + 1];
                var k = failAt[blk];
                if (k >= 0)
                {
                    var w = d.FailCount[k] / _s0[k];
                    p0 += w;
                    for (var j = 0; j < p; j++)
                    {
                        p1[j] += w * _xbar[(k * p) + j];
                    }
                }

                // q at this time (competing rows strictly earlier, failure times at or after), if anyone is censored here.
                var censored = 0;
                for (var i = start; i < end; i++)
                {
                    if (d.Type[i] == 0)
                    {
                        censored++;
                    }
                }

                if (censored > 0)
                {
                    for (var j = 0; j < p; j++)
                    {
                        q[j] = (c1[j] * e0[blk]) - (c0 * e1[(blk * p) + j]);
                        ss2[j] -= censored * q[j] / (atRisk * atRisk);
                    }
                }

                var eNext = blk + 1;
                for (var i = start; i < end; i++)
                {
                    var r = _risk[i];
                    var type = d.Type[i];
                    for (var j = 0; j < p; j++)
                    {
                        var xij = x[(i * p) + j];
                        var value = -r * ((xij * p0) - p1[j]);
                        if (type == 1)
                        {
                            value += xij - _xbar[(k * p) + j];
                        }
                        else if (type == 2)
                        {
                            value -= r / d.GMinus[i] * ((xij * e0[eNext]) - e1[(eNext * p) + j]);
                        }
                        else
                        {
                            value += q[j] / atRisk;
                        }

                        u[j] = value + ss2[j];
                    }

                    for (var j = 0; j < p; j++)
                    {
                        for (var l = j; l < p; l++)
                        {
                            meat[(j * p) + l] += u[j] * u[l];
                        }
                    }
                }

                for (var i = start; i < end; i++)
                {
                    if (d.Type[i] == 2)
                    {
                        var w = _risk[i] / d.GMinus[i];
                        c0 += w;
                        for (var j = 0; j < p; j++)
                        {
                            c1[j] += w * x[(i * p) + j];
                        }
                    }
                }

                atRisk -= end - start;
            }

            for (var j = 0; j < p; j++)
            {
                for (var l = 0; l < j; l++)
                {
                    meat[(j * p) + l] = meat[(l * p) + j];
                }
            }

            // I^-1 meat I^-1 (I symmetric): solve column by column.
            var inverse = new double[p * p];
            for (var col = 0; col < p; col++)
            {
                var a = (double[])Information.Clone();
                var e = new double[p];
                e[col] = 1;
                if (!LuSolve(a, p, e))
                {
                    var nan = new double[p, p];
                    for (var j = 0; j < p; j++)
                    {
                        for (var l = 0; l < p; l++)
                        {
                            nan[j, l] = double.NaN;
                        }
                    }

                    return nan;
                }

                for (var j = 0; j < p; j++)
                {
                    inverse[(j * p) + col] = e[j];
                }
            }

            var result = new double[p, p];
            var tmp = new double[p * p];
            for (var j = 0; j < p; j++)
            {
                for (var l = 0; l < p; l++)
                {
                    var sum = 0.0;
                    for (var m = 0; m < p; m++)
                    {
                        sum += inverse[(j * p) + m] * meat[(m * p) + l];
                    }

                    tmp[(j * p) + l] = sum;
                }
            }

            for (var j = 0; j < p; j++)
            {
                for (var l = 0; l < p; l++)
                {
                    var sum = 0.0;
                    for (var m = 0; m < p; m++)
                    {
                        sum += tmp[(j * p) + m] * inverse[(l * p) + m];
                    }

                    result[j, l] = sum;
                }
            }

            return result;
        }
    }
}
