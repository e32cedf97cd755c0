using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Domain.Clinical;

/// <summary>Small guards shared by the forms; each throws <see cref="DomainRuleException"/> naming the field.</summary>
internal static class Check
{
    public static void Range(decimal? value, decimal min, decimal max, string field, string label, string unit)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw new DomainRuleException(field, $"{label} must be between {min} and {max} {unit}.");
        }
    }

    public static void Range(int? value, int min, int max, string field, string label)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw new DomainRuleException(field, $"{label} must be between {min} and {max}.");
        }
    }

    public static void Defined<TEnum>(TEnum? value, string field, string label)
        where TEnum : struct, Enum
    {
        if (value is { } v && !Enum.IsDefined(v))
        {
            throw new DomainRuleException(field, $"{label} is not one of the allowed values.");
        }
    }

    public static void Absent(bool present, string field, string message)
    {
        if (present)
        {
            throw new DomainRuleException(field, message);
        }
    }

    public static void Missing(List<string> missing, bool isMissing, string field)
    {
        if (isMissing)
        {
            missing.Add(field);
        }
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
