using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;

namespace RlmsRegistry.Domain.Forms;

/// <summary>What kind of value a field holds (REDCap: text with validation, radio/dropdown, yesno, calc).</summary>
public enum FieldType
{
    /// <summary>A calendar date (yyyy-MM-dd).</summary>
    Date = 1,

    /// <summary>A whole number (REDCap: integer).</summary>
    WholeNumber = 2,

    /// <summary>A number with decimals (REDCap: number); the decimal comma and point are both accepted on entry.</summary>
    Number = 3,

    /// <summary>One answer from <see cref="FieldDefinition.Choices"/>.</summary>
    Choice = 4,

    /// <summary>Yes / no.</summary>
    YesNo = 5,

    /// <summary>Derived by the registry from other fields (<see cref="FieldDefinition.Formula"/>); never entered.</summary>
    Calculated = 6,
}

/// <summary>When a field must hold a value.</summary>
public enum Requirement
{
    /// <summary>May stay empty, even in a complete form.</summary>
    Optional = 1,

    /// <summary>May stay empty in a draft; the form cannot be completed without it (when it applies).</summary>
    ForCompletion = 2,

    /// <summary>Needed for every save, draft included (when it applies).</summary>
    Always = 3,
}

/// <summary>
/// One allowed answer of a choice field. <see cref="Code"/> is the number REDCap and the data dictionary use,
/// <see cref="Wire"/> the value the JSON API sends, <see cref="Value"/> the C# value (an enum member, a bool or an int)
/// and <see cref="Label"/> the words a user sees.
/// </summary>
public sealed record FieldChoice(int Code, string Wire, string Label, object Value)
{
    /// <summary>The value a posted HTML form carries for this answer (what the MVC binder reads).</summary>
    public string FormValue => Value is bool b ? (b ? "true" : "false") : Convert.ToString(Value, CultureInfo.InvariantCulture)!;

    /// <summary>The answers of an enum, in declaration order, each with its label.</summary>
    public static IReadOnlyList<FieldChoice> Of<TEnum>(params (TEnum Value, string Label)[] answers)
        where TEnum : struct, Enum =>
        [.. answers.Select(a => new FieldChoice(Convert.ToInt32(a.Value, CultureInfo.InvariantCulture), WireName(a.Value), a.Label, a.Value))];

    /// <summary>Whole numbers as answers (e.g. a score 1–3), each with its label.</summary>
    public static IReadOnlyList<FieldChoice> Numbers(params (int Value, string Label)[] answers) =>
        [.. answers.Select(a => new FieldChoice(a.Value, a.Value.ToString(CultureInfo.InvariantCulture), a.Label, a.Value))];

    /// <summary>Yes (1) and no (0).</summary>
    public static IReadOnlyList<FieldChoice> YesNo { get; } = [new(1, "true", "Yes", true), new(0, "false", "No", false)];

    /// <summary>The JSON name of an enum member: its <see cref="JsonStringEnumMemberNameAttribute"/>, else camelCase.</summary>
    public static string WireName<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var member = typeof(TEnum).GetField(name, BindingFlags.Public | BindingFlags.Static);
        var attribute = member?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>();
        return attribute?.Name ?? char.ToLowerInvariant(name[0]) + name[1..];
    }
}

/// <summary>An inclusive range of numbers.</summary>
public sealed record NumberRange(decimal Min, decimal Max)
{
    public bool Contains(decimal value) => value >= Min && value <= Max;

    /// <summary>"0.5–100 cm".</summary>
    public string InWords(string? unit) => $"{Format(Min)}–{Format(Max)}{(string.IsNullOrEmpty(unit) ? string.Empty : " " + unit)}";

    public static string Format(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}

/// <summary>One condition of a branching rule: <see cref="Field"/> (camelCase) holds one of <see cref="Values"/> (C# values).</summary>
public sealed record FieldCondition(string Field, IReadOnlyList<object> Values);

/// <summary>When a field applies (REDCap "branching logic"): every condition holds. A field that does not apply is hidden on the form, and a value sent for it is refused.</summary>
public sealed record Branching(IReadOnlyList<FieldCondition> AllOf)
{
    public static Branching When(string field, params object[] values) => new([new FieldCondition(field, values)]);

    public Branching And(string field, params object[] values) => new([.. AllOf, new FieldCondition(field, values)]);

