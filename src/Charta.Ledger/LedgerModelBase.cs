using System.Runtime.CompilerServices;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Core.Model;

namespace Charta.Ledger;

/// <summary>
/// The base of a modelled round read from a ledger. On SQLite the state comes from the newest usable snapshot and the
/// events after it (<see cref="CompanyLedger.CapTable"/>), and the two facts the model needs besides the state (the next
/// sequence and the last dated event's date) are read from the events table, so a round on a large ledger does not
/// replay it. Other stores fold every event (<see cref="RoundModel.Prepare(IReadOnlyList{RecordedEvent}, DateOnly?)"/>).
/// </summary>
public static class LedgerModelBase
{
    /// <summary>The event types that are not dated facts (the register): they do not bound the closing date.</summary>
    public static IReadOnlyList<string> UndatedTypes { get; } =
    [
        .. EventCatalog.All
            .Where(t => !t.Type.IsAbstract && RuntimeHelpers.GetUninitializedObject(t.Type) is LedgerEvent { IsRegistry: true })
            .Select(t => t.Name)
            .Distinct(StringComparer.Ordinal),
    ];

    public static Result<ModelBase> Of(CompanyLedger ledger, DateOnly? asOf)
    {
        if (ledger.Store is not SqliteEventStore store)
            return RoundModel.Prepare(ledger.Events(), asOf);
        var state = ledger.CapTable(asOf);
        if (!state.IsOk) return state.Refusal!;
        // Read after the state, so a write in between gives a later next sequence, never one the state already holds.
        var (last, _) = store.Head();
        return RoundModel.Prepare(state.Value, asOf, last + 1, store.LatestDate(UndatedTypes, asOf));
    }
}
