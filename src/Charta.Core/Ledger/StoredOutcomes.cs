using Charta.Core.Dividends;

namespace Charta.Core.Ledger;

/// <summary>
/// Stored outcomes: what an action delivered (common on a conversion, cash for a fraction, a payee's dividend) is a
/// fact stored in its event. The fold books the stored fact and, beside it, derives what the charter would give in the
/// state the event now folds in; a difference (after corrections) is a <see cref="StoredOutcome"/> that
/// <see cref="Fold.TryDecide"/> refuses or restates. While deciding, a proposed event's outcome is derived and stored.
/// </summary>
internal sealed partial class LedgerEditor
{
    private LedgerEvent? _currentEvent;

    /// <summary>The sequences of the proposed events whose outcomes this fold decides (null on a plain replay).</summary>
    public IReadOnlySet<long>? Deciding { get; init; }

    /// <summary>The proposed events with their decided outcomes filled in, by sequence.</summary>
    public Dictionary<long, LedgerEvent> Decided { get; } = [];

    private bool IsDeciding => Deciding is { } d && d.Contains(_currentSequence);

    private void StoreDecided(LedgerEvent completed) => Decided[_currentSequence] = completed;

    private void Track(string kind, string holder, long recordedCommon, long derivedCommon, decimal recordedCash, decimal derivedCash)
    {
        var name = EventCatalog.NameOf(_currentEvent!).Name;
        _outcomes[(_currentSequence, holder)] = new StoredOutcome(_currentSequence, name, _currentEvent!.Date, holder, kind,
            recordedCommon, derivedCommon, recordedCash, derivedCash);
    }

    /// <summary>The lots each holder converts when <paramref name="series"/> convert: every share of them it holds.</summary>
    private IEnumerable<(string Holder, ConvertedLot[] Lots)> Converting(IReadOnlyList<string> series)
    {
        foreach (var h in _holders.ToArray())
        {
            var lots = series.Where(s => _positions.GetValueOrDefault((h, s)) > 0).Select(s => new ConvertedLot(s, _positions[(h, s)])).ToArray();
            if (lots.Length > 0) yield return (h, lots);
        }
    }

    /// <summary>The checks of <see cref="ConvertAll"/>: each holder's conversion, and the stored outcomes (each holder once, none negative).</summary>
    private Refusal? DecideConvertAll(IReadOnlyList<string> series, decimal fractionPrice, IReadOnlyList<HolderConversion>? stored) =>
        DecideConvertHolders(Converting(series), fractionPrice, stored);

    /// <summary>As <see cref="DecideConvertAll"/>, for the given holders' lots (e.g. the holders who did not play).</summary>
    private Refusal? DecideConvertHolders(IEnumerable<(string Holder, ConvertedLot[] Lots)> converting, decimal fractionPrice, IReadOnlyList<HolderConversion>? stored)
    {
        var storedBy = stored?.ToDictionary(h => h.Holder, StringComparer.Ordinal);
        if (storedBy is not null && storedBy.Count != stored!.Count) return new Refusal("conversions", "(stored)", "name each holder once");
        foreach (var (h, lots) in converting)
        {
            // Each holder's conversion is a preferred-converted of its own, decided by that event's rule.
            if (DecideNested(HolderConverts(CurrentDate, h, lots, fractionPrice)) is { } refused) return refused;
            storedBy?.Remove(h);
        }

        if (storedBy is not null)
            foreach (var s in storedBy.Values)
            {
                if (CheckHolder("holder", s.Holder) is { } r) return r;
                if (s.CommonIssued < 0) return new Refusal("common-issued", N(s.CommonIssued), "must not be negative");
            }

        return null;
    }

    private DateOnly CurrentDate => _currentEvent!.Date;

    /// <summary>One holder's part of an automatic conversion (FOURTH §6(b)), as the preferred-converted event it amounts to.</summary>
    private static PreferredConverted HolderConverts(DateOnly date, string holder, ConvertedLot[] lots, decimal fractionPrice) =>
        new(date, holder, lots, fractionPrice, "automatic");

    /// <summary>
    /// FOURTH §6(b)(ii): every holder's preferred of the converting series, aggregated per holder (§6(g)(i)). With stored
    /// outcomes (v2) each holder is booked what was delivered; a holder who would now convert but was delivered nothing
    /// is booked nothing (and shows as a changed outcome). Deciding, the derived outcomes are stored. Decided by
    /// <see cref="DecideConvertAll"/>.
    /// </summary>
    private void ConvertAll(DateOnly date, IReadOnlyList<string> series, decimal fractionPrice, IReadOnlyList<HolderConversion>? stored, List<HolderConversion>? decided) =>
        ConvertHolders(date, Converting(series).ToArray(), fractionPrice, stored, decided);

