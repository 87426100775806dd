using Charta.Core;
using Charta.Core.Ledger;

namespace Charta.Ledger;

/// <summary>
/// The application service over a store: read the cap table as of a date, or append events after the domain has
/// validated them (all or nothing). Time comes from the injected <see cref="TimeProvider"/>, and who records from the
/// adapter (<paramref name="recordedBy"/>: the OS user or --recorded-by); neither ever comes from the core.
/// </summary>
public sealed class CompanyLedger(IEventStore store, TimeProvider clock, string? recordedBy = null)
{
    public IEventStore Store { get; } = store;

    public string? RecordedBy { get; } = recordedBy;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public IReadOnlyList<RecordedEvent> Events() => Store.ReadAll();

    /// <summary>The cap table as of a date: from the newest usable snapshot and the events after it (SQLite), else a full fold.</summary>
    public Result<CapTable> CapTable(DateOnly? asOf = null) =>
        Store is SqliteEventStore s ? LedgerSnapshots.CapTable(s, asOf, out _) : Fold.TryReplay(Store.ReadAll(), asOf);

    /// <summary>Validates <paramref name="events"/> against the ledger (as of their dates and every later state) and writes them in one transaction.</summary>
    public Result<CapTable> Append(params LedgerEvent[] events) => Append((IReadOnlyList<LedgerEvent>)events);

    public Result<CapTable> Append(IReadOnlyList<LedgerEvent> events)
    {
        var at = clock.GetUtcNow();
        DateOnly? through = null;
        RecordedEvent[] Stamp(long next)
        {
            var recorded = new RecordedEvent[events.Count];
            for (var i = 0; i < events.Count; i++) recorded[i] = new RecordedEvent(next + i, at, events[i]) { RecordedBy = RecordedBy };
            return recorded;
        }

        static Result<(IReadOnlyList<RecordedEvent>, CapTable)> Written(RecordedEvent[] recorded, Result<CapTable> decision) =>
            decision.IsOk ? Result.Ok<(IReadOnlyList<RecordedEvent>, CapTable)>((recorded, decision.Value)) : decision.Refusal!;

        if (Store is SqliteEventStore sqlite)
        {
            // Fold from the newest snapshot the new events sort after (its tail, then them); else from the start.
            var result = sqlite.Write<CapTable>(view =>
            {
                var recorded = Stamp(view.Next);
                if (LedgerSnapshots.Resume(view, recorded) is { } from)
                {
                    through = Later(from.Through, LedgerSnapshots.LatestDate(from.Tail.Concat(recorded)));
                    return Written(recorded, FoldFrom.TryAppend(from.State, from.Tail, recorded));
                }

                var existing = view.All();
                through = LedgerSnapshots.LatestDate(existing.Concat(recorded));
                return Written(recorded, Fold.TryAppend(existing, recorded));
            });
            if (result.IsOk) LedgerSnapshots.MaybeSave(sqlite, result.Value, through);
            return result;
        }

        return Store.Write<CapTable>((existing, next) =>
        {
            var recorded = Stamp(next);
            return Written(recorded, Fold.TryAppend(existing, recorded));
        });
    }

    private static DateOnly? Later(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
