using Charta.Core.Charter;

namespace Charta.Core.Ledger;

/// <summary>
/// A charter amendment taking effect on a folded state, for the round model (Core/Model): the state's charter is
/// replaced by an amended one that keeps every class and adds new series, each new series starting at its initial
/// conversion price. Events before the amendment were folded on the charter then in force.
/// </summary>
internal sealed partial class CapTableBuilder
{
    /// <summary>
    /// The amended charter takes effect on <paramref name="state"/>, then <paramref name="events"/> (sorted, each dated
    /// on or after the state's events) are folded on it; the first refusal stops. One copy of the state.
    /// </summary>
    internal static Result<CapTable> AmendThenContinue(CapTable state, CharterDocument amended, IEnumerable<RecordedEvent> events)
    {
        foreach (var id in state.Charter.ClassIds)
            if (!amended.IsCommon(id) && amended.FindSeries(id) is null)
                return new Refusal("charter", id, "an amendment for the model may add series but not remove one");
        var b = From(state);
        b._charter = amended;
        foreach (var s in amended.Series)
            if (state.Charter.FindSeries(s.Id) is null) b._conversionPrices[s.Id] = s.InitialConversionPrice.Value;
        foreach (var r in LedgerOrder.Sort(events))
            if (b.Apply(r) is { } refusal) return refusal;
        return b.Freeze(null);
    }
}
