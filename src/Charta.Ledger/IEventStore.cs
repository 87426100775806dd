using Charta.Core;
using Charta.Core.Ledger;

namespace Charta.Ledger;

/// <summary>
/// An append-only store of ledger events. Backends (SQLite now; PostgreSQL later) implement only this: reading the
/// events and running one decision inside one write transaction. The domain never sees the backend.
/// </summary>
public interface IEventStore : IDisposable
{
    /// <summary>Every stored event, in recording order.</summary>
    IReadOnlyList<RecordedEvent> ReadAll();

    /// <summary>Every stored event; with <paramref name="withIntegrity"/>, each carries its chain hash and who recorded it.</summary>
    IReadOnlyList<RecordedEvent> ReadAll(bool withIntegrity) => ReadAll();

    /// <summary>
    /// Runs <paramref name="decide"/> inside one write transaction. It sees every stored event and the next free
    /// sequence number, and returns the events to append or a refusal. On a refusal nothing is written; on success the
    /// events are written and committed together.
    /// </summary>
    Result<T> Write<T>(Func<IReadOnlyList<RecordedEvent>, long, Result<(IReadOnlyList<RecordedEvent> Append, T Value)>> decide);

    /// <summary>The last event's sequence and chain hash ((0, null) for an empty ledger): the key of a cached state.</summary>
    (long Sequence, string? Hash) Head()
    {
        var all = ReadAll(withIntegrity: true);
        return all.Count == 0 ? (0, null) : (all[^1].Sequence, all[^1].Hash);
    }

    /// <summary>
    /// Appends with optimistic concurrency on the head: inside one write transaction, when the ledger's last event is
    /// still (<paramref name="expectedSequence"/>, <paramref name="expectedHash"/>), runs <paramref name="decide"/> with
    /// the next sequence and writes what it returns; otherwise decides nothing, writes nothing and answers
    /// <see cref="AppendOutcome{T}.Stale"/> (the caller re-reads, decides again and retries). The outcome carries the
    /// head after the transaction. This default reads the whole ledger; the stores read only the head.
    /// </summary>
    AppendOutcome<T> AppendAfter<T>(long expectedSequence, string? expectedHash, Func<long, Result<(IReadOnlyList<RecordedEvent> Append, T Value)>> decide)
    {
        var stale = false;
        var result = Write<T>((existing, next) =>
        {
            var head = existing.Count == 0 ? 0 : existing[^1].Sequence;
            var hash = existing.Count == 0 ? null : existing[^1].Hash;
            if (head != expectedSequence || expectedHash is not null && hash is not null && hash != expectedHash)
            {
                stale = true;
                return AppendOutcome<T>.StaleRefusal(expectedSequence, head);
            }

            return decide(next);
        });
        var (s, h) = Head();
        return new AppendOutcome<T>(result, stale, s, h);
    }
}

/// <summary>What <see cref="IEventStore.AppendAfter{T}"/> did: the decision's result, whether the head had moved, and the head now.</summary>
public sealed record AppendOutcome<T>(Result<T> Result, bool Stale, long HeadSequence, string? HeadHash)
{
    public static Refusal StaleRefusal(long expected, long head) =>
        new("expectedSequence", expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"the ledger has moved on: its last event is now #{head.ToString(System.Globalization.CultureInfo.InvariantCulture)}; re-read it, decide again and retry");
}
