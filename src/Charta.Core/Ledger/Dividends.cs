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
                var terms = CashTerms(e);
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

    /// <summary>A cash declaration's terms on the state before it: the year's rates left, the arrears when the charter pays them first.</summary>
    private Result<Charta.Core.Dividends.DividendTerms> CashTerms(DividendDeclared e) =>
        DividendRules.Terms(Charter, _outstanding.GetValueOrDefault, ExactPriceOf, e.Amount, UsedFractions(e), ArrearsAt(e.Date));

    /// <summary>Each cumulative series' arrears at <paramref name="recordDate"/> to the cent, when the charter pays arrears first; else null.</summary>
    private Func<string, decimal>? ArrearsAt(DateOnly recordDate) =>
        Charter.Dividends?.Arrears is null ? null
            : id => Charter.FindSeries(id) is { Dividend.IsCumulative: true } s && _accrualLots.TryGetValue(id, out var lots)
                ? CumulativeDividends.Arrears(s, lots, recordDate) : 0m;

    /// <summary>The charter's dividend clause (its §3 in Juniper's numbering), or the first series' dividend clause.</summary>
    private string? DividendClause => Charter.Dividends?.Clause ?? Charter.Series.FirstOrDefault()?.Dividend.Clause;

    /// <summary>The cash dividends declared earlier with a record date in the same calendar year (§3 "per annum … payable annually").</summary>
    private IReadOnlyList<DeclaredDividend> EarlierInTheYear(DividendDeclared e) =>
        e.Kind == DividendRules.CashKind ? DividendRules.EarlierInTheYear(_dividends.Values, e.Date, e.DividendId) : [];

    /// <summary>Per series, the fraction of the year's rate declared before <paramref name="e"/> (0 under the each-declaration reading).</summary>
    private Func<string, decimal> UsedFractions(DividendDeclared e) =>
        e.Reading == DividendRules.EachDeclarationReading ? _ => 0m : DividendRules.UsedFractions(Charter, EarlierInTheYear(e));

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
        var terms = e.Kind == DividendRules.CashKind ? CashTerms(e).Value : null;
        EvolveDividendPayees(e);
        foreach (var (series, amount) in perShare)
            if (amount != 0) _declaredUnpaid[series] = _declaredUnpaid.GetValueOrDefault(series) + amount;
        if (terms is not null) CreditAccrual(terms, e.Date);
        var ratePaid = terms?.Series.Where(s => s.PreferentialPerShare != 0).ToDictionary(s => s.Series, s => s.PreferentialPerShare, StringComparer.Ordinal);
        _dividends[e.DividendId] = new DeclaredDividend(e.DividendId, e.Kind, e.Amount, e.Date, e.PayDate, e.DeclaredOn, e.StockPerShares, perShare, null,
            ratePaid ?? new Dictionary<string, decimal>(StringComparer.Ordinal));
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

    /// <summary>Shares of a cumulative series issued to a holder: a lot that accrues from its issue date.</summary>
    private void AddAccrualLot(string holder, string security, DateOnly date, long shares)
    {
        if (Charter.FindSeries(security) is not { Dividend.IsCumulative: true }) return;
        var lots = _accrualLots.GetValueOrDefault(security) ?? [];
        _accrualLots[security] = lots.Count > 0 && lots[^1] is { } last && last.Issued == date && last.CreditedPerShare == 0 && last.Holder == holder
            ? lots.SetItem(lots.Count - 1, last with { Shares = last.Shares + shares })
            : lots.Add(new AccrualLot(date, shares, 0m, holder));
    }

    /// <summary>
    /// The lots <paramref name="shares"/> of a holder's shares of a cumulative series leave (conversion, cancellation,
    /// redemption, transfer): the ledger keeps no certificates, so the holder's oldest shares go first
    /// (docs/interpretations.md, "Cumulative dividends: which shares convert"; session 19: per holder). The lots
    /// taken, oldest first, and the series' lots left. A holder whose lots run out (shares held from before lots were
    /// kept per holder: a snapshot of an older codec is refolded, so none) takes from the series' oldest lots.
    /// </summary>
    internal static (List<AccrualLot> Taken, ImmutableList<AccrualLot> Left) TakeLots(ImmutableList<AccrualLot> lots, string holder, long shares)
    {
        var taken = new List<AccrualLot>();
        foreach (var own in new[] { true, false })
        {
            for (var i = 0; i < lots.Count && shares > 0;)
            {
                var lot = lots[i];
                if (own && lot.Holder != holder)
                {
                    i++;
                    continue;
                }

                var take = Math.Min(lot.Shares, shares);
                shares -= take;
                taken.Add(lot with { Shares = take });
                if (take == lot.Shares) lots = lots.RemoveAt(i);
                else
                {
                    lots = lots.SetItem(i, lot with { Shares = lot.Shares - take });
                    i++;
                }
            }
        }

        return (taken, lots);
    }

    /// <summary>Shares of a cumulative series leaving the outstanding: the holder's oldest lots go (<see cref="TakeLots"/>).</summary>
    private void RetireAccrualLots(string holder, string security, long shares)
    {
        if (!_accrualLots.TryGetValue(security, out var lots)) return;
        var (_, left) = TakeLots(lots, holder, shares);
        if (left.Count == 0) _accrualLots.Remove(security);
        else _accrualLots[security] = left;
    }

    /// <summary>
    /// A conversion share for share into another series (a pay-to-play shadow series): the holder's oldest lots of
    /// <paramref name="from"/> leave it and, when <paramref name="to"/> is cumulative, carry their issue dates and credits
    /// into it; shares of a series that kept no lots accrue in <paramref name="to"/> from <paramref name="date"/>.
    /// </summary>
    private void MoveAccrualLots(string holder, string from, string to, long shares, DateOnly date)
    {
        List<AccrualLot> taken = [];
        if (_accrualLots.TryGetValue(from, out var lots))
        {
            (taken, var left) = TakeLots(lots, holder, shares);
            if (left.Count == 0) _accrualLots.Remove(from);
            else _accrualLots[from] = left;
        }

        if (Charter.FindSeries(to) is not { Dividend.IsCumulative: true }) return;
        var moved = taken.Sum(l => l.Shares);
        if (moved > 0)
            _accrualLots[to] = (_accrualLots.GetValueOrDefault(to) ?? []).AddRange(taken).Sort((a, b) => a.Issued.CompareTo(b.Issued));
        if (shares - moved > 0) AddAccrualLot(holder, to, date, shares - moved);
    }

    /// <summary>A transfer: the transferor's oldest lots move to the transferee with their issue dates and credits.</summary>
    private void TransferAccrualLots(string from, string to, string security, long shares)
    {
        if (!_accrualLots.TryGetValue(security, out var lots)) return;
        var (taken, left) = TakeLots(lots, from, shares);
        // Kept in issue-date order (stable), so "oldest first" stays the order of the list.
        _accrualLots[security] = left.AddRange(taken.Select(l => l with { Holder = to })).Sort((a, b) => a.Issued.CompareTo(b.Issued));
    }

    /// <summary>
    /// A cash dividend declared on a cumulative series is credited against its accrual, on every lot outstanding at the
    /// record date: the arrears it pays on the lot (the lot's arrears a share × the rank's fraction of the arrears paid)
    /// and the year's rate part (the rate × the rank's fraction of it). While declared and unpaid it is in the liquidation
    /// preference as declared; the accrual no longer counts it.
    /// </summary>
    private void CreditAccrual(Charta.Core.Dividends.DividendTerms terms, DateOnly recordDate)
    {
        if (_accrualLots.Count == 0) return;
        foreach (var t in terms.Series)
        {
            if ((t.PreferentialPerShare == 0 && t.ArrearsFraction == 0) || !_accrualLots.TryGetValue(t.Series, out var lots)) continue;
            var s = Charter.FindSeries(t.Series)!;
            _accrualLots[t.Series] = lots.Select(l =>
            {
                var arrears = t.ArrearsFraction == 0 ? 0m : CumulativeDividends.LotArrearsPerShare(s, l, recordDate) * t.ArrearsFraction;
                return l with { CreditedPerShare = l.CreditedPerShare + arrears + t.PreferentialPerShare };
            }).ToImmutableList();
        }
    }
}

