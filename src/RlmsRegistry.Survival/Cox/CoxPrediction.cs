using System.Runtime.CompilerServices;

namespace RlmsRegistry.Survival;

/// <summary>
/// A predicted survival curve for one covariate profile in one stratum, with one point per distinct
/// time of that stratum (censoring-only times included, as R's <c>survfit(..., censor = TRUE)</c>).
/// </summary>
/// <param name="Stratum">Stratum code (0 for an unstratified model).</param>
/// <param name="RiskScore">exp((x - means)' b) of the profile: the multiplier of the baseline cumulative hazard.</param>
/// <param name="Time">Distinct times, ascending.</param>
/// <param name="NRisk">Rows at risk at each time.</param>
/// <param name="NEvent">Events at each time.</param>
/// <param name="NCensor">Censored rows at each time.</param>
/// <param name="Survival">exp(-CumulativeHazard).</param>
/// <param name="CumulativeHazard">Predicted cumulative hazard of the profile.</param>
/// <param name="StdErr">Standard error of the cumulative hazard (= of log survival), including the uncertainty of b.</param>
/// <param name="Lower">Lower confidence limit of survival (log scale: S exp(-z se)).</param>
/// <param name="Upper">Upper confidence limit of survival (S exp(z se), at most 1).</param>
public sealed record CoxSurvivalCurve(
    int Stratum,
    double RiskScore,
    double[] Time,
    int[] NRisk,
    int[] NEvent,
    int[] NCensor,
    double[] Survival,
    double[] CumulativeHazard,
    double[] StdErr,
    double[] Lower,
    double[] Upper);

/// <summary>One row of a predicted curve read at a requested time.</summary>
/// <param name="Time">The requested time.</param>
/// <param name="Survival">Predicted survival in force at that time.</param>
/// <param name="StdErr">Standard error of the survival (S × se of the cumulative hazard), as <c>summary.survfit</c>.</param>
/// <param name="Lower">Lower limit (log transform).</param>
/// <param name="Upper">Upper limit.</param>
public readonly record struct CoxSurvivalPoint(double Time, double Survival, double StdErr, double Lower, double Upper);

/// <summary>
/// Survival curves from a fitted Cox model for a given covariate profile: R's
/// <c>survfit(coxfit, newdata = profile)</c> with its survival 3.5 defaults (stype = 2, i.e.
/// S = exp(-H); ctype = 1 (Breslow/Nelson–Aalen increments) after a Breslow fit and 2 (Efron increments)
/// after an Efron fit; conf.type = "log").
/// </summary>
/// <remarks>
/// Baseline hazard per stratum at each death time t with d deaths, risk-set sum R = sum exp(eta) and
/// deaths' sum e: Breslow dH0 = d / R; Efron dH0 = sum_{k&lt;d} 1 / (R - (k/d) e). The profile's
/// cumulative hazard is H(t) = r2 sum dH0 with r2 = exp((x2 - means)' b). Variance (Tsiatis / Andersen):
/// r2^2 [ sum d / R^2 (Efron: sum over k of 1/(R - (k/d) e)^2) + q(t)' V q(t) ], where
/// q(t) = sum (x2 - xbar(s)) dH0(s) and V the model variance (robust when clustered, as R uses fit$var).
/// Hand-checkable properties (tested): with b = 0 the curve is the Nelson–Aalen (Breslow) or
/// Fleming–Harrington (Efron) estimate with its Greenwood-type variance; at the means profile the
/// risk score is 1. Singular (NA) coefficients count as 0.
/// </remarks>
public static class CoxPrediction
{
    /// <summary>
    /// The curve read at <paramref name="times"/> as <c>summary(survfit(...), times, extend = TRUE)</c>: the last
    /// row at or before each time; before the first row survival 1 with standard error 0; after the last row the
    /// last values carried forward. Times are returned in the order given.
    /// </summary>
    public static CoxSurvivalPoint[] AtTimes(CoxSurvivalCurve curve, IReadOnlyList<double> times)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(times);
        var result = new CoxSurvivalPoint[times.Count];
        for (var k = 0; k < times.Count; k++)
        {
            var t = times[k];
            var i = Array.BinarySearch(curve.Time, t);
            if (i < 0)
            {
                i = ~i - 1;
            }

            result[k] = i < 0
                ? new CoxSurvivalPoint(t, 1, 0, 1, 1)
                : new CoxSurvivalPoint(t, curve.Survival[i], curve.Survival[i] * curve.StdErr[i], curve.Lower[i], curve.Upper[i]);
        }

