using Charta.Core.Dividends;

namespace Charta.Core.Ledger;

/// <summary>
/// Stored outcomes: what an action delivered (common on a conversion, cash for a fraction, a payee's dividend) is a
/// fact stored in its event. The fold books the stored fact and, beside it, derives what the charter would give in the
/// state the event now folds in; a difference (after corrections) is a <see cref="StoredOutcome"/> that
/// <see cref="Fold.TryDecide"/> refuses or restates. While deciding, a proposed event's outcome is derived and stored.
/// </summary>
internal sealed partial class CapTableBuilder
{
    private readonly Dictionary<(long Event, string Holder), StoredOutcome> _outcomes = new();
    private LedgerEvent? _currentEvent;

    /// <summary>The sequences of the proposed events whose outcomes this fold decides (null on a plain replay).</summary>
    public IReadOnlySet<long>? Deciding { get; init; }

    /// <summary>The proposed events with their decided outcomes filled in, by sequence.</summary>
    public Dictionary<long, LedgerEvent> Decided { get; } = [];

    private bool IsDeciding => Deciding is { } d && d.Contains(_currentSequence);

    private void Decide(LedgerEvent completed) => Decided[_currentSequence] = completed;

    private void Track(string kind, string holder, long recordedCommon, long derivedCommon, decimal recordedCash, decimal derivedCash)
    {
        var name = EventCatalog.NameOf(_currentEvent!).Name;
        _outcomes[(_currentSequence, holder)] = new StoredOutcome(_currentSequence, name, _currentEvent!.Date, holder, kind,
            recordedCommon, derivedCommon, recordedCash, derivedCash);
    }

    /// <summary>
    /// FOURTH §6(b)(ii): every holder's preferred of the converting series, aggregated per holder (§6(g)(i)). With stored
    /// outcomes (v2) each holder is booked what was delivered; a holder who would now convert but was delivered nothing
    /// is booked nothing (and shows as a changed outcome). Deciding, the derived outcomes are stored.
    /// </summary>
    private Refusal? ConvertAll(DateOnly date, IReadOnlyList<string> series, decimal fractionPrice, IReadOnlyList<HolderConversion>? stored, List<HolderConversion>? decided)
    {
        var storedBy = stored?.ToDictionary(h => h.Holder, StringComparer.Ordinal);
        if (storedBy is not null && storedBy.Count != stored!.Count) return new Refusal("conversions", "(stored)", "name each holder once");
        foreach (var h in _holders.ToArray())
        {
            var lots = series.Where(s => _positions.GetValueOrDefault((h, s)) > 0).Select(s => new ConvertedLot(s, _positions[(h, s)])).ToArray();
            if (lots.Length == 0) continue;
            if (DeriveConversion(h, lots, date, fractionPrice) is not { } derived) return _conversionRefusal;
            var recorded = derived;
            if (storedBy is not null)
            {
                recorded = storedBy.Remove(h, out var s) ? s : new HolderConversion(h, 0, 0m);
                Track("conversion", h, recorded.CommonIssued, derived.CommonIssued, recorded.CashForFraction, derived.CashForFraction);
            }
            else if (decided is not null)
            {
                decided.Add(derived);
                Track("conversion", h, derived.CommonIssued, derived.CommonIssued, derived.CashForFraction, derived.CashForFraction);
            }

            BookConversion(h, lots, recorded.CommonIssued);
        }

        // Holders who were delivered common but would now convert nothing: the fact stands, the change is reported.
        if (storedBy is not null)
            foreach (var s in storedBy.Values)
            {
                if (CheckHolder("holder", s.Holder) is { } r) return r;
                if (s.CommonIssued < 0) return new Refusal("common-issued", N(s.CommonIssued), "must not be negative");
                Track("conversion", s.Holder, s.CommonIssued, 0, s.CashForFraction, 0m);
                if (s.CommonIssued > 0) AddPosition(s.Holder, Charter.Common.Id, s.CommonIssued);
            }

        return null;
    }

    /// <summary>A stored cash dividend's payees against the allocation the charter gives now (FOURTH §3, DividendAllocation).</summary>
    private Refusal? DecideDividendPayees(DividendDeclared e)
    {
        if (e.Kind != DividendRules.CashKind || (e.Payees is null && !IsDeciding)) return null;
        var plan = DividendAllocation.Allocate(Freeze(e.Date), e.Amount, e.Date);
        if (!plan.IsOk) return plan.Refusal;
        var derived = plan.Value.Holders.Where(h => h.Total != 0).ToDictionary(h => h.Name, h => h.Total, StringComparer.Ordinal);
        if (e.Payees is null)
        {
            var payees = plan.Value.Holders.Where(h => h.Total != 0).Select(h => new DividendPayee(h.Name, h.Total)).ToArray();
            Decide(e with { Payees = payees });
            foreach (var p in payees) Track("dividend", p.Holder, 0, 0, p.Amount, p.Amount);
            return null;
        }

        if (e.Payees.Sum(p => p.Amount) != e.Amount)
            return new Refusal("payees", Px(e.Payees.Sum(p => p.Amount)), $"the payees' amounts must add to the dividend {Px(e.Amount)} to the cent");
        foreach (var p in e.Payees) Track("dividend", p.Holder, 0, 0, p.Amount, derived.GetValueOrDefault(p.Holder));
        foreach (var (holder, amount) in derived)
            if (!_outcomes.ContainsKey((_currentSequence, holder))) Track("dividend", holder, 0, 0, 0m, amount);
        return null;
    }

    private Refusal? Apply(ConversionCorrected e)
    {
        if (!_outcomes.TryGetValue((e.Event, e.Holder), out var o) || o.Kind != "conversion")
            return new Refusal("event", e.Event.ToString(System.Globalization.CultureInfo.InvariantCulture), $"is not a conversion that delivered common to {e.Holder} before {Iso(e.Date)}");
        if (e.AdditionalCommon < 0)
            return new Refusal("common", N(e.AdditionalCommon), "a correction never takes shares back: void the later event instead");
        if (string.IsNullOrWhiteSpace(e.Reason)) return new Refusal("reason", "(none)", "a correction must say why");
        if (e.AdditionalCommon > 0)
        {
            if (CheckAuthorized(Charter.Common.Id, e.AdditionalCommon, 0, "common") is { } r) return r;
            AddPosition(e.Holder, Charter.Common.Id, e.AdditionalCommon);
        }

        _outcomes[(e.Event, e.Holder)] = o with { RecordedCommon = o.RecordedCommon + e.AdditionalCommon, RecordedCash = o.RecordedCash + e.CashAdjustment };
        return null;
    }

    private Refusal? Apply(DividendCorrected e)
    {
        if (!_outcomes.TryGetValue((e.Event, e.Holder), out var o) || o.Kind != "dividend")
            return new Refusal("event", e.Event.ToString(System.Globalization.CultureInfo.InvariantCulture), $"is not a dividend with a payment to {e.Holder} before {Iso(e.Date)}");
        if (e.Amount <= 0) return new Refusal("amount", Px(e.Amount), "a correction pays more, never claws back: void the later event instead");
        if (string.IsNullOrWhiteSpace(e.Reason)) return new Refusal("reason", "(none)", "a correction must say why");
        _outcomes[(e.Event, e.Holder)] = o with { RecordedCash = o.RecordedCash + e.Amount };
        return null;
    }
}
