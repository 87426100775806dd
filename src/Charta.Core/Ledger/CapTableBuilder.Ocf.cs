using Charta.Core.Charter;

namespace Charta.Core.Ledger;

/// <summary>The fold of authorized-share amendments, conversion prices set explicitly, vesting, plan reserves and convertibles.</summary>
internal sealed partial class CapTableBuilder
{
    /// <summary>The positions as they stand mid-fold (for <see cref="FoldTrace.PositionChanges"/>).</summary>
    internal IReadOnlyDictionary<(string Holder, string Security), long> PositionsNow => _positions;

    /// <summary>FOURTH (authorized shares) as amended: the new number must cover what is issued, retired and reserved.</summary>
    private Refusal? Apply(AuthorizedSharesChanged e)
    {
        if (e.Shares < 0) return new Refusal("shares", N(e.Shares), "must not be negative");
        var before = Charter;
        var a = before.Authorized;
        var amended = $" (amended {Iso(e.Date)})";
        string Cl(string c) => c.Contains(" (amended ", StringComparison.Ordinal) ? c[..c.IndexOf(" (amended ", StringComparison.Ordinal)] + amended : c + amended;
        if (e.Class is null)
        {
            _charter = before with { Authorized = a with { Total = new Term<long>(e.Shares, Cl(a.Total.Clause)) } };
        }
        else if (before.IsCommon(e.Class))
        {
            _charter = before with { Authorized = a with { Common = new Term<long>(e.Shares, Cl(a.Common.Clause)) } };
        }
        else if (before.FindSeries(e.Class) is { } s)
        {
            var series = before.Series.Select(x => x.Id == s.Id ? x with { FixedShares = new Term<long>(e.Shares, Cl(x.FixedShares.Clause)) } : x).ToList();
            _charter = before with { Series = series };
        }
        else
        {
            return CheckSecurity("class", e.Class);
        }

        if (CheckAuthorized(e.Class ?? before.Common.Id, 0, 0, "shares") is { } refusal)
        {
            _charter = before;
            return refusal;
        }

        return null;
    }

    private Refusal? Apply(ConversionPriceSet e)
    {
        if (Charter.FindSeries(e.Series) is null)
            return new Refusal("series", e.Series, $"is not a preferred series of {Charter.Company} ({string.Join(", ", Charter.Series.Select(x => x.Id))})");
        if (e.Price <= 0) return new Refusal("conversion-price", Px(e.Price), "must be positive", string.IsNullOrWhiteSpace(e.Clause) ? null : Clause.Of(e.Clause));
        if (string.IsNullOrWhiteSpace(e.Clause)) return new Refusal("clause", "(none)", "a conversion-price change must cite the clause that makes it");
        var from = _conversionPrices[e.Series];
        if (from == e.Price) return null;
        _conversionPrices[e.Series] = e.Price;
        _cpHistory.Add(new ConversionPriceChange(e.Date, e.Series, from, e.Price, e.Clause, _currentSequence, e.Reason));
        return null;
    }

    private Refusal? Apply(VestingScheduled e)
    {
        if (FindInstrument(e.GrantId) is not { } i) return UnknownInstrument(e.GrantId);
        long total = 0;
        foreach (var t in e.Tranches)
        {
            if (t.Shares <= 0) return new Refusal("shares", N(t.Shares), "each vesting tranche must be a positive number of shares");
            total += t.Shares;
        }

        var granted = i.Outstanding + i.Exercised + i.Cancelled + i.Expired;
        if (total > granted)
            return new Refusal("shares", N(total), $"the schedule vests more than the {N(granted)} shares of instrument {i.GrantId}");
        var accelerations = _vesting.TryGetValue(e.GrantId, out var old) ? old.Accelerations : [];
        _vesting[e.GrantId] = new VestingSchedule(e.GrantId, e.Tranches.OrderBy(t => t.Date).ToArray(), accelerations, e.Terms);
        return null;
    }

