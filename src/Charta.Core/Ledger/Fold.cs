using System.Globalization;

namespace Charta.Core.Ledger;

/// <summary>What recording some events decided: the events to write (outcomes filled in, corrections added) and the state after them.</summary>
public sealed record Decision(IReadOnlyList<RecordedEvent> Recorded, CapTable State)
{
    /// <summary>The correction events a <c>--restate</c> added after the proposed events.</summary>
    public IEnumerable<RecordedEvent> Corrections => Recorded.Where(r => r.Event is ConversionCorrected or DividendCorrected);

    /// <summary>The expiries the decision recorded for instruments that lapsed before its date (<see cref="Fold.WithLapses"/>).</summary>
    public IReadOnlyList<RecordedEvent> Lapses { get; init; } = [];
}

/// <summary>
/// The state is a pure fold over the events: each event is decided (<c>Decide(state, event) → refusal?</c>) and then
/// evolved (<c>EvolveDecided(state, event) → state</c>), and <see cref="Replay"/> folds a whole ledger in (date,
/// recording order). The fold validates as it goes, so an event that the charter forbids
/// (in the state as of its date) is refused, and the state is left as it was. <see cref="TryDecide"/> decides new
/// events against the ledger: it stores their outcomes, and refuses (or, restating, corrects) a back-dated event that
/// would change an outcome already stored or invalidate a later event. Voided events do not fold.
/// </summary>
public static class Fold
{
    /// <summary>
    /// Folds the ledger as of <paramref name="asOf"/> (inclusive; null for all events). A stored ledger is valid by
    /// construction, so a refusal here means the store was changed behind the ledger's back and throws.
    /// </summary>
    public static CapTable Replay(IEnumerable<RecordedEvent> events, DateOnly? asOf = null)
    {
        var result = TryReplay(events, asOf);
        return result.IsOk ? result.Value : throw new InvalidOperationException($"the stored ledger is inconsistent: {result.Refusal}");
    }

    /// <summary>Folds and validates; the first refusal, with the event it came from, stops the fold.</summary>
    public static Result<CapTable> TryReplay(IEnumerable<RecordedEvent> events, DateOnly? asOf = null)
    {
        var effective = Effective(events);
        if (!effective.IsOk) return effective.Refusal!;
        var builder = new LedgerEditor();
        foreach (var r in effective.Value)
        {
            if (asOf is { } d && !r.Event.IsRegistry && r.Event.Date > d) break;
            if (builder.Apply(r) is { } refusal) return refusal;
        }

        return builder.HasCompany ? builder.Freeze(asOf) : NoCompany;
    }

    /// <summary>One step of the fold: the event decided against the state, then evolved; a new state, or the refusal. The given state is not changed.</summary>
    public static Result<CapTable> Evolve(CapTable state, RecordedEvent e)
    {
        var builder = LedgerEditor.From(state);
        return builder.Apply(e) is { } refusal ? refusal : builder.Freeze(state.AsOf);
    }

    /// <summary>Decides <paramref name="e"/> against <paramref name="state"/>: the refusal, or null if the event may be applied. Changes nothing.</summary>
    public static Refusal? Decide(CapTable state, RecordedEvent e) => LedgerEditor.From(state).Decide(e);

    /// <summary>
    /// Evolves <paramref name="state"/> by an event already decided valid against it (by <see cref="Decide"/>), without
    /// deciding it again. An event that was not decided valid gives an undefined state (or throws): use <see cref="Evolve(CapTable, RecordedEvent)"/>.
    /// </summary>
    public static CapTable EvolveDecided(CapTable state, RecordedEvent e)
    {
        var builder = LedgerEditor.From(state);
        builder.Evolve(e);
        return builder.Freeze(state.AsOf);
    }

    /// <summary>
    /// Decides whether <paramref name="proposed"/> may be appended to <paramref name="existing"/>. An event may be
    /// dated before events already recorded; then it must be valid in the state as of its date and every later state,
    /// so the whole ledger is re-folded. Returns the cap table after the append.
    /// </summary>
    public static Result<CapTable> TryAppend(IReadOnlyList<RecordedEvent> existing, IReadOnlyList<RecordedEvent> proposed) =>
        TryDecide(existing, proposed).Map(d => d.State);

