using Charta.Core.Charter;

namespace Charta.Core.Dividends;

/// <summary>
/// One holder's part of a payment in kind: its accrued and unpaid dividends on the series to the day (to the cent),
/// the whole shares they buy at the Original Issue Price, the cash paid for the fraction, and what stays accrued.
/// </summary>
public sealed record InKindLine(string Holder, decimal AccruedUnpaid, long Shares, decimal Value, decimal Cash, decimal Carried);

/// <summary>
/// A cumulative dividend paid in kind (PIK, <c>series[i].dividend.inKind</c>): each holder's accrued and unpaid
/// dividends on its own shares (its lots, rounded once to the cent) are paid in whole shares of the series at its
/// Original Issue Price, rounded down; the fraction is paid in cash to the cent (<see cref="DividendInKind.PayCash"/>)
/// or stays accrued and unpaid (<see cref="DividendInKind.Carry"/>). Pure: a function of the lots and the date.
/// </summary>
public static class PaymentInKind
{
    /// <summary>Each holder's line, in <paramref name="holders"/> order; holders with nothing accrued are left out.</summary>
    public static IReadOnlyList<InKindLine> Plan(PreferredSeries s, IReadOnlyList<AccrualLot> lots, IEnumerable<string> holders, DateOnly date)
    {
        var terms = s.Dividend.InKind ?? throw new InvalidOperationException($"series {s.Id} is not paid in kind");
        var oip = s.OriginalIssuePrice.Value;
        var lines = new List<InKindLine>();
        foreach (var h in holders)
        {
            var exact = ExactUnpaid(s, lots.Where(l => l.Holder == h), date);
            var accrued = decimal.Round(exact, 2, CumulativeDividends.Midpoint);
            if (accrued <= 0) continue;
            var shares = (long)decimal.Floor(accrued / oip);
            var value = shares * oip;
            var rest = accrued - value;
            var cash = terms.Fractions == DividendInKind.PayCash ? decimal.Round(rest, 2, CumulativeDividends.Midpoint) : 0m;
            lines.Add(new InKindLine(h, accrued, shares, value, cash, terms.Fractions == DividendInKind.PayCash ? 0m : rest));
        }

        return lines;
    }

    /// <summary>Σ over the lots of max(0, accrued a share − credited a share) × shares, exact.</summary>
    public static decimal ExactUnpaid(PreferredSeries s, IEnumerable<AccrualLot> lots, DateOnly date)
    {
        var total = 0m;
        foreach (var l in lots)
            if (l.Issued <= date) total += Math.Max(0m, CumulativeDividends.PerShare(s, l.Issued, date) - l.CreditedPerShare) * l.Shares;
        return total;
    }

    /// <summary>
    /// A holder's lot after a payment in kind of <paramref name="paid"/> (shares × OIP, plus the cash for the fraction)
    /// on its <paramref name="exactUnpaid"/>: paid in full, the lot is credited up to its accrual to the day; paid in part
    /// (the fraction carried), each share's unpaid amount is credited in proportion.
    /// </summary>
    public static AccrualLot Credit(PreferredSeries s, AccrualLot lot, DateOnly date, decimal paid, decimal exactUnpaid, bool inFull)
    {
        if (lot.Issued > date || exactUnpaid <= 0) return lot;
        var accrued = CumulativeDividends.PerShare(s, lot.Issued, date);
        var unpaid = Math.Max(0m, accrued - lot.CreditedPerShare);
        if (unpaid == 0) return lot;
        if (inFull || paid >= exactUnpaid) return lot with { CreditedPerShare = lot.CreditedPerShare + unpaid };
        return lot with { CreditedPerShare = lot.CreditedPerShare + unpaid * (paid / exactUnpaid) };
    }
}
