using System.Globalization;

namespace RlmsRegistry.Cli.Csv;

/// <summary>
/// Parses a decimal number from UTF-8 bytes without allocating, with the same (correctly rounded) result as
/// double.Parse under the invariant culture.
/// </summary>
/// <remarks>
/// Fast path (Clinger): an optional sign, digits and an optional decimal point, at most 19 significant digits, no
/// exponent. The digits form an integer m and the point gives a power of ten k; when m &lt;= 2^53 and k &lt;= 22
/// both m and 10^k are exact doubles and one IEEE division m / 10^k is correctly rounded. Everything else
/// (exponents, long mantissas) falls back to double.TryParse on the same bytes.
/// </remarks>
internal static class FastDouble
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private const ulong MaxExactMantissa = 1UL << 53;

    /// <summary>Parses <paramref name="s"/> (already trimmed); false when it is not a number.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out double value)
    {
        int i = 0;
        int n = s.Length;
        bool negative = false;
        if (n > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        ulong mantissa = 0;
        int digits = 0;          // significant digits accumulated (leading zeros skipped)
        int fractionDigits = 0;
        bool anyDigit = false;
        bool point = false;
        for (; i < n; i++)
        {
            uint d = (uint)(s[i] - (byte)'0');
            if (d <= 9)
            {
                anyDigit = true;
                if (mantissa == 0 && d == 0)
                {
                    if (point)
                    {
                        fractionDigits++;
                    }

                    continue;
                }

                if (++digits > 19)
                {
                    return Fallback(s, out value);
                }

                mantissa = (mantissa * 10) + d;
                if (point)
                {
                    fractionDigits++;
                }
            }
            else if (s[i] == (byte)'.' && !point)
            {
                point = true;
            }
            else
            {
                return Fallback(s, out value); // exponent, stray characters: let the framework decide
            }
        }

        if (!anyDigit)
        {
            value = 0;
            return false;
        }

        if (mantissa <= MaxExactMantissa && fractionDigits <= 22)
        {
            double v = mantissa;
            if (fractionDigits > 0)
            {
                v /= PowersOfTen[fractionDigits];
            }

            value = negative ? -v : v;
            return true;
        }

        return Fallback(s, out value);
    }

    /// <summary>
    /// Fast path for the CSV reader: parses a plain decimal (optional '-', digits, optional '.') that ends at a
    /// comma or at the end of <paramref name="s"/>, returning its length. Returns false, without a value, for
    /// anything else (spaces, exponents, NA, empty, long mantissas), which the caller then handles in full.
    /// </summary>
    public static bool TryParsePlainField(ReadOnlySpan<byte> s, out double value, out int length)
    {
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && s[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        ulong mantissa = 0;
        int digits = 0, fractionDigits = 0;
        bool anyDigit = false, point = false;
        for (; i < s.Length; i++)
        {
            byte b = s[i];
            uint d = (uint)(b - (byte)'0');
            if (d <= 9)
            {
                anyDigit = true;
                if (mantissa == 0 && d == 0)
                {
                    fractionDigits += point ? 1 : 0;
                    continue;
                }

                if (++digits > 19)
                {
                    break;
                }

                mantissa = (mantissa * 10) + d;
                fractionDigits += point ? 1 : 0;
            }
            else if (b == (byte)'.' && !point)
            {
                point = true;
            }
            else
            {
                break;
            }
        }

        bool ends = i == s.Length || s[i] == (byte)',';
        if (!ends || !anyDigit || digits > 19 || mantissa > MaxExactMantissa || fractionDigits > 22)
        {
            value = 0;
            length = 0;
            return false;
        }

        double v = mantissa;
        if (fractionDigits > 0)
        {
            v /= PowersOfTen[fractionDigits];
        }

        value = negative ? -v : v;
        length = i;
        return true;
    }

    private static bool Fallback(ReadOnlySpan<byte> s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
