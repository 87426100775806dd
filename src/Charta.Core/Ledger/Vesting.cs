using Charta.Core.Charter;

namespace Charta.Core.Ledger;

/// <summary>Vesting schedules and accelerations, equity plan reserves, and convertible notes and safes.</summary>
internal sealed partial class LedgerEditor
{
    /// <summary>The positions as they stand mid-fold (for <see cref="FoldTrace.PositionChanges"/>).</summary>
    internal IReadOnlyDictionary<(string Holder, string Security), long> PositionsNow => _positions;

    private Refusal? Decide(VestingScheduled e)
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
        return null;
    }

    private void Evolve(VestingScheduled e)
    {
        var accelerations = _vesting.TryGetValue(e.GrantId, out var old) ? old.Accelerations : [];
        _vesting[e.GrantId] = new VestingSchedule(e.GrantId, e.Tranches.OrderBy(t => t.Date).ToArray(), accelerations, e.Terms);
    }

    private Refusal? Decide(VestingAccelerated e)
    {
        if (FindInstrument(e.GrantId) is not { } i) return UnknownInstrument(e.GrantId);
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        if (e.Date < i.GrantedOn) return new Refusal("date", Iso(e.Date), $"is before instrument {i.GrantId} was granted on {Iso(i.GrantedOn)}");
        return null;
    }

    private void Evolve(VestingAccelerated e)
    {
        var v = _vesting.TryGetValue(e.GrantId, out var old) ? old : new VestingSchedule(e.GrantId, [], [], null);
        _vesting[e.GrantId] = v with { Accelerations = [.. v.Accelerations, new VestingTranche(e.Date, e.Shares)] };
    }

    private Refusal? Decide(PlanReserveSet e)
    {
        if (string.IsNullOrWhiteSpace(e.PlanId)) return new Refusal("plan", $"'{e.PlanId}'", "a plan needs an id");
        if (CheckSecurity("class", e.Class) is { } r) return r;
        if (e.Shares < 0) return new Refusal("shares", N(e.Shares), "must not be negative");
        return null;
    }

    private void Evolve(PlanReserveSet e) =>
        _plans[e.PlanId] = _plans.TryGetValue(e.PlanId, out var p)
            ? p with { Name = e.Name, Class = e.Class, Reserved = e.Shares }
            : new PlanReserve(e.PlanId, e.Name, e.Class, e.Shares, e.Date);

    private Refusal? Decide(ConvertibleIssued e)
    {
        if (string.IsNullOrWhiteSpace(e.Id)) return new Refusal("id", $"'{e.Id}'", "a convertible needs an id");
        if (_convertibles.ContainsKey(e.Id) || FindInstrument(e.Id) is not null) return new Refusal("id", e.Id, "an instrument with this id already exists");
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

        return null;
    }

    private void Evolve(ConvertibleIssued e) =>
        _convertibles[e.Id] = new ConvertibleNote(e.Id, e.Holder, e.Amount, e.Type, e.Date, null, null, e.Terms);

    private Refusal? Decide(ConvertibleClosed e)
    {
        if (!_convertibles.TryGetValue(e.Id, out var c)) return new Refusal("id", e.Id, "is not a convertible of the company");
        if (c.Outcome is not null) return new Refusal("id", e.Id, $"was already {c.Outcome} on {Iso(c.ClosedOn!.Value)}");
        if (e.Outcome is not ("converted" or "cancelled" or "retracted")) return new Refusal("outcome", e.Outcome, "must be converted, cancelled or retracted");
        if (e.Date < c.IssuedOn) return new Refusal("date", Iso(e.Date), $"is before convertible {c.Id} was issued on {Iso(c.IssuedOn)}");
        return null;
    }

    private void Evolve(ConvertibleClosed e)
    {
        var c = _convertibles[e.Id];
        _convertibles[e.Id] = c with { Outcome = e.Outcome, ClosedOn = e.Date };
    }


}
