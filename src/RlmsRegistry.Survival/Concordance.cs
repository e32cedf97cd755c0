using RlmsRegistry.Survival.Internal;

namespace RlmsRegistry.Survival;

/// <summary>Harrell's concordance with its infinitesimal-jackknife standard error.</summary>
/// <param name="C">Concordance: (concordant + tiedRisk / 2) / (concordant + discordant + tiedRisk); NaN when no comparable pair.</param>
/// <param name="StdErr">Standard error, sqrt(<paramref name="Variance"/>).</param>
/// <param name="Variance">Infinitesimal jackknife variance (R's concordance()$var), clustered when clusters were given.</param>
/// <param name="Concordant">Comparable pairs where the subject with the shorter time has the higher risk score.</param>
/// <param name="Discordant">Comparable pairs where the subject with the shorter time has the lower risk score.</param>
/// <param name="TiedRisk">Comparable pairs with equal risk scores (R's tied.x); they count 1/2.</param>
/// <param name="TiedTime">Pairs of events at the same time with different scores (R's tied.y); not comparable.</param>
/// <param name="TiedBoth">Pairs of events at the same time with equal scores (R's tied.xy); not comparable.</param>
/// <param name="N">Observations used.</param>
public sealed record ConcordanceResult(
    double C, double StdErr, double Variance, long Concordant, long Discordant, long TiedRisk, long TiedTime, long TiedBoth, int N)
{
    /// <summary>Number of comparable pairs (the denominator of C).</summary>
    public long ComparablePairs => Concordant + Discordant + TiedRisk;

    /// <summary>False when there is no comparable pair (C and its error are then NaN).</summary>
    public bool IsDefined => ComparablePairs > 0;
}

