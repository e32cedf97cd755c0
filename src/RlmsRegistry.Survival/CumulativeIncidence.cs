using System.Runtime.CompilerServices;
using RlmsRegistry.Survival.Internal;

namespace RlmsRegistry.Survival;

/// <summary>One value of a cumulative incidence curve read at a time (cmprsk's <c>timepoints</c>).</summary>
/// <param name="Time">The requested time.</param>
/// <param name="Incidence">Estimate in force at that time; NaN beyond the group's last follow-up time (R's NA).</param>
/// <param name="Variance">cmprsk's variance estimate in force at that time (NaN where the estimate is).</param>
/// <param name="Lower">Lower log(−log) limit; NaN where the estimate is 0 or 1.</param>
/// <param name="Upper">Upper log(−log) limit; NaN where the estimate is 0 or 1.</param>
public readonly record struct CumulativeIncidencePoint(double Time, double Incidence, double Variance, double Lower, double Upper);

/// <summary>
/// The cumulative incidence of one cause in one group, tabulated at every distinct time at which an event of
/// any cause occurs in that group (ascending), as <c>timepoints(cuminc(...), times)</c> reports it there.
/// </summary>
public sealed class CumulativeIncidenceCurve
{
    internal CumulativeIncidenceCurve(
        int group, int cause, int events, double maxTime, double[] time, double[] incidence, double[] variance, double z)
    {
        Group = group;
        Cause = cause;
        Events = events;
        MaxTime = maxTime;
        Time = time;
        Incidence = incidence;
        Variance = variance;
        Lower = new double[time.Length];
        Upper = new double[time.Length];
        for (var i = 0; i < time.Length; i++)
        {
            (Lower[i], Upper[i]) = CumulativeIncidence.LogLogLimits(incidence[i], variance[i], z);
        }
    }

    /// <summary>Group code (0 without groups).</summary>
    public int Group { get; }

    /// <summary>The cause's status code.</summary>
    public int Cause { get; }

    /// <summary>Rows of the group that failed from this cause.</summary>
    public int Events { get; }

    /// <summary>The group's largest follow-up time: the curve is defined up to here.</summary>
    public double MaxTime { get; }

    /// <summary>Distinct event times (any cause) of the group, ascending.</summary>
    public double[] Time { get; }

    /// <summary>Aalen–Johansen estimate at each time (right-continuous).</summary>
    public double[] Incidence { get; }

    /// <summary>cmprsk's variance at each time (updated at this cause's event times only, as <c>cuminc</c> stores it).</summary>
    public double[] Variance { get; }

    /// <summary>Lower 95% (or chosen level) log(−log) limit; NaN where the estimate is 0 or 1.</summary>
    public double[] Lower { get; }

    /// <summary>Upper limit; NaN where the estimate is 0 or 1.</summary>
    public double[] Upper { get; }

