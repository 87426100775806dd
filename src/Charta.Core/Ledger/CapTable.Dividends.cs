using System.Collections.Immutable;

namespace Charta.Core.Ledger;

/// <summary>A declared dividend as the ledger knows it (FOURTH §3).</summary>
/// <param name="RecordDate">The date the holders of record are determined; the declaration event is dated it.</param>
/// <param name="DeclaredPerShare">Per series: everything declared on one share (arrears, preference and its as-converted part of any excess).</param>
/// <param name="RatePaidPerShare">Per series: the part of the year's rate declared on one share (the per-annum budget of a second declaration; arrears and excess left out).</param>
public sealed record DeclaredDividend(
    string Id,
    string Kind,
    decimal Amount,
    DateOnly RecordDate,
    DateOnly? PayDate,
    DateOnly? DeclaredOn,
    long StockPerShares,
    IReadOnlyDictionary<string, decimal> DeclaredPerShare,
    DateOnly? PaidOn,
    IReadOnlyDictionary<string, decimal>? RatePaidPerShare = null);

public sealed partial class CapTable
{
    /// <summary>Every dividend declared up to the table's date, by id, with its payment if it has been paid.</summary>
    public IReadOnlyDictionary<string, DeclaredDividend> Dividends => State.Dividends.Declared;

    /// <summary>
    /// A cumulative series' accrued and unpaid dividends on <paramref name="asOf"/> (default: the table's date; a table
    /// folded without a date accrues nothing), to the cent (<see cref="Charta.Core.Dividends.CumulativeDividends"/>); null
    /// for a series whose dividend is not cumulative.
    /// </summary>
    public Charta.Core.Dividends.SeriesAccrual? Accrued(string seriesId, DateOnly? asOf = null)
    {
        if (Charter.FindSeries(seriesId) is not { Dividend.IsCumulative: true } s || (asOf ?? AsOf) is not { } on) return null;
        return Charta.Core.Dividends.CumulativeDividends.Of(s, State.Dividends.AccrualLots.GetValueOrDefault(seriesId) ?? [], on);
    }

    /// <summary>
    /// As <see cref="Accrued(string, DateOnly?)"/>, on <paramref name="holder"/>'s shares of the series only: each accrues
    /// from its own issue date (a transferee's from the transferor's). Rounded once to the cent, as a series' total is.
    /// </summary>
    public Charta.Core.Dividends.SeriesAccrual? AccruedFor(string seriesId, string holder, DateOnly? asOf = null)
    {
        if (Charter.FindSeries(seriesId) is not { Dividend.IsCumulative: true } s || (asOf ?? AsOf) is not { } on) return null;
        var lots = (State.Dividends.AccrualLots.GetValueOrDefault(seriesId) ?? []).Where(l => l.Holder == holder);
        return Charta.Core.Dividends.CumulativeDividends.Of(s, lots, on);
    }

    /// <summary>The same table with other declared-and-unpaid amounts per share (for what-if tests of FOURTH §4(a)(ii)).</summary>
    internal CapTable WithDeclaredUnpaid(IReadOnlyDictionary<string, decimal> perShare) =>
        new(State with { Dividends = State.Dividends with { UnpaidPerShare = SmallMap<decimal>.From(perShare) } }, AsOf);
}

public sealed partial class CapTable
{
    /// <summary>Every redemption request up to the table's date, by id, with the instalments redeemed.</summary>
    public IReadOnlyDictionary<string, Charta.Core.Redemption.RedemptionRequest> Redemptions => State.Dividends.Redemptions;
}
