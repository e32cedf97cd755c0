using System.Runtime.CompilerServices;

namespace RlmsRegistry.Survival;

/// <summary>
/// Log partial likelihood, score and information of a right-censored Cox model at a given beta — the
/// work of survival's <c>coxfit6_iter</c>, reorganised so one call costs O(n p^2 / 2) vectorised
/// multiply-adds plus O(p^2) per distinct death time, whatever the number of tied deaths.
/// </summary>
/// <remarks>
/// Input: the sorted, centred and scaled layout of <see cref="SortedCoxData"/>; beta on that scale.
/// Assumptions: unit case weights, no offset. Each stratum has its own risk sets.
/// <para>
/// Method. Walking a stratum from its latest time to its earliest accumulates the risk-set sums
/// denom = sum r_i and a = sum r_i x_i (r_i = exp(eta_i)). A death time with d deaths, deaths' sums
/// e and a2, contributes (k = 0..d-1, f_k = (k+1)/d for Efron, f = 1 d times for Breslow)
/// loglik: sum_deaths eta - sum_k log D_k, with D_k = denom + f_k e;
/// score:  sum_deaths x - sum_k (a + f_k a2) / D_k;
/// information: sum_k [C_k / D_k - (a + f_k a2)(a + f_k a2)' / D_k^2], C_k = sum r x x' over the
/// risk set with the deaths weighted by f_k.
/// The C_k / D_k part is regrouped by row: row i receives the weight
/// c_i = r_i * sum over the death times it is at risk for of (sum_k 1/D_k), with its own death time
/// counted as sum_k f_k / D_k when it is one of the deaths, so that part is one weighted Gram matrix
/// X' diag(c) X. The mean-product part needs only three scalars per death time (sum 1/D_k^2,
/// sum f_k/D_k^2, sum f_k^2/D_k^2). Both are the algebraic rearrangement of coxfit6's sums.
/// </para>
/// </remarks>
internal sealed class CoxLikelihood
{
    private readonly SortedCoxData _data;
    private readonly bool _efron;
    private readonly double[] _eta;
    private readonly double[] _risk;
    private readonly double[] _rowWeight;
    private readonly double[] _blockH;
    private readonly double[] _blockH2;
    private readonly double[] _deathSum;
    private readonly double[] _a;
    private readonly double[] _a2;
    private readonly double[] _gramBuffer;
    private readonly double[] _gramBuffer2;
    private readonly double[] _beta;
    private readonly double[] _outer;
    private readonly double[] _minusOne;
    private int _outerCount;

    public CoxLikelihood(SortedCoxData data, bool efron)
    {
        _data = data;
        _efron = efron;
        var n = data.N;
        var p = data.P;
        _eta = new double[n];
        _risk = new double[n];
        _rowWeight = new double[n];
        _blockH = new double[data.BlockCount];
        _blockH2 = new double[data.BlockCount];
        _a = new double[p];
        _a2 = new double[p];
        _gramBuffer = new double[p * CoxKernels.Chunk];
        _gramBuffer2 = new double[p * CoxKernels.Chunk];
        _beta = new double[p];
        _outer = new double[p * CoxKernels.Chunk];
        _minusOne = new double[CoxKernels.Chunk];
        Array.Fill(_minusOne, -1.0);

        // sum over deaths of x: constant across iterations (columns are independent: on two cores for large data).
        _deathSum = new double[p];
        CoxKernels.ForEachColumn(n, p, CoxKernels.ParallelWork, DeathSum);
    }

    private void DeathSum(int j)
    {
        var n = _data.N;
        var x = _data.X.AsSpan(j * n, n);
        var status = _data.Status;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (status[i] == 1)
            {
                sum += x[i];
            }
        }

