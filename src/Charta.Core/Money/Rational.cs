using System.Numerics;

namespace Charta.Core.Money;

/// <summary>
/// An exact rational number for the charter's exact quantities (a split-adjusted conversion price, the common a
/// preferred share converts into). Transient: computed from decimals and <see cref="Fraction"/>s and rounded only
/// where a figure is paid or displayed, by one of the named rules of <see cref="Rounding"/>.
/// </summary>
public readonly struct Rational : IComparable<Rational>, IEquatable<Rational>
{
    private Rational(BigInteger n, BigInteger d)
    {
        if (d.IsZero) throw new DivideByZeroException("a rational number with denominator zero");
        if (d.Sign < 0) (n, d) = (-n, -d);
        var g = BigInteger.GreatestCommonDivisor(n, d);
        if (!g.IsOne && !g.IsZero) (n, d) = (n / g, d / g);
        Numerator = n;
        Denominator = d;
    }

    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    public static readonly Rational Zero = new(0, 1);

    public static Rational Of(BigInteger n, BigInteger d) => new(n, d);

    /// <summary>A decimal, exactly: its 96-bit mantissa over 10^scale.</summary>
    public static Rational Of(decimal value)
    {
        var bits = decimal.GetBits(value);
        var mantissa = new BigInteger(unchecked((uint)bits[0])) | (new BigInteger(unchecked((uint)bits[1])) << 32) | (new BigInteger(unchecked((uint)bits[2])) << 64);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[3] < 0) mantissa = -mantissa;
        return new Rational(mantissa, BigInteger.Pow(10, scale));
    }

    public static Rational Of(Fraction f) => new(f.Numerator, f.Denominator);

    public static implicit operator Rational(decimal value) => Of(value);
    public static implicit operator Rational(long value) => new(value, 1);

    public static Rational operator +(Rational a, Rational b) => new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Rational operator -(Rational a, Rational b) => new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    public static Rational operator /(Rational a, Rational b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    public int Sign => Numerator.Sign;

    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);
    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <summary>The greatest integer not above the value.</summary>
    public BigInteger Floor()
    {
        var q = BigInteger.DivRem(Numerator, Denominator, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    /// <summary>The value rounded to <paramref name="places"/> decimal places by <paramref name="mode"/> (AwayFromZero or ToZero).</summary>
    public decimal Round(int places, MidpointRounding mode)
    {
        var scale = BigInteger.Pow(10, places);
        var n = BigInteger.Abs(Numerator) * scale;
        var q = BigInteger.DivRem(n, Denominator, out var r);
        if (mode == MidpointRounding.AwayFromZero && r * 2 >= Denominator) q += 1;
        else if (mode != MidpointRounding.AwayFromZero && mode != MidpointRounding.ToZero)
            throw new ArgumentOutOfRangeException(nameof(mode), "only AwayFromZero and ToZero are implemented");
        var abs = (decimal)q / (decimal)scale;
        return Numerator.Sign < 0 ? -abs : abs;
    }

    /// <summary>The value as a decimal, rounded to the 28 significant digits a decimal holds (display; never paid).</summary>
    public decimal ToDecimal()
    {
        // As many places as a decimal holds for this magnitude (29 significant digits when they fit, else 28), rounded once.
        var whole = BigInteger.Abs(Numerator) / Denominator;
        var digits = whole.IsZero ? 0 : (int)Math.Floor(BigInteger.Log10(whole)) + 1;
        var places = Math.Clamp(29 - digits, 0, 28);
        var scaled = BigInteger.Abs(Numerator) * BigInteger.Pow(10, places) / Denominator;
        if (scaled >= MaxMantissa && places > 0) places--;
        return Round(places, MidpointRounding.AwayFromZero);
    }

    private static readonly BigInteger MaxMantissa = new(decimal.MaxValue);

    public override string ToString() => $"{Numerator}/{Denominator}";
}
