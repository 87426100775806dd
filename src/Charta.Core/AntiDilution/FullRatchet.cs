using Charta.Core.Money;

namespace Charta.Core.AntiDilution;

/// <summary>
/// The full ratchet: on an issue of Additional Shares of Common Stock below a series' conversion price, the conversion
/// price is reduced to the consideration per share of that issue, whatever the number of shares issued ("…the
/// Conversion Price shall be reduced, concurrently with such issue, to the consideration per share received by the
/// Corporation for such issue", the usual venture wording). The price is calculated to the nearest cent as the weighted
/// average is (the charter's antiDilution.rounding, "nearest-cent": a half cent away from zero), and never raised.
/// </summary>
public static class FullRatchet
{
    /// <summary>The consideration per share, exact: aggregate consideration ÷ shares.</summary>
    public static Rational PerShare(decimal aggregateConsideration, decimal shares)
    {
        Preconditions.Check(shares > 0, "a ratchet needs shares issued");
        return Rational.Of(aggregateConsideration) / Rational.Of(shares);
    }

    /// <summary>
    /// The new price: the consideration per share to the nearest cent when the issue triggers (is below the price in
    /// effect), else the price unchanged; never above the price in effect.
    /// </summary>
    public static (ExactPrice NewPrice, decimal Unrounded) Adjust(ExactPrice price, decimal aggregateConsideration, decimal shares)
    {
        var perShare = PerShare(aggregateConsideration, shares);
        if (!WeightedAverage.Triggers(aggregateConsideration, shares, price)) return (price, perShare.ToDecimal());
        var rounded = ExactPrice.Of(Rounding.ToNearestCent(perShare));
        return (ExactPrice.Min(rounded, price), perShare.ToDecimal());
    }

    /// <summary>Whether the ratchet would take <paramref name="price"/> to $0.00 (a series converting into unlimited common).</summary>
    public static bool WouldReachZero(ExactPrice price, decimal aggregateConsideration, decimal shares) =>
        shares > 0 && Adjust(price, aggregateConsideration, shares).NewPrice.Display == 0m;
}
