namespace Charta.Core.Ledger;

/// <summary>
/// Folding on from a state taken earlier (a snapshot): the events recorded after it, all of which sort after every
/// event already in the state (the caller checks: registry events, or dated on or after the latest date folded).
/// </summary>
public static class FoldFrom
{
    /// <summary>Folds <paramref name="tail"/> onto <paramref name="state"/> as of <paramref name="asOf"/> (inclusive; null for all).</summary>
    public static Result<CapTable> TryReplay(CapTable state, IEnumerable<RecordedEvent> tail, DateOnly? asOf = null)
    {
        var builder = LedgerEditor.From(state);
        foreach (var r in LedgerOrder.Sort(tail))
        {
            if (asOf is { } d && !r.Event.IsRegistry && r.Event.Date > d) continue;
            if (builder.Apply(r) is { } refusal) return refusal;
        }

        return builder.Freeze(asOf);
    }

    /// <summary>
    /// Decides <paramref name="proposed"/> against <paramref name="state"/>, the state of every recorded event (from a
    /// snapshot), when every proposed event sorts after all of them (registry events, or dated on or after the latest
    /// date folded; no void): the fast path of <see cref="Fold.TryDecide"/>, without re-reading the ledger.
    /// The instruments that lapsed before the latest proposed date are recorded as expired with the decision
    /// (<see cref="Fold.WithLapses"/>, dated on or after <paramref name="lastRecorded"/>, the latest date folded).
    /// </summary>
    public static Result<Decision> TryDecide(CapTable state, IReadOnlyList<RecordedEvent> proposed, DateOnly? lastRecorded)
    {
        var given = proposed.Count;
        proposed = Fold.WithLapses(state, proposed, lastRecorded);
        var builder = LedgerEditor.From(state, proposed.Select(p => p.Sequence).ToHashSet());
        var was = Fold.Shortfall(builder.Reservation());
        foreach (var r in LedgerOrder.Sort(proposed))
            if (builder.Apply(r) is { } refusal) return refusal;
        var recorded = proposed.Select(p => builder.Decided.TryGetValue(p.Sequence, out var e) ? p with { Event = e } : p).ToList();
        var after = builder.Freeze(null);
        if (Fold.ReserveWorsened(() => was, after, proposed) is { } shortfall) return shortfall;
        return new Decision(recorded, after) { Lapses = recorded.Skip(given).ToList() };
    }
}
