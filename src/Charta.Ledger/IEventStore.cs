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
}
