using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Ocf.Tests;

/// <summary>OCF → Charta → OCF → Charta, and Charta → OCF → Charta.</summary>
public class Ocf_RoundTrip
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static OcfImportResult ReImport(OcfImportResult first, OcfImportOptions? options = null)
    {
        var export = OcfExporter.Export(Snapshot.Recorded(first.Events), first.CapTable!, At);
        Assert.Empty(OcfExporter.Validate(export));
        var second = OcfImporter.Import(export.Files, options ?? new OcfImportOptions());
        Assert.True(second.Ok, string.Join("\n", second.Errors));
        return second;
    }

    [Theory]
    [InlineData("options")]
    [InlineData("rich")]
    public void OcfToChartaToOcfToCharta_SameCapTableAsOfEveryTransactionDate(string package)
    {
        var path = package == "rich" ? Ocf_Import.Rich : SharedOcf.Samples(package);
        var first = OcfImporter.Import(path, new OcfImportOptions());
        Assert.True(first.Ok, string.Join("\n", first.Errors));
        var second = ReImport(first);

        var dates = Snapshot.Dates(first.Events).ToList();
        Assert.Equal(dates, Snapshot.Dates(second.Events));
        foreach (var d in dates)
        {
            var a = Fold.Replay(Snapshot.Recorded(first.Events), d);
            var b = Fold.Replay(Snapshot.Recorded(second.Events), d);
            Assert.Equal(Snapshot.Of(a, d), Snapshot.Of(b, d));
        }

        // And the whole history, with the conversion-price changes and their clauses.
        Assert.Equal(first.CapTable!.ConversionPriceHistory.Select(h => (h.Date, h.Series, h.From, h.To, h.Clause, h.Reason)),
            second.CapTable!.ConversionPriceHistory.Select(h => (h.Date, h.Series, h.From, h.To, h.Clause, h.Reason)));
    }

    /// <summary>The Juniper demo company with an anti-dilution adjustment and a D1 reset recorded as conversion prices set.</summary>
    public static IReadOnlyList<LedgerEvent> JuniperWithAdjustments()
    {
        var json = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);
        var events = IllustrativeCompany.Events(CharterLoader.Default, json).ToList();
        events.Add(new ConversionPriceSet(new DateOnly(1998, 6, 1), "B", 1.02m, "FOURTH §6(d)(iv)", "broad-based weighted average on a down round"));
        events.Add(new ConversionPriceSet(new DateOnly(1999, 1, 15), "D1", 8.27m, "FOURTH §6(d)(vi)", "D1 reset"));
        events.Add(new SharesTransferred(new DateOnly(1998, 10, 1), "Series A investors (illustrative)", "Founders (illustrative)", "A", 100_000));
        events.Add(new PreferredConverted(new DateOnly(1998, 11, 1), "Series B investors (illustrative)", [new ConvertedLot("B", 1_000)]));
        events.Add(new InstrumentExercised(new DateOnly(1998, 12, 1), "POOL-1", 250_000));
        return events;
    }

    [Fact]
    public void AnIpoThatConvertsThePreferred_IsWrittenAsTheConversionsItMade()
    {
        // An IPO at 12.00 with 20,000,000 proceeds converts every series automatically (FOURTH §6(a)(ii)); OCF has no
        // object for the IPO, so the export states what it did: one TX_STOCK_CONVERSION per preferred security.
        var ledger = new CompanyLedger(new InMemoryEventStore(), TimeProvider.System);
        var events = JuniperWithAdjustments().ToList();
        events.Add(new StakeholderAdded(new DateOnly(1999, 6, 25), PublicOfferingClosed.DefaultPublicHolder, "public"));
        events.Add(new PublicOfferingClosed(new DateOnly(1999, 6, 25), 12m, 20_000_000m, SharesSold: 1_666_666));
        var table = ledger.Append(events).Value;
        Assert.Equal(0, table.Charter.Series.Sum(s => table.Outstanding(s.Id)));

        var export = OcfExporter.Export(ledger.Events(), table, At);
        Assert.Empty(OcfExporter.Validate(export));
        Assert.Contains(export.NotExported, n => n.Contains("public-offering-closed") && n.Contains("written as the conversions"));
        var back = OcfImporter.Import(export.Files, new OcfImportOptions
        {
            Charter = (CharterLoader.DefaultCharterId, CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId)),
        });
        Assert.True(back.Ok, string.Join("\n", back.Errors));
        foreach (var h in table.Holders)
        foreach (var id in table.Charter.ClassIds)
            Assert.Equal(table.SharesHeld(h, id), back.CapTable!.SharesHeld(h, id));
    }

    [Fact]
    public void ChartaToOcfToCharta_PreservesTheConversionPriceHistory()
    {
        var ledger = new CompanyLedger(new InMemoryEventStore(), TimeProvider.System);
        var table = ledger.Append(JuniperWithAdjustments()).Value;
        Assert.Equal(2, table.ConversionPriceHistory.Count);

        var export = OcfExporter.Export(ledger.Events(), table, At);
        Assert.Empty(OcfExporter.Validate(export));
        var back = OcfImporter.Import(export.Files, new OcfImportOptions
        {
            Charter = (CharterLoader.DefaultCharterId, CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId)),
        });
        Assert.True(back.Ok, string.Join("\n", back.Errors));
        var t = back.CapTable!;
        Assert.Equal(table.ConversionPriceHistory.Select(h => (h.Date, h.Series, h.From, h.To, h.Clause, h.Reason)),
            t.ConversionPriceHistory.Select(h => (h.Date, h.Series, h.From, h.To, h.Clause, h.Reason)));
        Assert.Equal(1.02m, t.ConversionPrice("B"));
        // Holdings survive too: 1,000 B converted at 2.40 ÷ 1.02 → 2,352 common (2,352.94 rounded down).
        Assert.Equal(2_352, t.SharesHeld("Series B investors (illustrative)", "common"));
        foreach (var h in table.Holders)
        foreach (var id in table.Charter.ClassIds)
            Assert.Equal(table.SharesHeld(h, id), t.SharesHeld(h, id));
    }
}
