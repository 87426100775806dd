using Charta.Core.Charter;

namespace Charta.Core.Dividends;

/// <summary>
/// Shares of a cumulative series issued on one date and still outstanding, held by <paramref name="Holder"/>, with what
/// has been declared on each of them toward its accrual (<paramref name="CreditedPerShare"/>, the preferential part of
/// every cash dividend declared on the series since the lot was issued). A transfer moves a lot's shares to the
/// transferee with their issue date and credit (the accrual runs from each share's issue date, whoever holds it).
/// </summary>
public sealed record AccrualLot(DateOnly Issued, long Shares, decimal CreditedPerShare, string Holder = "");

/// <summary>One series' accrued and unpaid cumulative dividends on a date (`charta dividend accrued --as-of`).</summary>
public sealed record SeriesAccrual(string Series, DateOnly AsOf, long Shares, decimal Accrued, decimal Credited, decimal AccruedUnpaid, string Basis, string Compounding, string Clause);

/// <summary>
/// Cumulative dividends: "dividends at the rate of [8%] of the Original Issue Price per annum shall accrue on each share
/// from its issue date, from day to day, whether or not declared, and shall be cumulative" (the usual venture wording;
/// the charter's series.dividend.accrual says daily or annual, simple or compounding, with its clause). Pure: the
/// accrual is a function of the lots and the date.
/// </summary>
public static class CumulativeDividends
{
    /// <summary>
    /// The rounding of an accrued amount: each series' total over its lots, computed exactly, is rounded once to the cent,
    /// a half cent away from zero (docs/interpretations.md, "Cumulative dividends to the cent").
    /// </summary>
    public const MidpointRounding Midpoint = MidpointRounding.AwayFromZero;

    /// <summary>The days of the year a daily accrual divides the annual rate by (actual/365: a leap day accrues as any other).</summary>
    public const int DaysPerYear = 365;

    /// <summary>
    /// What one share issued on <paramref name="issued"/> has accrued by <paramref name="asOf"/>, unrounded. With R the
    /// rate per share a year, P the Original Issue Price, r = R / P, n the anniversaries of the issue date passed and d
    /// the days since the last one (t the days since issue):
    /// <list type="bullet">
    /// <item>daily, simple: R × t / 365;</item>
    /// <item>annual, simple: R × n;</item>
    /// <item>daily, compounding annually: P × ((1 + r)^n × (1 + r × d / 365) − 1);</item>
    /// <item>annual, compounding annually: P × ((1 + r)^n − 1).</item>
    /// </list>
    /// Nothing accrues on the issue date itself or before it.
    /// </summary>
    public static decimal PerShare(PreferredSeries s, DateOnly issued, DateOnly asOf)
    {
        var accrual = s.Dividend.Accrual;
        if (!s.Dividend.IsCumulative || accrual is null || asOf <= issued) return 0m;
        var rate = s.Dividend.RatePerShare;
        var days = asOf.DayNumber - issued.DayNumber;
        var years = 0;
        while (issued.AddYears(years + 1) <= asOf) years++;
        var sinceAnniversary = asOf.DayNumber - issued.AddYears(years).DayNumber;
        if (accrual.Compounding == "simple")
            return accrual.Basis == "daily" ? rate * days / DaysPerYear : rate * years;

        var oip = s.OriginalIssuePrice.Value;
        var growth = 1m + rate / oip;
        var factor = 1m;
        for (var k = 0; k < years; k++) factor *= growth;
        if (accrual.Basis == "daily") factor *= 1m + rate / oip * sinceAnniversary / DaysPerYear;
        return oip * (factor - 1m);
    }

    /// <summary>
    /// A series' accrued and unpaid dividends on <paramref name="asOf"/>: Σ over its lots of max(0, accrued per share −
    /// credited per share) × shares, rounded once to the cent (<see cref="Midpoint"/>).
    /// </summary>
    public static SeriesAccrual Of(PreferredSeries s, IEnumerable<AccrualLot> lots, DateOnly asOf)
    {
        decimal accrued = 0, credited = 0, unpaid = 0;
        long shares = 0;
        foreach (var lot in lots)
        {
            if (lot.Issued > asOf) continue;
            var perShare = PerShare(s, lot.Issued, asOf);
            shares += lot.Shares;
            accrued += perShare * lot.Shares;
            credited += Math.Min(perShare, lot.CreditedPerShare) * lot.Shares;
            unpaid += Math.Max(0m, perShare - lot.CreditedPerShare) * lot.Shares;
        }

        return new SeriesAccrual(s.Id, asOf, shares, decimal.Round(accrued, 2, Midpoint), decimal.Round(credited, 2, Midpoint), decimal.Round(unpaid, 2, Midpoint),
            s.Dividend.Accrual?.Basis ?? "", s.Dividend.Accrual?.Compounding ?? "", s.Dividend.Accrual?.Clause ?? s.Dividend.Clause);
    }

    /// <summary>
    /// The day the arrears of a declaration are measured to: the start of the calendar year of its record date (the
    /// "per annum … payable annually" year of the rates; docs/interpretations.md, "Arrears before the current period").
    /// </summary>
    public static DateOnly ArrearsDate(DateOnly recordDate) => new(recordDate.Year, 1, 1);

    /// <summary>A lot's arrears a share at a declaration: accrued to <see cref="ArrearsDate"/> less what was credited on it, never below 0.</summary>
    public static decimal LotArrearsPerShare(PreferredSeries s, AccrualLot lot, DateOnly recordDate) =>
        lot.Issued > recordDate ? 0m : Math.Max(0m, PerShare(s, lot.Issued, ArrearsDate(recordDate)) - lot.CreditedPerShare);

    /// <summary>The exact arrears on <paramref name="lots"/> (Σ arrears a share × shares), unrounded.</summary>
    public static decimal ExactArrears(PreferredSeries s, IEnumerable<AccrualLot> lots, DateOnly recordDate)
    {
        var total = 0m;
        foreach (var lot in lots) total += LotArrearsPerShare(s, lot, recordDate) * lot.Shares;
        return total;
    }

    /// <summary>A series' arrears at a declaration with <paramref name="recordDate"/>, rounded once to the cent (<see cref="Midpoint"/>).</summary>
    public static decimal Arrears(PreferredSeries s, IEnumerable<AccrualLot> lots, DateOnly recordDate) =>
        decimal.Round(ExactArrears(s, lots, recordDate), 2, Midpoint);
}
