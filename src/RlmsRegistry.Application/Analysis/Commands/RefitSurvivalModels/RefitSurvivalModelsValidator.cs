using FluentValidation;

namespace RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;

public sealed class RefitSurvivalModelsValidator : AbstractValidator<RefitSurvivalModelsCommand>
{
    public RefitSurvivalModelsValidator() =>
        RuleFor(c => c.Trigger).Must(t => t is RefitTriggers.Manual or RefitTriggers.Schedule)
            .WithMessage("A refit is started manually or by the schedule.");
}
