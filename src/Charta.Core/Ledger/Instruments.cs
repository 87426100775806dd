using Charta.Core.Charter;

namespace Charta.Core.Ledger;

/// <summary>Options, warrants and convertibles on a class: grants, exercises, expiries, cancellations and repricings.</summary>
internal sealed partial class LedgerEditor
{
    private Refusal? Decide(InstrumentGranted e)
    {
        if (string.IsNullOrWhiteSpace(e.GrantId)) return new Refusal("id", $"'{e.GrantId}'", "an instrument needs an id");
        if (FindInstrument(e.GrantId) is not null) return new Refusal("id", e.GrantId, "an instrument with this id already exists");
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (e.Kind is not ("option" or "warrant" or "convertible"))
            return new Refusal("kind", e.Kind, "must be option, warrant or convertible", CiteNear(Charter.AntiDilution?.Clause, "(i)(A)"));
        if (CheckSecurity("security", e.Underlying) is { } r2) return r2;
        if (e.MaxShares <= 0) return new Refusal("shares", N(e.MaxShares), "must be a positive number of shares");
        if (e.ExercisePrice < 0) return new Refusal("price", Px(e.ExercisePrice), "must not be negative");
        if (e.ConsiderationReceived < 0) return new Refusal("consideration", Px(e.ConsiderationReceived), "must not be negative");
        if (e.Expires is { } x && x <= e.Date) return new Refusal("expires", Iso(x), $"must be after the grant date {Iso(e.Date)}");
        if (CheckExclusion(e.Exclusion, e.Approval) is { } r3) return r3;
        if (Charter.IsCommon(e.Underlying) && RatchetToZero(e.Date, e.MaxShares, e.ConsiderationReceived + e.MaxShares * e.ExercisePrice, e.Exclusion, "price") is { } r4) return r4;
        return CheckAuthorized(e.Underlying, 0, e.MaxShares, "shares");
    }

    private void Evolve(InstrumentGranted e)
    {
        OnInstrumentGranted(e);
        SetInstrument(new Instrument(e.GrantId, e.Holder, e.Kind, e.Underlying, e.Date, e.Expires,
            e.MaxShares, e.ExercisePrice, e.ConsiderationReceived, e.Exclusion, e.Approval,
            Outstanding: e.MaxShares, ExercisePrice: e.ExercisePrice, Exercised: 0, Cancelled: 0, Expired: 0), added: true);
        AddReserved(e.Underlying, e.MaxShares);
    }

    private Refusal? Decide(InstrumentExercised e)
    {
        if (FindInstrument(e.GrantId) is not { } i) return UnknownInstrument(e.GrantId);
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        if (i.IsExpiredOn(e.Date)) return new Refusal("date", Iso(e.Date), $"instrument {i.GrantId} expired on {Iso(i.Expires!.Value)}");
        if (e.Date < i.GrantedOn) return new Refusal("date", Iso(e.Date), $"is before instrument {i.GrantId} was granted on {Iso(i.GrantedOn)}");
        if (e.Shares > i.Outstanding)
            return new Refusal("shares", N(e.Shares), $"instrument {i.GrantId} has only {N(i.Outstanding)} shares left to exercise");
        return null;
    }

    private void Evolve(InstrumentExercised e)
    {
        // The shares were reserved when the instrument was granted, so the authorized checks net to zero.
        var i = FindInstrument(e.GrantId)!;
        AddReserved(i.Underlying, -e.Shares);
        SetInstrument(i with { Outstanding = i.Outstanding - e.Shares, Exercised = i.Exercised + e.Shares });
        AddPosition(i.Holder, i.Underlying, e.Shares);
        // Shares of a cumulative series issued on exercise accrue from the exercise date, as any issue does.
        AddAccrualLot(i.Holder, i.Underlying, e.Date, e.Shares);
        _firstIssue.TryAdd(i.Underlying, e.Date);
        OnInstrumentExercised(i, e);
    }

    private Refusal? Decide(InstrumentExpired e)
    {
        if (FindInstrument(e.GrantId) is not { } i) return UnknownInstrument(e.GrantId);
        if (i.Outstanding == 0) return new Refusal("id", e.GrantId, "has nothing left to expire");
        if (i.Expires is { } x && e.Date < x)
            return new Refusal("date", Iso(e.Date), $"instrument {i.GrantId} does not expire until {Iso(x)}");
        if (e.Date < i.GrantedOn) return new Refusal("date", Iso(e.Date), $"is before instrument {i.GrantId} was granted on {Iso(i.GrantedOn)}");
        return null;
    }