    /// <summary>As <see cref="ConvertAll"/>, for the given holders' lots.</summary>
    private void ConvertHolders(DateOnly date, IReadOnlyList<(string Holder, ConvertedLot[] Lots)> converting, decimal fractionPrice, IReadOnlyList<HolderConversion>? stored, List<HolderConversion>? decided)
    {
        var storedBy = stored?.ToDictionary(h => h.Holder, StringComparer.Ordinal);
        foreach (var (h, lots) in converting)
        {
            // Each holder's conversion evolves as a preferred-converted: with the stored outcome (tracked against the
            // derived one), or deciding, with the derived outcome (stored in the offering's or vote's event).
            HolderConversion? recorded = null;
            if (storedBy is not null) recorded = storedBy.Remove(h, out var s) ? s : new HolderConversion(h, 0, 0m);
            else if (decided is not null) decided.Add((recorded = DeriveConversion(h, lots, date, fractionPrice).Value));
            EvolveNested(HolderConverts(date, h, lots, fractionPrice) with { CommonIssued = recorded?.CommonIssued, CashForFraction = recorded?.CashForFraction });
        }

        // Holders who were delivered common but would now convert nothing: the fact stands, the change is reported.
        if (storedBy is not null)
            foreach (var s in storedBy.Values)
            {
                Track("conversion", s.Holder, s.CommonIssued, 0, s.CashForFraction, 0m);
                if (s.CommonIssued > 0) AddPosition(s.Holder, Charter.ConversionCommonId, s.CommonIssued);
            }
    }

    /// <summary>The allocation the charter gives a cash dividend now (FOURTH §3, DividendAllocation): payee → cents.</summary>
    private Result<DividendPayee[]> DerivedPayees(DividendDeclared e)
    {
        var plan = DividendAllocation.Allocate(Freeze(e.Date), e.Amount, e.Date, e.Reading, e.DividendId);
        if (!plan.IsOk) return plan.Refusal!;
        return plan.Value.Holders.Where(h => h.Total != 0).Select(h => new DividendPayee(h.Name, h.Total)).ToArray();
    }

    /// <summary>Whether the dividend's payees are stored or, deciding, derived and stored (a cash dividend only).</summary>
    private bool HasPayees(DividendDeclared e) => e.Kind == DividendRules.CashKind && (e.Payees is not null || IsDeciding);

    /// <summary>A stored cash dividend's payees: the allocation must be possible, and stored amounts add to the dividend.</summary>
    private Refusal? DecideDividendPayees(DividendDeclared e)
    {
        if (!HasPayees(e)) return null;
        var derived = DerivedPayees(e);
        if (!derived.IsOk) return derived.Refusal;
        if (e.Payees is not null && e.Payees.Sum(p => p.Amount) != e.Amount)
            return new Refusal("payees", Px(e.Payees.Sum(p => p.Amount)), $"the payees' amounts must add to the dividend {Px(e.Amount)} to the cent");
        return null;
    }

    /// <summary>Stores (deciding) or tracks (recorded) each payee's cents against the allocation the charter gives now.</summary>
    private void EvolveDividendPayees(DividendDeclared e)
    {
        if (!HasPayees(e)) return;
        var payees = DerivedPayees(e).Value;
        if (e.Payees is null)
        {
            // Deciding: the allocation, in the order the charter gives it, is the fact stored in the event.
            StoreDecided(e with { Payees = payees });
            foreach (var p in payees) Track("dividend", p.Holder, 0, 0, p.Amount, p.Amount);
            return;
        }

        var derived = payees.ToDictionary(p => p.Holder, p => p.Amount, StringComparer.Ordinal);
        foreach (var p in e.Payees) Track("dividend", p.Holder, 0, 0, p.Amount, derived.GetValueOrDefault(p.Holder));
        foreach (var (holder, amount) in derived)
            if (!_outcomes.ContainsKey((_currentSequence, holder))) Track("dividend", holder, 0, 0, 0m, amount);
    }

    private Refusal? Decide(ConversionCorrected e)
    {
        if (!_outcomes.TryGetValue((e.Event, e.Holder), out var o) || o.Kind != "conversion")
            return new Refusal("event", e.Event.ToString(System.Globalization.CultureInfo.InvariantCulture), $"is not a conversion that delivered common to {e.Holder} before {Iso(e.Date)}");
        if (e.AdditionalCommon < 0)
            return new Refusal("common", N(e.AdditionalCommon), "a correction never takes shares back: void the later event instead");
        if (string.IsNullOrWhiteSpace(e.Reason)) return new Refusal("reason", "(none)", "a correction must say why");
        return e.AdditionalCommon > 0 ? CheckAuthorized(Charter.ConversionCommonId, e.AdditionalCommon, 0, "common") : null;
    }

    private void Evolve(ConversionCorrected e)
    {
        var o = _outcomes[(e.Event, e.Holder)];
        if (e.AdditionalCommon > 0) AddPosition(e.Holder, Charter.ConversionCommonId, e.AdditionalCommon);
        _outcomes[(e.Event, e.Holder)] = o with { RecordedCommon = o.RecordedCommon + e.AdditionalCommon, RecordedCash = o.RecordedCash + e.CashAdjustment };
    }

    private Refusal? Decide(DividendCorrected e)
    {
        if (!_outcomes.TryGetValue((e.Event, e.Holder), out var o) || o.Kind != "dividend")
            return new Refusal("event", e.Event.ToString(System.Globalization.CultureInfo.InvariantCulture), $"is not a dividend with a payment to {e.Holder} before {Iso(e.Date)}");
        if (e.Amount <= 0) return new Refusal("amount", Px(e.Amount), "a correction pays more, never claws back: void the later event instead");
        if (string.IsNullOrWhiteSpace(e.Reason)) return new Refusal("reason", "(none)", "a correction must say why");
        return null;
    }

    private void Evolve(DividendCorrected e)
    {
        var o = _outcomes[(e.Event, e.Holder)];
        _outcomes[(e.Event, e.Holder)] = o with { RecordedCash = o.RecordedCash + e.Amount };
    }
}