    /// <summary>
    /// The value in force at <paramref name="time"/>, as cmprsk's <c>timepoints</c>: 0 before the first event,
    /// the last value up to the group's last follow-up time, NaN (R's NA) after it or before time 0.
    /// </summary>
    public CumulativeIncidencePoint At(double time)
    {
        if (!(time >= 0 && time <= MaxTime))
        {
            return new CumulativeIncidencePoint(time, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        // Last tabulated time <= time.
        var i = Array.BinarySearch(Time, time);
        if (i < 0)
        {
            i = ~i - 1;
        }

        return i < 0
            ? new CumulativeIncidencePoint(time, 0, 0, double.NaN, double.NaN)
            : new CumulativeIncidencePoint(time, Incidence[i], Variance[i], Lower[i], Upper[i]);
    }
}

/// <summary>Gray's k-sample test for one cause (cmprsk's <c>cuminc(..., rho = 0)$Tests</c>).</summary>
/// <param name="Cause">The cause's status code.</param>
/// <param name="Statistic">s' V⁻¹ s; NaN when V is singular (R then reports −1).</param>
/// <param name="Df">Groups − 1.</param>
/// <param name="P">Upper chi-square tail; NaN when singular.</param>
/// <param name="Singular">The score variance matrix was not of full rank.</param>
public sealed record GrayTestResult(int Cause, double Statistic, int Df, double P, bool Singular);

/// <summary>Cumulative incidence curves for every group × cause, and Gray's test per cause when there are groups.</summary>
public sealed class CumulativeIncidenceResult
{
    private readonly CumulativeIncidenceCurve[] _curves;

    internal CumulativeIncidenceResult(
        int n, int[] causes, int[] groupN, CumulativeIncidenceCurve[] curves, GrayTestResult[] grayTests)
    {
        N = n;
        Causes = causes;
        GroupN = groupN;
        _curves = curves;
        GrayTests = grayTests;
    }

    /// <summary>Rows used.</summary>
    public int N { get; }

    /// <summary>Distinct non-zero status codes, ascending.</summary>
    public IReadOnlyList<int> Causes { get; }

    /// <summary>Rows per group code.</summary>
    public IReadOnlyList<int> GroupN { get; }

    /// <summary>Gray's test per cause (same order as <see cref="Causes"/>); empty with one group.</summary>
    public IReadOnlyList<GrayTestResult> GrayTests { get; }

    /// <summary>The curve of <paramref name="group"/> for the cause at <paramref name="causeIndex"/> in <see cref="Causes"/>.</summary>
    public CumulativeIncidenceCurve Curve(int group, int causeIndex) => _curves[(group * Causes.Count) + causeIndex];
}

/// <summary>
/// Cumulative incidence of competing events by the Aalen–Johansen estimator, with the variance and tests of
/// R's <c>cmprsk::cuminc</c> (Gray 1988; Kalbfleisch &amp; Prentice).
/// </summary>
/// <remarks>
/// Inputs: time (finite, &gt;= 0 as cmprsk assumes), status (0 = censored, any other integer = that cause), optional
/// group codes 0..k-1 (every code present). Outputs: per group and cause the estimate at each distinct event time
/// of the group, its variance and log(−log) limits; Gray's test per cause (ρ = 0).
/// Estimate: with n at risk (time &gt;= t), d events of all causes and d_c of cause c at a distinct time t and S the
/// all-cause Kaplan–Meier just before t, F_c jumps by S d_c / n. Variance (cmprsk's delta-method form): three running
/// sums v1, v2, v3 are fed at each event time by the cause's events (weight (1 + F/S⁺)², F/S⁺² … with S⁺ the KM after
/// t) and by the other causes' events (weights (F/S⁺)², F/S⁺², 1/S⁺²), each times S² d (1 − (d−1)/(n−1)) / n²;
/// the variance v1 + F² v3 − 2 F v2 is stored at the cause's own event times only and carried forward in between,
/// as cuminc's step function does. Limits: a = z √var / (F log F), F^exp(∓a).
/// Gray's test: the score and variance of Gray (1988) as cmprsk's crstm computes them, one stratum.
/// Cost: one O(n) radix sort, O(n · causes) for the curves, O(n + m k²) per cause for the test (m event times).
/// </remarks>
public static class CumulativeIncidence
{
    /// <summary>
    /// Fits the curves (and Gray's tests when <paramref name="groupCount"/> &gt; 1). <paramref name="group"/> may be
    /// empty for a single group. Throws <see cref="ArgumentException"/> for mismatched lengths, a non-finite or
    /// negative time, a group code outside 0..groupCount-1 or a group without rows.
    /// </summary>
    public static CumulativeIncidenceResult Fit(
        ReadOnlySpan<double> time, ReadOnlySpan<int> status, ReadOnlySpan<int> group = default, int groupCount = 1,
        double confidenceLevel = 0.95, double rho = 0)
    {
        var n = time.Length;
        if (status.Length != n)
        {
            throw new ArgumentException($"Status has {status.Length} rows, time has {n}.", nameof(status));
        }

        if (!group.IsEmpty && group.Length != n)
        {
            throw new ArgumentException($"Group has {group.Length} rows, time has {n}.", nameof(group));
        }

        if (groupCount < 1 || (group.IsEmpty && groupCount != 1))
        {
            throw new ArgumentException("Group codes are needed for more than one group.", nameof(groupCount));
        }

        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentException("The confidence level must lie strictly between 0 and 1.", nameof(confidenceLevel));
        }

        var groupN = new int[groupCount];
        for (var i = 0; i < n; i++)
        {
            if (!(double.IsFinite(time[i]) && time[i] >= 0))
            {
                throw new ArgumentException($"Time at row {i} is not a finite non-negative number.", nameof(time));
            }

            var g = group.IsEmpty ? 0 : group[i];
            if ((uint)g >= (uint)groupCount)
            {
                throw new ArgumentException($"Group code {g} at row {i} is outside 0..{groupCount - 1}.", nameof(group));
            }

            groupN[g]++;
        }

        for (var g = 0; g < groupCount; g++)
        {
            if (groupN[g] == 0)
            {
                throw new ArgumentException($"Group code {g} has no rows.", nameof(group));
            }
        }

        var (causes, causeCodes) = DistinctCauses(status);
        var nc = causes.Length;

        // Sort once by time (stable), then lay the rows out group by group (counting sort, keeps time order).
        var order = RadixSort.SortedOrder(time);
        var groupStart = new int[groupCount + 1];
        for (var g = 0; g < groupCount; g++)
        {
            groupStart[g + 1] = groupStart[g] + groupN[g];
        }

        var sortedTime = new double[n];
        var sortedCause = new byte[n];   // 0 = censored, else 1 + index into causes
        var sortedGroup = new int[n];
        var byGroupTime = new double[n];
        var byGroupCause = new byte[n];
        var fill = (int[])groupStart.Clone();
        for (var k = 0; k < n; k++)
        {
            var i = order[k];
            var c = causeCodes.Of(status[i]);
            var g = group.IsEmpty ? 0 : group[i];
            sortedTime[k] = time[i];
            sortedCause[k] = c;
            sortedGroup[k] = g;
            var slot = fill[g]++;
            byGroupTime[slot] = time[i];
            byGroupCause[slot] = c;
        }

        var z = ConfidenceLimits.ZForLevel(confidenceLevel);
        var curves = new CumulativeIncidenceCurve[groupCount * nc];
        for (var g = 0; g < groupCount; g++)
        {
            GroupCurves(byGroupTime, byGroupCause, groupStart[g], groupStart[g + 1], g, causes, z, curves);
        }

        var tests = new GrayTestResult[groupCount > 1 ? nc : 0];
        if (groupCount > 1)
        {
            var workspace = new GrayWorkspace(groupCount);
            for (var c = 0; c < nc; c++)
            {
                tests[c] = GrayTest(sortedTime, sortedCause, sortedGroup, (byte)(c + 1), causes[c], workspace, rho);
            }
        }

        return new CumulativeIncidenceResult(n, causes, groupN, curves, tests);
    }

    /// <summary>log(−log) limits of an incidence estimate: NaN where the estimate is 0 or 1 (or not finite).</summary>
    public static (double Lower, double Upper) LogLogLimits(double incidence, double variance, double z)
    {
        if (!(incidence > 0 && incidence < 1) || !(variance >= 0))
        {
            return (double.NaN, double.NaN);
        }

        var a = z * Math.Sqrt(variance) / (incidence * Math.Log(incidence));
        return (Math.Pow(incidence, Math.Exp(-a)), Math.Pow(incidence, Math.Exp(a)));
    }

    /// <summary>
    /// The distinct non-zero codes, ascending, and a code → 1 + index map (a dense table over the codes' range when
    /// it is small, else a dictionary), so each row's cause is one lookup.
    /// </summary>
    private static (int[] Causes, CauseCodes Codes) DistinctCauses(ReadOnlySpan<int> status)
    {
        int min = int.MaxValue, max = int.MinValue;
        foreach (var s in status)
        {
            if (s != 0)
            {
                min = Math.Min(min, s);
                max = Math.Max(max, s);
            }
        }

        if (min > max)
        {
            return ([], new CauseCodes(0, [], null));
        }

        int[] causes;
        if ((long)max - min < 4096)
        {
            var seen = new bool[max - min + 1];
            foreach (var s in status)
            {
                if (s != 0)
                {
                    seen[s - min] = true;
                }
            }

            causes = [.. Enumerable.Range(0, seen.Length).Where(k => seen[k]).Select(k => k + min)];
        }
        else
        {
            var set = new HashSet<int>();
            foreach (var s in status)
            {
                if (s != 0)
                {
                    set.Add(s);
                }
            }

            causes = [.. set.Order()];
        }

        if (causes.Length > 254)
        {
            throw new ArgumentException($"{causes.Length} distinct causes; at most 254 are supported.", nameof(status));
        }

        if ((long)max - min < 4096)
        {
            var table = new byte[max - min + 1];
            for (var c = 0; c < causes.Length; c++)
            {
                table[causes[c] - min] = (byte)(c + 1);
            }

            return (causes, new CauseCodes(min, table, null));
        }

        var map = causes.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => (byte)(p.k + 1));
        return (causes, new CauseCodes(0, [], map));
    }