    /// <summary>
    /// Decides <paramref name="proposed"/> against <paramref name="existing"/>: each proposed action's outcome (common
    /// issued, cash for fractions, dividend payees) is derived in the state as of its date and stored in the event.
    /// A proposed event dated before recorded events re-folds the ledger: a later event it would make invalid, or a
    /// stored outcome it would change, is named in the refusal. With <paramref name="restate"/> the changed outcomes
    /// are instead corrected by correction events appended after the proposed ones (never taking shares or cash back).
    /// </summary>
    public static Result<Decision> TryDecide(IReadOnlyList<RecordedEvent> existing, IReadOnlyList<RecordedEvent> proposed, bool restate = false) =>
        TryDecide(null, existing, proposed, restate);

    /// <summary>
    /// As <see cref="TryDecide(IReadOnlyList{RecordedEvent}, IReadOnlyList{RecordedEvent}, bool)"/>, from a state taken
    /// earlier (a snapshot): <paramref name="existing"/> are the events recorded after it, and they and every proposed
    /// event sort after everything in <paramref name="from"/> (registry events, or dated on or after the latest date it
    /// folded; no void among them: the caller checks). Null <paramref name="from"/> is the empty ledger. The result is
    /// the same as deciding against every event from the start.
    /// </summary>
    public static Result<Decision> TryDecide(CapTable? from, IReadOnlyList<RecordedEvent> existing, IReadOnlyList<RecordedEvent> proposed, bool restate = false)
    {
        if (proposed.Count == 0) return (from is null ? TryReplay(existing) : FoldFrom.TryReplay(from, existing)).Map(t => new Decision([], t));
        var lapses = new List<RecordedEvent>();
        var result = Decide(from, existing, proposed, restate, lapses, null);
        if (lapses.Count > 0 && Disturbance(result) > 0)
        {
            // An expiry dated its expiry date would change an outcome already stored in an event (a batch copied from a
            // ledger recorded before the rule, e.g. an import): the expiries are dated after the latest event instead,
            // as a late hand-recorded expiry would be, when that disturbs less (docs/interpretations.md, "Expired instruments").
            var latest = DateOnly.MinValue;
            foreach (var r in existing.Concat(proposed))
                if (!r.Event.IsRegistry && r.Date > latest) latest = r.Date;
            var late = new List<RecordedEvent>();
            var retried = Decide(from, existing, proposed, restate, late, latest);
            if (retried.IsOk && Disturbance(retried) < Disturbance(result)) (result, lapses) = (retried, late);
        }

        return NamingLapses(result, lapses).Map(d => lapses.Count == 0 ? d : d with { Lapses = lapses });
    }

    /// <summary>How much a decision changes outcomes already stored: refused for it, else the changed outcomes and corrections.</summary>
    private static int Disturbance(Result<Decision> r) =>
        !r.IsOk ? r.Refusal!.Reason.Contains("would change event", StringComparison.Ordinal) ? int.MaxValue : 0
            : r.Value.State.ChangedOutcomes.Count + r.Value.Corrections.Count();

