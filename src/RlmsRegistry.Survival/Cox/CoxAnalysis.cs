namespace RlmsRegistry.Survival;

/// <summary>A Cox fit with the checks R users run after <c>coxph</c>: <c>concordance(fit)</c> and <c>cox.zph(fit)</c>.</summary>
/// <param name="Fit">The model (R: coxph).</param>
/// <param name="Concordance">Harrell's C with its standard error, or null when not asked for or the fit gave no usable linear predictor.</param>
/// <param name="ProportionalHazards">The proportional-hazards test, or null when not asked for.</param>
public sealed record CoxAnalysisResult(CoxResult Fit, ConcordanceResult? Concordance, PhTestResult? ProportionalHazards);

/// <summary>
/// Fits a Cox model and, on request, its concordance and proportional-hazards test, sharing the work between them:
/// the data are validated, sorted and laid out (<see cref="SortedCoxData"/>) once for the fit, the test and the
/// concordance (whose time order is that layout read backwards when the times were fixed as R's aeqSurv does); what
/// the concordance and the test need before the fit (that time order, the Kaplan–Meier transform) is prepared on the
/// other core while the model is fitted; then the test runs beside the concordance, whose two passes share the cores
/// with it. Results equal calling <see cref="CoxRegression.Fit"/>, <see cref="Concordance.Compute"/> and
/// <see cref="ProportionalHazardsTest.Compute(CoxData, CoxResult)"/> one after the other.
/// </summary>
public static class CoxAnalysis
{
    /// <summary>Runs the fit, then the requested follow-ups.</summary>
    public static CoxAnalysisResult Run(CoxData data, CoxOptions? options = null, bool concordance = true, bool proportionalHazards = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new CoxOptions();
        options.Validate();
        data.Validate();

        // Without the time fix the layout's times are not the ones R's concordance compares (it fixes them anyway):
        // the concordance then sorts for itself, from the start.
        var timeFix = options.TimeFix;
        var ownOrder = concordance && !timeFix
            ? Task.Run(() => Concordance.Prepare(data.Time, data.Status, data.Strata, data.Cluster))
            : null;
        var sorted = SortedCoxData.Create(data, timeFix);
        var prepared = concordance ? ownOrder ?? Task.Run(() => Concordance.Prepare(sorted, data.Cluster)) : null;
        var transform = proportionalHazards ? Task.Run(() => ProportionalHazardsTest.KaplanMeierTransform(sorted)) : null;
        var fit = CoxRegression.Fit(data, sorted, options);

        // The test on the other core; the concordance here, its second pass taken by whichever core is free first.
        var ph = transform is null ? null : Task.Run(() => ProportionalHazardsTest.Compute(data, fit, sorted, transform.Result));

        // As R's concordancefit: no concordance when the fit produced no usable linear predictor.
        bool usable = fit.LinearPredictor.Length == data.RowCount && Array.TrueForAll(fit.LinearPredictor, double.IsFinite);
        var c = prepared is not null && usable ? prepared.Result.Compute(fit.LinearPredictor) : null;
        return new CoxAnalysisResult(fit, c, ph?.Result);
    }
}