        _deathSum[j] = sum;
    }

    /// <summary>
    /// Evaluates the model at <paramref name="beta"/> (scaled coordinates, length p).
    /// Output: <paramref name="score"/> (length p) and <paramref name="information"/> (p x p row-major,
    /// full symmetric). Returns the log partial likelihood (may be -Infinity or NaN on overflow, which
    /// the caller treats as a failed step, as coxfit6 does).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(ReadOnlySpan<double> beta, Span<double> score, double[] information)
    {
        var d = _data;
        var n = d.N;
        var p = d.P;
        var x = d.X;

        beta.CopyTo(_beta);
        CoxKernels.LinearPredictorAndRisk(x, n, p, _beta, _eta, _risk);

        var loglik = 0.0;
        for (var j = 0; j < p; j++)
        {
            loglik += beta[j] * _deathSum[j];
            score[j] = _deathSum[j];
        }

        Array.Clear(information);
        _outerCount = 0;
        var a = _a.AsSpan();
        var a2 = _a2.AsSpan();
        var risk = _risk;
        var blockStart = d.BlockStart;
        var blockDeaths = d.BlockDeaths;

        for (var seg = 0; seg + 1 < d.SegmentStart.Length; seg++)
        {
            var denom = 0.0;
            a.Clear();
            var firstBlock = d.SegmentStart[seg];
            var endBlock = d.SegmentStart[seg + 1];
            for (var b = firstBlock; b < endBlock; b++)
            {
                var start = blockStart[b];
                var deaths = blockDeaths[b];
                var end = blockStart[b + 1];
                var deathEnd = start + deaths;

                var deathRisk = 0.0;
                if (deaths > 0)
                {
                    a2.Clear();
                    deathRisk = CoxKernels.AccumulateRange(x, n, p, risk, start, deathEnd, a2);
                }

                denom += CoxKernels.AccumulateRange(x, n, p, risk, deathEnd, end, a);

                if (deaths == 0)
                {
                    _blockH[b] = 0;
                    _blockH2[b] = 0;
                    continue;
                }

                var t = CoxKernels.ComputeTieSums(_efron, deaths, denom, deathRisk);
                loglik -= t.LogSum;
                for (var j = 0; j < p; j++)
                {
                    score[j] -= (a[j] * t.H) + (a2[j] * t.H2);
                }

                QueueOuter(information, a, a2, t);
                _blockH[b] = t.H;
                _blockH2[b] = t.H2;

                denom += deathRisk;
                for (var j = 0; j < p; j++)
                {
                    a[j] += a2[j];
                }
            }

            // Row weights for the Gram part: cumulate the per-time sums from the earliest time upwards.
            var cumulative = 0.0;
            for (var b = endBlock - 1; b >= firstBlock; b--)
            {
                var start = blockStart[b];
                var deathEnd = start + blockDeaths[b];
                var end = blockStart[b + 1];
                var own = cumulative + _blockH2[b];
                for (var i = start; i < deathEnd; i++)
                {
                    _rowWeight[i] = risk[i] * own;
                }

                cumulative += _blockH[b];
                for (var i = deathEnd; i < end; i++)
                {
                    _rowWeight[i] = risk[i] * cumulative;
                }
            }
        }

        FlushOuter(information);
        CoxKernels.AddWeightedGramLowerParallel(x, n, p, _rowWeight, information, _gramBuffer, _gramBuffer2);
        CoxKernels.SymmetrizeFromLower(information, p);
        return loglik;
    }

    /// <summary>
    /// Queues one death time's mean-product term s0 a a' + s1 (a a2' + a2 a') + s2 a2 a2' as one or two
    /// vectors v with the term equal to sum v v' (the 2 x 2 weight matrix is positive semi-definite by
    /// Cauchy–Schwarz: v1 = sqrt(s0) (a + (s1/s0) a2), v2 = sqrt(s2 - s1^2/s0) a2; Breslow and single
    /// deaths need only v1). Queued vectors are subtracted in batches as one vectorised Gram product.
    /// </summary>
    private void QueueOuter(double[] information, ReadOnlySpan<double> a, ReadOnlySpan<double> a2, in TieSums t)
    {
        var p = _data.P;
        var root = Math.Sqrt(t.S0);
        var ratio = t.S1 / t.S0;
        if (_outerCount == CoxKernels.Chunk)
        {
            FlushOuter(information);
        }

        for (var j = 0; j < p; j++)
        {
            _outer[(j * CoxKernels.Chunk) + _outerCount] = root * (a[j] + (ratio * a2[j]));
        }

        _outerCount++;
        var rest = t.S2 - (t.S1 * ratio);
        if (rest > 0)
        {
            if (_outerCount == CoxKernels.Chunk)
            {
                FlushOuter(information);
            }

            var root2 = Math.Sqrt(rest);
            for (var j = 0; j < p; j++)
            {
                _outer[(j * CoxKernels.Chunk) + _outerCount] = root2 * a2[j];
            }

            _outerCount++;
        }
    }

    /// <summary>Subtracts the queued vectors' sum v v' from the lower triangle of the information.</summary>
    private void FlushOuter(double[] information)
    {
        if (_outerCount == 0)
        {
            return;
        }

        var p = _data.P;
        for (var j = 0; j < p; j++)
        {
            _outer.AsSpan((j * CoxKernels.Chunk) + _outerCount, CoxKernels.Chunk - _outerCount).Clear();
        }

        CoxKernels.AddWeightedGramLower(_outer, CoxKernels.Chunk, p, _minusOne, information, _gramBuffer);
        _outerCount = 0;
    }
}
