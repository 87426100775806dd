using Charta.Core.Charter;
using System.Collections.Immutable;
using Charta.Core.Dividends;

namespace Charta.Core.Ledger;

internal sealed partial class LedgerEditor
{
    /// <summary>
    /// FOURTH §3: a cash dividend fixes an amount per share of each series at the record date; until paid it is
    /// "declared and unpaid" and adds to that series' liquidation preference (FOURTH §4(a)(ii)). The amounts per share
    /// (pure: the decide and the evolve both call it); a dividend in common fixes none.
    /// </summary>
    private Result<Dictionary<string, decimal>> PerShare(DividendDeclared e)
    {
        var perShare = new Dictionary<string, decimal>(StringComparer.Ordinal);
        switch (e.Kind)
        {
            case DividendRules.CashKind:
                var terms = DividendRules.Terms(Charter, _outstanding.GetValueOrDefault, ExactPriceOf, e.Amount, UsedFraction(e));
                if (!terms.IsOk) return terms.Refusal!;
                foreach (var s in terms.Value.Series) perShare[s.Series] = s.DeclaredPerShare;
                return perShare;
            case DividendRules.CommonStockKind:
                var ratio = DividendRules.StockDividendAsSubdivision(e.Amount, e.StockPerShares);
                return ratio.IsOk ? perShare : ratio.Refusal!;
            default:
                return new Refusal("kind", e.Kind, $"must be {DividendRules.CashKind} or {DividendRules.CommonStockKind}", Cite(DividendClause));
        }
    }

    /// <summary>The charter's dividend clause (its §3 in Juniper's numbering), or the first series' dividend clause.</summary>
    private string? DividendClause => Charter.Dividends?.Clause ?? Charter.Series.FirstOrDefault()?.Dividend.Clause;

    /// <summary>The cash dividends declared earlier with a record date in the same calendar year (§3 "per annum … payable annually").</summary>
    private IReadOnlyList<DeclaredDividend> EarlierInTheYear(DividendDeclared e) =>
        e.Kind == DividendRules.CashKind ? DividendRules.EarlierInTheYear(_dividends.Values, e.Date, e.DividendId) : [];

    /// <summary>The fraction of the year's rates declared before <paramref name="e"/> (0 under the each-declaration reading).</summary>
    private decimal UsedFraction(DividendDeclared e) =>
        e.Reading == DividendRules.EachDeclarationReading ? 0m : DividendRules.UsedFraction(Charter, EarlierInTheYear(e));

    private Refusal? Decide(DividendDeclared e)
    {
        var clause = Cite(DividendClause);
        if (string.IsNullOrWhiteSpace(e.DividendId)) return new Refusal("id", $"'{e.DividendId}'", "a dividend needs an id");
        if (_dividends.ContainsKey(e.DividendId)) return new Refusal("id", e.DividendId, "a dividend with this id already exists");
        if (e.PayDate is { } pay && pay < e.Date)
            return new Refusal("pay-date", Iso(pay), $"is before the record date {Iso(e.Date)}", clause);
        if (e.DeclaredOn is { } on && on > e.Date)
            return new Refusal("declared-on", Iso(on), $"is after the record date {Iso(e.Date)}", clause);
        if (e.Reading is not (null or DividendRules.UnpaidPartReading or DividendRules.EachDeclarationReading))
            return new Refusal("reading", e.Reading, $"must be {DividendRules.UnpaidPartReading} or {DividendRules.EachDeclarationReading}", clause);
        // "per annum … payable annually": a second cash declaration in the year is refused unless it says it is one.
        // (AllowSecond null: an event recorded before the rule, v1 or v2, is not re-decided by it.)
        if (e.AllowSecond == false && EarlierInTheYear(e) is { Count: > 0 } earlier)
            return new Refusal("record-date", Iso(e.Date),
                $"the dividend rates are per annum, payable annually, and {string.Join(", ", earlier.Select(d => $"{d.Id} (record date {Iso(d.RecordDate)})"))} was already declared in {e.Date.Year}: "
                + "declare a second dividend in the year with --allow-second (it prefers only what is left unpaid of the year's rates)", clause);
        var perShare = PerShare(e);
        return perShare.IsOk ? DecideDividendPayees(e) : perShare.Refusal;
    }

    private void Evolve(DividendDeclared e)
    {
        var perShare = PerShare(e).Value;
        EvolveDividendPayees(e);
        foreach (var (series, amount) in perShare)
            if (amount != 0) _declaredUnpaid[series] = _declaredUnpaid.GetValueOrDefault(series) + amount;
        CreditAccrual(e);
        _dividends[e.DividendId] = new DeclaredDividend(e.DividendId, e.Kind, e.Amount, e.Date, e.PayDate, e.DeclaredOn, e.StockPerShares, perShare, null);
    }

