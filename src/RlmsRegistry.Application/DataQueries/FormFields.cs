using System.Reflection;
using System.Text;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.DataQueries;

/// <summary>One field of a case report form: its API name (camelCase) and a label for people.</summary>
public sealed record FormFieldDto(string Name, string Label);

/// <summary>
/// The fields of each form, read from the domain's details records (so a new field is queryable without editing a list),
/// with labels for people: "maxDiameterCm" reads "Max diameter (cm)". Also names each form kind for people and URLs.
/// </summary>
public static class FormFields
{
    private static readonly Dictionary<FormKind, IReadOnlyList<FormFieldDto>> Fields = new()
    {
        [FormKind.Operation] = Read(typeof(OperationDetails)),
        [FormKind.Pathology] = Read(typeof(PathologyDetails)),
        [FormKind.LabPanel] = Read(typeof(LabPanelDetails)),
        [FormKind.FollowUpEvent] = Read(typeof(FollowUpEventDetails)),
    };

    public static IReadOnlyList<FormFieldDto> Of(FormKind kind) => Fields.GetValueOrDefault(kind) ?? [];

    /// <summary>The field with this name (case-insensitive, camelCase or PascalCase), or null.</summary>
    public static FormFieldDto? Find(FormKind kind, string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : Of(kind).FirstOrDefault(f => string.Equals(f.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A label for a field name (also for names no longer on a form, e.g. in old audit lines).</summary>
    public static string LabelOf(string name)
    {
        foreach (var fields in Fields.Values)
        {
            if (fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) is { } field)
            {
                return field.Label;
            }
        }

        return Humanize(name);
    }

    /// <summary>The form's name for people: "Operation", "Pathology report"…</summary>
    public static string FormLabel(FormKind kind) => kind.Label();

    /// <summary>The form kind as the API and URLs spell it: operation, pathology, labs, follow-up-event.</summary>
    public static string UrlName(FormKind kind) => kind switch
    {
        FormKind.Operation => "operation",
        FormKind.Pathology => "pathology",
        FormKind.LabPanel => "labs",
        _ => "follow-up-event",
    };

    /// <summary>Reads a form kind as the API spells it (also the enum's own names, camelCase or PascalCase).</summary>
    public static FormKind? Parse(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        "operation" => FormKind.Operation,
        "pathology" => FormKind.Pathology,
        "labs" or "labpanel" => FormKind.LabPanel,
        "follow-up-event" or "followupevent" => FormKind.FollowUpEvent,
        _ => null,
    };

    private static List<FormFieldDto> Read(Type details) => details
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => new FormFieldDto(char.ToLowerInvariant(p.Name[0]) + p.Name[1..], Humanize(p.Name)))
        .ToList();

    /// <summary>"MaxDiameterCm" → "Max diameter (cm)"; "PlateletsE9PerL" → "Platelets (×10⁹/L)".</summary>
    internal static string Humanize(string name)
    {
        if (name.Length == 0)
        {
            return name;
        }

        var unit = string.Empty;
        foreach (var (suffix, text) in new[] { ("E9PerL", " (×10⁹/L)"), ("Cm", " (cm)"), ("Ml", " (ml)"), ("Minutes", " (minutes)") })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
            {
                name = name[..^suffix.Length];
                unit = text;
                break;
            }
        }

        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                sb.Append(' ');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(i == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return sb.Append(unit).ToString();
    }
}
