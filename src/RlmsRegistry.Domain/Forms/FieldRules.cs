namespace RlmsRegistry.Domain.Forms;

/// <summary>A problem with one field: its camelCase name, its C# property and a sentence in words.</summary>
public sealed record FieldProblem(string Field, string Property, string Message);

/// <summary>
/// The rules every field definition implies, in one place: required values, allowed answers, hard ranges, dates not
/// in the future, values sent for a field that does not apply (refused), completion requirements, and plausibility
/// warnings. Messages name the field by its label. Validators, the domain and the data-quality worklist all call this.
/// </summary>
public static class FieldRules
{
    /// <summary>
    /// Everything that refuses a save, all at once, in field order: a required field empty, an answer not in the list,
    /// a number outside the hard range, a date after <paramref name="today"/>, a value for a field that does not apply.
    /// </summary>
    public static IReadOnlyList<FieldProblem> Refusals(FormDefinition form, object values, DateOnly? today = null)
    {
        var read = FieldValues.Of(values);
        var problems = new List<FieldProblem>();
        foreach (var field in form.EnteredFields)
        {
            var value = read(field.Name);
            var applies = FormDefinition.Applies(field, read);
            if (!applies)
            {
                if (value is not null && !FieldDefinition.Same(value, field.NeutralValue))
                {
                    problems.Add(Problem(field, $"{field.Label} is recorded only when {form.BranchingInWords(field)}: leave it empty."));
                }

                continue;
            }

            if (value is null)
            {
                if (field.Requirement == Requirement.Always)
                {
                    problems.Add(Problem(field, $"{field.Label} is required."));
                }

                continue;
            }

            if (HardProblem(field, value, today) is { } message)
            {
                problems.Add(Problem(field, message));
            }
        }

        return problems;
    }

    /// <summary>The fields completion needs that are still empty (applicable ones only), each with a sentence.</summary>
    public static IReadOnlyList<FieldProblem> MissingForCompletion(FormDefinition form, object values)
    {
        var read = FieldValues.Of(values);
        return
        [
            .. form.EnteredFields
                .Where(f => f.Requirement != Requirement.Optional && read(f.Name) is null && FormDefinition.Applies(f, read))
                .Select(f => Problem(f, $"{f.Label} is required to complete the {form.Label}.")),
        ];
    }

    /// <summary>Numbers inside the hard range but outside the plausible range: saved, and flagged for checking.</summary>
    public static IReadOnlyList<FieldProblem> Warnings(FormDefinition form, object values)
    {
        var read = FieldValues.Of(values);
        var warnings = new List<FieldProblem>();
        foreach (var field in form.EnteredFields.Where(f => f.Plausible is not null))
        {
            if (Number(read(field.Name)) is { } number && !field.Plausible!.Contains(number) && (field.Hard?.Contains(number) ?? true))
            {
                warnings.Add(Problem(field, $"{field.Label} {field.Describe(read(field.Name))} is outside the usual range ({field.Plausible.InWords(field.Unit)}): please check it."));
            }
        }

        return warnings;
    }

    /// <summary>Why <paramref name="value"/> cannot be stored in <paramref name="field"/>, or null when it can.</summary>
    public static string? HardProblem(FieldDefinition field, object value, DateOnly? today = null)
    {
        if (field.Choices.Count > 0 && field.FindChoice(value) is null)
        {
            return $"{field.Label}: choose one of {string.Join(", ", field.Choices.Select(c => c.Label))}.";
        }

        if (field.Hard is { } hard && Number(value) is { } number)
        {
            var max = field.NotInFuture && today is { } t ? Math.Min(hard.Max, t.Year) : hard.Max;
            if (number < hard.Min || number > max)
            {
                return $"{field.Label} must be between {new NumberRange(hard.Min, max).InWords(field.Unit).Replace("–", " and ", StringComparison.Ordinal)}.";
            }
        }

        if (field.NotInFuture && today is { } day && value is DateOnly date && date > day)
        {
            return $"{field.Label} cannot be in the future.";
        }

        return null;
    }

    private static decimal? Number(object? value) => value switch
    {
        decimal d => d,
        int i => i,
        long l => l,
        double x => (decimal)x,
        _ => null,
    };

    private static FieldProblem Problem(FieldDefinition field, string message) => new(field.Name, field.Property, message);
}
