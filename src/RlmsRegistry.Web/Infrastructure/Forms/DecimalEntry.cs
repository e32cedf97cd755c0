using System.Globalization;
using System.Text.RegularExpressions;

namespace RlmsRegistry.Web.Infrastructure.Forms;

/// <summary>
/// Reads a typed decimal whatever the browser's language: "12,5" and "12.5" are both 12.5. Anything that could mean
/// two numbers is refused, never guessed: a thousands separator ("1.234,5", "1,234" where a 3-digit group after a
/// separator could be thousands), two separators, letters or spaces inside the number.
/// </summary>
public static partial class DecimalEntry
{
    public static bool TryParse(string? text, out decimal value, out string? problem)
    {
        value = 0;
        problem = null;
        var s = (text ?? string.Empty).Trim();
        if (s.Length == 0)
        {
            problem = "empty";
            return false;
        }

        var match = Shape().Match(s);
        if (!match.Success)
        {
            problem = s.Count(c => c is ',' or '.') > 1
                ? "use one decimal separator and no thousands separator (e.g. 1234.5 or 1234,5)"
                : "type a number such as 12.5 or 12,5";
            return false;
        }

        var whole = match.Groups["whole"].Value;
        var fraction = match.Groups["fraction"].Value;
        var unsignedWhole = whole.TrimStart('-', '+');
        if (fraction.Length == 3 && unsignedWhole.Length is >= 1 and <= 3 && unsignedWhole.TrimStart('0').Length > 0)
        {
            problem = $"“{s}” could be read as {unsignedWhole}.{fraction} or as {unsignedWhole}{fraction}: type it without a thousands separator";
            return false;
        }

        return decimal.TryParse(fraction.Length == 0 ? whole : whole + "." + fraction, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            || Fail(out problem);
    }

    private static bool Fail(out string? problem)
    {
        problem = "the number is too large";
        return false;
    }

    [GeneratedRegex(@"^(?<whole>[-+]?[0-9]+)(?:[.,](?<fraction>[0-9]+))?$")]
    private static partial Regex Shape();
}