    private void Evolve(InstrumentExpired e)
    {
        var i = FindInstrument(e.GrantId)!;
        AddReserved(i.Underlying, -i.Outstanding);
        SetInstrument(i with { Outstanding = 0, Expired = i.Expired + i.Outstanding });
        OnInstrumentExpired(i, e);
    }

    private Refusal? Decide(InstrumentCancelled e)
    {
        if (FindInstrument(e.GrantId) is not { } i) return UnknownInstrument(e.GrantId);
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        if (e.Shares > i.Outstanding)
            return new Refusal("shares", N(e.Shares), $"instrument {i.GrantId} has only {N(i.Outstanding)} shares outstanding");
        if (e.Date < i.GrantedOn) return new Refusal("date", Iso(e.Date), $"is before instrument {i.GrantId} was granted on {Iso(i.GrantedOn)}");
        return null;
    }

    private void Evolve(InstrumentCancelled e)
    {
        var i = FindInstrument(e.GrantId)!;
        AddReserved(i.Underlying, -e.Shares);
        SetInstrument(i with { Outstanding = i.Outstanding - e.Shares, Cancelled = i.Cancelled + e.Shares });
        OnInstrumentCancelled(i, e);
    }

    private string RepriceClause => AntiDilutionRule("(iii)(B)");

    private Refusal? Decide(InstrumentRepriced e)
    {
        if (FindInstrument(e.GrantId) is not { } i) return UnknownInstrument(e.GrantId);
        if (e.Date < i.GrantedOn) return new Refusal("date", Iso(e.Date), $"is before instrument {i.GrantId} was granted on {Iso(i.GrantedOn)}");
        if (i.Outstanding == 0) return new Refusal("id", e.GrantId, "has nothing left outstanding to reprice", Clause.Of(RepriceClause));
        if (i.IsExpiredOn(e.Date)) return new Refusal("date", Iso(e.Date), $"instrument {i.GrantId} expired on {Iso(i.Expires!.Value)}");
        if (e.ExercisePrice < 0) return new Refusal("price", Px(e.ExercisePrice), "must not be negative", Clause.Of(RepriceClause));
        var outstanding = e.Outstanding ?? i.Outstanding;
        if (outstanding <= 0) return new Refusal("shares", N(outstanding), "must be positive; cancel the instrument instead", Clause.Of(RepriceClause));
        if (outstanding > i.Outstanding)
            return new Refusal("shares", N(outstanding), $"the repricing rule covers a decrease in the shares issuable; {i.GrantId} has {N(i.Outstanding)}: grant a new instrument for more", Clause.Of(RepriceClause));
        if (outstanding == i.Outstanding && e.ExercisePrice == i.ExercisePrice)
            return new Refusal("price", Px(e.ExercisePrice), $"{i.GrantId} already has these terms", Clause.Of(RepriceClause));
        return null;
    }

    private void Evolve(InstrumentRepriced e)
    {
        var i = FindInstrument(e.GrantId)!;
        var outstanding = e.Outstanding ?? i.Outstanding;
        AddReserved(i.Underlying, outstanding - i.Outstanding);
        SetInstrument(i with { Outstanding = outstanding, ExercisePrice = e.ExercisePrice, ExactExercisePrice = null, Cancelled = i.Cancelled + (i.Outstanding - outstanding) });
        if (_ad.TakeUp.TryGetValue(i.GrantId, out var t) && !_ad.ShortOptions.Contains(i.GrantId))
        {
            var shares = t.ExercisedInGrantUnits + outstanding * t.SplitScaleAtGrant / _ad.SplitScale;
            var consideration = i.ConsiderationReceived + t.ExerciseConsideration + outstanding * e.ExercisePrice;
            Readjust(i.GrantId, e.Date, "reprice", RepriceClause, shares, consideration,
                $"{i.GrantId} repriced from {Px(i.ExercisePrice)} to {Px(e.ExercisePrice)}" + (outstanding != i.Outstanding ? $", shares {N(i.Outstanding)} to {N(outstanding)}" : ""), remove: false);
        }
    }
}
