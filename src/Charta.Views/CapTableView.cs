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

    public static CapTableView From(CapTable t)
    {
        var c = t.Charter;
        var classes = new List<ClassView>
        {
            new(c.Common.Id, c.Common.Name, t.Outstanding(c.Common.Id), c.Authorized.Common.Value, 0, null, null, t.Outstanding(c.Common.Id), c.Authorized.Common.Clause),
        };
        classes.AddRange(c.Series.Select(s => new ClassView(s.Id, s.Name, t.Outstanding(s.Id), s.FixedShares.Value, t.RetiredByConversion.GetValueOrDefault(s.Id),
            t.ConversionPrice(s.Id), t.ConversionRatio(s.Id), t.ClassAsConverted(s.Id), c.Conversion?.Optional?.Clause)));

        var instrumentsByHolder = t.OutstandingInstruments.GroupBy(i => i.Holder)
            .ToDictionary(g => g.Key, g => g.Sum(i => c.IsCommon(i.Underlying) ? i.Outstanding : t.AsConverted(i.Underlying, i.Outstanding)));
        var holders = new List<HolderView>();
        foreach (var h in t.Holders)
        {
            var positions = t.PositionsOf(h).Select(p => new PositionView(p.Security, p.Shares, t.AsConvertedPosition(p.Security, p.Shares))).ToArray();
            var instruments = instrumentsByHolder.GetValueOrDefault(h);
            if (positions.Length == 0 && instruments == 0) continue;
            var asConverted = positions.Sum(p => p.AsConverted);
            holders.Add(new HolderView(h, positions, asConverted, instruments, asConverted + instruments));
        }

        var instrumentViews = t.Instruments.Values.OrderBy(i => i.GrantedOn).ThenBy(i => i.GrantId, StringComparer.Ordinal)
            .Select(i => new InstrumentView(i.GrantId, i.Holder, i.Kind, i.Underlying, t.OutstandingOf(i), i.ExercisePrice, i.GrantedOn, i.Expires,
                i.Exercised, i.Cancelled, i.Expired + (t.IsLapsed(i) ? i.Outstanding : 0), i.Exclusion)).ToArray();

        var preferred = c.Series.Sum(s => t.Outstanding(s.Id));
        var totals = new TotalsView(t.Outstanding(c.Common.Id), preferred, t.AsConvertedTotal(), t.InstrumentCommonEquivalent(), t.FullyDilutedTotal());
        return new CapTableView(c.Company, t.CharterId, t.AsOf, classes, holders, instrumentViews, totals);
    }
}
