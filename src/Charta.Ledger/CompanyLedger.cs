using Charta.Core;
using Charta.Core.Ledger;

namespace Charta.Ledger;

/// <summary>How to record: <see cref="DryRun"/> decides and writes nothing; <see cref="Restate"/> adds corrections
/// for stored outcomes a back-dated event changes instead of refusing it.</summary>
public readonly record struct RecordOptions(bool DryRun = false, bool Restate = false);

/// <summary>
/// The application service over a store: read the cap table as of a date, or append events after the domain has
/// decided them (all or nothing). Time comes from the injected <see cref="TimeProvider"/>, and who records from the
/// adapter (<paramref name="recordedBy"/>: the OS user or --recorded-by); neither ever comes from the core. On SQLite,
/// reads and writes start from the newest usable snapshot (<see cref="LedgerSnapshots"/>).
/// </summary>
public sealed class CompanyLedger(IEventStore store, TimeProvider clock, string? recordedBy = null)
{
    public IEventStore Store { get; } = store;

    public string? RecordedBy { get; } = recordedBy;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public IReadOnlyList<RecordedEvent> Events() => Store.ReadAll();

    /// <summary>How the last read or decision obtained its state: from which snapshot (0: none) and how many events were folded on.</summary>
    public LedgerSnapshots.Use? LastUse { get; private set; }

    /// <summary>The cap table as of a date: from the newest usable snapshot and the events after it (SQLite), else a full fold.</summary>
    public Result<CapTable> CapTable(DateOnly? asOf = null)
    {
        if (Store is SqliteEventStore s)
        {
            var table = LedgerSnapshots.CapTable(s, asOf, out var use);
            LastUse = use;
            return table;
        }

        var all = Store.ReadAll();
        LastUse = new LedgerSnapshots.Use(0, all.Count);
        return Fold.TryReplay(all, asOf);
    }

    /// <summary>Validates <paramref name="events"/> against the ledger (as of their dates and every later state) and writes them in one transaction.</summary>
    public Result<CapTable> Append(params LedgerEvent[] events) => Append((IReadOnlyList<LedgerEvent>)events);

    public Result<CapTable> Append(IReadOnlyList<LedgerEvent> events) => Record(events, default).Map(d => d.State);

    /// <summary>
    /// Decides <paramref name="events"/> against the ledger (outcomes stored, corrections added when restating) and,
    /// unless it is a dry run, writes what was decided in one transaction. Returns the events as recorded.
    /// </summary>
    public Result<Decision> Record(IReadOnlyList<LedgerEvent> events, RecordOptions options) =>
        Decide(_ => Result.Ok(events), options);

    /// <summary>
    /// Decides a command against the ledger inside the write transaction: <paramref name="command"/> sees the state the
    /// store hands over (so, e.g., the next free id cannot collide with a parallel writer) and returns the events.
    /// </summary>
    public Result<Decision> Record(Func<CapTable, Result<IReadOnlyList<LedgerEvent>>> command, RecordOptions options) =>
        Decide(state => state().Bind(command), options);

    /// <summary>
    /// The ledger as a decision sees it: the next sequence, every event (read on first use), and the state of every
    /// event with the latest date folded, from the newest usable snapshot when there is one.
    /// </summary>
    private sealed class Existing(long next, Func<IReadOnlyList<RecordedEvent>> all, Func<LedgerSnapshots.Current?> current, WriteView? view = null)
    {
        public WriteView? View { get; } = view;

        private IReadOnlyList<RecordedEvent>? _all;
        private LedgerSnapshots.Current? _current;
        private bool _looked;

        public long Next { get; } = next;

        public IReadOnlyList<RecordedEvent> All() => _all ??= all();

        public LedgerSnapshots.Current? Current()
        {
            if (!_looked)
            {
                _current = current();
                _looked = true;
            }

            return _current;
        }

        public Result<CapTable> State() => Current() is { } c ? c.State : Fold.TryReplay(All());
    }

    private Result<Decision> Decide(Func<Func<Result<CapTable>>, Result<IReadOnlyList<LedgerEvent>>> command, RecordOptions options)
    {
        var at = clock.GetUtcNow();
        DateOnly? through = null;
        Result<Decision> Run(Existing existing)
        {
            var events = command(existing.State);
            if (!events.IsOk) return events.Refusal!;
            IReadOnlyList<RecordedEvent> recorded = Recorded(existing.Next, at, events.Value);
            // Every new event sorts after everything folded: decide from the state (snapshot + tail) alone.
            if (existing.Current() is { } now && LedgerSnapshots.SortsAfter(recorded, now.Through))
            {
                through = Later(now.Through, LedgerSnapshots.LatestDate(recorded));
                LastUse = new LedgerSnapshots.Use(now.FromSnapshot, now.TailEvents);
                return FoldFrom.TryDecide(now.State, recorded, now.Through);
            }

            // Back-dated (or a void): re-fold from the newest snapshot taken before its date, else from the start.
            if (existing.View is { } view && LedgerSnapshots.Before(view, recorded) is { } before)
            {
                var (state, key, tail) = before;
                through = Later(key.Through, LedgerSnapshots.LatestDate(tail.Concat(recorded)));
                LastUse = new LedgerSnapshots.Use(key.Sequence, tail.Count);
                return Fold.TryDecide(state, tail, recorded, options.Restate);
            }

            var all = existing.All();
            through = LedgerSnapshots.LatestDate(all.Concat(recorded));
            LastUse = new LedgerSnapshots.Use(0, all.Count);
            return Fold.TryDecide(all, recorded, options.Restate);
        }

        if (Store is SqliteEventStore sqlite)
        {
            if (options.DryRun)
                return sqlite.Read(view => Run(new Existing(view.Next, view.All, () => LedgerSnapshots.Resume(view), view)));
            var result = sqlite.Write<Decision>(view =>
            {
                var decision = Run(new Existing(view.Next, view.All, () => LedgerSnapshots.Resume(view), view));
                return decision.IsOk
                    ? Result.Ok<(IReadOnlyList<RecordedEvent>, Decision)>((decision.Value.Recorded, decision.Value))
                    : decision.Refusal!;
            });
            if (result.IsOk) LedgerSnapshots.MaybeSave(sqlite, result.Value.State, through);
            return result;
        }

        if (options.DryRun)
        {
            var existing = Store.ReadAll();
            return Run(new Existing(existing.Count == 0 ? 1 : existing[^1].Sequence + 1, () => existing, () => null));
        }

        return Store.Write<Decision>((existing, next) =>
        {
            var decision = Run(new Existing(next, () => existing, () => null));
            return decision.IsOk
                ? Result.Ok<(IReadOnlyList<RecordedEvent>, Decision)>((decision.Value.Recorded, decision.Value))
                : decision.Refusal!;
        });
    }

    private RecordedEvent[] Recorded(long next, DateTimeOffset at, IReadOnlyList<LedgerEvent> events)
    {
        var recorded = new RecordedEvent[events.Count];
        for (var i = 0; i < recorded.Length; i++) recorded[i] = new RecordedEvent(next + i, at, events[i]) { RecordedBy = RecordedBy };
        return recorded;
    }

    private static DateOnly? Later(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
