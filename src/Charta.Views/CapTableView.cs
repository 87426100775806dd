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
        var (classes, classAsConverted) = ClassesOf(t);
        var (instrumentViews, instrumentsByHolder, instrumentTotal) = InstrumentsOf(t, instrumentRows);

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

        return new CapTableView(c.Company, t.CharterId, t.AsOf, classes, holders, instrumentViews, TotalsOf(t, classAsConverted, instrumentTotal));
    }

    /// <summary>
    /// The view of <paramref name="after"/> from <paramref name="before"/>, the view of the state it was evolved from, when
    /// only the positions of <paramref name="touched"/> holders changed (the events between them issued, transferred
    /// or cancelled shares, or granted, exercised or ended instruments): the other holders' rows are kept as they were
    /// (the same objects), and the classes, instruments and totals are computed again. Equal to <see cref="From"/> of
    /// <paramref name="after"/>; null when that cannot be guaranteed this way (another charter or date, a conversion
    /// price or ratio moved, a touched holder gains its first row), and the caller builds the view from the start.
    /// </summary>
    public static CapTableView? Evolve(CapTableView before, CapTable after, IReadOnlySet<string> touched)
    {
        var c = after.Charter;
        if (SameClasses(before, after) is not var (classes, classAsConverted)) return null;
        var (instrumentViews, instrumentsByHolder, instrumentTotal) = InstrumentsOf(after, instrumentRows: true);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var holders = new List<HolderView>(before.Holders.Count + 1);
        foreach (var old in before.Holders)
        {
            seen.Add(old.Name);
            if (!touched.Contains(old.Name) && instrumentsByHolder.GetValueOrDefault(old.Name) == old.InstrumentsOutstanding)
            {
                holders.Add(old);
                continue;
            }

            if (!after.HasHolder(old.Name)) return null;
            if (Row(after, old.Name, instrumentsByHolder) is { } row) holders.Add(row);
        }

        // A holder without a row before that has one now: its place follows the register's order; build from the start.
        foreach (var h in touched)
            if (!seen.Contains(h) && after.HasHolder(h) && Row(after, h, instrumentsByHolder) is not null) return null;
        foreach (var h in instrumentsByHolder.Keys)
            if (!seen.Contains(h)) return null;

        return new CapTableView(c.Company, after.CharterId, after.AsOf, classes, holders, instrumentViews, TotalsOf(after, classAsConverted, instrumentTotal));
    }

    /// <summary>
    /// As <see cref="Evolve(CapTableView, CapTable, IReadOnlySet{string})"/>, in time proportional to the touched holders
    /// (not to every row): <paramref name="rowIndex"/> gives each row's place in <paramref name="before"/> by name. Every
    /// holder whose row may differ must be in <paramref name="touched"/> (an instrument's holder included), as
    /// <c>TouchedBy</c> gives them. Null when a touched holder gains its first row or loses its last (the rows move):
    /// the caller evolves by the other overload or builds the view from the start. The rows keep their names and places,
    /// so <paramref name="rowIndex"/> serves the view returned too.
    /// </summary>
    public static CapTableView? Evolve(CapTableView before, CapTable after, IReadOnlySet<string> touched, IReadOnlyDictionary<string, int> rowIndex)
    {
        var c = after.Charter;
        if (SameClasses(before, after) is not var (classes, classAsConverted)) return null;
        var (instrumentViews, instrumentsByHolder, instrumentTotal) = InstrumentsOf(after, instrumentRows: true);
        var holders = before.Holders.ToArray();
        foreach (var h in touched)
        {
            var row = after.HasHolder(h) ? Row(after, h, instrumentsByHolder) : null;
            if (rowIndex.TryGetValue(h, out var at))
            {
                if (row is null) return null;
                holders[at] = row;
            }
            else if (row is not null) return null;
        }

        return new CapTableView(c.Company, after.CharterId, after.AsOf, classes, holders, instrumentViews, TotalsOf(after, classAsConverted, instrumentTotal));
    }

    /// <summary>
    /// The classes of <paramref name="after"/>, when an evolution from <paramref name="before"/> may keep rows: the same
    /// charter, date and company, the same classes, and no conversion price or ratio moved (else null).
    /// </summary>
    private static (List<ClassView> Classes, Dictionary<string, long> ClassAsConverted)? SameClasses(CapTableView before, CapTable after)
    {
        if (before.Charter != after.CharterId || before.AsOf != after.AsOf || before.Company != after.Charter.Company) return null;
        var (classes, classAsConverted) = ClassesOf(after);
        if (classes.Count != before.Classes.Count) return null;
        for (var k = 0; k < classes.Count; k++)
            if (classes[k].Id != before.Classes[k].Id || classes[k].ConversionPrice != before.Classes[k].ConversionPrice || classes[k].ConversionRatio != before.Classes[k].ConversionRatio)
                return null;
        return (classes, classAsConverted);
    }

    private static (List<ClassView> Classes, Dictionary<string, long> ClassAsConverted) ClassesOf(CapTable t)
    {
        var c = t.Charter;
        var classAsConverted = c.Series.ToDictionary(s => s.Id, s => t.ClassAsConverted(s.Id), StringComparer.Ordinal);
        // One row per class of common (its own authorized number where the charter has several), then the series.
        var classes = c.CommonClasses.Select(k => new ClassView(k.Id, k.Name, t.Outstanding(k.Id),
            c.HasSeveralCommonClasses ? k.Authorized!.Value : c.Authorized.Common.Value, 0, null, null, t.Outstanding(k.Id),
            c.HasSeveralCommonClasses ? k.Authorized!.Clause : c.Authorized.Common.Clause)).ToList();
        classes.AddRange(c.Series.Select(s => new ClassView(s.Id, s.Name, t.Outstanding(s.Id), s.FixedShares.Value, t.RetiredByConversion.GetValueOrDefault(s.Id),
            t.ConversionPrice(s.Id), t.ConversionRatio(s.Id), classAsConverted[s.Id], c.Conversion?.Optional?.Clause)));
        return (classes, classAsConverted);
    }

    /// <summary>One pass over the instruments: their rows (by grant date, then id), the common equivalent per holder and in total.</summary>
    private static (InstrumentView[] Views, Dictionary<string, long> ByHolder, long Total) InstrumentsOf(CapTable t, bool instrumentRows)
    {
        var c = t.Charter;
        // Options on common at face, on preferred as converted (CapTable.InstrumentCommonEquivalent, per holder).
        var instrumentsByHolder = new Dictionary<string, long>(StringComparer.Ordinal);
        long instrumentTotal = 0;
        if (!instrumentRows)
        {
            // Totals only: from a snapshot, its summary of the instruments (CapTable.InstrumentOutstanding), not a list.
            foreach (var (holder, underlying, outstanding) in t.InstrumentOutstanding())
            {
                var equivalent = c.IsCommon(underlying) ? outstanding : t.AsConverted(underlying, outstanding);
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(instrumentsByHolder, holder, out _) += equivalent;
                instrumentTotal += equivalent;
            }

            return ([], instrumentsByHolder, instrumentTotal);
        }

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
        return (instrumentViews, instrumentsByHolder, instrumentTotal);
    }

    /// <summary>A holder's row, or null when it holds nothing (no positions and no instruments outstanding).</summary>
    private static HolderView? Row(CapTable t, string h, Dictionary<string, long> instrumentsByHolder)
    {
        var positions = t.PositionsOf(h).Select(p => new PositionView(p.Security, p.Shares, t.AsConvertedPosition(p.Security, p.Shares))).ToArray();
        var instruments = instrumentsByHolder.GetValueOrDefault(h);
        if (positions.Length == 0 && instruments == 0) return null;
        var asConverted = positions.Sum(p => p.AsConverted);
        return new HolderView(h, positions, asConverted, instruments, asConverted + instruments);
    }

    private static TotalsView TotalsOf(CapTable t, Dictionary<string, long> classAsConverted, long instrumentTotal)
    {
        var c = t.Charter;
        var preferred = c.Series.Sum(s => t.Outstanding(s.Id));
        // CapTable.AsConvertedTotal and FullyDilutedTotal, from the sums above.
        var asConvertedTotal = t.CommonOutstanding() + c.Series.Sum(s => classAsConverted[s.Id]);
        return new TotalsView(t.CommonOutstanding(), preferred, asConvertedTotal, instrumentTotal, asConvertedTotal + instrumentTotal);
    }
}
