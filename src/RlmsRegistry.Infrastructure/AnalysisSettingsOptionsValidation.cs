using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Analysis;

namespace RlmsRegistry.Infrastructure;

/// <summary>Runs <see cref="AnalysisSettingsValidator"/> for the options system, one message per broken rule.</summary>
internal sealed class AnalysisSettingsOptionsValidation : IValidateOptions<AnalysisSettings>
{
    private static readonly AnalysisSettingsValidator Validator = new();

    public ValidateOptionsResult Validate(string? name, AnalysisSettings options)
    {
        var result = Validator.Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