    private static Result<Decision> Decide(CapTable? from, IReadOnlyList<RecordedEvent> existing, IReadOnlyList<RecordedEvent> proposed, bool restate, List<RecordedEvent> lapses,
        DateOnly? late)
    {
        var start = from?.State;
        var lastDated = DateOnly.MinValue;
        foreach (var r in existing)
            if (!r.Event.IsRegistry && r.Date > lastDated) lastDated = r.Date;
        // Registry events (stakeholders) depend on nothing dated, so only dated events (and voids) force a full re-fold.
        var onlyAtTheEnd = proposed.All(p => p.Event is not EventVoided && (p.Event.IsRegistry || p.Date >= lastDated));
        var deciding = proposed.Select(p => p.Sequence).ToHashSet();
        long? wasShort = null;
        if (onlyAtTheEnd)
        {
            // Fast path: every proposed event sorts after every existing one, so fold the trusted history once and
            // decide only the new events against the states they create.
            var effective = Effective(existing);
            if (!effective.IsOk) throw new InvalidOperationException($"the stored ledger is inconsistent: {effective.Refusal}");
            var builder = new LedgerEditor(start) { Deciding = deciding };
            foreach (var r in effective.Value)
                if (builder.Apply(r) is { } stale)
                    throw new InvalidOperationException($"the stored ledger is inconsistent: {stale}");
            var was = builder.HasCompany ? Shortfall(builder.Reservation()) : 0;
            // The instruments that lapsed before the decision's date are recorded as expired with it (WithLapses), dated
            // on or after every recorded event, so they sort after them too.
            lapses.AddRange(Lapses(builder.HasCompany ? builder.Freeze(null) : null, proposed, late ?? lastDated, everyLapse: late is not null));
            if (lapses.Count > 0)
            {
                proposed = [.. proposed, .. lapses];
                deciding.UnionWith(lapses.Select(l => l.Sequence));
            }

            foreach (var r in LedgerOrder.Sort(proposed))
                if (builder.Apply(r) is { } refusal) return refusal;
            if (!builder.HasCompany) return NoCompany;
            var completed = Completed(proposed, builder);
            var state = builder.Freeze(null);
            if (ReserveWorsened(() => was, state, proposed) is { } short6i) return short6i;
            return new Decision(completed, state);
        }
        else if (proposed.All(p => p.Event is not EventVoided))
        {
            // A back-dated decision: the lapses before its latest date, from the ledger as it stands.
            var before = from is null ? TryReplay(existing) : FoldFrom.TryReplay(from, existing);
            if (before.IsOk)
            {
                wasShort = Shortfall(LedgerEditor.ReservationOf(before.Value));
                lapses.AddRange(Lapses(before.Value, proposed, late ?? lastDated, everyLapse: late is not null));
                if (lapses.Count > 0)
                {
                    proposed = [.. proposed, .. lapses];
                    deciding.UnionWith(lapses.Select(l => l.Sequence));
                }
            }
        }

        var first = Run(start, existing.Concat(proposed), deciding);
        if (!first.Result.IsOk) return Blame(proposed, first.RefusedAt, first.Result.Refusal!);
        if (ReserveWorsened(() => wasShort ?? ((from is null ? TryReplay(existing) : FoldFrom.TryReplay(from, existing)) is { IsOk: true } b ? Shortfall(LedgerEditor.ReservationOf(b.Value)) : 0),
                first.Result.Value, proposed) is { } shortfall) return shortfall;
        var decided = Completed(proposed, first.Builder!);
        var changed = first.Result.Value.ChangedOutcomes;
        if (changed.Count == 0) return new Decision(decided, first.Result.Value);
        var voiding = proposed.Any(p => p.Event is EventVoided);
        if (!restate || voiding)
            return Blame(proposed, null, new Refusal("", "", Describe(changed[0]) + (voiding
                ? $"; void event {changed[0].Event.ToString(CultureInfo.InvariantCulture)} first"
                : "; record it with --restate to add a correction")));

        // Restate: one correction per changed outcome, dated the corrected event's date, after the proposed events.
        var next = proposed.Max(p => p.Sequence) + 1;
        var at = proposed[0].RecordedAt;
        var subject = Subject(proposed);
        var corrections = new List<RecordedEvent>();
        foreach (var o in changed)
        {
            var reason = $"restated with {subject}: {Describe(o)}";
            LedgerEvent correction;
            if (o.Kind == "shadow")
                return Blame(proposed, null, new Refusal("", "", $"{Describe(o)}: the shadow shares were issued as recorded; void event {o.Event.ToString(CultureInfo.InvariantCulture)} and record the financing again"));
            if (o.Kind == "liquidation")
                return Blame(proposed, null, new Refusal("", "", $"{Describe(o)}: the consideration was distributed as recorded; void event {o.Event.ToString(CultureInfo.InvariantCulture)} and record the closing again"));
            if (o.Kind == "dividend-in-kind")
                return Blame(proposed, null, new Refusal("", "", $"{Describe(o)}: the shares were issued as recorded; void event {o.Event.ToString(CultureInfo.InvariantCulture)} and record the payment in kind again"));
            if (o.Kind == "conversion")
            {
                var more = o.DerivedCommon - o.RecordedCommon;
                if (more < 0)
                    return Blame(proposed, null, new Refusal("", "", $"{Describe(o)}: a correction would take {N(-more)} common back from {o.Holder}; void event {o.Event.ToString(CultureInfo.InvariantCulture)} instead"));
                correction = new ConversionCorrected(o.Date, o.Event, o.Holder, more, o.DerivedCash - o.RecordedCash, reason);
            }
            else
            {
                var more = o.DerivedCash - o.RecordedCash;
                if (more < 0)
                    return Blame(proposed, null, new Refusal("", "", $"{Describe(o)}: a correction would claw {more.ToString("0.00", CultureInfo.InvariantCulture)} back from {o.Holder}; void event {o.Event.ToString(CultureInfo.InvariantCulture)} instead"));
                correction = new DividendCorrected(o.Date, o.Event, o.Holder, more, reason);
            }

            corrections.Add(new RecordedEvent(next++, at, correction));
        }

        var restated = Run(start, existing.Concat(proposed).Concat(corrections), deciding);
        if (!restated.Result.IsOk) return Blame(proposed, restated.RefusedAt, restated.Result.Refusal!);
        if (restated.Result.Value.ChangedOutcomes is { Count: > 0 } still)
            return Blame(proposed, null, new Refusal("", "", Describe(still[0]) + " even after the corrections"));
        return new Decision([.. Completed(proposed, restated.Builder!), .. corrections], restated.Result.Value);
    }

