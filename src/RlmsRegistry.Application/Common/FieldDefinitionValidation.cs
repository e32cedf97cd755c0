using FluentValidation;
using FluentValidation.Results;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Application.Common;

/// <summary>Validators take the field rules from the form's definitions instead of restating ranges and messages.</summary>
public static class FieldDefinitionValidation
{
    /// <summary>
    /// Adds every refusal <see cref="FieldRules.Refusals"/> finds (required, answers, hard ranges, dates not in the
    /// future, values for fields that do not apply), all at once, keyed by the C# property as the other rules are.
    /// </summary>
    public static void IncludeFieldRules<T>(this AbstractValidator<T> validator, FormDefinition form, IClock? clock)
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(x => x).Custom((values, context) =>
        {
            if (values is null)
            {
                return;
            }

            foreach (var problem in FieldRules.Refusals(form, values, clock?.Today))
            {
                context.AddFailure(new ValidationFailure(problem.Property, problem.Message));
            }
        });
    }
}
