using System.Text.Json.Serialization;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// How a cohort analysis is run (configuration section <c>Analysis</c>, checked at start-up by
/// <see cref="AnalysisSettingsValidator"/>). Part of every snapshot, so a figure can be reproduced with the settings it used;
/// the snapshot stores the whole record as JSON, so a new setting is compared and stored without further code.
/// </summary>
public sealed record AnalysisSettings
{
    /// <summary>The configuration section the settings are bound from.</summary>
    public const string Section = "Analysis";

    /// <summary>Factors whose univariable likelihood-ratio p is below this enter the multivariable model (the paper: 0.05).</summary>
    public double UnivariablePThreshold { get; init; } = 0.05;

    /// <summary>Factors always in the multivariable model (keys of <see cref="AnalysisFactors"/>), whatever their p.</summary>
    public IReadOnlyList<string> ForcedFactors { get; init; } = [];

    /// <summary>NLR cut-off for the Kaplan–Meier curves by NLR (above vs at or below).</summary>
    public double NlrCutoff { get; init; } = 3.0;

    /// <summary>Times (months) at which overall survival is reported with its confidence interval.</summary>
    public IReadOnlyList<double> SurvivalTimesMonths { get; init; } = [12, 36, 60];

    /// <summary>Tie handling of the Cox models: Efron (R's default) or Breslow; stored in JSON as "efron" or "breslow".</summary>
    [JsonConverter(typeof(TiesJsonConverter))]
    public CoxTies Ties { get; init; } = CoxTies.Efron;

    /// <summary>A warning is attached to a model with fewer events per coefficient than this.</summary>
    public double MinEventsPerVariable { get; init; } = 10;

    /// <summary>
    /// Whether Draft forms enter the analysis. Off by default: a patient's forms count only once Complete (docs/decisions/0011);
    /// a study that analyses work in progress on purpose turns it on.
    /// </summary>
    public bool IncludeDraftForms { get; init; }
}
