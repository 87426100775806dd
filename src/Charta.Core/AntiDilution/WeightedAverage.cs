using Charta.Core.Money;

namespace Charta.Core.AntiDilution;

/// <summary>
/// The facts an anti-dilution adjustment or readjustment was computed from, carried on each
/// <see cref="Ledger.ConversionPriceChange"/> so that `--explain` and the §6(g)(ii) certificate can show them.
/// Null members do not apply to the rule.
/// </summary>
/// <param name="Rule">weighted-average, deemed-issue, short-option, reprice, expiry, reset, reclassification.</param>
/// <param name="A">FOURTH §6(d)(iv): common outstanding immediately before the issue, fully diluted.</param>
/// <param name="B">Shares of common the aggregate consideration would purchase at the conversion price.</param>
/// <param name="C">The Additional Shares of Common Stock issued (or deemed issued).</param>
public sealed record AdjustmentInputs(
    string Rule,
    decimal? A = null,
    decimal? B = null,
    decimal? C = null,
    decimal? AggregateConsideration = null,
    decimal? ConsiderationPerShare = null,
    decimal? Unrounded = null,
    string? GrantId = null,
    decimal? OriginalFactor = null,
    decimal? RecomputedFactor = null,
    decimal? Recomputed = null,
    decimal? CapOriginalDate = null,
    decimal? CapLaterIssues = null,
    decimal? OfferingPrice = null,
    decimal? PercentOfOfferingPrice = null,
    int? DaysAfterOriginalIssueDate = null);

/// <summary>FOURTH §6(d)(iv): the broad-based weighted-average adjustment.</summary>
public static partial class WeightedAverage
{

    /// <remarks>"…multiplying such Conversion Price by a fraction, the numerator of which shall be the number of shares
    /// of Common Stock outstanding immediately prior to such issue plus the number of shares of Common Stock which the
    /// aggregate consideration received … would purchase at such Conversion Price; and the denominator of which shall
    /// be the number of shares of Common Stock outstanding immediately prior to such issue plus the number of such
    /// Additional Shares of Common Stock so issued" — "calculated to the nearest cent".</remarks>
    public static (decimal NewPrice, decimal Unrounded, decimal B) Adjust(decimal price, decimal outstandingBefore, decimal aggregateConsideration, decimal newShares)
    {
        Preconditions.Check(price > 0, "a conversion price must be positive");
        var b = aggregateConsideration / price;                                        // B
        var raw = Recompute(price, outstandingBefore, aggregateConsideration, newShares);
        return (Rounding.ToNearestCent(raw), raw, b);
    }

    /// <summary>
    /// CP × (A + B) / (A + C) computed as (CP × A + consideration) / (A + C): the same number, without first rounding B
    /// to 28 significant digits (which would turn an exact half cent such as 10.605 into 10.60499…).
    /// </summary>
    public static decimal Recompute(decimal price, decimal a, decimal aggregateConsideration, decimal newShares)
    {
        Preconditions.Check(a + newShares > 0, "A + C must be positive");
        return (price * a + aggregateConsideration) / (a + newShares);
    }

    /// <summary>(A + B) / (A + C).</summary>
    public static decimal Factor(decimal a, decimal b, decimal c)
    {
        Preconditions.Check(a + c > 0, "A + C must be positive");
        return (a + b) / (a + c);
    }

    /// <summary>
    /// FOURTH §6(d)(ii): no adjustment "unless the consideration per share … is less then the respective Conversion
    /// Price in effect on the date of, and immediately prior to such issue". Equal is not less.
    /// </summary>
    public static bool Triggers(decimal considerationPerShare, decimal conversionPrice) => considerationPerShare < conversionPrice;

    /// <summary>
    /// §6(d)(ii) against an exact price, without dividing: consideration &lt; shares × price (a split-adjusted price is
    /// compared exactly, not at its ten-place display).
    /// </summary>
    public static bool Triggers(decimal aggregateConsideration, decimal newShares, ExactPrice conversionPrice) =>
        conversionPrice.IsDecimal
            ? aggregateConsideration < newShares * conversionPrice.Base
            : Rational.Of(aggregateConsideration) < Rational.Of(newShares) * conversionPrice.Value;

    /// <summary>§6(d)(iv) from an exact price: (CP × A + consideration) / (A + C), rounded to the nearest cent only at the end.</summary>
    public static (decimal NewPrice, decimal Unrounded, decimal B) Adjust(ExactPrice price, decimal outstandingBefore, decimal aggregateConsideration, decimal newShares)
    {
        if (price.IsDecimal) return Adjust(price.Base, outstandingBefore, aggregateConsideration, newShares);
        Preconditions.Check(price.Base > 0, "a conversion price must be positive");
        var raw = Recompute(price, outstandingBefore, aggregateConsideration, newShares);
        return (Rounding.ToNearestCent(raw), raw.ToDecimal(), price.Quotient(aggregateConsideration));
    }

    /// <summary>The exact (CP × A + consideration) / (A + C) for an exact CP.</summary>
    public static Rational Recompute(ExactPrice price, decimal a, decimal aggregateConsideration, decimal newShares)
    {
        Preconditions.Check(a + newShares > 0, "A + C must be positive");
        return (price.Value * Rational.Of(a) + Rational.Of(aggregateConsideration)) / Rational.Of(a + newShares);
    }

    /// <summary>The recomputed price rounded to the cent as §6(d)(iv) rounds it (decimal when the price is, exact otherwise).</summary>
    public static decimal RecomputeToNearestCent(ExactPrice price, decimal a, decimal aggregateConsideration, decimal newShares) =>
        price.IsDecimal
            ? Rounding.ToNearestCent(Recompute(price.Base, a, aggregateConsideration, newShares))
            : Rounding.ToNearestCent(Recompute(price, a, aggregateConsideration, newShares));
}
