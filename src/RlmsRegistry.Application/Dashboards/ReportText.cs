using System.Globalization;

namespace RlmsRegistry.Application.Dashboards;

/// <summary>
/// Numbers in the words a reader of a paper expects (issue 18): "NR" (not reached) for an unreached median or limit,
/// "p &lt; 0.001" rather than "p = &lt;0.001", hazard ratios with as many decimals as tell the limits apart.
/// </summary>
public static class ReportText
{
    /// <summary>Not reached: the estimate or limit does not exist because the curve does not fall that far.</summary>
    public const string NotReached = "NR";

    /// <summary>A p-value for a table column: "&lt;0.001" or "0.012".</summary>
    public static string PValue(double? p) => p switch
    {
        null => "—",
        double.NaN => "NA",
        < 0.001 => "<0.001",
        { } v => v.ToString("0.000", CultureInfo.InvariantCulture),
    };

    /// <summary>A p-value inside a sentence: "p &lt; 0.001" or "p = 0.012".</summary>
    public static string PInline(double? p) => p switch
    {
        null => "p not available",
        double.NaN => "p not available",
        < 0.001 => "p < 0.001",
        { } v => "p = " + v.ToString("0.000", CultureInfo.InvariantCulture),
    };

    /// <summary>"1.23 (0.98–1.55)", with three decimals when two would print both limits alike (a per-unit HR of platelets).</summary>
    public static string HazardRatio(double hr, double lower, double upper)
    {
        var format = Math.Round(lower, 2) == Math.Round(upper, 2) ? "0.000" : "0.00";
        return $"{hr.ToString(format, CultureInfo.InvariantCulture)} ({lower.ToString(format, CultureInfo.InvariantCulture)}–{upper.ToString(format, CultureInfo.InvariantCulture)})";
    }

    /// <summary>"58.8 (44.7–NR)": an estimate with its limits, NR for what was not reached; "NR" alone when the estimate was not.</summary>
    public static string Estimate(double? value, double? lower, double? upper, string format = "0.0") =>
        value is not { } v
            ? NotReached
            : $"{v.ToString(format, CultureInfo.InvariantCulture)} ({Limit(lower, format)}–{Limit(upper, format)})";

    public static string Limit(double? x, string format = "0.0") => x is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : NotReached;

    /// <summary>
    /// A label inside a sentence ("by FNCLCC grade", "by centre"): the first letter lowered unless the first word is
    /// an acronym (FNCLCC, NLR).
    /// </summary>
    public static string InSentence(string label)
    {
        if (label.Length == 0)
        {
            return label;
        }

        var firstWord = label.Split(' ', 2)[0];
        return firstWord.Length > 1 && firstWord.All(c => !char.IsLetter(c) || char.IsUpper(c))
            ? label
            : char.ToLowerInvariant(label[0]) + label[1..];
    }

    /// <summary>"1 patient", "12 patients", "&lt;5 patients".</summary>
    public static string Patients(SmallCount n) => n.Value == 1 ? "1 patient" : $"{n} patients";
}
