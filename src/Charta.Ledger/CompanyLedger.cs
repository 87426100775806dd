using Charta.Core;
using Charta.Core.Ledger;

namespace Charta.Ledger;

/// <summary>How to record: <see cref="DryRun"/> decides and writes nothing; <see cref="Restate"/> adds corrections
/// for stored outcomes a back-dated event changes instead of refusing it.</summary>
public readonly record struct RecordOptions(bool DryRun = false, bool Restate = false);

/// <summary>
/// The application service over a store: read the cap table as of a date, or append events after the domain has
/// decided them (all or nothing). Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class CompanyLedger(IEventStore store, TimeProvider clock)
{
    public IEventStore Store { get; } = store;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public IReadOnlyList<RecordedEvent> Events() => Store.ReadAll();

    public Result<CapTable> CapTable(DateOnly? asOf = null) => Fold.TryReplay(Store.ReadAll(), asOf);

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
        Decide(existing => Fold.TryReplay(existing).Bind(command), options);

    private Result<Decision> Decide(Func<IReadOnlyList<RecordedEvent>, Result<IReadOnlyList<LedgerEvent>>> command, RecordOptions options)
    {
        var at = clock.GetUtcNow();
        Result<Decision> Run(IReadOnlyList<RecordedEvent> existing, long next)
        {
            var events = command(existing);
            if (!events.IsOk) return events.Refusal!;
            var recorded = new RecordedEvent[events.Value.Count];
            for (var i = 0; i < recorded.Length; i++) recorded[i] = new RecordedEvent(next + i, at, events.Value[i]);
            return Fold.TryDecide(existing, recorded, options.Restate);
        }

        if (options.DryRun)
        {
            var existing = Store.ReadAll();
            return Run(existing, existing.Count == 0 ? 1 : existing[^1].Sequence + 1);
        }

        return Store.Write<Decision>((existing, next) =>
        {
            var decision = Run(existing, next);
            return decision.IsOk
                ? Result.Ok<(IReadOnlyList<RecordedEvent>, Decision)>((decision.Value.Recorded, decision.Value))
                : decision.Refusal!;
        });
    }
}