/// <summary>
/// Harrell's C for a risk score against right-censored survival, reproducing R's <c>concordance(coxph_fit)</c>
/// (survival 3.5: timewt = "n", unweighted): C and the standard error reported as sqrt(var).
/// </summary>
/// <remarks>
/// <para>Inputs: time (any unit), status (1 = event), a risk score where higher means higher hazard (the Cox
/// linear predictor; any monotone shift such as centring gives the same result), optional strata (pairs are only
/// formed within a stratum) and optional clusters (the variance is then a grouped jackknife, as R uses when the
/// Cox model has a cluster term).</para>
/// <para>Pairs: (i, j) is comparable when i has an event and j's time is later, or equal with j censored
/// (a censoring at an event time counts as still at risk). Pairs of events at the same time are tied on time
/// and not comparable. Near-equal times are merged by <see cref="TimeFix"/> first, as R does.</para>
/// <para>Variance: with c, d, t the concordant, discordant and risk-tied counts (in R's unreversed orientation)
/// over all comparable pairs, P = c + d + t and D = (c - d) / P (Somers' d), each observation's influence is
/// dfbeta_i = ((c_i - d_i) - (c_i + d_i + t_i) D) / (2P), where c_i, d_i, t_i count the comparable pairs that
/// involve observation i in either role; var = Σ dfbeta_i², or Σ over clusters of (Σ dfbeta in the cluster)².</para>
/// <para>Cost: O(n log n): one radix sort on time, one on the score, Fenwick trees over score ranks for the risk
/// set and for the events already processed.</para>
/// </remarks>
public static class Concordance
{
    /// <summary>Computes the concordance and its standard error.</summary>
    /// <param name="time">Survival or censoring time per observation (finite).</param>
    /// <param name="status">1 for an event, 0 for censored.</param>
    /// <param name="riskScore">Risk score, higher = shorter expected survival (finite).</param>
    /// <param name="strata">Optional stratum code per observation (any integers); empty = one stratum.</param>
    /// <param name="cluster">Optional cluster code per observation (any integers); empty = each observation its own cluster.</param>
    /// <exception cref="ArgumentException">Lengths differ, a value is NaN/infinite, or a status is not 0/1.</exception>
    public static ConcordanceResult Compute(
        ReadOnlySpan<double> time,
        ReadOnlySpan<int> status,
        ReadOnlySpan<double> riskScore,
        ReadOnlySpan<int> strata = default,
        ReadOnlySpan<int> cluster = default)
    {
        int n = time.Length;
        Validate(time, status, riskScore, strata, cluster);

        // Ranks of the risk score (dense, 1-based; equal scores share a rank).
        var scoreOrder = RadixSort.SortedOrder(riskScore);
        var rank = new int[n];
        int ranks = 0;
        for (int i = 0; i < n; i++)
        {
            int k = scoreOrder[i];
            if (i == 0 || riskScore[k] != riskScore[scoreOrder[i - 1]])
            {
                ranks++;
            }

            rank[k] = ranks;
        }

        // Time order (harmonised as R's aeqSurv), then a stable split by stratum.
        var fixedTime = TimeFix.Apply(time);
        var timeOrder = RadixSort.SortedOrder(fixedTime);
        var (stratumStart, order) = SplitByCode(timeOrder, strata);

        var riskTree = new FenwickTree(ranks);
        var deathTree = new FenwickTree(ranks);
        // Pair counts in R's unreversed orientation: "laterHigher" = the subject with the later time has the
        // higher score (concordant for a score where higher means longer survival, discordant for a risk score).
        var infLaterHigher = new long[n];   // per observation, over the comparable pairs it belongs to
        var infLaterLower = new long[n];
        var infTied = new long[n];
        long laterHigher = 0, laterLower = 0, tiedX = 0, tiedY = 0, tiedXY = 0;
        var tieBuffer = new List<int>();

        for (int s = 0; s + 1 < stratumStart.Length; s++)
        {
            int from = stratumStart[s], to = stratumStart[s + 1];

            // Walk the distinct times from the latest to the earliest.
            int hi = to;
            while (hi > from)
            {
                double t = fixedTime[order[hi - 1]];
                int lo = hi - 1;
                while (lo > from && fixedTime[order[lo - 1]] == t)
                {
                    lo--;
                }

                // 1. censorings join the risk set before the events at the same time are scored
                for (int p = lo; p < hi; p++)
                {
                    int j = order[p];
                    if (status[j] == 0)
                    {
                        EnterRiskSet(j);
                    }
                }

                // 2. each event is compared with everyone already at risk (strictly later, or censored now)
                int deaths = 0;
                for (int p = lo; p < hi; p++)
                {
                    int i = order[p];
                    if (status[i] != 1)
                    {
                        continue;
                    }

                    deaths++;
                    var (less, equal, greater) = riskTree.Split(rank[i]);
                    laterLower += less;
                    laterHigher += greater;
                    tiedX += equal;
                    infLaterHigher[i] += greater;
                    infLaterLower[i] += less;
                    infTied[i] += equal;
                }

                if (deaths > 1)
                {
                    // tied on time: all pairs of events here; tied on both when the scores are equal too
                    tieBuffer.Clear();
                    for (int p = lo; p < hi; p++)
                    {
                        if (status[order[p]] == 1)
                        {
                            tieBuffer.Add(rank[order[p]]);
                        }
                    }

                    tieBuffer.Sort();
                    long both = 0;
                    int run = 1;
                    for (int q = 1; q <= tieBuffer.Count; q++)
                    {
                        if (q < tieBuffer.Count && tieBuffer[q] == tieBuffer[q - 1])
                        {
                            run++;
                        }
                        else
                        {
                            both += (long)run * (run - 1) / 2;
                            run = 1;
                        }
                    }

                    tiedXY += both;
                    tiedY += ((long)deaths * (deaths - 1) / 2) - both;
                }

                // 3. the events are recorded, then join the risk set of earlier times
                if (deaths > 0)
                {
                    for (int p = lo; p < hi; p++)
                    {
                        int i = order[p];
                        if (status[i] == 1)
                        {
                            deathTree.Add(rank[i], 1);
                        }
                    }

                    for (int p = lo; p < hi; p++)
                    {
                        int i = order[p];
                        if (status[i] == 1)
                        {
                            EnterRiskSet(i);
                        }
                    }
                }

                hi = lo;
            }

            // Each subject's pairs as the later member: events recorded after it joined the risk set.
            for (int p = from; p < to; p++)
            {
                int j = order[p];
                var (less, equal, greater) = deathTree.Split(rank[j]);
                infLaterHigher[j] += less;
                infLaterLower[j] += greater;
                infTied[j] += equal;
            }

            // Empty both trees for the next stratum (undo only what was added).
            for (int p = from; p < to; p++)
            {
                int j = order[p];
                riskTree.Add(rank[j], -1);
                if (status[j] == 1)
                {
                    deathTree.Add(rank[j], -1);
                }
            }
        }

        long pairs = laterHigher + laterLower + tiedX;
        double somers = pairs > 0 ? (double)(laterHigher - laterLower) / pairs : double.NaN;
        double variance = double.NaN;
        if (pairs > 0)
        {
            double scale = 2.0 * pairs;
            if (cluster.IsEmpty)
            {
                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    double dfbeta = Dfbeta(i);
                    sum += dfbeta * dfbeta;
                }

                variance = sum;
            }
            else
            {
                var (codes, count) = Recode(cluster);
                var perCluster = new double[count];
                for (int i = 0; i < n; i++)
                {
                    perCluster[codes[i]] += Dfbeta(i);
                }

                double sum = 0;
                foreach (double v in perCluster)
                {
                    sum += v * v;
                }

                variance = sum;
            }

            double Dfbeta(int i) =>
                ((infLaterHigher[i] - infLaterLower[i]) - ((infLaterHigher[i] + infLaterLower[i] + infTied[i]) * somers)) / scale;
        }

