namespace RlmsRegistry.Survival;

/// <summary>A Cox fit with the checks R users run after <c>coxph</c>: <c>concordance(fit)</c> and <c>cox.zph(fit)</c>.</summary>
/// <param name="Fit">The model (R: coxph).</param>
/// <param name="Concordance">Harrell's C with its standard error, or null when not asked for or the fit gave no usable linear predictor.</param>
/// <param name="ProportionalHazards">The proportional-hazards test, or null when not asked for.</param>
public sealed record CoxAnalysisResult(CoxResult Fit, ConcordanceResult? Concordance, PhTestResult? ProportionalHazards);

/// <summary>
/// Fits a Cox model and, on request, its concordance and proportional-hazards test, sharing the work between them:
/// the data are validated, sorted and laid out (<see cref="SortedCoxData"/>) once for the fit and the test; what the
/// concordance and the test need before the fit (the time order, the Kaplan–Meier transform) is prepared on the
/// other core while the model is fitted; then the concordance and the test run side by side. Results equal calling
/// <see cref="CoxRegression.Fit"/>, <see cref="Concordance.Compute"/> and <see cref="ProportionalHazardsTest.Compute(CoxData, CoxResult)"/>
/// one after the other.
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
        // The parts that do not need the fit start first, on the other core: the concordance's time order and the
        // test's Kaplan–Meier time transform.
        var prepared = concordance
            ? Task.Run(() => Concordance.Prepare(data.Time, data.Status, data.Strata, data.Cluster))
            : null;
        var sorted = SortedCoxData.Create(data, options.TimeFix);
        var transform = proportionalHazards ? Task.Run(() => ProportionalHazardsTest.KaplanMeierTransform(sorted)) : null;
        var fit = CoxRegression.Fit(data, sorted, options);

        // As R's concordancefit: no concordance when the fit produced no usable linear predictor.
        bool usable = fit.LinearPredictor.Length == data.RowCount && Array.TrueForAll(fit.LinearPredictor, double.IsFinite);
        ConcordanceResult? c = null;
        PhTestResult? ph = null;
        Parallel.Invoke(
            () => c = prepared is not null && usable ? prepared.Result.Compute(fit.LinearPredictor) : null,
            () => ph = transform is not null ? ProportionalHazardsTest.Compute(data, fit, sorted, transform.Result) : null);
        return new CoxAnalysisResult(fit, c, ph);
    }
}
