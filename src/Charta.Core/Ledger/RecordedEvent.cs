namespace Charta.Core.Ledger;

/// <summary>An event as the store holds it: its recording order and when it was recorded.</summary>
public sealed record RecordedEvent(long Sequence, DateTimeOffset RecordedAt, LedgerEvent Event)
{
    public DateOnly Date => Event.Date;

    /// <summary>Who recorded the event (given by the adapter: the OS user or --recorded-by); null when unknown.</summary>
    public string? RecordedBy { get; init; }

    /// <summary>The store's chain hash of the event (hex SHA-256), once stored; null before.</summary>
    public string? Hash { get; init; }
}

/// <summary>The fold order: registry events first, then effective date, then recording order.</summary>
public sealed class LedgerOrder : IComparer<RecordedEvent>
{
    public static readonly LedgerOrder Instance = new();

    public int Compare(RecordedEvent? x, RecordedEvent? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var rx = x.Event.IsRegistry ? 0 : 1;
        var ry = y.Event.IsRegistry ? 0 : 1;
        if (rx != ry) return rx.CompareTo(ry);
        if (rx == 1)
        {
            var d = x.Event.Date.CompareTo(y.Event.Date);
            if (d != 0) return d;
        }

        return x.Sequence.CompareTo(y.Sequence);
    }

    public static List<RecordedEvent> Sort(IEnumerable<RecordedEvent> events)
    {
        var list = events.ToList();
        // Most ledgers are recorded in date order: check in one pass before sorting.
        var sorted = true;
        for (var i = 1; i < list.Count && sorted; i++) sorted = Instance.Compare(list[i - 1], list[i]) <= 0;
        // List.Sort is unstable, but Sequence is unique so the order is total.
        if (!sorted) list.Sort(Instance);
        return list;
    }
}