    /// <summary>True when every condition holds for the values <paramref name="read"/> returns (by camelCase field name).</summary>
    public bool Holds(Func<string, object?> read) =>
        AllOf.All(c => read(c.Field) is { } value && c.Values.Any(v => FieldDefinition.Same(v, value)));
}

/// <summary>
/// One field of a case report form, declared once: the name the API and the analyses use, the words the user sees,
/// the unit, the type and answers, the hard range (refused), the plausible range (saved with a warning), whether
/// completion needs it, and when it applies. Validation messages, the Razor inputs, the OpenAPI descriptions and the
/// data dictionary are derived from it; see docs/adding-a-field.md.
/// </summary>
public sealed class FieldDefinition
{
    /// <summary>camelCase variable name: the API's JSON key and the data dictionary's variable. Stable.</summary>
    public required string Name { get; init; }

    /// <summary>The words shown as the field's label and used in every message about it.</summary>
    public required string Label { get; init; }

    public required FieldType Type { get; init; }

    /// <summary>A short explanation shown under the input.</summary>
    public string? Help { get; init; }

    /// <summary>The unit shown beside the input ("cm", "×10⁹/L").</summary>
    public string? Unit { get; init; }

    /// <summary>The allowed answers of a choice or yes/no field (empty otherwise).</summary>
    public IReadOnlyList<FieldChoice> Choices { get; init; } = [];

    /// <summary>Values outside are refused (numbers only).</summary>
    public NumberRange? Hard { get; init; }

    /// <summary>Values inside <see cref="Hard"/> but outside this range are saved and flagged for checking.</summary>
    public NumberRange? Plausible { get; init; }

    /// <summary>Decimal places accepted (decimal fields); more are refused rather than rounded.</summary>
    public int? DecimalPlaces { get; init; }

    /// <summary>Dates: a date after today is refused.</summary>
    public bool NotInFuture { get; init; }

    public Requirement Requirement { get; init; } = Requirement.Optional;

    /// <summary>When the field applies; null = always.</summary>
    public Branching? AppliesWhen { get; init; }

    /// <summary>A value that counts as "not answered" when the field does not apply (e.g. <c>false</c> for a yes/no that defaults to no).</summary>
    public object? NeutralValue { get; init; }

    /// <summary>Calculated fields: how the value is derived, in words.</summary>
    public string? Formula { get; init; }

    /// <summary>Calculated fields: the formula in REDCap's calc syntax (for the data dictionary), when one exists.</summary>
    public string? RedcapCalculation { get; init; }

    /// <summary>The group of fields on the page (a fieldset legend); null = no group.</summary>
    public string? Section { get; init; }

    /// <summary>The C# property carrying the field in commands, details and DTOs ("maxDiameterCm" → "MaxDiameterCm").</summary>
    public string Property => char.ToUpperInvariant(Name[0]) + Name[1..];

    public bool IsEntered => Type != FieldType.Calculated;

    /// <summary>The label of the answer <paramref name="value"/> (the C# value), or null when the field has no such answer.</summary>
    public string? ChoiceLabel(object? value) => FindChoice(value)?.Label;

    /// <summary>The answer whose C# value is <paramref name="value"/>; an enum also matches a whole-number answer of the same value.</summary>
    public FieldChoice? FindChoice(object? value) => value is null ? null : Choices.FirstOrDefault(c => Same(c.Value, value));

    /// <summary>Equal values, an enum member being equal to the whole number it stands for (a grade 1–3 travels as a number).</summary>
    public static bool Same(object? a, object? b) =>
        Equals(a, b) || (a is Enum or int && b is Enum or int && a is not null && b is not null
            && (a is Enum || b is Enum) && Convert.ToInt32(a, CultureInfo.InvariantCulture) == Convert.ToInt32(b, CultureInfo.InvariantCulture));

    /// <summary>A value in words: the answer's label, a number with its unit, a date as yyyy-MM-dd.</summary>
    public string Describe(object? value) => value switch
    {
        null => "(empty)",
        _ when ChoiceLabel(value) is { } label => label,
        decimal d => Unit is null ? NumberRange.Format(d) : $"{NumberRange.Format(d)} {Unit}",
        int i => Unit is null ? i.ToString(CultureInfo.InvariantCulture) : $"{i.ToString(CultureInfo.InvariantCulture)} {Unit}",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "Yes" : "No",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    public override string ToString() => Name;
}
