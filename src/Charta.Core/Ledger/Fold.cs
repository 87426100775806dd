namespace Charta.Core.Ledger;

/// <summary>
/// The state is a pure fold over the events: <c>Evolve(state, event) → state</c>, and <see cref="Replay"/> folds a
/// whole ledger in (date, recording order). The fold validates as it goes, so an event that the charter forbids
/// (in the state as of its date) is refused, and the state is left as it was.
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
        var builder = new CapTableBuilder();
        foreach (var r in LedgerOrder.Sort(events))
        {
            if (asOf is { } d && !r.Event.IsRegistry && r.Event.Date > d) break;
            if (builder.Apply(r) is { } refusal) return refusal;
        }

        return builder.HasCompany ? builder.Freeze(asOf) : new Refusal("ledger", "empty", "has no company yet: run 'charta init' first");
    }

    /// <summary>One step of the fold: a new state, or the refusal. The given state is not changed.</summary>
    public static Result<CapTable> Evolve(CapTable state, RecordedEvent e)
    {
        var builder = CapTableBuilder.From(state);
        return builder.Apply(e) is { } refusal ? refusal : builder.Freeze(state.AsOf);
    }

    /// <summary>
    /// Decides whether <paramref name="proposed"/> may be appended to <paramref name="existing"/>. An event may be
    /// dated before events already recorded; then it must be valid in the state as of its date and every later state,
    /// so the whole ledger is re-folded. Returns the cap table after the append.
    /// </summary>
    public static Result<CapTable> TryAppend(IReadOnlyList<RecordedEvent> existing, IReadOnlyList<RecordedEvent> proposed)
    {
        if (proposed.Count == 0) return TryReplay(existing);
        var lastDated = existing.Where(r => !r.Event.IsRegistry).Select(r => r.Date).DefaultIfEmpty(DateOnly.MinValue).Max();
        // Registry events (stakeholders) depend on nothing dated, so only dated events can force a full re-fold.
        var onlyAtTheEnd = proposed.All(p => p.Event.IsRegistry || p.Date >= lastDated);
        if (!onlyAtTheEnd) return TryReplay(existing.Concat(proposed));

        // Fast path: every proposed event sorts after every existing one, so fold the trusted history once and
        // validate only the new events against the states they create.
        var builder = new CapTableBuilder();
        foreach (var r in LedgerOrder.Sort(existing))
            if (builder.Apply(r) is { } stale)
                throw new InvalidOperationException($"the stored ledger is inconsistent: {stale}");
        foreach (var r in LedgerOrder.Sort(proposed))
            if (builder.Apply(r) is { } refusal) return refusal;
        return builder.HasCompany ? builder.Freeze(null) : new Refusal("ledger", "empty", "has no company yet: run 'charta init' first");
    }
}
