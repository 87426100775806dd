using System.Collections.Immutable;
using Charta.Core.Charter;
using Charta.Core.Dividends;

namespace Charta.Core.Redemption;

/// <summary>
/// A holder's request that the company redeem shares of a series (the charter's redemption clause): the Redemption
/// Dates are fixed when it is made (<see cref="RedemptionRules.ScheduledDate"/>); <see cref="Paid"/> holds the
/// instalments redeemed so far. Shares not yet redeemed remain outstanding preferred with all their rights.
/// </summary>
public sealed record RedemptionRequest(
    string Id,
    string Holder,
    string Series,
    long Shares,
    DateOnly RequestedOn,
    DateOnly FirstRedemptionDate,
    int Instalments,
    int IntervalMonths,
    ImmutableList<RedemptionInstalment> Paid)
{
    public long Redeemed => Paid.Sum(p => p.Shares);

    public bool IsComplete => Paid.Count >= Instalments;
}

/// <summary>One instalment redeemed: its number (from 1), the Redemption Date it was due, the date paid, the shares and the price.</summary>
public sealed record RedemptionInstalment(int Number, DateOnly Due, DateOnly PaidOn, long Shares, RedemptionQuote Quote);

/// <summary>
/// The Redemption Price of <see cref="Shares"/> shares on <see cref="AsOf"/>: the Original Issue Price of each share
/// (<see cref="Principal"/>), plus (on the "plus dividends" basis) the dividends declared and unpaid on them
/// (<see cref="DeclaredUnpaid"/>) and, on a cumulative series, the dividends accrued and unpaid on them to that date
/// (<see cref="AccruedUnpaid"/>). Each part is rounded once to the cent (half a cent away from zero); the amount is their sum.
/// </summary>
public sealed record RedemptionQuote(
    string Series,
    long Shares,
    DateOnly AsOf,
    decimal OriginalIssuePrice,
    decimal Principal,
    decimal DeclaredUnpaid,
    decimal AccruedUnpaid,
    decimal Amount,
    string Basis,
    string Clause);

/// <summary>The charter's redemption terms applied (pure: functions of the terms, the lots and the dates).</summary>
public static class RedemptionRules
{
    /// <summary>The first date a holder may require redemption: the charter's anniversary of the series' Original Issue Date.</summary>
    public static DateOnly EligibleFrom(RedemptionOption option, DateOnly originalIssueDate) =>
        originalIssueDate.AddYears(option.YearsAfterOriginalIssueDate);

    /// <summary>The Redemption Date of instalment <paramref name="number"/> (from 1): the first, then every IntervalMonths months after it.</summary>
    public static DateOnly ScheduledDate(RedemptionRequest r, int number) => r.FirstRedemptionDate.AddMonths(r.IntervalMonths * (number - 1));

    /// <summary>
    /// The shares redeemed on a Redemption Date: the shares still to redeem divided by the Redemption Dates left
    /// (this one included), rounded down to whole shares; on the last date, all that remain (NVCA-style "the total
    /// number of shares … divided by the number of remaining Redemption Dates").
    /// </summary>
    public static long InstalmentShares(long remaining, int datesLeft) =>
        datesLeft <= 1 ? remaining : remaining / datesLeft;

    /// <summary>
    /// The Redemption Price of <paramref name="shares"/> shares of <paramref name="series"/> on <paramref name="asOf"/>.
    /// The accrued part is that of <paramref name="lotsOldestFirst"/>, the holder's own lots the redemption retires
    /// (oldest first, the rule the ledger retires lots by), so the series' accrual left afterwards is exactly that of
    /// the shares still outstanding.
    /// </summary>
    public static RedemptionQuote Quote(PreferredSeries series, RedemptionPriceTerm price, IEnumerable<AccrualLot> lotsOldestFirst, long shares,
        decimal declaredUnpaidPerShare, DateOnly asOf)
    {
        var oip = series.OriginalIssuePrice.Value;
        var principal = oip * shares;
        decimal declared = 0, accrued = 0;
        if (price.Basis == RedemptionPriceTerm.PlusDividends)
        {
            declared = decimal.Round(declaredUnpaidPerShare * shares, 2, CumulativeDividends.Midpoint);
            var left = shares;
            var exact = 0m;
            foreach (var lot in lotsOldestFirst)
            {
                if (left == 0) break;
                var take = Math.Min(left, lot.Shares);
                left -= take;
                exact += Math.Max(0m, CumulativeDividends.PerShare(series, lot.Issued, asOf) - lot.CreditedPerShare) * take;
            }

            accrued = decimal.Round(exact, 2, CumulativeDividends.Midpoint);
        }

        principal = decimal.Round(principal, 2, CumulativeDividends.Midpoint);
        return new RedemptionQuote(series.Id, shares, asOf, oip, principal, declared, accrued, principal + declared + accrued, price.Basis, price.Clause);
    }
}
