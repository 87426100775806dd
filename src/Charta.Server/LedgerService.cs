using System.Collections.Concurrent;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Server;

/// <summary>The outcome of a write: the events recorded (or that would be, on a dry run), a refusal, or a conflict.</summary>
public sealed record WriteOutcome(IReadOnlyList<RecordedEvent> Events, CapTable? After, Refusal? Refusal, bool Conflict, long LastSequence)
{
    public bool IsOk => Refusal is null;
}

/// <summary>
/// The server's one door to the event store. Store access is serialized (one connection); the folded state of the
/// latest ledger is cached and rebuilt after a write through the server, or when the store's change token moves (a
/// write by the CLI into the same file). The rules stay in the core: reads call <see cref="Fold.TryReplay"/>, writes
/// <see cref="Fold.TryDecide"/>.
/// </summary>
public sealed class LedgerService : IDisposable
{
    private readonly IEventStore _store;
    private readonly Func<string>? _changeToken;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;

    public LedgerService(IEventStore store, TimeProvider clock, Func<string>? changeToken = null)
    {
        _store = store;
        _clock = clock;
        _changeToken = changeToken;
    }

    /// <summary>The ledger as last read: events in stored order, the latest state and per-date states on demand.</summary>
    public sealed class Snapshot(IReadOnlyList<RecordedEvent> events, Result<CapTable> latest, string? token)
    {
        private readonly ConcurrentDictionary<DateOnly, Result<CapTable>> _asOf = new();
        private IReadOnlyList<RecordedEvent>? _foldOrder;

        public IReadOnlyList<RecordedEvent> Events { get; } = events;

        public Result<CapTable> Latest { get; } = latest;

        public string? Token { get; } = token;

        public long LastSequence => Events.Count == 0 ? 0 : Events[^1].Sequence;

        public IReadOnlyList<RecordedEvent> FoldOrder => _foldOrder ??= LedgerOrder.Sort(Events);

        /// <summary>The latest effective date of a dated event (an append dated on or after it cannot change history).</summary>
        public DateOnly LastDated { get; } = events.Where(r => !r.Event.IsRegistry).Select(r => r.Date).DefaultIfEmpty(DateOnly.MinValue).Max();

        /// <summary>Per-snapshot memo of derived views (e.g. a liquidation model), keyed by the caller.</summary>
        public T Memo<T>(string key, Func<T> make) where T : class => (T)_memo.GetOrAdd(key, _ => make());

        private readonly ConcurrentDictionary<string, object> _memo = new();

        public Result<CapTable> CapTable(DateOnly? asOf) => asOf is { } d ? _asOf.GetOrAdd(d, x => Fold.TryReplay(Events, x)) : Latest;
    }

    public Snapshot Current()
    {
        var token = _changeToken?.Invoke();
        var s = _snapshot;
        if (s is not null && s.Token == token) return s;
        lock (_gate)
        {
            s = _snapshot;
            if (s is not null && s.Token == token) return s;
            var events = _store.ReadAll();
            s = new Snapshot(events, Fold.TryReplay(events), token);
            _snapshot = s;
            return s;
        }
    }

    /// <summary>
    /// Decides <paramref name="events"/> (recorded by <paramref name="recordedBy"/>, stored on each event) against the ledger and, unless <paramref name="dryRun"/>, writes them in one
    /// transaction. With <paramref name="expectedLastSequence"/>, a ledger that has moved on is a conflict: nothing is
    /// written and the caller re-reads, re-decides and retries.
    /// </summary>
    public WriteOutcome Write(IReadOnlyList<LedgerEvent> events, bool dryRun, long? expectedLastSequence, Action<long, long>? onWritten = null, string? recordedBy = null)
    {
        var at = _clock.GetUtcNow();
        lock (_gate)
        {
            RecordedEvent[] recorded = [];
            CapTable? after = null;
            var conflict = false;
            long last = 0;

            Result<(IReadOnlyList<RecordedEvent>, CapTable)> Decide(IReadOnlyList<RecordedEvent> existing, long next)
            {
                last = existing.Count == 0 ? 0 : existing[^1].Sequence;
                if (expectedLastSequence is { } expected && expected != last)
                {
                    conflict = true;
                    return new Refusal("expectedSequence", expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        $"the ledger has moved on: its last event is now #{last}; re-read it, decide again and retry");
                }

                var proposed = new RecordedEvent[events.Count];
                for (var i = 0; i < events.Count; i++) proposed[i] = new RecordedEvent(next + i, at, events[i]) { RecordedBy = recordedBy };
                // The core decides: outcomes it derives (conversions, dividends) are stored in the events it returns.
                var decision = FromCachedState(last, proposed) is { } cached
                    ? cached.Map(t => new Decision(proposed, t))
                    : Fold.TryDecide(existing, proposed);
                if (!decision.IsOk) return decision.Refusal!;
                // Every event the decision adds (a restatement's corrections too) carries the signed-in user into the hash chain.
                recorded = [.. decision.Value.Recorded.Select(x => x.RecordedBy == recordedBy ? x : x with { RecordedBy = recordedBy })];
                after = decision.Value.State;
                return (recorded, decision.Value.State);
            }

            Refusal? refusal;
            if (dryRun)
            {
                var existing = _store.ReadAll();
                var d = Decide(existing, existing.Count == 0 ? 1 : existing[^1].Sequence + 1);
                refusal = d.Refusal;
            }
            else
            {
                var w = _store.Write<CapTable>((existing, next) => Decide(existing, next).Map(x => ((IReadOnlyList<RecordedEvent>)x.Item1, x.Item2)));
                refusal = w.Refusal;
                if (refusal is null)
                {
                    // The state after the write is known: keep it, so the next read does not re-fold the ledger.
                    var before = _snapshot;
                    _snapshot = before is not null && before.LastSequence == last && after is not null
                        ? new Snapshot([.. before.Events, .. recorded], after, _changeToken?.Invoke())
                        : null;
                    if (recorded.Length > 0) onWritten?.Invoke(recorded[0].Sequence, recorded[^1].Sequence);
                }
            }

            return new WriteOutcome(refusal is null ? recorded : [], after, refusal, conflict,
                refusal is null && !dryRun && recorded.Length > 0 ? recorded[^1].Sequence : last);
        }
    }

    /// <summary>
    /// When the cached latest state is the state of the ledger just read (same last sequence) and every proposed event
    /// sorts after every stored one, evolving that state by the new events is the fold's own fast path
    /// (<see cref="Fold.TryDecide"/> folds the history and then applies them the same way) without re-folding history.
    /// </summary>
    private Result<CapTable>? FromCachedState(long last, IReadOnlyList<RecordedEvent> proposed)
    {
        var s = _snapshot;
        if (s is null || s.LastSequence != last || !s.Latest.IsOk) return null;
        // Only events with no outcome for the core to derive and store (Fold.TryDecide fills those in).
        if (!proposed.All(p => p.Event is StakeholderAdded or SharesIssued or SharesTransferred or InstrumentGranted or InstrumentExercised)) return null;
        if (!proposed.All(p => p.Event.IsRegistry || p.Date >= s.LastDated)) return null;
        var state = s.Latest.Value;
        foreach (var r in LedgerOrder.Sort(proposed))
        {
            var next = Fold.Evolve(state, r);
            if (!next.IsOk) return next;
            state = next.Value;
        }

        return state;
    }

    public void Dispose() => _store.Dispose();
}
