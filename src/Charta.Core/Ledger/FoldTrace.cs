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
        var builder = new CapTableBuilder();
        foreach (var r in LedgerOrder.Sort(recorded))
        {
            if (asOf is { } d && !r.Event.IsRegistry && r.Event.Date > d) break;
            if (builder.Apply(r) is { } refusal) return (refusal, (int)r.Sequence - 1);
        }

        return builder.HasCompany
            ? (builder.Freeze(asOf), -1)
            : (new Refusal("ledger", "empty", "has no company yet"), -1);
    }
}
