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
        var result = Store.Write<CapTable>((existing, next) =>
        {
            var recorded = new RecordedEvent[events.Count];
            for (var i = 0; i < events.Count; i++) recorded[i] = new RecordedEvent(next + i, at, events[i]) { RecordedBy = RecordedBy };
            var decision = Fold.TryAppend(existing, recorded);
            through = LedgerSnapshots.LatestDate(existing.Concat(recorded));
            return decision.IsOk
                ? Result.Ok<(IReadOnlyList<RecordedEvent>, CapTable)>((recorded, decision.Value))
                : decision.Refusal!;
        });
        if (result.IsOk && Store is SqliteEventStore s) LedgerSnapshots.MaybeSave(s, result.Value, through);
        return result;
    }
}
