namespace RlmsRegistry.Survival;

/// <summary>Options for <see cref="KaplanMeier"/>; defaults equal R's survfit defaults.</summary>
public sealed record KaplanMeierOptions
{
    /// <summary>Confidence interval transformation (R's conf.type, default "log").</summary>
    public ConfidenceType ConfidenceType { get; init; } = ConfidenceType.Log;

    /// <summary>Confidence level in (0, 1) (R's conf.int, default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Tolerance for the flat-at-quantile midpoint rule (R: sqrt(.Machine$double.eps)).</summary>
    public double QuantileTolerance { get; init; } = QuantileRule.DefaultTolerance;

    internal void Validate()
    {
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, "Confidence level must lie in (0, 1).");
        }

        if (!Enum.IsDefined(ConfidenceType))
        {
            throw new ArgumentOutOfRangeException(nameof(ConfidenceType), ConfidenceType, "Unknown confidence type.");
        }

        if (!(QuantileTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(QuantileTolerance), QuantileTolerance, "Tolerance must be non-negative.");
        }
    }
}

/// <summary>One row of a Kaplan–Meier table: one distinct time (an event time or a censoring time).</summary>
/// <param name="Time">The time.</param>
/// <param name="NRisk">Number at risk just before the time (censorings at this time still count as at risk).</param>
/// <param name="NEvent">Events at the time.</param>
/// <param name="NCensor">Censorings at the time.</param>
/// <param name="Survival">Kaplan–Meier survival just after the time.</param>
/// <param name="StdErr">Greenwood standard error of the survival, S sqrt(sum d / (n (n - d))) (R's summary std.err); NaN once S = 0.</param>
/// <param name="LogStdErr">Standard error of log S (= of the cumulative hazard; R's survfit std.err); +Inf once S = 0.</param>
/// <param name="Lower">Lower pointwise confidence limit; NaN where undefined.</param>
/// <param name="Upper">Upper pointwise confidence limit; NaN where undefined.</param>
public readonly record struct KaplanMeierRow(
    double Time, int NRisk, int NEvent, int NCensor, double Survival, double StdErr, double LogStdErr, double Lower, double Upper);

/// <summary>A Kaplan–Meier curve for one group, with R's quantile rules.</summary>
public sealed class KaplanMeierCurve
{
    private readonly KaplanMeierRow[] _rows;
    private readonly double _tolerance;

    internal KaplanMeierCurve(int group, int n, int events, KaplanMeierRow[] rows, ConfidenceType confidenceType, double confidenceLevel, double tolerance)
    {
        Group = group;
        N = n;
        Events = events;
        _rows = rows;
        ConfidenceType = confidenceType;
        ConfidenceLevel = confidenceLevel;
        _tolerance = tolerance;
        Median = Quantile(0.5);
    }

    /// <summary>Group code (0 when ungrouped).</summary>
    public int Group { get; }

    /// <summary>Number of observations in the group.</summary>
    public int N { get; }

    /// <summary>Number of events in the group.</summary>
    public int Events { get; }

    /// <summary>Confidence interval transformation used for <see cref="KaplanMeierRow.Lower"/>/<see cref="KaplanMeierRow.Upper"/>.</summary>
    public ConfidenceType ConfidenceType { get; }

    /// <summary>Confidence level, e.g. 0.95.</summary>
    public double ConfidenceLevel { get; }

    /// <summary>One row per distinct time (events and censorings), ascending.</summary>
    public IReadOnlyList<KaplanMeierRow> Rows => _rows;

    /// <summary>Median survival with its confidence interval (R: quantile(fit, 0.5)).</summary>
    public SurvivalQuantile Median { get; }

    /// <summary>
    /// Quantile of the curve by R's quantile.survfit rules: the time where 1 - S reaches <paramref name="probability"/>,
    /// with the CI from where the lower and upper limit curves reach it.
    /// </summary>
    /// <param name="probability">Fraction with the event, in [0, 1] (0.25, 0.5, 0.75 for the quartiles).</param>
    public SurvivalQuantile Quantile(double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Probability must lie in [0, 1].");
        }

