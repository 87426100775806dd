namespace Charta.Core.Money;

/// <summary>
/// Every place the charter (or a documented interpretation) rounds, as one named rule each.
/// Nothing else in the code base rounds money, prices or shares. The default <c>decimal.Round</c> is banker's
/// rounding, so every rule names its <see cref="MidpointRounding"/> explicitly.
/// </summary>
public static class Rounding
{
    /// <summary>FOURTH §6(d)(iv): a conversion price "calculated to the nearest cent"; a half cent rounds up.</summary>
    public static decimal ToNearestCent(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>FOURTH §6(g)(i): common issued on conversion is "rounded down to the nearest whole share".</summary>
    public static long RoundDownToWholeShares(decimal shares) => checked((long)decimal.Floor(shares));

    /// <summary>FOURTH §7(a): fractional votes "rounded to the nearest whole number"; a half vote rounds up.</summary>
    public static long ToNearestWholeVote(decimal votes) =>
        checked((long)decimal.Round(votes, 0, MidpointRounding.AwayFromZero));

    /// <summary>FOURTH §7(a) with the charter's stated midpoint rule (charter JSON voting.midpoint).</summary>
    public static long ToNearestWholeVote(decimal votes, MidpointRounding midpoint) =>
        checked((long)decimal.Round(votes, 0, midpoint));

    /// <summary>
    /// Interpretation (docs/interpretations.md, "Split-adjusted prices"): FOURTH §6(e)(i) moves prices
    /// "proportionately" without naming a precision. Split-adjusted conversion and exercise prices are kept to
    /// ten decimal places, half away from zero, so that representation noise never reaches a figure in cents.
    /// </summary>
    public static decimal SplitAdjustedPrice(decimal value) => decimal.Round(value, 10, MidpointRounding.AwayFromZero);

    /// <summary>The same display rule for an exact split-adjusted price (docs/interpretations.md, "Split-adjusted prices"): shown to ten places; conversions use the exact value.</summary>
    public static decimal SplitAdjustedPrice(Rational value) => value.Round(10, MidpointRounding.AwayFromZero);

    /// <summary>FOURTH §6(g)(i) on an exact quantity: "rounded down to the nearest whole share".</summary>
    public static long RoundDownToWholeShares(Rational shares) => checked((long)shares.Floor());

    /// <summary>FOURTH §6(d)(iv) on an exact quotient: to the nearest cent, a half cent up.</summary>
    public static decimal ToNearestCent(Rational value) => value.Round(2, MidpointRounding.AwayFromZero);

    /// <summary>FOURTH §6(g)(i) fraction cash on an exact amount: to the nearest cent, half up.</summary>
    public static decimal FractionCashToNearestCent(Rational value) => value.Round(2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Interpretation (docs/interpretations.md, FOURTH §6, "Conversion", fraction cash): FOURTH §6(g)(i) pays "an amount in cash
    /// equal to the current market value of such fractional interest"; one payment to one holder, paid in whole cents,
    /// to the nearest cent with a half cent rounded up.
    /// </summary>
    public static decimal FractionCashToNearestCent(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>Money paid to a holder is paid in whole cents; the cent floor before a largest-remainder top-up.</summary>
    public static decimal CentsFloor(decimal value) => decimal.Floor(value * 100m) / 100m;

    /// <summary>
    /// Interpretation (docs/interpretations.md, "Liquidation (FOURTH §4)"): the value of a piece of non-cash
    /// consideration under FOURTH §4(d)(ii) is stated to the nearest cent, half a cent away from zero, so that the
    /// exit distributed by the waterfall is a whole number of cents.
    /// </summary>
    public static decimal ConsiderationToNearestCent(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>The whole cents in a non-negative amount, rounded down (the cent floor, as a count of cents).</summary>
    public static long WholeCentsDown(decimal value) => checked((long)decimal.Floor(value * 100m));

    /// <summary>
    /// The fraction of a cent in [0, 1), truncated to units of 10^-18 cent: the carry that the payout curve's grid walk
    /// (Liquidation/PayoutCurve.EvaluateGridCents) keeps below the cent. Display precision only; never paid.
    /// </summary>
    public static long SubCentUnits(decimal fractionOfCent) => (long)decimal.Truncate(fractionOfCent * 1_000_000_000_000_000_000m);

    /// <summary>The whole cents in an amount already expressed in cents, rounded down (for non-negative amounts the cast truncates, which is the floor).</summary>
    public static long WholeCentsDownOfCents(decimal cents) => cents >= 0 ? (long)cents : checked((long)decimal.Floor(cents));

    /// <summary>
    /// Interpretation (docs/interpretations.md, "Model"): a modelled round's price per share, and each convertible's
    /// conversion price, is stated to four decimal places, rounded down, so that no investor pays more than the
    /// valuation implies.
    /// </summary>
    public static decimal ModelPricePerShare(decimal value) => decimal.Round(value, 4, MidpointRounding.ToZero);

    /// <summary>Interpretation (docs/interpretations.md, "Model"): a note's accrued interest is paid in shares to the cent, half a cent up.</summary>
    public static decimal InterestToNearestCent(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>Interpretation (docs/interpretations.md, "Model"): the new series' default dividend rate per share, to the cent, half a cent up.</summary>
    public static decimal ModelDividendRate(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>Interpretation (docs/interpretations.md, "Model"): an investor pays shares × price in whole cents, half a cent up.</summary>
    public static decimal PurchasePriceToNearestCent(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>A share count that must be at least an exact quantity (a pool top-up meeting its target): rounded up to a whole share.</summary>
    public static long RoundUpToWholeShares(decimal shares) => checked((long)decimal.Ceiling(shares));

    /// <summary>
    /// A valuation estimate (OPM, backsolve, concluded value per share) stated to the cent, half away from zero. Not a
    /// charter rule: the estimate is a double carried to decimal at the edge (docs/interpretations.md, "Valuation").
    /// </summary>
    public static decimal EstimateToNearestCent(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);
}