    /// <summary>Status code → 0 (censored) or 1 + cause index: a dense table from <c>Min</c>, or a dictionary.</summary>
    private readonly record struct CauseCodes(int Min, byte[] Table, Dictionary<int, byte>? Map)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte Of(int status) => status == 0 ? (byte)0 : Map is null ? Table[status - Min] : Map[status];
    }

    /// <summary>
    /// All causes' curves of one group: rows [start, end) of the group-major layout, ascending time.
    /// One walk over the distinct times; per cause the estimate and cmprsk's three variance sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GroupCurves(
        double[] time, byte[] cause, int start, int end, int g, int[] causes, double z, CumulativeIncidenceCurve[] curves)
    {
        var nc = causes.Length;

        // Distinct event times of the group and events per cause.
        var eventTimes = 0;
        var events = new int[nc];
        for (var i = start; i < end;)
        {
            var t = time[i];
            var any = false;
            for (; i < end && time[i] == t; i++)
            {
                if (cause[i] != 0)
                {
                    any = true;
                    events[cause[i] - 1]++;
                }
            }

            if (any)
            {
                eventTimes++;
            }
        }

        var outTime = new double[eventTimes];
        var outF = new double[nc][];
        var outV = new double[nc][];
        for (var c = 0; c < nc; c++)
        {
            outF[c] = new double[eventTimes];
            outV[c] = new double[eventTimes];
        }

        var f = new double[nc];
        var v1 = new double[nc];
        var v2 = new double[nc];
        var v3 = new double[nc];
        var stored = new double[nc];
        var nd = new int[nc];
        double km = 1;
        var atRisk = (double)(end - start);
        var row = 0;
        for (var i = start; i < end;)
        {
            var t = time[i];
            var blockStart = i;
            Array.Clear(nd);
            var total = 0;
            for (; i < end && time[i] == t; i++)
            {
                if (cause[i] != 0)
                {
                    nd[cause[i] - 1]++;
                    total++;
                }
            }

            if (total > 0)
            {
                var kmAfter = km * (atRisk - total) / atRisk;
                var inv = kmAfter > 0 ? 1.0 / kmAfter : 0.0;
                for (var c = 0; c < nc; c++)
                {
                    var own = nd[c];
                    var other = total - own;
                    if (own > 0)
                    {
                        f[c] += km * own / atRisk;
                    }

                    if (other > 0 && kmAfter > 0)
                    {
                        var tie = other > 1 ? 1 - ((other - 1.0) / (atRisk - 1.0)) : 1.0;
                        var w = km * km * tie * other / (atRisk * atRisk);
                        var t4 = f[c] * inv;
                        v1[c] += t4 * t4 * w;
                        v2[c] += inv * t4 * w;
                        v3[c] += inv * inv * w;
                    }

                    if (own > 0)
                    {
                        var tie = own > 1 ? 1 - ((own - 1.0) / (atRisk - 1.0)) : 1.0;
                        var w = km * km * tie * own / (atRisk * atRisk);
                        var t4 = 1 + (inv * f[c]);
                        v1[c] += t4 * t4 * w;
                        v2[c] += inv * t4 * w;
                        v3[c] += inv * inv * w;
                        stored[c] = v1[c] + (f[c] * f[c] * v3[c]) - (2 * f[c] * v2[c]);
                    }

                    outF[c][row] = f[c];
                    outV[c][row] = stored[c];
                }

                outTime[row++] = t;
                km = kmAfter;
            }

            atRisk -= i - blockStart;
        }

        var maxTime = end > start ? time[end - 1] : 0;
        for (var c = 0; c < nc; c++)
        {
            curves[(g * nc) + c] = new CumulativeIncidenceCurve(
                g, causes[c], events[c], maxTime, c == 0 ? outTime : (double[])outTime.Clone(), outF[c], outV[c], z);
        }
    }

    private sealed class GrayWorkspace(int ng)
    {
        public readonly int Ng = ng;
        public readonly double[] AtRisk = new double[ng];
        public readonly double[] KmBefore = new double[ng];
        public readonly double[] KmAfter = new double[ng];
        public readonly double[] FBefore = new double[ng];
        public readonly double[] FAfter = new double[ng];
        public readonly double[] V3 = new double[ng];
        public readonly double[] V2 = new double[(ng - 1) * ng];
        public readonly double[] C = new double[ng * ng];
        public readonly double[] A = new double[ng * ng];
        public readonly int[] Censored = new int[ng];
        public readonly int[] Own = new int[ng];
        public readonly int[] Other = new int[ng];
        public readonly double[] Score = new double[ng - 1];
        public readonly double[] V = new double[(ng - 1) * (ng - 1)];

        public void Reset(int[] groupCounts)
        {
            for (var g = 0; g < Ng; g++)
            {
                AtRisk[g] = groupCounts[g];
                KmBefore[g] = KmAfter[g] = 1;
                FBefore[g] = FAfter[g] = 0;
                V3[g] = 0;
            }

            Array.Clear(V2);
            Array.Clear(C);
            Array.Clear(A);
            Array.Clear(Score);
            Array.Clear(V);
        }
    }

    /// <summary>
    /// Gray's test for cause code <paramref name="own"/> on the time-sorted rows: the score of the first k−1
    /// groups and its variance, accumulated over the distinct times as in Gray (1988) / cmprsk's crst,
    /// then s' V⁻¹ s on k−1 degrees of freedom.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static GrayTestResult GrayTest(
        double[] time, byte[] cause, int[] group, byte own, int causeCode, GrayWorkspace w, double rho)
    {
        var ng = w.Ng;
        var ng1 = ng - 1;
        var n = time.Length;
        var counts = new int[ng];
        foreach (var g in group)
        {
            counts[g]++;
        }

        w.Reset(counts);
        var rs = w.AtRisk;
        var skmm = w.KmBefore;
        var skm = w.KmAfter;
        var f1m = w.FBefore;
        var f1 = w.FAfter;
        var a = w.A;
        var c = w.C;
        var v3 = w.V3;
        var v2 = w.V2;
        var s = w.Score;
        var v = w.V;
        double fm = 0, f = 0;
        for (var i = 0; i < n;)
        {
            var t = time[i];
            var blockStart = i;
            Array.Clear(w.Censored);
            Array.Clear(w.Own);
            Array.Clear(w.Other);
            int nd1 = 0, nd2 = 0;
            for (; i < n && time[i] == t; i++)
            {
                var g = group[i];
                if (cause[i] == 0)
                {
                    w.Censored[g]++;
                }
                else if (cause[i] == own)
                {
                    w.Own[g]++;
                    nd1++;
                }
                else
                {
                    w.Other[g]++;
                    nd2++;
                }
            }

            if (nd1 > 0 || nd2 > 0)
            {
                double tr = 0, tq = 0;
                for (var g = 0; g < ng; g++)
                {
                    if (rs[g] <= 0)
                    {
                        continue;
                    }

                    var td = w.Own[g] + w.Other[g];
                    skm[g] = skmm[g] * (rs[g] - td) / rs[g];
                    f1[g] = f1m[g] + (skmm[g] * w.Own[g] / rs[g]);
                    tr += rs[g] / skmm[g];
                    tq += rs[g] * (1 - f1m[g]) / skmm[g];
                }

                f = fm + (nd1 / tr);
                var fb = Math.Pow(1 - fm, rho);
                var cScale = nd1 / (tr * (1 - fm));
                for (var g = 0; g < ng; g++)
                {
                    for (var h = g; h < ng; h++)
                    {
                        a[(g * ng) + h] = 0;
                    }

                    if (rs[g] <= 0)
                    {
                        continue;
                    }

                    var t1 = rs[g] / skmm[g];
                    var diag = fb * t1 * (1 - (t1 / tr));
                    a[(g * ng) + g] = diag;
                    if (diag != 0)
                    {
                        c[(g * ng) + g] += diag * cScale;
                    }

                    for (var h = g + 1; h < ng; h++)
                    {
                        if (rs[h] <= 0)
                        {
                            continue;
                        }

                        var off = -fb * t1 * rs[h] / (skmm[h] * tr);
                        a[(g * ng) + h] = off;
                        if (off != 0)
                        {
                            c[(g * ng) + h] += off * cScale;
                        }
                    }
                }

                for (var g = 1; g < ng; g++)
                {
                    for (var h = 0; h < g; h++)
                    {
                        a[(g * ng) + h] = a[(h * ng) + g];
                        c[(g * ng) + h] = c[(h * ng) + g];
                    }
                }

                for (var g = 0; g < ng1; g++)
                {
                    if (rs[g] > 0)
                    {
                        s[g] += fb * (w.Own[g] - (nd1 * rs[g] * (1 - f1m[g]) / (skmm[g] * tq)));
                    }
                }

                if (nd1 > 0)
                {
                    for (var k = 0; k < ng; k++)
                    {
                        if (rs[k] <= 0)
                        {
                            continue;
                        }

                        var t4 = skm[k] > 0 ? 1 - ((1 - f) / skm[k]) : 1.0;
                        var t5 = nd1 > 1 ? 1 - ((nd1 - 1) / ((tr * skmm[k]) - 1)) : 1.0;
                        var t3 = t5 * skmm[k] * nd1 / (tr * rs[k]);
                        v3[k] += t4 * t4 * t3;
                        for (var g = 0; g < ng1; g++)
                        {
                            var t1 = a[(g * ng) + k] - (t4 * c[(g * ng) + k]);
                            v2[(g * ng) + k] += t1 * t4 * t3;
                            for (var h = 0; h <= g; h++)
                            {
                                var t2 = a[(h * ng) + k] - (t4 * c[(h * ng) + k]);
                                v[(g * ng1) + h] += t1 * t2 * t3;
                            }
                        }
                    }
                }

                if (nd2 > 0)
                {
                    for (var k = 0; k < ng; k++)
                    {
                        var d2 = w.Other[k];
                        if (skm[k] <= 0 || d2 <= 0)
                        {
                            continue;
                        }

                        var t4 = (1 - f) / skm[k];
                        var t5 = d2 > 1 ? 1 - ((d2 - 1.0) / (rs[k] - 1.0)) : 1.0;
                        var t3 = t5 * skmm[k] * skmm[k] * d2 / (rs[k] * rs[k]);
                        v3[k] += t4 * t4 * t3;
                        for (var g = 0; g < ng1; g++)
                        {
                            var t1 = t4 * c[(g * ng) + k];
                            v2[(g * ng) + k] -= t1 * t4 * t3;
                            for (var h = 0; h <= g; h++)
                            {
                                var t2 = t4 * c[(h * ng) + k];
                                v[(g * ng1) + h] += t1 * t2 * t3;
                            }
                        }
                    }
                }
            }

            if (i >= n)
            {
                break;
            }

            for (var k = blockStart; k < i; k++)
            {
                rs[group[k]]--;
            }

            fm = f;
            Array.Copy(f1, f1m, ng);
            Array.Copy(skm, skmm, ng);
        }

        var vs = new double[ng1, ng1];
        for (var g = 0; g < ng1; g++)
        {
            for (var h = 0; h <= g; h++)
            {
                var sum = v[(g * ng1) + h];
                for (var k = 0; k < ng; k++)
                {
                    sum += (c[(g * ng) + k] * c[(h * ng) + k] * v3[k]) + (c[(g * ng) + k] * v2[(h * ng) + k])
                        + (c[(h * ng) + k] * v2[(g * ng) + k]);
                }

                vs[g, h] = vs[h, g] = sum;
            }
        }

        var (stat, rank) = SymmetricSolve.QuadraticForm(vs, s);
        return rank < ng1
            ? new GrayTestResult(causeCode, double.NaN, ng1, double.NaN, true)
            : new GrayTestResult(causeCode, stat, ng1, Distributions.ChiSquareUpperTail(stat, ng1), false);
    }
}