    /// <summary>
    /// The lapse rule at a decision (docs/interpretations.md, "Expired instruments"): an option, warrant or convertible is
    /// not exercisable after its expiry date, so at a decision dated after it the instrument is not outstanding. Every
    /// instrument of <paramref name="before"/> (or granted by a proposed event) whose expiry date is before the latest
    /// proposed date, with shares still outstanding there and no expiry among the proposed events, gets an
    /// instrument-expired event recorded with the decision (sequences after the proposed events), dated its expiry date:
    /// the §6(i) reservation and the §6(d)(iii)(C) readjustment then run on the recorded fact, exactly as an expiry
    /// recorded by hand on that date. An instrument already in the ledger whose expiry date is before
    /// <paramref name="lastRecorded"/> (the latest date of the events already recorded: a ledger recorded before the rule)
    /// lapses on that date instead, as a late hand-recorded expiry would: the events after its expiry were decided, and
    /// their outcomes delivered, with it outstanding, and the ledger of record keeps them. <paramref name="proposed"/>
    /// with those events after it; itself when there are none.
    /// </summary>
    public static IReadOnlyList<RecordedEvent> WithLapses(CapTable? before, IReadOnlyList<RecordedEvent> proposed, DateOnly? lastRecorded)
    {
        var lapses = Lapses(before, proposed, lastRecorded);
        return lapses.Count == 0 ? proposed : [.. proposed, .. lapses];
    }

    /// <summary>
    /// The expiries <see cref="WithLapses"/> adds (none when a void is proposed: a void re-decides nothing);
    /// <paramref name="everyLapse"/>: the instruments granted by a proposed event too lapse no earlier than <paramref name="lastRecorded"/>.
    /// </summary>
    internal static List<RecordedEvent> Lapses(CapTable? before, IReadOnlyList<RecordedEvent> proposed, DateOnly? lastRecorded, bool everyLapse = false)
    {
        DateOnly? latest = null;
        foreach (var p in proposed)
        {
            if (p.Event is EventVoided) return [];
            if (!p.Event.IsRegistry && (latest is null || p.Date > latest)) latest = p.Date;
        }

        if (latest is not { } d) return [];
        var first = proposed[0];
        return LapsesOn(before, d, proposed, lastRecorded, everyLapse, proposed.Max(p => p.Sequence) + 1, first.RecordedAt, first.RecordedBy);
    }

