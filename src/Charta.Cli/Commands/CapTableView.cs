using Charta.Cli.Output;
using Charta.Core.Ledger;

namespace Charta.Cli.Commands;

/// <summary>The `captable --json` document. Amounts are JSON numbers with their exact decimal digits.</summary>
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
            .Select(i => new InstrumentView(i.GrantId, i.Holder, i.Kind, i.Underlying, i.Outstanding, i.ExercisePrice, i.GrantedOn, i.Expires,
                i.Exercised, i.Cancelled, i.Expired, i.Exclusion)).ToArray();

        var preferred = c.Series.Sum(s => t.Outstanding(s.Id));
        var totals = new TotalsView(t.Outstanding(c.Common.Id), preferred, t.AsConvertedTotal(), t.InstrumentCommonEquivalent(), t.FullyDilutedTotal());
        return new CapTableView(c.Company, t.CharterId, t.AsOf, classes, holders, instrumentViews, totals);
    }

    public void WriteText(TextWriter w)
    {
        w.WriteLine($"{Company}: cap table{(AsOf is { } d ? $" as of {Format.Date(d)}" : "")} [charter {Charter}]");
        w.WriteLine();
        var ct = new TextTable("Class", "Outstanding", "Authorized", "Conv. price", "Ratio", "As converted", "% FD").RightAlign(1, 2, 3, 4, 5, 6);
        foreach (var c in Classes)
            ct.Row(c.Id, Format.Shares(c.Outstanding), c.Authorized is { } a ? Format.Shares(a) : "-",
                c.ConversionPrice is { } p ? Format.Price(p) : "-", c.ConversionRatio is { } r ? Format.Ratio(r) : "1",
                Format.Shares(c.AsConverted), Format.Percent(c.AsConverted, Totals.FullyDiluted));
        ct.WriteTo(w);
        w.WriteLine();

        w.WriteLine("Holders");
        var ht = new TextTable("Holder", "Security", "Shares", "As converted", "Options etc.", "Fully diluted", "% FD").RightAlign(2, 3, 4, 5, 6);
        foreach (var h in Holders)
        {
            var first = true;
            foreach (var p in h.Positions)
            {
                ht.Row(first ? h.Name : "", p.Security, Format.Shares(p.Shares), Format.Shares(p.AsConverted), "", "", "");
                first = false;
            }

            ht.Row(first ? h.Name : "", "total", "", Format.Shares(h.AsConverted), Format.Shares(h.InstrumentsOutstanding), Format.Shares(h.FullyDiluted),
                Format.Percent(h.FullyDiluted, Totals.FullyDiluted));
        }

        ht.WriteTo(w);

        if (Instruments.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Options, warrants and convertibles");
            var it = new TextTable("Id", "Holder", "Kind", "On", "Outstanding", "Price", "Granted", "Expires", "Exclusion").RightAlign(4, 5);
            foreach (var i in Instruments)
                it.Row(i.Id, i.Holder, i.Kind, i.Underlying, Format.Shares(i.Outstanding), Format.Price(i.ExercisePrice), Format.Date(i.GrantedOn),
                    Format.Date(i.Expires), i.Exclusion ?? "-");
            it.WriteTo(w);
        }

        w.WriteLine();
        w.WriteLine("Totals");
        w.WriteLine($"  Common outstanding           {Format.Shares(Totals.CommonOutstanding),14}");
        w.WriteLine($"  Preferred outstanding        {Format.Shares(Totals.PreferredOutstanding),14}");
        w.WriteLine($"  As converted                 {Format.Shares(Totals.AsConverted),14}   (preferred at OIP / conversion price, rounded down per holder: FOURTH §6(a)(i), §6(g)(i))");
        w.WriteLine($"  Options, warrants, conv.     {Format.Shares(Totals.InstrumentsOutstanding),14}");
        w.WriteLine($"  Fully diluted                {Format.Shares(Totals.FullyDiluted),14}");
    }
}
