namespace RlmsRegistry.Survival;

/// <summary>Median follow-up by the reverse Kaplan–Meier method.</summary>
/// <param name="N">Observations used.</param>
/// <param name="Censored">Censored observations (the "events" of the reverse curve).</param>
/// <param name="Q25">First quartile of follow-up with its 95% CI.</param>
/// <param name="Median">Median follow-up with its 95% CI.</param>
/// <param name="Q75">Third quartile of follow-up with its 95% CI.</param>
/// <param name="Curve">The reverse Kaplan–Meier curve itself.</param>
public sealed record FollowUpResult(int N, int Censored, SurvivalQuantile Q25, SurvivalQuantile Median, SurvivalQuantile Q75, KaplanMeierCurve Curve);

/// <summary>
/// Reverse Kaplan–Meier estimate of follow-up (Schemper &amp; Smith): the Kaplan–Meier curve of the censoring
/// times, obtained by swapping event and censoring indicators, as R's
/// <c>quantile(survfit(Surv(time, 1 - status) ~ 1))</c>.
/// </summary>
/// <remarks>
/// Inputs: time (any unit), status (1 = event, 0 = censored). Outputs: quartiles of potential follow-up with
/// log-transformed 95% confidence limits. Assumption (R's convention): at a time where an event and a
/// censoring coincide, the subject with the event (now "censored") still counts as at risk.
/// </remarks>
public static class FollowUp
{
    /// <summary>Estimates follow-up quartiles.</summary>
    public static FollowUpResult ReverseKaplanMeier(ReadOnlySpan<double> time, ReadOnlySpan<int> status, KaplanMeierOptions? options = null)
    {
        var flipped = new int[status.Length];
        int censored = 0;
        for (int i = 0; i < status.Length; i++)
        {
            if (status[i] is not (0 or 1))
            {
                throw new ArgumentException($"status[{i}] = {status[i]} is not 0 or 1.", nameof(status));
            }

            flipped[i] = 1 - status[i];
            censored += flipped[i];
        }

        var curve = KaplanMeier.Fit(time, flipped, options);
        return new FollowUpResult(time.Length, censored, curve.Quantile(0.25), curve.Median, curve.Quantile(0.75), curve);
    }
}