    /// <summary>
    /// The round model's base at its closing (RoundModel): the expiries a decision dated <paramref name="date"/> would record
    /// (<see cref="WithLapses"/>), numbered from <paramref name="firstSequence"/>.
    /// </summary>
    internal static List<RecordedEvent> LapsesOn(CapTable before, DateOnly date, DateOnly? lastRecorded, long firstSequence) =>
        LapsesOn(before, date, [], lastRecorded, false, firstSequence, DateTimeOffset.UnixEpoch, null);

    private static List<RecordedEvent> LapsesOn(CapTable? before, DateOnly d, IReadOnlyList<RecordedEvent> proposed, DateOnly? lastRecorded, bool everyLapse,
        long next, DateTimeOffset at, string? by)
    {
        // What the proposed events do to the instruments themselves: an expiry recorded by hand, shares exercised,
        // cancelled, or cut by a repricing (a split in the same decision is not followed: record the expiry by hand).
        HashSet<string>? expiring = null;
        Dictionary<string, long>? used = null;
        Dictionary<string, long>? repricedTo = null;
        List<InstrumentGranted>? granted = null;
        foreach (var p in proposed)
            switch (p.Event)
            {
                case InstrumentExpired x: (expiring ??= new(StringComparer.Ordinal)).Add(x.GrantId); break;
                case InstrumentExercised x: used = Use(used, x.GrantId, x.Shares); break;
                case InstrumentCancelled x: used = Use(used, x.GrantId, x.Shares); break;
                case InstrumentRepriced { Outstanding: { } n } x: (repricedTo ??= new(StringComparer.Ordinal))[x.GrantId] = n; break;
                case InstrumentGranted { Expires: { } x } g when d > x: (granted ??= []).Add(g); break;
            }

        List<(DateOnly Expires, string GrantId)>? lapsed = null;
        void Consider(string id, DateOnly expires, long outstanding, bool recorded)
        {
            if ((recorded || everyLapse) && lastRecorded is { } l && l > expires) expires = l;
            if (expiring?.Contains(id) == true) return;
            if (repricedTo?.GetValueOrDefault(id, outstanding) is { } r && r < outstanding) outstanding = r;
            if (outstanding - (used?.GetValueOrDefault(id) ?? 0) > 0) (lapsed ??= []).Add((expires, id));
        }

        if (before?.State.Register.Charter is not null)
            foreach (var i in before.InstrumentsThatMayLapse)
                if (i.Outstanding > 0 && i.IsExpiredOn(d)) Consider(i.GrantId, i.Expires!.Value, i.Outstanding, recorded: true);
        if (granted is not null)
            foreach (var g in granted)
                Consider(g.GrantId, g.Expires!.Value, g.MaxShares, recorded: false);
        if (lapsed is null) return [];
        lapsed.Sort((a, b) => a.Expires != b.Expires ? a.Expires.CompareTo(b.Expires) : string.CompareOrdinal(a.GrantId, b.GrantId));
        return lapsed.Select(l => new RecordedEvent(next++, at, new InstrumentExpired(l.Expires, l.GrantId)) { RecordedBy = by }).ToList();

        static Dictionary<string, long> Use(Dictionary<string, long>? map, string id, long shares)
        {
            map ??= new(StringComparer.Ordinal);
            map[id] = map.GetValueOrDefault(id) + shares;
            return map;
        }
    }

