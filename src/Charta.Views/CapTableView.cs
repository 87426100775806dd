using Charta.Core.Ledger;

namespace Charta.Views;

/// <summary>The `captable --json` document (and the API's GET /api/captable). Amounts are JSON numbers with their exact decimal digits.</summary>
public sealed record CapTableView(
    string Company,
    string Charter,
    DateOnly? AsOf,
    IReadOnlyList<CapTableView.ClassView> Classes,
    IReadOnlyList<CapTableView.HolderView> Holders,
    IReadOnlyList<CapTableView.InstrumentView> Instruments,
    CapTableView.TotalsView Totals)
{
    public sealed record ClassView(string Id, string Name, long Outstanding, long? Authorized, long Retired, decimal? ConversionPrice, decimal? ConversionRatio, long AsConverted, string? Clause);

    public sealed record PositionView(string Security, long Shares, long AsConverted);

    public sealed record HolderView(string Name, IReadOnlyList<PositionView> Positions, long AsConverted, long InstrumentsOutstanding, long FullyDiluted);

    public sealed record InstrumentView(string Id, string Holder, string Kind, string Underlying, long Outstanding, decimal ExercisePrice,
        DateOnly GrantedOn, DateOnly? Expires, long Exercised, long Cancelled, long Expired, string? Exclusion);

    public sealed record TotalsView(long CommonOutstanding, long PreferredOutstanding, long AsConverted, long InstrumentsOutstanding, long FullyDiluted);

    /// <summary>
    /// The view of <paramref name="t"/>. One pass over the instruments (a ledger may hold hundreds of thousands): the
    /// per-holder sums, the total (<see cref="CapTable.InstrumentCommonEquivalent"/>) and the sorted rows come from it,
    /// and each class's as-converted count is computed once. Without <paramref name="instrumentRows"/> the instrument
    /// list is left empty (the per-holder and total figures still count every instrument): for a text cap table that
    /// prints only their totals.
    /// </summary>
    public static CapTableView From(CapTable t, bool instrumentRows = true)
    {
        var c = t.Charter;
        var classAsConverted = c.Series.ToDictionary(s => s.Id, s => t.ClassAsConverted(s.Id), StringComparer.Ordinal);
        var classes = new List<ClassView>
        {
            new(c.Common.Id, c.Common.Name, t.Outstanding(c.Common.Id), c.Authorized.Common.Value, 0, null, null, t.Outstanding(c.Common.Id), c.Authorized.Common.Clause),
        };
        classes.AddRange(c.Series.Select(s => new ClassView(s.Id, s.Name, t.Outstanding(s.Id), s.FixedShares.Value, t.RetiredByConversion.GetValueOrDefault(s.Id),
            t.ConversionPrice(s.Id), t.ConversionRatio(s.Id), classAsConverted[s.Id], c.Conversion?.Optional?.Clause)));

        // Options on common at face, on preferred as converted (CapTable.InstrumentCommonEquivalent, per holder).
        var instrumentsByHolder = new Dictionary<string, long>(StringComparer.Ordinal);
        long instrumentTotal = 0;
        var all = t.InstrumentList; // without building the map of instruments when the table came from a snapshot
        var instrumentViews = instrumentRows ? new InstrumentView[all.Count] : [];
        var n = 0;
        foreach (var i in all)
        {
            // One rule for expiry (CapTable.IsLapsed): past its expiry date on the table's date, an instrument is not
            // outstanding; its shares show as expired until an instrument-expired event records them.
            var outstanding = t.OutstandingOf(i);
            if (instrumentRows)
                instrumentViews[n++] = new InstrumentView(i.GrantId, i.Holder, i.Kind, i.Underlying, outstanding, i.ExercisePrice, i.GrantedOn, i.Expires,
                    i.Exercised, i.Cancelled, i.Expired + (t.IsLapsed(i) ? i.Outstanding : 0), i.Exclusion);
            if (outstanding <= 0) continue;
            var equivalent = c.IsCommon(i.Underlying) ? outstanding : t.AsConverted(i.Underlying, outstanding);
            ref var sum = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(instrumentsByHolder, i.Holder, out _);
            sum += equivalent;
            instrumentTotal += equivalent;
        }

        // By grant date, then id (ids are unique, so the order is total).
        Array.Sort(instrumentViews, static (a, b) => a.GrantedOn != b.GrantedOn ? a.GrantedOn.CompareTo(b.GrantedOn) : string.CompareOrdinal(a.Id, b.Id));

        var holders = new List<HolderView>();
        // One pass over the positions (CapTable.PositionsByHolder), not a look-up per holder and class.
        var (classIds, byHolder) = t.PositionsByHolder();
        var held = new List<PositionView>();
        foreach (var h in t.Holders)
        {
            // As CapTable.PositionsOf: common first, then the series in charter order.
            held.Clear();
            long asConverted = 0;
            if (byHolder.TryGetValue(h, out var row))
                for (var k = 0; k < classIds.Length; k++)
                {
                    if (row[k] == 0) continue;
                    var p = new PositionView(classIds[k], row[k], t.AsConvertedPosition(classIds[k], row[k]));
                    held.Add(p);
                    asConverted += p.AsConverted;
                }

            var instruments = instrumentsByHolder.GetValueOrDefault(h);
            if (held.Count == 0 && instruments == 0) continue;
            holders.Add(new HolderView(h, held.ToArray(), asConverted, instruments, asConverted + instruments));
        }

        var preferred = c.Series.Sum(s => t.Outstanding(s.Id));
        // CapTable.AsConvertedTotal and FullyDilutedTotal, from the sums above.
        var asConvertedTotal = t.Outstanding(c.Common.Id) + c.Series.Sum(s => classAsConverted[s.Id]);
        var totals = new TotalsView(t.Outstanding(c.Common.Id), preferred, asConvertedTotal, instrumentTotal, asConvertedTotal + instrumentTotal);
        return new CapTableView(c.Company, t.CharterId, t.AsOf, classes, holders, instrumentViews, totals);
    }
}
