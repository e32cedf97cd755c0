using RlmsRegistry.Survival.Internal;

namespace RlmsRegistry.Survival;

/// <summary>Result of a k-sample log-rank test (R's survdiff with rho = 0).</summary>
public sealed class LogRankResult
{
    internal LogRankResult(int[] n, double[] observed, double[] expected, double[][] variance, double chiSquare, int df, bool varianceSingular)
    {
        N = n;
        Observed = observed;
        Expected = expected;
        Variance = variance;
        ChiSquare = chiSquare;
        Df = df;
        P = df > 0 ? Distributions.ChiSquareUpperTail(chiSquare, df) : double.NaN;
        VarianceSingular = varianceSingular;
    }

    /// <summary>Observations per group.</summary>
    public IReadOnlyList<int> N { get; }

    /// <summary>Observed events per group.</summary>
    public IReadOnlyList<double> Observed { get; }

    /// <summary>Expected events per group under the null hypothesis of equal hazards.</summary>
    public IReadOnlyList<double> Expected { get; }

    /// <summary>k × k variance matrix of observed - expected (rows sum to zero).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Variance { get; }

    /// <summary>Chi-square statistic.</summary>
    public double ChiSquare { get; }

    /// <summary>Degrees of freedom: number of groups with expected &gt; 0, minus 1 (as R).</summary>
    public int Df { get; }

    /// <summary>Upper-tail p-value; NaN when Df = 0 (fewer than two groups with events at risk).</summary>
    public double P { get; }

    /// <summary>
    /// True when the reduced variance matrix was singular; the statistic then uses a generalised inverse
    /// (R's solve() would stop with an error) and <see cref="Df"/> is its rank.
    /// </summary>
    public bool VarianceSingular { get; }
}

/// <summary>
/// k-sample log-rank test, reproducing R's <c>survdiff(Surv(time, status) ~ group)</c> (rho = 0, no strata).
/// </summary>
/// <remarks>
/// Inputs: a <see cref="SurvivalSample"/> with group codes (times already harmonised and sorted).
/// Outputs: observed and expected events per group, the hypergeometric variance matrix, chi-square, df, p.
/// Method: at each distinct event time with N at risk (n_g per group) and d events, E_g += d n_g / N and
/// V_gh += d (N - d) / (N^2 (N - 1)) n_g (N δ_gh - n_h). Groups with E = 0 are dropped, then the first remaining
/// group, and chisq = (O - E)' V^-1 (O - E) on the rest, as R does. O(n + m k^2) for m event times, k groups.
/// </remarks>
public static class LogRank
{
    /// <summary>Runs the test on raw arrays (group codes 0..k-1).</summary>
    public static LogRankResult Test(ReadOnlySpan<double> time, ReadOnlySpan<int> status, ReadOnlySpan<int> group)
        => Test(SurvivalSample.Create(time, status, group));

    /// <summary>Runs the test on a prepared sample.</summary>
    public static LogRankResult Test(SurvivalSample sample)
    {
        int k = sample.GroupCount;
        var time = sample.SortedTime;
        var status = sample.SortedStatus;
        var group = sample.SortedGroup;
        int n = time.Length;

        var total = new int[k];
        for (int i = 0; i < n; i++)
        {
            total[group[i]]++;
        }

        var observed = new double[k];
        var expected = new double[k];
        var variance = new double[k][];
        for (int g = 0; g < k; g++)
        {
            variance[g] = new double[k];
        }

        // Walk the distinct times from the first; atRisk[g] = number with time >= t in group g.
        var atRisk = (int[])total.Clone();
        var deaths = new int[k];
        var leaving = new int[k];
        int nAtRisk = n;
        for (int i = 0; i < n;)
        {
            double t = time[i];
            int d = 0;
            int j = i;
            for (; j < n && time[j] == t; j++)
            {
                int g = group[j];
                leaving[g]++;
                if (status[j] == 1)
                {
                    deaths[g]++;
                    d++;
                }
            }

            if (d > 0)
            {
                double nr = nAtRisk;
                for (int g = 0; g < k; g++)
                {
                    observed[g] += deaths[g];
                    expected[g] += d * (atRisk[g] / nr);
                }

                if (nAtRisk > 1)
                {
                    double f = d * (nr - d) / (nr * nr * (nr - 1));
                    for (int g = 0; g < k; g++)
                    {
                        if (atRisk[g] == 0)
                        {
                            continue;
                        }

                        double fg = f * atRisk[g];
                        var row = variance[g];
                        for (int h = 0; h < k; h++)
                        {
                            row[h] -= fg * atRisk[h];
                        }

                        row[g] += fg * nr;
                    }
                }
            }

            for (int g = 0; g < k; g++)
            {
                atRisk[g] -= leaving[g];
                leaving[g] = 0;
                deaths[g] = 0;
            }

            nAtRisk -= j - i;
            i = j;
        }

        // Keep groups with expected > 0, drop the first of them.
        var kept = new List<int>();
        for (int g = 0; g < k; g++)
        {
            if (expected[g] > 0)
            {
                kept.Add(g);
            }
        }

        double chisq = 0;
        int df = kept.Count - 1;
        bool singular = false;
        if (kept.Count >= 2)
        {
            int m = kept.Count - 1;
            var v = new double[m, m];
            var u = new double[m];
            for (int a = 0; a < m; a++)
            {
                int ga = kept[a + 1];
                u[a] = observed[ga] - expected[ga];
                for (int b = 0; b < m; b++)
                {
                    v[a, b] = variance[ga][kept[b + 1]];
                }
            }

            var (quadratic, rank) = SymmetricSolve.QuadraticForm(v, u);
            chisq = quadratic;
            if (rank < m)
            {
                singular = true;
                df = rank;
            }
        }
        else
        {
            df = Math.Max(df, 0);
        }

        return new LogRankResult(total, observed, expected, variance, chisq, df, singular);
    }
}