internal sealed partial class LedgerEditor
{
    // ---- a cumulative dividend paid in kind -------------------------------------------------------------------

    /// <summary>Each holder's part of a payment in kind of <paramref name="series"/> on <paramref name="date"/>, in register order.</summary>
    private IReadOnlyList<InKindLine> InKindPlan(PreferredSeries series, DateOnly date) =>
        PaymentInKind.Plan(series, _accrualLots.GetValueOrDefault(series.Id) ?? [], _holders, date);

    private Refusal? Decide(DividendPaidInKind e)
    {
        if (CheckSecurity("series", e.Series) is { } r0) return r0;
        if (Charter.FindSeries(e.Series) is not { } s) return new Refusal("series", e.Series, "is the common: a payment in kind pays a cumulative series' dividends in its own shares");
        if (s.Dividend.InKind is not { } pik)
            return new Refusal("series", e.Series, $"the charter does not pay {SecurityName(e.Series)}'s dividends in kind (no dividend.inKind); declare a cash dividend instead", Cite(s.Dividend.Clause));
        var plan = InKindPlan(s, e.Date);
        if (plan.Sum(l => l.Shares) == 0 && plan.Sum(l => l.Cash) == 0)
            return new Refusal("date", Iso(e.Date),
                $"nothing to pay: no holder of {SecurityName(e.Series)} has accrued and unpaid dividends worth a share (Original Issue Price {Px(s.OriginalIssuePrice.Value)}) on that day"
                + (pik.Fractions == DividendInKind.PayCash ? " or a cent" : ""), Cite(pik.Clause));
        var issued = e.Issued ?? plan.Select(l => new InKindIssue(l.Holder, l.Shares, l.Cash)).ToArray();
        if (issued.Select(i => i.Holder).Distinct(StringComparer.Ordinal).Count() != issued.Count) return new Refusal("issued", "(stored)", "name each holder once");
        foreach (var i in issued)
        {
            if (CheckHolder("holder", i.Holder) is { } r1) return r1;
            if (i.Shares < 0 || i.Cash < 0) return new Refusal("issued", $"{i.Holder}: {N(i.Shares)} shares, {Px(i.Cash)}", "must not be negative", Cite(pik.Clause));
        }

        var total = issued.Sum(i => i.Shares);
        return total > 0 ? CheckAuthorized(e.Series, total, 0, "series") : null;
    }