    /// <summary>A dividend in common is the §6(e)(i) subdivision it amounts to, on the payment date.</summary>
    private static StockSplit? AsSplit(DeclaredDividend d, DateOnly paid)
    {
        if (d.Kind != DividendRules.CommonStockKind) return null;
        var (n, m) = DividendRules.StockDividendAsSubdivision(d.Amount, d.StockPerShares).Value;
        return new StockSplit(paid, n, m);
    }

    /// <summary>Payment clears the declared-and-unpaid amount; a dividend in common is the §6(e)(i) subdivision it amounts to.</summary>
    private Refusal? Decide(DividendPaid e)
    {
        if (!_dividends.TryGetValue(e.DividendId, out var d))
            return new Refusal("id", e.DividendId, "is not a declared dividend (see 'charta log')");
        if (d.PaidOn is { } paid) return new Refusal("id", e.DividendId, $"was already paid on {Iso(paid)}");
        if (e.Date < d.RecordDate) return new Refusal("date", Iso(e.Date), $"is before the record date {Iso(d.RecordDate)}", Cite(DividendClause));
        return AsSplit(d, e.Date) is { } split ? DecideNested(split) : null;
    }

    private void Evolve(DividendPaid e)
    {
        var d = _dividends[e.DividendId];
        if (AsSplit(d, e.Date) is { } split) EvolveNested(split);
        foreach (var (series, amount) in d.DeclaredPerShare)
        {
            if (amount == 0) continue;
            var left = _declaredUnpaid.GetValueOrDefault(series) - amount;
            if (left == 0) _declaredUnpaid.Remove(series);
            else _declaredUnpaid[series] = left;
        }

        _dividends[d.Id] = d with { PaidOn = e.Date };
    }

    // ---- cumulative dividends: the lots they accrue on ----------------------------------------------------

    /// <summary>Shares of a cumulative series issued: a lot that accrues from its issue date.</summary>
    private void AddAccrualLot(string security, DateOnly date, long shares)
    {
        if (Charter.FindSeries(security) is not { Dividend.IsCumulative: true }) return;
        var lots = _accrualLots.GetValueOrDefault(security) ?? [];
        _accrualLots[security] = lots.Count > 0 && lots[^1] is { } last && last.Issued == date && last.CreditedPerShare == 0
            ? lots.SetItem(lots.Count - 1, last with { Shares = last.Shares + shares })
            : lots.Add(new AccrualLot(date, shares, 0m));
    }

    /// <summary>
    /// Shares of a cumulative series leaving the outstanding (conversion, cancellation): the ledger keeps no certificates,
    /// so the oldest shares go first (docs/interpretations.md, "Cumulative dividends: which shares convert").
    /// </summary>
    private void RetireAccrualLots(string security, long shares)
    {
        if (!_accrualLots.TryGetValue(security, out var lots)) return;
        while (shares > 0 && lots.Count > 0)
        {
            var first = lots[0];
            if (first.Shares <= shares)
            {
                shares -= first.Shares;
                lots = lots.RemoveAt(0);
            }
            else
            {
                lots = lots.SetItem(0, first with { Shares = first.Shares - shares });
                shares = 0;
            }
        }

        if (lots.Count == 0) _accrualLots.Remove(security);
        else _accrualLots[security] = lots;
    }

    /// <summary>
    /// A cash dividend declared on a cumulative series is credited against its accrual: the preferential amount per share
    /// (the series' rate, or the same percentage of it) on every lot outstanding at the record date. While declared and
    /// unpaid it is in the liquidation preference as declared; the accrual no longer counts it.
    /// </summary>
    private void CreditAccrual(DividendDeclared e)
    {
        if (e.Kind != DividendRules.CashKind || _accrualLots.Count == 0) return;
        var terms = DividendRules.Terms(Charter, _outstanding.GetValueOrDefault, ExactPriceOf, e.Amount);
        if (!terms.IsOk) return;
        foreach (var t in terms.Value.Series)
        {
            if (t.PreferentialPerShare == 0 || !_accrualLots.TryGetValue(t.Series, out var lots)) continue;
            _accrualLots[t.Series] = lots.Select(l => l with { CreditedPerShare = l.CreditedPerShare + t.PreferentialPerShare }).ToImmutableList();
        }
    }
}
