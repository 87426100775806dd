using Charta.Core.Charter;
using Charta.Core.Dividends;

namespace Charta.Core.Ledger;

internal sealed partial class CapTableBuilder
{
    private readonly Dictionary<string, DeclaredDividend> _dividends = new(StringComparer.Ordinal);

    /// <summary>
    /// FOURTH §3: a cash dividend fixes an amount per share of each series at the record date; until paid it is
    /// "declared and unpaid" and adds to that series' liquidation preference (FOURTH §4(a)(ii)).
    /// </summary>
    private Refusal? Apply(DividendDeclared e)
    {
        var clause = Clause.Of(Charter.Dividends?.Clause ?? "FOURTH §3");
        if (string.IsNullOrWhiteSpace(e.DividendId)) return new Refusal("id", $"'{e.DividendId}'", "a dividend needs an id");
        if (_dividends.ContainsKey(e.DividendId)) return new Refusal("id", e.DividendId, "a dividend with this id already exists");
        if (e.PayDate is { } pay && pay < e.Date)
            return new Refusal("pay-date", Iso(pay), $"is before the record date {Iso(e.Date)}", clause);
        if (e.DeclaredOn is { } on && on > e.Date)
            return new Refusal("declared-on", Iso(on), $"is after the record date {Iso(e.Date)}", clause);

        var perShare = new Dictionary<string, decimal>(StringComparer.Ordinal);
        switch (e.Kind)
        {
            case DividendRules.CashKind:
                var terms = DividendRules.Terms(Charter, _outstanding.GetValueOrDefault, s => _conversionPrices[s], e.Amount);
                if (!terms.IsOk) return terms.Refusal;
                foreach (var s in terms.Value.Series) perShare[s.Series] = s.DeclaredPerShare;
                break;
            case DividendRules.CommonStockKind:
                var ratio = DividendRules.StockDividendAsSubdivision(e.Amount, e.StockPerShares);
                if (!ratio.IsOk) return ratio.Refusal;
                break;
            default:
                return new Refusal("kind", e.Kind, $"must be {DividendRules.CashKind} or {DividendRules.CommonStockKind}", clause);
        }

        if (DecideDividendPayees(e) is { } refused) return refused;
        foreach (var (series, amount) in perShare)
            if (amount != 0) _declaredUnpaid[series] = _declaredUnpaid.GetValueOrDefault(series) + amount;
        _dividends[e.DividendId] = new DeclaredDividend(e.DividendId, e.Kind, e.Amount, e.Date, e.PayDate, e.DeclaredOn, e.StockPerShares, perShare, null);
        return null;
    }

    /// <summary>Payment clears the declared-and-unpaid amount; a dividend in common is the §6(e)(i) subdivision it amounts to.</summary>
    private Refusal? Apply(DividendPaid e)
    {
        if (!_dividends.TryGetValue(e.DividendId, out var d))
            return new Refusal("id", e.DividendId, "is not a declared dividend (see 'charta log')");
        if (d.PaidOn is { } paid) return new Refusal("id", e.DividendId, $"was already paid on {Iso(paid)}");
        if (e.Date < d.RecordDate) return new Refusal("date", Iso(e.Date), $"is before the record date {Iso(d.RecordDate)}", Clause.Of("FOURTH §3"));

        if (d.Kind == DividendRules.CommonStockKind)
        {
            var (n, m) = DividendRules.StockDividendAsSubdivision(d.Amount, d.StockPerShares).Value;
            if (Apply(new StockSplit(e.Date, n, m)) is { } refused) return refused;
        }

        foreach (var (series, amount) in d.DeclaredPerShare)
        {
            if (amount == 0) continue;
            var left = _declaredUnpaid.GetValueOrDefault(series) - amount;
            if (left == 0) _declaredUnpaid.Remove(series);
            else _declaredUnpaid[series] = left;
        }

        _dividends[d.Id] = d with { PaidOn = e.Date };
        return null;
    }
}
