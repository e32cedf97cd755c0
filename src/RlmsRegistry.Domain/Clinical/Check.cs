using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Domain.Clinical;

/// <summary>Small guards shared by the forms; each throws <see cref="DomainRuleException"/> naming the field.</summary>
internal static class Check
{
    /// <summary>The rules the form's field definitions imply (answers, hard ranges, branching); the first refusal is thrown.</summary>
    public static void Fields(FormDefinition form, object details)
    {
        if (FieldRules.Refusals(form, details) is [var first, ..])
        {
            throw new DomainRuleException(first.Property, first.Message);
        }
    }

    /// <summary>The C# property names of the fields completion still needs, in form order.</summary>
    public static IReadOnlyList<string> MissingForCompletion(FormDefinition form, object details) =>
        [.. FieldRules.MissingForCompletion(form, details).Select(p => p.Property)];

    public static void Absent(bool present, string field, string message)
    {
        if (present)
        {
            throw new DomainRuleException(field, message);
        }
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
