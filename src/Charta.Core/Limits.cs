using System.Globalization;
using System.Numerics;

namespace Charta.Core;

/// <summary>
/// The ranges every input must lie in (docs/cli.md, "Limits"). They are chosen so that the engine's checked
/// arithmetic cannot overflow on any input that passes them:
/// <list type="bullet">
/// <item>a share count is at most 10^15, and a charter authorizes at most 10^15 shares in all, so a sum of holdings
/// fits a <c>long</c> (9.2 × 10^18) with room for the as-converted multiples;</item>
/// <item>a price or ratio per share is at most 10^9 dollars, so shares × price ≤ 10^24 and even × a preference
/// multiple of 1,000 stays far below <c>decimal</c>'s 7.9 × 10^28;</item>
/// <item>an amount (exit value, cash, proceeds, dividend) is at most 10^15 dollars, so the waterfall's cents
/// (amount × 100 and each holder's shares × cents per share) stay below 10^18;</item>
/// <item>a decimal has at most the digits <c>decimal</c> holds exactly (28 decimal places, 28–29 significant digits):
/// more digits are refused, never rounded;</item>
/// <item>a date lies in 1900-01-01 … 2200-12-31, so date arithmetic (notice periods, vesting, expiry) never leaves the
/// calendar.</item>
/// </list>
/// </summary>
public static class Limits
{
    public const long MaxShares = 1_000_000_000_000_000;          // 10^15
    public const decimal MaxAmount = 1_000_000_000_000_000m;       // 10^15 dollars
    public const decimal MaxPricePerShare = 1_000_000_000m;         // 10^9 dollars per share
    public const int MaxDecimalPlaces = 28;
    public static readonly DateOnly MinDate = new(1900, 1, 1);
    public static readonly DateOnly MaxDate = new(2200, 12, 31);
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 1000;

    /// <summary>Why a date is outside the range, or null when it is inside.</summary>
    public static string? CheckDate(DateOnly d) =>
        d < MinDate || d > MaxDate ? "is outside the dates Charta accepts (1900-01-01 to 2200-12-31; see Limits in docs/cli.md)" : null;

    private static readonly BigInteger DecimalMantissaLimit = BigInteger.Pow(2, 96);

    /// <summary>
    /// Reads a decimal number exactly: <c>[+-]digits[.digits][e[+-]digits]</c> (no grouping, no spaces). Returns false
    /// with a reason when the text is not a number, or when <c>decimal</c> cannot hold its value exactly (too many
    /// decimal places or significant digits): such a value is refused, never rounded.
    /// </summary>
    public static bool TryExactDecimal(string? text, out decimal value, out string reason)
    {
        value = 0m;
        reason = "is not a decimal number";
        if (string.IsNullOrEmpty(text) || text.Length > 400) { if (text is { Length: > 400 }) reason = "has more digits than Charta holds exactly"; return false; }
        var i = 0;
        var negative = false;
        if (text[i] is '+' or '-') { negative = text[i] == '-'; i++; }
        var digits = new System.Text.StringBuilder();
        var fraction = 0;
        var sawDigit = false;
        while (i < text.Length && char.IsAsciiDigit(text[i])) { digits.Append(text[i++]); sawDigit = true; }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) { digits.Append(text[i++]); fraction++; sawDigit = true; }
        }

        if (!sawDigit) return false;
        var exponent = 0;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            var expNegative = false;
            if (i < text.Length && text[i] is '+' or '-') { expNegative = text[i] == '-'; i++; }
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start || i - start > 4) { if (i - start > 4) reason = "has an exponent beyond what Charta holds exactly"; return false; }
            exponent = int.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture) * (expNegative ? -1 : 1);
        }

        if (i != text.Length) return false;

        // value = digits × 10^(exponent − fraction). The scale is kept as written (1.00 stays 1.00); trailing zeros are
        // dropped only where the written form would not fit a decimal but the value does.
        var d = digits.ToString().TrimStart('0');
        var scale = fraction - exponent;
        if (d.Length == 0) { value = 0m; return true; }
        if (d.Length > 60 && scale <= 0) { reason = "is larger than Charta holds exactly"; return false; }
        while (d[^1] == '0' && scale > MaxDecimalPlaces) { d = d[..^1]; scale--; }
        var mantissa = BigInteger.Parse(d, CultureInfo.InvariantCulture);
        while (scale > 0 && mantissa >= DecimalMantissaLimit && mantissa % 10 == 0) { mantissa /= 10; scale--; }
        if (scale < 0)
        {
            if (-scale > 30) { reason = "is larger than Charta holds exactly"; return false; }
            mantissa *= BigInteger.Pow(10, -scale);
            scale = 0;
        }

        if (scale > MaxDecimalPlaces || mantissa >= DecimalMantissaLimit)
        {
            reason = scale > MaxDecimalPlaces
                ? $"has {scale} decimal places; Charta holds at most {MaxDecimalPlaces} exactly and never rounds (give fewer digits)"
                : "has more significant digits than Charta holds exactly (at most 28) and never rounds (give fewer digits)";
            return false;
        }

        var bytes = mantissa.ToByteArray(isUnsigned: true, isBigEndian: false);
        Span<byte> buffer = stackalloc byte[12];
        bytes.AsSpan().CopyTo(buffer);
        var lo = BitConverter.ToInt32(buffer[..4]);
        var mid = BitConverter.ToInt32(buffer[4..8]);
        var hi = BitConverter.ToInt32(buffer[8..12]);
        value = new decimal(lo, mid, hi, negative, (byte)scale);
        return true;
    }
}