    /// <summary>A refusal of a decision that recorded lapses, saying so (the lapse may be what changed a later outcome).</summary>
    private static Result<Decision> NamingLapses(Result<Decision> result, List<RecordedEvent> lapses)
    {
        if (result.IsOk || lapses.Count == 0 || !result.Refusal!.Reason.StartsWith("would", StringComparison.Ordinal)) return result;
        var r = result.Refusal!;
        var named = string.Join(", ", lapses.Select(l => $"{((InstrumentExpired)l.Event).GrantId} on {Iso(l.Date)}"));
        return r with { Reason = r.Reason + $" (recorded with it: the expiry of the instruments that lapsed unexercised, {named})" };
    }

    /// <summary>The events that fold, in fold order, for adapters (an export): voided events and the voids are left out.</summary>
    public static Result<IReadOnlyList<RecordedEvent>> WithoutVoided(IEnumerable<RecordedEvent> events) =>
        Effective(events).Map<IReadOnlyList<RecordedEvent>>(l => l);

    /// <summary>The events that fold, in fold order: voided events and the voids themselves are left out.</summary>
    internal static Result<List<RecordedEvent>> Effective(IEnumerable<RecordedEvent> events)
    {
        var sorted = LedgerOrder.Sort(events);
        var any = false;
        foreach (var r in sorted)
            if (r.Event is EventVoided) { any = true; break; }
        if (!any) return sorted;

        var bySequence = new Dictionary<long, RecordedEvent>(sorted.Count);
        foreach (var r in sorted) bySequence[r.Sequence] = r;
        var voided = new HashSet<long>();
        foreach (var r in sorted.Where(r => r.Event is EventVoided).OrderBy(r => r.Sequence))
        {
            var v = (EventVoided)r.Event;
            var n = v.Event.ToString(CultureInfo.InvariantCulture);
            if (string.IsNullOrWhiteSpace(v.Reason)) return new Refusal("reason", "(none)", "say why the event is voided");
            if (!bySequence.TryGetValue(v.Event, out var target) || target.Sequence >= r.Sequence)
                return new Refusal("event", n, "is not an event of this ledger (see 'charta log')");
            if (target.Event is CompanyCreated) return new Refusal("event", n, "creates the company and cannot be voided; start a new ledger");
            if (target.Event is EventVoided) return new Refusal("event", n, "is itself a void; a void cannot be undone");
            if (!voided.Add(v.Event)) return new Refusal("event", n, "is already voided");
        }

        return sorted.Where(r => r.Event is not EventVoided && !voided.Contains(r.Sequence)).ToList();
    }

    private static (Result<CapTable> Result, RecordedEvent? RefusedAt, LedgerEditor? Builder) Run(LedgerState? start, IEnumerable<RecordedEvent> events, IReadOnlySet<long> deciding)
    {
        var effective = Effective(events);
        if (!effective.IsOk) return (effective.Refusal!, null, null);
        var builder = new LedgerEditor(start) { Deciding = deciding };
        foreach (var r in effective.Value)
            if (builder.Apply(r) is { } refusal) return (refusal, r, builder);
        return builder.HasCompany ? (builder.Freeze(null), null, builder) : (NoCompany, null, builder);
    }

    private static List<RecordedEvent> Completed(IReadOnlyList<RecordedEvent> proposed, LedgerEditor builder) =>
        proposed.Select(p => builder.Decided.TryGetValue(p.Sequence, out var e) ? p with { Event = e } : p).ToList();

    /// <summary>
    /// A refusal of a later (already recorded) event, or of a changed outcome, restated as a refusal of the proposed
    /// event that causes it, naming the later event. A refusal of a proposed event itself is returned as it is.
    /// </summary>
    private static Result<Decision> Blame(IReadOnlyList<RecordedEvent> proposed, RecordedEvent? refusedAt, Refusal refusal)
    {
        if (refusedAt is not null && proposed.Any(p => p.Sequence == refusedAt.Sequence)) return refusal;
        if (refusedAt is null && refusal.Field.Length > 0) return refusal;
        var reason = refusedAt is null
            ? refusal.Reason
            : $"would make event {refusedAt.Sequence.ToString(CultureInfo.InvariantCulture)} ({EventCatalog.NameOf(refusedAt.Event).Name}, {Iso(refusedAt.Date)}) invalid: {refusal}";
        if (proposed.Select(p => p.Event).OfType<EventVoided>().FirstOrDefault() is { } v)
            return new Refusal("event", v.Event.ToString(CultureInfo.InvariantCulture), "voiding it " + reason);
        var dated = proposed.FirstOrDefault(p => !p.Event.IsRegistry) ?? proposed[0];
        return new Refusal("date", Iso(dated.Date), reason);
    }