        // R's unreversed C is (somers + 1) / 2 (larger score = longer survival); for a risk score it is reversed.
        double c = pairs > 0 ? 1.0 - ((somers + 1.0) / 2.0) : double.NaN;
        // For a risk score the concordant pairs are those where the later subject has the lower score.
        return new ConcordanceResult(c, Math.Sqrt(variance), variance, laterLower, laterHigher, tiedX, tiedY, tiedXY, n);

        void EnterRiskSet(int j)
        {
            // subtract the events already recorded: only those recorded later (earlier times) pair with j
            var (less, equal, greater) = deathTree.Split(rank[j]);
            infLaterHigher[j] -= less;
            infLaterLower[j] -= greater;
            infTied[j] -= equal;
            riskTree.Add(rank[j], 1);
        }
    }

    private static void Validate(ReadOnlySpan<double> time, ReadOnlySpan<int> status, ReadOnlySpan<double> riskScore, ReadOnlySpan<int> strata, ReadOnlySpan<int> cluster)
    {
        int n = time.Length;
        if (status.Length != n || riskScore.Length != n)
        {
            throw new ArgumentException("time, status and riskScore must have the same length.");
        }

        if ((!strata.IsEmpty && strata.Length != n) || (!cluster.IsEmpty && cluster.Length != n))
        {
            throw new ArgumentException("strata and cluster must be empty or have the same length as time.");
        }

        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(time[i]))
            {
                throw new ArgumentException($"time[{i}] is not a finite number.", nameof(time));
            }

            if (!double.IsFinite(riskScore[i]))
            {
                throw new ArgumentException($"riskScore[{i}] is not a finite number.", nameof(riskScore));
            }

            if (status[i] is not (0 or 1))
            {
                throw new ArgumentException($"status[{i}] = {status[i]} is not 0 or 1.", nameof(status));
            }
        }
    }

    /// <summary>Stable split of an ordering by stratum code: returns block starts (length k + 1) and the reordered indices.</summary>
    private static (int[] Start, int[] Order) SplitByCode(int[] order, ReadOnlySpan<int> codes)
    {
        int n = order.Length;
        if (codes.IsEmpty)
        {
            return ([0, n], order);
        }

        var (code, k) = Recode(codes);
        var start = new int[k + 1];
        for (int i = 0; i < n; i++)
        {
            start[code[i] + 1]++;
        }

        for (int g = 0; g < k; g++)
        {
            start[g + 1] += start[g];
        }

        var next = (int[])start.Clone();
        var result = new int[n];
        foreach (int i in order)
        {
            result[next[code[i]]++] = i;
        }

        return (start, result);
    }

    /// <summary>Maps arbitrary integer codes to 0..k-1 (in order of first appearance).</summary>
    private static (int[] Codes, int Count) Recode(ReadOnlySpan<int> values)
    {
        var map = new Dictionary<int, int>();
        var codes = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (!map.TryGetValue(values[i], out int c))
            {
                c = map.Count;
                map.Add(values[i], c);
            }

            codes[i] = c;
        }

        return (codes, map.Count);
    }
}
