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
        var builder = CapTableBuilder.From(state);
        foreach (var r in LedgerOrder.Sort(tail))
        {
            if (asOf is { } d && !r.Event.IsRegistry && r.Event.Date > d) continue;
            if (builder.Apply(r) is { } refusal) return refusal;
        }

        return builder.Freeze(asOf);
    }

    /// <summary>
    /// Decides whether <paramref name="proposed"/> may be appended, folding from <paramref name="state"/> (a snapshot)
    /// the events recorded after it and the proposed ones, in fold order: like <see cref="Fold.TryAppend"/> over the
    /// whole ledger, when all of them sort after every event in the state.
    /// </summary>
    public static Result<CapTable> TryAppend(CapTable state, IReadOnlyList<RecordedEvent> tail, IReadOnlyList<RecordedEvent> proposed)
    {
        var builder = CapTableBuilder.From(state);
        foreach (var r in LedgerOrder.Sort(tail.Concat(proposed)))
            if (builder.Apply(r) is { } refusal) return refusal;
        return builder.Freeze(null);
    }
}
