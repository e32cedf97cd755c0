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
/// <para>Cost: O(n log n): one radix sort on time and one on the score, then two sequential passes over the
/// time-ordered data with a Fenwick tree over score ranks (latest time first: each event against its risk set;
/// earliest time first: each subject against the events before it).</para>
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
        Validate(time, status, riskScore, strata, cluster);
        return Prepare(time, status, strata, cluster).Compute(riskScore);
    }

    /// <summary>
    /// The part of <see cref="Compute"/> that does not depend on the score: the time order split by stratum, the
    /// time-ordered times (R's aeqSurv applied) and events, the cluster codes. Lets a caller (the Cox analysis) do it
    /// while the score is still being fitted. Inputs must already be valid (finite times, 0/1 status, equal lengths).
    /// </summary>
    internal static Prepared Prepare(ReadOnlySpan<double> time, ReadOnlySpan<int> status, ReadOnlySpan<int> strata, ReadOnlySpan<int> cluster)
    {
        int n = time.Length;

        // Sort by time once, split stably by stratum, and lay every per-subject value out in that order so the
        // passes below read memory sequentially (only the Fenwick tree is accessed at random).
        var (stratumStart, order) = SplitByCode(RadixSort.SortedOrder(time), strata);
        var sTime = new double[n];
        var sEvent = new byte[n];
        for (int p = 0; p < n; p++)
        {
            int i = order[p];
            sTime[p] = time[i];
            sEvent[p] = (byte)status[i];
        }

        for (int s = 0; s + 1 < stratumStart.Length; s++)
        {
            // R's aeqSurv harmonisation; it maps each run of near-ties to its first value, so order is kept
            TimeFix.ApplySorted(sTime.AsSpan(stratumStart[s], stratumStart[s + 1] - stratumStart[s]));
        }

        var (clusterOf, clusters) = ClustersInOrder(cluster, order);
        return new Prepared(stratumStart, order, sTime, sEvent, clusterOf, clusters);
    }

    /// <summary>
    /// <see cref="Prepare"/> read off the Cox engine's layout instead of sorting again: the layout holds the rows by
    /// stratum, then time descending, with R's aeqSurv already applied (the caller checks the fit used it), so its
    /// positions read backwards are in ascending time within each stratum. Rows of one time may come in another
    /// order than <see cref="Prepare"/> gives them; the pair counts do not depend on it.
    /// </summary>
    internal static Prepared Prepare(SortedCoxData sorted, ReadOnlySpan<int> cluster)
    {
        int n = sorted.N;
        var order = new int[n];
        var sTime = new double[n];
        var sEvent = new byte[n];
        for (int p = 0; p < n; p++)
        {
            int from = n - 1 - p;
            order[p] = sorted.Order[from];
            sTime[p] = sorted.Time[from];
            sEvent[p] = sorted.Status[from];
        }

        // Segment s covers layout positions [BlockStart[SegmentStart[s]], BlockStart[SegmentStart[s + 1]]); read
        // backwards the last segment comes first.
        int segments = sorted.SegmentStart.Length - 1;
        var stratumStart = new int[segments + 1];
        for (int k = 0; k <= segments; k++)
        {
            stratumStart[k] = n - sorted.BlockStart[sorted.SegmentStart[segments - k]];
        }

        var (clusterOf, clusters) = ClustersInOrder(cluster, order);
        return new Prepared(stratumStart, order, sTime, sEvent, clusterOf, clusters);
    }

    /// <summary>Cluster codes renumbered 0..k-1 and laid out in <paramref name="order"/>; (null, 0) without clusters.</summary>
    private static (int[]? ClusterOf, int Clusters) ClustersInOrder(ReadOnlySpan<int> cluster, int[] order)
    {
        if (cluster.IsEmpty)
        {
            return (null, 0);
        }

        var (codes, count) = Recode(cluster);
        var clusterOf = new int[order.Length];
        for (int p = 0; p < order.Length; p++)
        {
            clusterOf[p] = codes[order[p]];
        }

        return (clusterOf, count);
    }

    /// <summary>Time-ordered data waiting for a risk score (see <see cref="Prepare"/>).</summary>
    internal sealed class Prepared(int[] stratumStart, int[] order, double[] sTime, byte[] sEvent, int[]? clusterOf, int clusters)
    {
        /// <summary>The concordance of <paramref name="riskScore"/> (finite, one per input row).</summary>
        public ConcordanceResult Compute(ReadOnlySpan<double> riskScore) => Compute(riskScore, parallel: null);

        /// <summary>As <see cref="Compute(ReadOnlySpan{double})"/>; <paramref name="parallel"/> forces the two passes
        /// side by side (true) or one after the other (false) instead of deciding by size (null).</summary>
        public ConcordanceResult Compute(ReadOnlySpan<double> riskScore, bool? parallel)
        {
            int n = order.Length;

            // Ranks of the risk score (dense, 1-based; equal scores share a rank), laid out in time order.
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

            var sRank = new int[n];
            for (int p = 0; p < n; p++)
            {
                sRank[p] = rank[order[p]];
            }

            bool sideBySide = parallel ?? (n >= ParallelThreshold && Environment.ProcessorCount > 1);
            return Count(n, ranks, stratumStart, sTime, sRank, sEvent, clusterOf, clusters, sideBySide);
        }
    }

    /// <summary>Inputs from this size on count their two passes side by side (when there is a second core).</summary>
    private const int ParallelThreshold = 50_000;

    private static ConcordanceResult Count(int n, int ranks, int[] stratumStart, double[] sTime, int[] sRank, byte[] sEvent, int[]? clusterOf, int clusters, bool parallel)
    {
        // Pair counts in R's unreversed orientation: "laterHigher" = the subject with the later time has the
        // higher score (concordant for a score where higher means longer survival, discordant for a risk score).
        // Per subject (in time order), the comparable pairs it belongs to: as the earlier member (events, latest
        // time first) and as the later member (everyone, earliest time first). The two passes share nothing but
        // their read-only inputs, so large inputs count them side by side; the counts are integers, so the result
        // is the same either way.
        var asEarlier = new SubjectPairs(n);
        var asLater = new SubjectPairs(n);
        PairTotals totals = default;
        if (parallel)
        {
            Parallel.Invoke(
                () => totals = LatestFirst(ranks, stratumStart, sTime, sRank, sEvent, asEarlier),
                () => EarliestFirst(ranks, stratumStart, sTime, sRank, sEvent, asLater));
        }
        else
        {
            totals = LatestFirst(ranks, stratumStart, sTime, sRank, sEvent, asEarlier);
            EarliestFirst(ranks, stratumStart, sTime, sRank, sEvent, asLater);
        }

        long laterHigher = totals.LaterHigher, laterLower = totals.LaterLower, tiedX = totals.TiedX;
        long pairs = laterHigher + laterLower + tiedX;
        double somers = pairs > 0 ? (double)(laterHigher - laterLower) / pairs : double.NaN;
        double variance = double.NaN;
        if (pairs > 0)
        {
            double scale = 2.0 * pairs;
            if (clusterOf is null)
            {
                double sum = 0;
                for (int p = 0; p < n; p++)
                {
                    double dfbeta = Dfbeta(p);
                    sum += dfbeta * dfbeta;
                }

                variance = sum;
            }
            else
            {
                var perCluster = new double[clusters];
                for (int p = 0; p < n; p++)
                {
                    perCluster[clusterOf[p]] += Dfbeta(p);
                }

                double sum = 0;
                foreach (double v in perCluster)
                {
                    sum += v * v;
                }

                variance = sum;
            }

            // dfbeta_i = ((c_i - d_i) - (c_i + d_i + t_i) D) / (2P)
            double Dfbeta(int p)
            {
                long higher = (long)asEarlier.LaterHigher[p] + asLater.LaterHigher[p];
                long lower = (long)asEarlier.LaterLower[p] + asLater.LaterLower[p];
                long tied = (long)asEarlier.Tied[p] + asLater.Tied[p];
                return ((double)(higher - lower) - ((double)(higher + lower + tied) * somers)) / scale;
            }
        }

        // R's unreversed C is (somers + 1) / 2 (larger score = longer survival); for a risk score it is reversed.
        double c = pairs > 0 ? 1.0 - ((somers + 1.0) / 2.0) : double.NaN;

        // For a risk score the concordant pairs are those where the later subject has the lower score.
        return new ConcordanceResult(c, Math.Sqrt(variance), variance, laterLower, laterHigher, tiedX, totals.TiedY, totals.TiedXY, n);
    }

    /// <summary>Per subject (in time order): comparable pairs by how the later member's score compares.</summary>
    private sealed class SubjectPairs(int n)
    {
        public int[] LaterHigher { get; } = new int[n];

        public int[] LaterLower { get; } = new int[n];

        public int[] Tied { get; } = new int[n];
    }

    /// <summary>Pair counts over all comparable pairs, and the event pairs tied on time (not comparable).</summary>
    private record struct PairTotals(long LaterHigher, long LaterLower, long TiedX, long TiedY, long TiedXY);

    /// <summary>How many rows ahead the passes ask for the tree's cache lines (<see cref="FenwickTree.Prefetch"/>).</summary>
    private const int PrefetchDistance = 16;

    /// <summary>
    /// Latest time first: each event is compared with everyone already at risk (a later time, or a censoring at
    /// the same time); the tree holds the risk set. Fills each event's pairs as the earlier member.
    /// </summary>
    private static PairTotals LatestFirst(int ranks, int[] stratumStart, double[] sTime, int[] sRank, byte[] sEvent, SubjectPairs pairs)
    {
        long laterHigher = 0, laterLower = 0, tiedX = 0, tiedY = 0, tiedXY = 0;
        var tree = new FenwickTree(ranks);
        for (int s = 0; s + 1 < stratumStart.Length; s++)
        {
            int from = stratumStart[s], to = stratumStart[s + 1];
            int hi = to;
            while (hi > from)
            {
                double t = sTime[hi - 1];
                int lo = hi - 1;
                while (lo > from && sTime[lo - 1] == t)
                {
                    lo--;
                }

                for (int p = lo; p < hi; p++)
                {
                    // Ahead: later rows of this time, then rows of the next (earlier) times, all visited soon.
                    int ahead = p + PrefetchDistance < hi ? p + PrefetchDistance : lo - 1 - (p + PrefetchDistance - hi);
                    if (ahead >= from)
                    {
                        tree.Prefetch(sRank[ahead]);
                    }

                    if (sEvent[p] == 0)
                    {
                        tree.Add(sRank[p], 1); // censorings join before the events at the same time are scored
                    }
                }

                int deaths = 0;
                for (int p = lo; p < hi; p++)
                {
                    if (sEvent[p] == 0)
                    {
                        continue;
                    }

                    deaths++;
                    var (less, equal, greater) = tree.Split(sRank[p]);
                    laterLower += less;
                    laterHigher += greater;
                    tiedX += equal;
                    pairs.LaterHigher[p] = greater;
                    pairs.LaterLower[p] = less;
                    pairs.Tied[p] = equal;
                }

                if (deaths > 0)
                {
                    // Pairs of events at this time with the same score: when an event joins the tree, the count at
                    // its rank beyond the one it was scored against (pairs.Tied, before any event of this time
                    // joined) is the events of this time already added with that score.
                    long bothTies = 0;
                    for (int p = lo; p < hi; p++)
                    {
                        if (sEvent[p] == 1)
                        {
                            bothTies += tree.CountAt(sRank[p]) - pairs.Tied[p];
                            tree.Add(sRank[p], 1);
                        }
                    }

                    tiedXY += bothTies;
                    tiedY += ((long)deaths * (deaths - 1) / 2) - bothTies;
                }

                hi = lo;
            }

            tree.Clear(sRank.AsSpan(from, to - from));
        }

        return new PairTotals(laterHigher, laterLower, tiedX, tiedY, tiedXY);
    }

    /// <summary>
    /// Earliest time first: each subject's pairs as the later member, with the events before it (and, for a
    /// censoring, the events at its own time); the tree holds the events seen so far.
    /// </summary>
    private static void EarliestFirst(int ranks, int[] stratumStart, double[] sTime, int[] sRank, byte[] sEvent, SubjectPairs pairs)
    {
        var tree = new FenwickTree(ranks);
        for (int s = 0; s + 1 < stratumStart.Length; s++)
        {
            int from = stratumStart[s], to = stratumStart[s + 1];
            int low = from;
            while (low < to)
            {
                double t = sTime[low];
                int high = low + 1;
                while (high < to && sTime[high] == t)
                {
                    high++;
                }

                for (int p = low; p < high; p++)
                {
                    if (p + PrefetchDistance < to)
                    {
                        tree.Prefetch(sRank[p + PrefetchDistance]);
                    }

                    if (sEvent[p] == 1)
                    {
                        AddLaterRole(p); // strictly earlier events only
                    }
                }

                for (int p = low; p < high; p++)
                {
                    if (sEvent[p] == 1)
                    {
                        tree.Add(sRank[p], 1);
                    }
                }

                for (int p = low; p < high; p++)
                {
                    if (sEvent[p] == 0)
                    {
                        AddLaterRole(p); // includes the events at this same time
                    }
                }

                low = high;
            }

            tree.Clear(sRank.AsSpan(from, to - from));
        }

        void AddLaterRole(int p)
        {
            var (less, equal, greater) = tree.Split(sRank[p]);
            pairs.LaterHigher[p] = less;
            pairs.LaterLower[p] = greater;
            pairs.Tied[p] = equal;
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