        int m = _rows.Length;
        var x = new double[m + 1];
        var y = new double[m + 1];
        x[0] = 0.0; // R: the start of the curve is 0 unless start.time is given
        for (int i = 0; i < m; i++)
        {
            x[i + 1] = _rows[i].Time;
        }

        double q = Read(x, y, probability, static r => r.Survival);
        double lower = Read(x, y, probability, static r => r.Lower);
        double upper = Read(x, y, probability, static r => r.Upper);
        return new SurvivalQuantile(probability, q, lower, upper);
    }

    private double Read(double[] x, double[] y, double p, Func<KaplanMeierRow, double> curve)
    {
        y[0] = 0.0;
        for (int i = 0; i < _rows.Length; i++)
        {
            y[i + 1] = 1.0 - curve(_rows[i]);
        }

        return QuantileRule.Find(x, y, p, _tolerance);
    }
}

/// <summary>
/// Kaplan–Meier estimator of the survival function, reproducing R's <c>survfit(Surv(time, status) ~ group)</c>.
/// </summary>
/// <remarks>
/// Inputs: right-censored data (time in any unit, status 1 = event / 0 = censored), optionally split into groups.
/// Outputs: per group one row per distinct time with n at risk, events, censorings, S(t), Greenwood standard
/// error and pointwise confidence limits; median and other quantiles by R's rules.
/// Assumptions: unweighted data; censorings tied with events at the same time are counted as at risk at that
/// time (R's convention); near-equal times are merged by <see cref="TimeFix"/> as R does.
/// Cost: one O(n) sort (shared with other estimators through <see cref="SurvivalSample"/>) and O(n) passes.
/// </remarks>
public static class KaplanMeier
{
    /// <summary>Fits one curve to all observations.</summary>
    public static KaplanMeierCurve Fit(ReadOnlySpan<double> time, ReadOnlySpan<int> status, KaplanMeierOptions? options = null)
        => Fit(SurvivalSample.Create(time, status), options)[0];

    /// <summary>Fits one curve per group of a prepared sample (curve g for group code g).</summary>
    public static IReadOnlyList<KaplanMeierCurve> Fit(SurvivalSample sample, KaplanMeierOptions? options = null)
    {
        options ??= new KaplanMeierOptions();
        options.Validate();
        double z = ConfidenceLimits.ZForLevel(options.ConfidenceLevel);
        var (start, time, status) = sample.ByGroup();
        var curves = new KaplanMeierCurve[sample.GroupCount];
        for (int g = 0; g < sample.GroupCount; g++)
        {
            curves[g] = FitBlock(g, time.AsSpan(start[g], start[g + 1] - start[g]), status.AsSpan(start[g], start[g + 1] - start[g]), options, z);
        }

        return curves;
    }

    private static KaplanMeierCurve FitBlock(int group, ReadOnlySpan<double> time, ReadOnlySpan<byte> status, KaplanMeierOptions options, double z)
    {
        int n = time.Length;

        // distinct times
        int distinct = 0;
        for (int i = 0; i < n; i++)
        {
            if (i == 0 || time[i] != time[i - 1])
            {
                distinct++;
            }
        }

        var rows = new KaplanMeierRow[distinct];
        int atRisk = n;
        int totalEvents = 0;
        double km = 1.0;
        double greenwood = 0.0; // sum d / (n (n - d))
        int r = 0;
        for (int i = 0; i < n;)
        {
            double t = time[i];
            int events = 0, censored = 0;
            int j = i;
            for (; j < n && time[j] == t; j++)
            {
                if (status[j] == 1)
                {
                    events++;
                }
                else
                {
                    censored++;
                }
            }

            if (events > 0)
            {
                double nr = atRisk;
                km *= (nr - events) / nr;
                greenwood += events / (nr * (nr - events)); // +Inf when everyone at risk dies
            }

            double logSe = Math.Sqrt(greenwood);
            var (lower, upper) = ConfidenceLimits.Compute(km, logSe, z, options.ConfidenceType);
            rows[r++] = new KaplanMeierRow(t, atRisk, events, censored, km, km * logSe, logSe, lower, upper);
            totalEvents += events;
            atRisk -= events + censored;
            i = j;
        }

        return new KaplanMeierCurve(group, n, totalEvents, rows, options.ConfidenceType, options.ConfidenceLevel, options.QuantileTolerance);
    }
}
