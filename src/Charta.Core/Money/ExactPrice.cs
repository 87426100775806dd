namespace Charta.Core.Money;

/// <summary>
/// A conversion price kept exact (FOURTH §6(e)(i) "proportionately", docs/interpretations.md "Split-adjusted prices"):
/// the price last set in decimal (the charter's initial price, a §6(d) adjustment to the cent, a reset) times the
/// cumulative rational factor of the subdivisions, combinations and reclassifications since. Only what is paid or
/// displayed is rounded: <see cref="Display"/> is the ten-place figure shown; conversions divide by the exact value.
/// </summary>
public readonly record struct ExactPrice(decimal Base, Fraction Factor)
{
    public static ExactPrice Of(decimal price) => new(price, new Fraction(1, 1));

    /// <summary>The price after a change of n new common for every d old (a split n:d moves the price by d/n).</summary>
    public ExactPrice Scaled(long numerator, long denominator) => this with { Factor = Factor.Times(numerator, denominator) };

    /// <summary>True when no split has moved the price since it was set: the decimal <see cref="Base"/> is the exact value.</summary>
    public bool IsDecimal => Factor.Numerator == Factor.Denominator;

    /// <summary>The exact value Base × Factor.</summary>
    public Rational Value => IsDecimal ? Rational.Of(Base) : Rational.Of(Base) * Rational.Of(Factor);

    /// <summary>The figure shown and stored as the price in effect: ten decimal places, half away from zero (exact when it has fewer).</summary>
    public decimal Display => IsDecimal ? Base : Rounding.SplitAdjustedPrice(Value);

    /// <summary><paramref name="amount"/> ÷ this price, exactly (e.g. shares × Original Issue Price ÷ conversion price).</summary>
    public Rational Into(decimal amount) => Rational.Of(amount) / Value;

    /// <summary>Whole common for <paramref name="amount"/> ÷ this price, rounded down (FOURTH §6(g)(i)), exactly.</summary>
    public long WholeSharesFor(decimal amount) =>
        IsDecimal ? Rounding.RoundDownToWholeShares(amount / Base) : Rounding.RoundDownToWholeShares(Into(amount));

    /// <summary>The smaller of two prices, compared exactly.</summary>
    public static ExactPrice Min(ExactPrice a, ExactPrice b) => b.Value < a.Value ? b : a;

    /// <summary>amount ÷ price as a decimal (28 significant digits): a ratio for display or for a weight, never floored.</summary>
    public decimal Quotient(decimal amount) => IsDecimal ? amount / Base : Into(amount).ToDecimal();
}