    /// <summary>
    /// The payment: each holder's lots are credited with what it received, then its new shares are issued as a lot
    /// accruing from the payment date. The shares and cash are stored facts; beside them the fold derives what the
    /// charter gives in the state the event now folds in (a back-dated change that would alter them is refused).
    /// </summary>
    private void Evolve(DividendPaidInKind e)
    {
        var s = Charter.FindSeries(e.Series)!;
        var pik = s.Dividend.InKind!;
        var plan = InKindPlan(s, e.Date);
        var derived = plan.Select(l => new InKindIssue(l.Holder, l.Shares, l.Cash)).ToArray();
        if (IsDeciding && e.Issued is null) StoreDecided(e with { Issued = derived });
        var recorded = e.Issued ?? derived;
        var oip = s.OriginalIssuePrice.Value;
        if (_accrualLots.TryGetValue(e.Series, out var lots))
        {
            var byHolder = recorded.ToDictionary(i => i.Holder, StringComparer.Ordinal);
            var exact = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var h in byHolder.Keys) exact[h] = PaymentInKind.ExactUnpaid(s, lots.Where(l => l.Holder == h), e.Date);
            _accrualLots[e.Series] = lots.Select(l => byHolder.TryGetValue(l.Holder, out var i)
                ? PaymentInKind.Credit(s, l, e.Date, i.Shares * oip + i.Cash, exact[l.Holder], pik.Fractions == DividendInKind.PayCash)
                : l).ToImmutableList();
        }

        var derivedBy = derived.ToDictionary(i => i.Holder, StringComparer.Ordinal);
        foreach (var i in recorded)
        {
            if (i.Shares > 0)
            {
                AddPosition(i.Holder, e.Series, i.Shares);
                AddAccrualLot(i.Holder, e.Series, e.Date, i.Shares);
            }

            var d = derivedBy.Remove(i.Holder, out var di) ? di : null;
            Track("dividend-in-kind", i.Holder, i.Shares, d?.Shares ?? 0, i.Cash, d?.Cash ?? 0m);
        }

        foreach (var (holder, d) in derivedBy) Track("dividend-in-kind", holder, 0, d.Shares, 0m, d.Cash);
    }
}