        return result;
    }

    /// <summary>
    /// The curve for <paramref name="profile"/> (one value per design column; null = the fit's
    /// <see cref="CoxResult.Means"/>, R's default curve) in <paramref name="stratum"/>.
    /// Input: the data and the fit made from them. Throws <see cref="ArgumentException"/> when the
    /// profile length is wrong or the stratum does not occur.
    /// </summary>
    public static CoxSurvivalCurve Predict(
        CoxData data, CoxResult fit, IReadOnlyList<double>? profile = null, int stratum = 0, double confidenceLevel = 0.95, bool timeFix = true)
    {
        var curves = PredictCore(data, fit, profile, stratum, confidenceLevel, timeFix);
        return curves.Count == 1
            ? curves[0]
            : throw new ArgumentException($"Stratum {stratum} has no rows.", nameof(stratum));
    }

    /// <summary>One curve per stratum for <paramref name="profile"/> (R's survfit on a stratified fit without a strata value).</summary>
    public static IReadOnlyList<CoxSurvivalCurve> PredictAllStrata(
        CoxData data, CoxResult fit, IReadOnlyList<double>? profile = null, double confidenceLevel = 0.95, bool timeFix = true) =>
        PredictCore(data, fit, profile, null, confidenceLevel, timeFix);

    private static List<CoxSurvivalCurve> PredictCore(
        CoxData data, CoxResult fit, IReadOnlyList<double>? profile, int? stratum, double confidenceLevel, bool timeFix)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        data.Validate();
        var p = data.Columns.Length;
        if (fit.Coefficients.Count != p || fit.N != data.RowCount)
        {
            throw new ArgumentException("The fit does not belong to these data.", nameof(fit));
        }

        profile ??= fit.Means;
        if (profile.Count != p)
        {
            throw new ArgumentException($"The profile has {profile.Count} values; the model has {p} columns.", nameof(profile));
        }

        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentException("The confidence level must lie strictly between 0 and 1.", nameof(confidenceLevel));
        }

        var sorted = SortedCoxData.Create(data, timeFix);
        var n = sorted.N;
        var efron = fit.Ties == CoxTies.Efron;

        // Coefficients on the layout's scale; NA counts as 0.
        var beta = new double[p];
        var coef = new double[p];
        var centredProfile = new double[p];
        var lp2 = 0.0;
        for (var j = 0; j < p; j++)
        {
            coef[j] = double.IsNaN(fit.Coefficients[j].Coef) ? 0 : fit.Coefficients[j].Coef;
            beta[j] = coef[j] / sorted.Scale[j];
            centredProfile[j] = profile[j] - sorted.Means[j];
            lp2 += coef[j] * centredProfile[j];
        }

        var risk2 = Math.Exp(lp2);
        var eta = new double[n];
        CoxKernels.LinearPredictor(sorted.X, n, p, beta, eta);
        var variance = fit.EffectiveVariance;
        var z = ConfidenceLimits.ZForLevel(confidenceLevel);

        var curves = new List<CoxSurvivalCurve>();
        for (var seg = 0; seg + 1 < sorted.SegmentStart.Length; seg++)
        {
            if (stratum is { } wanted && sorted.SegmentStratum[seg] != wanted)
            {
                continue;
            }

            curves.Add(Curve(sorted, seg, eta, efron, centredProfile, risk2, variance, z));
        }

        return curves;
    }

    /// <summary>
    /// One stratum's curve. Walks the stratum's blocks from the latest time (growing risk-set sums),
    /// stores each time's hazard increments, then cumulates them in ascending time. O(rows p + times p^2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static CoxSurvivalCurve Curve(
        SortedCoxData sorted, int seg, double[] eta, bool efron, double[] centredProfile, double risk2, double[,] variance, double z)
    {
        var n = sorted.N;
        var p = sorted.P;
        var firstBlock = sorted.SegmentStart[seg];
        var endBlock = sorted.SegmentStart[seg + 1];
        var count = endBlock - firstBlock;
        var hazard = new double[count];
        var varHazard = new double[count];
        var xbarHazard = new double[count * p];   // sum over the time's steps of dH0 * (xbar - means), original scale
        var nRisk = new int[count];
        var nEvent = new int[count];
        var nCensor = new int[count];
        var time = new double[count];

        var denom = 0.0;
        var atRisk = 0;
        var xsum = new double[p];
        var xsum2 = new double[p];
        for (var b = firstBlock; b < endBlock; b++)
        {
            var slot = endBlock - 1 - b;  // ascending time
            var start = sorted.BlockStart[b];
            var end = sorted.BlockStart[b + 1];
            var deaths = sorted.BlockDeaths[b];
            var deathRisk = 0.0;
            Array.Clear(xsum2);
            for (var i = start; i < end; i++)
            {
                var r = Math.Exp(eta[i]);
                denom += r;
                for (var j = 0; j < p; j++)
                {
                    var v = r * sorted.X[(j * n) + i];
                    xsum[j] += v;
                    if (i < start + deaths)
                    {
                        xsum2[j] += v;
                    }
                }

                if (i < start + deaths)
                {
                    deathRisk += r;
                }
            }

            atRisk += end - start;
            time[slot] = sorted.Time[start];
            nRisk[slot] = atRisk;
            nEvent[slot] = deaths;
            nCensor[slot] = end - start - deaths;
            if (deaths == 0)
            {
                continue;
            }

            if (!efron || deaths == 1)
            {
                var h = deaths / denom;
                hazard[slot] = h;
                varHazard[slot] = deaths / (denom * denom);
                for (var j = 0; j < p; j++)
                {
                    xbarHazard[(slot * p) + j] = xsum[j] / denom * h / sorted.Scale[j];
                }
            }
            else
            {
                double sum1 = 0, sum2 = 0;
                for (var k = 0; k < deaths; k++)
                {
                    var frac = (double)k / deaths;
                    var inv = 1.0 / (denom - (deathRisk * frac));
                    sum1 += inv;
                    sum2 += inv * inv;
                    for (var j = 0; j < p; j++)
                    {
                        xbarHazard[(slot * p) + j] += (xsum[j] - (xsum2[j] * frac)) * inv * inv / sorted.Scale[j];
                    }
                }

                // agsurv5: per-step averages times the number of events.
                hazard[slot] = sum1;
                varHazard[slot] = sum2;
            }
        }

        var survival = new double[count];
        var cumulative = new double[count];
        var stdErr = new double[count];
        var lower = new double[count];
        var upper = new double[count];
        double cumHaz = 0, cumVar = 0;
        var q = new double[p];
        for (var t = 0; t < count; t++)
        {
            cumHaz += hazard[t];
            cumVar += varHazard[t];
            for (var j = 0; j < p; j++)
            {
                q[j] += (centredProfile[j] * hazard[t]) - xbarHazard[(t * p) + j];
            }

            var quad = 0.0;
            for (var j = 0; j < p; j++)
            {
                for (var k = 0; k < p; k++)
                {
                    quad += q[j] * variance[j, k] * q[k];
                }
            }

            var h = cumHaz * risk2;
            var s = Math.Exp(-h);
            var se = Math.Sqrt((cumVar + quad) * risk2 * risk2);
            cumulative[t] = h;
            survival[t] = s;
            stdErr[t] = se;
            (lower[t], upper[t]) = ConfidenceLimits.Compute(s, se, z, ConfidenceType.Log);
        }

        return new CoxSurvivalCurve(
            sorted.SegmentStratum[seg], risk2, time, nRisk, nEvent, nCensor, survival, cumulative, stdErr, lower, upper);
    }
}
