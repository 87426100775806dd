namespace Charta.Core.Ledger;

/// <summary>
/// A fold that says which event was refused, for adapters that build a whole ledger at once (an import) and must
/// point at the input that caused the refusal.
/// </summary>
public static class FoldTrace
{
    /// <summary>Folds <paramref name="events"/> (recording order = list order); on a refusal, also the index of the refused event.</summary>
    public static (Result<CapTable> Result, int RefusedIndex) TryReplay(IReadOnlyList<LedgerEvent> events, DateOnly? asOf = null)
    {
        var recorded = new RecordedEvent[events.Count];
        for (var i = 0; i < events.Count; i++) recorded[i] = new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, events[i]);
        var builder = new LedgerEditor();
        foreach (var r in LedgerOrder.Sort(recorded))
        {
            if (asOf is { } d && !r.Event.IsRegistry && r.Event.Date > d) break;
            if (builder.Apply(r) is { } refusal) return (refusal, (int)r.Sequence - 1);
        }

        return builder.HasCompany
            ? (builder.Freeze(asOf), -1)
            : (new Refusal("ledger", "empty", "has no company yet"), -1);
    }

    /// <summary>
    /// Folds a valid ledger once and returns, for each selected event (by sequence), how it changed holders'
    /// positions: (holder, security, delta). For adapters that must restate an event they do not know as movements.
    /// </summary>
    public static IReadOnlyDictionary<long, IReadOnlyList<Position>> PositionChanges(IReadOnlyList<RecordedEvent> events, Func<LedgerEvent, bool> select)
    {
        var result = new Dictionary<long, IReadOnlyList<Position>>();
        var builder = new LedgerEditor();
        var effective = Fold.Effective(events);
        if (!effective.IsOk) throw new InvalidOperationException($"the ledger is inconsistent: {effective.Refusal}");
        foreach (var r in effective.Value)
        {
            if (!select(r.Event))
            {
                if (builder.Apply(r) is { } refusal) throw new InvalidOperationException($"the ledger is inconsistent: {refusal}");
                continue;
            }

            var before = new Dictionary<(string Holder, string Security), long>(builder.PositionsNow);
            if (builder.Apply(r) is { } refused) throw new InvalidOperationException($"the ledger is inconsistent: {refused}");
            var changes = new List<Position>();
            foreach (var (key, n) in builder.PositionsNow)
                if (n != before.GetValueOrDefault(key)) changes.Add(new Position(key.Holder, key.Security, n - before.GetValueOrDefault(key)));
            foreach (var (key, n) in before)
                if (!builder.PositionsNow.ContainsKey(key)) changes.Add(new Position(key.Holder, key.Security, -n));
            result[r.Sequence] = changes.OrderBy(c => c.Holder, StringComparer.Ordinal).ThenBy(c => c.Security, StringComparer.Ordinal).ToArray();
        }

        return result;
    }
}
