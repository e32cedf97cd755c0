namespace RlmsRegistry.Survival;

/// <summary>Transformation used for pointwise confidence intervals of a survival curve (R's <c>conf.type</c>).</summary>
public enum ConfidenceType
{
    /// <summary><c>"log"</c> (R's default): exp(log S ± z se), upper limit clipped at 1.</summary>
    Log,

    /// <summary><c>"log-log"</c>: exp(-exp(log(-log S) ± z se / log S)); undefined where S is 0 or 1.</summary>
    LogLog,

    /// <summary><c>"plain"</c>: S ± z S se, clipped to [0, 1].</summary>
    Plain,
}

/// <summary>Pointwise confidence limits for a survival estimate, as R's survfit_confint computes them.</summary>
public static class ConfidenceLimits
{
    /// <summary>
    /// Limits for one survival value.
    /// </summary>
    /// <param name="survival">Survival estimate S in [0, 1].</param>
    /// <param name="logStdErr">Standard error of log S (Greenwood, i.e. of the cumulative hazard); may be +Inf when S = 0.</param>
    /// <param name="z">Normal quantile, e.g. 1.959964 for 95%.</param>
    /// <param name="type">The transformation.</param>
    /// <returns>(lower, upper); NaN where R returns NA (S = 0 for every type, S = 1 for log-log).</returns>
    public static (double Lower, double Upper) Compute(double survival, double logStdErr, double z, ConfidenceType type)
    {
        double p = survival;
        switch (type)
        {
            case ConfidenceType.Plain:
                {
                    // Klein & Moeschberger 4.3.1: se(S) = S * se(log S); NaN (0 * Inf) propagates as R's NA
                    double half = logStdErr * p * z;
                    return (Math.Max(p - half, 0.0), Math.Min(p + half, 1.0));
                }

            case ConfidenceType.Log:
                {
                    if (p == 0 || double.IsNaN(p))
                    {
                        return (double.NaN, double.NaN);
                    }

                    double half = z * logStdErr;
                    double logP = Math.Log(p);
                    return (Math.Exp(logP - half), Math.Min(Math.Exp(logP + half), 1.0));
                }

            case ConfidenceType.LogLog:
                {
                    if (p == 0 || p == 1 || double.IsNaN(p))
                    {
                        return (double.NaN, double.NaN);
                    }

                    double logP = Math.Log(p);
                    double half = z * logStdErr / logP;
                    double loglog = Math.Log(-logP);
                    return (Math.Exp(-Math.Exp(loglog - half)), Math.Exp(-Math.Exp(loglog + half)));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown confidence type.");
        }
    }

    /// <summary>Two-sided normal quantile for a confidence level, e.g. 1.959964 for 0.95 (R: qnorm(1 - (1 - level) / 2)).</summary>
    public static double ZForLevel(double level) => Distributions.NormalQuantile(1.0 - ((1.0 - level) / 2.0));
}