    private Refusal? Apply(VestingAccelerated e)
    {
        if (FindInstrument(e.GrantId) is not { } i) return UnknownInstrument(e.GrantId);
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        if (e.Date < i.GrantedOn) return new Refusal("date", Iso(e.Date), $"is before instrument {i.GrantId} was granted on {Iso(i.GrantedOn)}");
        var v = _vesting.TryGetValue(e.GrantId, out var old) ? old : new VestingSchedule(e.GrantId, [], [], null);
        _vesting[e.GrantId] = v with { Accelerations = [.. v.Accelerations, new VestingTranche(e.Date, e.Shares)] };
        return null;
    }

    private Refusal? Apply(PlanReserveSet e)
    {
        if (string.IsNullOrWhiteSpace(e.PlanId)) return new Refusal("plan", $"'{e.PlanId}'", "a plan needs an id");
        if (CheckSecurity("class", e.Class) is { } r) return r;
        if (e.Shares < 0) return new Refusal("shares", N(e.Shares), "must not be negative");
        _plans[e.PlanId] = _plans.TryGetValue(e.PlanId, out var p)
            ? p with { Name = e.Name, Class = e.Class, Reserved = e.Shares }
            : new PlanReserve(e.PlanId, e.Name, e.Class, e.Shares, e.Date);
        return null;
    }

    private Refusal? Apply(ConvertibleIssued e)
    {
        if (string.IsNullOrWhiteSpace(e.Id)) return new Refusal("id", $"'{e.Id}'", "a convertible needs an id");
        if (_convertibles.ContainsKey(e.Id) || _instruments.ContainsKey(e.Id)) return new Refusal("id", e.Id, "an instrument with this id already exists");
        if (CheckHolder("holder", e.Holder) is { } r) return r;
        if (e.Amount < 0) return new Refusal("amount", Px(e.Amount), "must not be negative");
        if (e.Terms is { } t)
        {
            if (t.Kind is not ("note" or "safe")) return new Refusal("kind", t.Kind, "a convertible's terms are for a note or a safe");
            if (t.Cap is <= 0) return new Refusal("cap", Px(t.Cap.Value), "must be positive");
            if (t.DiscountPercent is < 0 or >= 100) return new Refusal("discount", Px(t.DiscountPercent.Value), "must be a percentage from 0 to below 100");
            if (t.RatePercent < 0) return new Refusal("rate", Px(t.RatePercent), "must not be negative");
            if (t.Interest is not ("simple" or "compound")) return new Refusal("interest", t.Interest, "must be simple or compound");
            if (t.DayCount is not ("actual/365" or "30/360")) return new Refusal("day-count", t.DayCount, "must be actual/365 or 30/360");
            if (t.SafeKind is not ("post-money" or "pre-money")) return new Refusal("safe-kind", t.SafeKind, "must be post-money or pre-money");
        }

        _convertibles[e.Id] = new ConvertibleNote(e.Id, e.Holder, e.Amount, e.Type, e.Date, null, null, e.Terms);
        return null;
    }

    private Refusal? Apply(ConvertibleClosed e)
    {
        if (!_convertibles.TryGetValue(e.Id, out var c)) return new Refusal("id", e.Id, "is not a convertible of the company");
        if (c.Outcome is not null) return new Refusal("id", e.Id, $"was already {c.Outcome} on {Iso(c.ClosedOn!.Value)}");
        if (e.Outcome is not ("converted" or "cancelled" or "retracted")) return new Refusal("outcome", e.Outcome, "must be converted, cancelled or retracted");
        if (e.Date < c.IssuedOn) return new Refusal("date", Iso(e.Date), $"is before convertible {c.Id} was issued on {Iso(c.IssuedOn)}");
        _convertibles[e.Id] = c with { Outcome = e.Outcome, ClosedOn = e.Date };
        return null;
    }

    private Refusal? Apply(SharesReissued e)
    {
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (CheckSecurity("security", e.Security) is { } r2) return r2;
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        var held = _positions.GetValueOrDefault((e.Holder, e.Security));
        if (e.Shares > held)
            return new Refusal("shares", N(e.Shares), $"{e.Holder} holds only {N(held)} shares of {SecurityName(e.Security)} on {Iso(e.Date)}");
        return null;
    }
}
