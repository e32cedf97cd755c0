using System.Globalization;
using System.Reflection;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Domain.Forms;

/// <summary>One form (REDCap "instrument"): its stable name, its label and its fields in page order.</summary>
public sealed class FormDefinition
{
    private readonly Dictionary<string, FieldDefinition> _byName;
    private readonly Dictionary<string, FieldDefinition> _byProperty;

    public FormDefinition(string name, string label, FormKind? kind, bool repeating, IReadOnlyList<FieldDefinition> fields)
    {
        Name = name;
        Label = label;
        Kind = kind;
        Repeating = repeating;
        Fields = fields;
        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        _byProperty = fields.ToDictionary(f => f.Property, StringComparer.Ordinal);
        foreach (var condition in fields.Where(f => f.AppliesWhen is not null).SelectMany(f => f.AppliesWhen!.AllOf))
        {
            if (!_byName.ContainsKey(condition.Field))
            {
                throw new InvalidOperationException($"Form {name}: branching refers to unknown field {condition.Field}.");
            }
        }
    }

    /// <summary>snake_case instrument name (REDCap's form_name): patient, operation, pathology, labs, follow_up_event.</summary>
    public string Name { get; }

    /// <summary>The form in words, lower case inside a sentence ("operation", "pathology report").</summary>
    public string Label { get; }

    /// <summary>The case report form it describes; null for the patient registration.</summary>
    public FormKind? Kind { get; }

    /// <summary>Repeats within a patient (operations, follow-up events) or within an operation (one each).</summary>
    public bool Repeating { get; }

    public IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>Fields a user types or chooses (not calculated).</summary>
    public IEnumerable<FieldDefinition> EnteredFields => Fields.Where(f => f.IsEntered);

    public FieldDefinition this[string name] => _byName[name];

    public FieldDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The field carried by the C# property <paramref name="property"/> (PascalCase), if any.</summary>
    public FieldDefinition? FindByProperty(string property) => _byProperty.GetValueOrDefault(property);

    /// <summary>The label of a field by its PascalCase property or camelCase name; the name itself when unknown.</summary>
    public string LabelOf(string propertyOrName) => (FindByProperty(propertyOrName) ?? Find(propertyOrName))?.Label ?? propertyOrName;

    /// <summary>"Setting is Recurrence and Primary operated outside the registry is Yes".</summary>
    public string BranchingInWords(FieldDefinition field) => field.AppliesWhen is not { } b
        ? string.Empty
        : string.Join(" and ", b.AllOf.Select(c =>
        {
            var on = this[c.Field];
            var answers = c.Values.Select(v => on.ChoiceLabel(v) ?? on.Describe(v));
            return $"{on.Label} is {string.Join(" or ", answers)}";
        }));

    /// <summary>REDCap branching logic: <c>[setting] = '2' and [primaryoperatedoutside] = '1'</c> (variables in lower case, REDCap's rule).</summary>
    public string BranchingForRedcap(FieldDefinition field) => field.AppliesWhen is not { } b
        ? string.Empty
        : string.Join(" and ", b.AllOf.Select(c =>
        {
            var on = this[c.Field];
            var codes = c.Values.Select(v => on.Choices.FirstOrDefault(x => Equals(x.Value, v))?.Code.ToString(CultureInfo.InvariantCulture) ?? Convert.ToString(v, CultureInfo.InvariantCulture));
            var terms = codes.Select(code => $"[{c.Field.ToLowerInvariant()}] = '{code}'").ToList();
            return terms.Count == 1 ? terms[0] : "(" + string.Join(" or ", terms) + ")";
        }));

    /// <summary>Whether <paramref name="field"/> applies given the values <paramref name="read"/> returns.</summary>
    public static bool Applies(FieldDefinition field, Func<string, object?> read) => field.AppliesWhen?.Holds(read) ?? true;
}

/// <summary>Reads field values off any object whose properties carry the fields (details records, commands, DTOs).</summary>
public static class FieldValues
{
    /// <summary>A reader by camelCase field name; a field the object does not carry reads as null.</summary>
    public static Func<string, object?> Of(object source)
    {
        var type = source.GetType();
        return name =>
        {
            var property = type.GetProperty(char.ToUpperInvariant(name[0]) + name[1..], BindingFlags.Public | BindingFlags.Instance);
            return property?.GetValue(source);
        };
    }
}
