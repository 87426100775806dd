using System.Globalization;

namespace Charta.Core.Money;

/// <summary>
/// An exact fraction for thresholds such as "sixty-six and two thirds" (2/3) or "a majority" (more than 1/2).
/// decimal cannot hold 2/3 exactly, so thresholds are compared by cross-multiplication, never by division.
/// </summary>
public readonly record struct Fraction
{
    public Fraction(long numerator, long denominator)
    {
        if (denominator <= 0) throw new ArgumentOutOfRangeException(nameof(denominator), "denominator must be positive");
        if (numerator < 0) throw new ArgumentOutOfRangeException(nameof(numerator), "numerator must not be negative");
        var g = Gcd(numerator, denominator);
        Numerator = numerator / g;
        Denominator = denominator / g;
    }

    public long Numerator { get; }
    public long Denominator { get; }

    public static bool TryParse(string? text, out Fraction fraction)
    {
        fraction = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Split('/');
        if (parts.Length != 2) return false;
        if (!long.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        if (!long.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d == 0) return false;
        if (n > d) return false;
        fraction = new Fraction(n, d);
        return true;
    }

    public static Fraction Parse(string text) =>
        TryParse(text, out var f) ? f : throw new FormatException($"'{text}' is not a fraction n/d with 0 <= n <= d");

    /// <summary>part / whole compared with this fraction, exactly: sign of (part × d − whole × n).</summary>
    public int CompareShare(decimal part, decimal whole) => (part * Denominator).CompareTo(whole * Numerator);

    /// <summary>The smallest whole number of shares or votes that meets the threshold out of <paramref name="whole"/>.</summary>
    public long MinimumToMeet(long whole, ThresholdComparison comparison)
    {
        // at-least:  smallest k with k·d ≥ whole·n → ceil(whole·n / d)
        // more-than: smallest k with k·d > whole·n → floor(whole·n / d) + 1
        Int128 product = (Int128)whole * Numerator;
        var quotient = product / Denominator;
        var remainder = product % Denominator;
        var k = comparison == ThresholdComparison.MoreThan || remainder != 0 ? quotient + 1 : quotient;
        return checked((long)k);
    }

    public bool IsMet(decimal part, decimal whole, ThresholdComparison comparison) =>
        comparison == ThresholdComparison.MoreThan ? CompareShare(part, whole) > 0 : CompareShare(part, whole) >= 0;

    public decimal ToDecimal() => (decimal)Numerator / Denominator;

    /// <summary>
    /// This fraction times n/d, reduced (checked: a cumulative factor that no longer fits a <c>long</c> throws
    /// <see cref="OverflowException"/>; the ledger refuses the event that would cause it).
    /// </summary>
    public Fraction Times(long n, long d)
    {
        if (n < 0 || d <= 0) throw new ArgumentOutOfRangeException(nameof(n), "a factor n/d needs n >= 0 and d > 0");
        // Cross-reduce first so an exact product that fits is never refused for its unreduced size.
        var g1 = Gcd(Numerator, d);
        var g2 = Gcd(n, Denominator);
        return new Fraction(checked((Numerator / g1) * (n / g2)), checked((Denominator / g2) * (d / g1)));
    }

    public override string ToString() => $"{Numerator}/{Denominator}";

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a == 0 ? 1 : a;
    }
}

public enum ThresholdComparison
{
    /// <summary>"not less than", "at least".</summary>
    AtLeast,
    /// <summary>"more than"; also how "a majority" is read.</summary>
    MoreThan,
}
