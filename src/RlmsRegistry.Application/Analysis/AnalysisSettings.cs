namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// How a cohort analysis is run. Part of every snapshot, so a figure can be reproduced with the settings it used.
/// </summary>
public sealed record AnalysisSettings
{
    /// <summary>Factors whose univariable likelihood-ratio p is below this enter the multivariable model (the paper: 0.05).</summary>
    public double UnivariablePThreshold { get; init; } = 0.05;

    /// <summary>Factors always in the multivariable model (keys of <see cref="AnalysisFactors"/>), whatever their p.</summary>
    public IReadOnlyList<string> ForcedFactors { get; init; } = [];

    /// <summary>NLR cut-off for the Kaplan–Meier curves by NLR (above vs at or below).</summary>
    public double NlrCutoff { get; init; } = 3.0;

    /// <summary>Times (months) at which overall survival is reported with its confidence interval.</summary>
    public IReadOnlyList<double> SurvivalTimesMonths { get; init; } = [12, 36, 60];

    /// <summary>Tie handling of the Cox models: "efron" (R's default) or "breslow".</summary>
    public string Ties { get; init; } = "efron";

    /// <summary>A warning is attached to a model with fewer events per coefficient than this.</summary>
    public double MinEventsPerVariable { get; init; } = 10;

    /// <summary>
    /// Whether Draft forms enter the analysis. Off by default: a patient's forms count only once Complete (docs/decisions/0011);
    /// a study that analyses work in progress on purpose turns it on.
    /// </summary>
    public bool IncludeDraftForms { get; init; }
}