    private static string Subject(IReadOnlyList<RecordedEvent> proposed)
    {
        var p = proposed.FirstOrDefault(x => !x.Event.IsRegistry) ?? proposed[0];
        return $"event {p.Sequence.ToString(CultureInfo.InvariantCulture)} ({EventCatalog.NameOf(p.Event).Name}, {Iso(p.Date)})";
    }

    /// <summary>"would change event 14 (preferred-converted, 1999-06-01): common issued to Alice 224,299 → 282,352".</summary>
    public static string Describe(StoredOutcome o)
    {
        var head = $"would change event {o.Event.ToString(CultureInfo.InvariantCulture)} ({o.EventName}, {Iso(o.Date)}): ";
        if (o.Kind == "dividend") return head + $"{o.Holder}'s dividend {Money(o.RecordedCash)} → {Money(o.DerivedCash)}";
        if (o.Kind == "liquidation") return head + $"{o.Holder}'s payout {Money(o.RecordedCash)} → {Money(o.DerivedCash)}";
        if (o.Kind == "dividend-in-kind")
            return head + $"{o.Holder}'s dividend in kind {N(o.RecordedCommon)} shares and {Money(o.RecordedCash)} → {N(o.DerivedCommon)} shares and {Money(o.DerivedCash)}";
        if (o.Kind == "shadow") return head + $"shadow shares to {o.Holder} {N(o.RecordedCommon)} → {N(o.DerivedCommon)}";
        var parts = new List<string>();
        if (o.RecordedCommon != o.DerivedCommon) parts.Add($"common issued to {o.Holder} {N(o.RecordedCommon)} → {N(o.DerivedCommon)}");
        if (o.RecordedCash != o.DerivedCash) parts.Add($"cash for {o.Holder}'s fraction {Money(o.RecordedCash)} → {Money(o.DerivedCash)}");
        return head + string.Join(", ", parts);
    }

    private static readonly Refusal NoCompany = new("ledger", "empty", "has no company yet: run 'charta init' first");

    /// <summary>
    /// §6(i) over a decision: each event's own check ran at the conversion prices before it, but an issue can trigger an
    /// adjustment (a full ratchet can multiply the common a series converts into), and a back-dated one moves the prices
    /// every later issue of preferred converts at. Refused when the ledger with the proposed events leaves a larger
    /// shortfall of unissued common than <paramref name="was"/>, the ledger's without them (read only when needed), so a
    /// stored ledger that already falls short still replays and takes unrelated events.
    /// </summary>
    internal static Refusal? ReserveWorsened(Func<long> was, CapTable after, IReadOnlyList<RecordedEvent> proposed)
    {
        if (LedgerEditor.ReservationOf(after) is not { } a || a.Reserve <= a.Unissued || a.Reserve - a.Unissued <= was()) return null;
        var first = proposed.FirstOrDefault(p => !p.Event.IsRegistry) ?? proposed[0];
        return new Refusal("event", EventCatalog.NameOf(first.Event).Name,
            $"dated {first.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, would leave {N(a.Unissued)} authorized but unissued common against {N(a.Reserve)} needed for conversion of all preferred and exercise of all options, warrants and convertibles after the conversion-price adjustments it triggers: {N(a.Reserve - a.Unissued)} shares short; amend the authorized common first",
            Charter.Clause.Of(after.Charter.Conversion!.Reservation!.Clause));
    }

    internal static long Shortfall((long Reserve, long Unissued)? r) => r is { } x ? Math.Max(0, x.Reserve - x.Unissued) : 0;

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(decimal m) => "$" + m.ToString("N2", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
