using System.Globalization;
using FluentValidation;
using RlmsRegistry.Domain.Analysis;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// The rules the <c>Analysis</c> settings must satisfy; the host checks them at start-up (ValidateOnStart), so a wrong
/// threshold stops the web app or the worker with this message instead of producing a snapshot nobody asked for.
/// </summary>
public sealed class AnalysisSettingsValidator : AbstractValidator<AnalysisSettings>
{
    public AnalysisSettingsValidator()
    {
        RuleFor(s => s.UnivariablePThreshold).Must(p => p > 0 && p <= 1)
            .WithMessage(s => $"Analysis:UnivariablePThreshold must be above 0 and at most 1 (it is {Show(s.UnivariablePThreshold)}).");
        RuleFor(s => s.NlrCutoff).Must(x => x > 0 && double.IsFinite(x))
            .WithMessage(s => $"Analysis:NlrCutoff must be a positive number (it is {Show(s.NlrCutoff)}).");
        RuleFor(s => s.MinEventsPerVariable).Must(x => x > 0 && double.IsFinite(x))
            .WithMessage(s => $"Analysis:MinEventsPerVariable must be a positive number (it is {Show(s.MinEventsPerVariable)}).");
        RuleFor(s => s.SurvivalTimesMonths).NotEmpty()
            .WithMessage("Analysis:SurvivalTimesMonths must list at least one time in months.");
        RuleForEach(s => s.SurvivalTimesMonths).Must(t => t > 0 && double.IsFinite(t))
            .WithMessage((_, t) => $"Analysis:SurvivalTimesMonths must hold positive times in months ({Show(t)} is not).");
        RuleFor(s => s.Ties).IsInEnum()
            .WithMessage("Analysis:Ties must be Efron or Breslow.");
        RuleForEach(s => s.ForcedFactors).Must(k => AnalysisFactors.Find(k) is not null)
            .WithMessage((_, k) => $"Analysis:ForcedFactors names an unknown factor '{k}' (known: {string.Join(", ", AnalysisFactors.Candidates(Cohort.Recurrent).Select(f => f.Key))}).");
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
