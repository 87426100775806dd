using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Tests.Conversion;

/// <summary>
/// Pay-to-play into a shadow series (issue 12): nvca-2020-style with a "Shadow Series A" (id A1: Series A's terms —
/// Original Issue Price $2.00, 8% cumulative dividends, seniority — without its full-ratchet anti-dilution, not
/// redeemable), 1,250,000 shares authorized, named by payToPlay.shadowSeries for Series A at "Part B §5.4.2". The Seed
/// still converts into common. The company of <see cref="PartB_5_4_PayToPlay_And_SeriesVotes"/>: 7,500,000 founders'
/// common, a 1,500,000 option pool; Fund A 1,000,000 A, Angel 250,000 A and 500,000 Seed, Seed Fund 500,000 Seed (all
/// 2021-06-01); the down round of 2021-09-01 (1,000,000 common at $0.80) ratchets A 2.00 → 0.80 and averages the Seed to 0.98.
/// </summary>
public sealed class PartB_5_4_PayToPlay_IntoAShadowSeries
{
    private static readonly DateOnly D0 = new(2020, 1, 2);
    private static readonly DateOnly Issue = new(2021, 6, 1);
    private static readonly DateOnly Closing = new(2022, 3, 1);

    internal static string ShadowCharter(Action<JsonObject>? change = null)
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("nvca-2020-style"))!.AsObject();
        var series = doc["series"]!.AsArray();
        var a1 = series.Single(s => s!["id"]!.GetValue<string>() == "A")!.DeepClone().AsObject();
        a1["id"] = "A1";
        a1["name"] = "Shadow Series A Preferred Stock";
        a1["fixedShares"]!["value"] = 1_250_000;
        a1.Remove("antiDilution");
        series.Add(a1);
        foreach (var k in new[] { "preferred", "total" })
            doc["authorized"]![k]!["value"] = doc["authorized"]![k]!["value"]!.GetValue<long>() + 1_250_000;
        doc["payToPlay"]!["shadowSeries"] = JsonNode.Parse("""[ { "series": "A", "shadow": "A1", "clause": "Article Fourth, Part B §5.4.2" } ]""");
        change?.Invoke(doc);
        return doc.ToJsonString();
    }

    private static List<RecordedEvent> Company(string charter)
    {
        var l = new List<LedgerEvent> { new CompanyCreated(D0, "nvca-shadow", charter, D0) };
        l.AddRange(new[] { "Founders", "Staff", "Fund A", "Angel", "Seed Fund", "Newco" }.Select(h => new StakeholderAdded(D0, h)));
        l.Add(new SharesIssued(D0, "Founders", "common", 7_500_000, 0.0001m));
        l.Add(new InstrumentGranted(new DateOnly(2020, 2, 1), "POOL", "Staff", "option", "common", 1_500_000, 0.10m, null, 0m, "employee-plan", "Board minutes"));
        l.Add(new SharesIssued(Issue, "Fund A", "A", 1_000_000, 2.00m));
        l.Add(new SharesIssued(Issue, "Angel", "A", 250_000, 2.00m));
        l.Add(new SharesIssued(Issue, "Angel", "Seed", 500_000, 1.00m));
        l.Add(new SharesIssued(Issue, "Seed Fund", "Seed", 500_000, 1.00m));
        l.Add(new SharesIssued(new DateOnly(2021, 9, 1), "Newco", "common", 1_000_000, 0.80m));
        return l.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToList();
    }

    private static Result<Decision> Decide(List<RecordedEvent> existing, params LedgerEvent[] proposed) =>
        Fold.TryDecide(existing, [.. proposed.Select((e, i) => new RecordedEvent(existing.Count + 1 + i, DateTimeOffset.UnixEpoch, e))]);

    private static readonly QualifiedFinancingClosed AngelFallsShort = new(Closing, "Series B", "Board resolution 2022-02-20",
        [new("Fund A", 400_000, 400_000), new("Angel", 150_000, 100_000), new("Seed Fund", 100_000, 120_000)], 0.50m);

    [Fact]
    public void PartB_5_4_2_SeriesA_ConvertsShareForShare_IntoItsShadow_TheSeedIntoCommon()
    {
        // Angel did not play. Its 250,000 Series A become 250,000 Shadow Series A, whose conversion price is Series A's in
        // effect, 0.80 (so each still converts into 2.00 / 0.80 = 2.5 common: 625,000). Its 500,000 Seed convert into
        // common as before: 500,000 × 1.00 / 0.98 = 510,204.0816… → 510,204 common; 0.0816… × $0.50 = $0.0408 → $0.04.
        var d = Decide(Company(ShadowCharter()), AngelFallsShort);
        Assert.True(d.IsOk, d.Refusal?.ToString());
        var stored = Assert.IsType<QualifiedFinancingClosed>(d.Value.Recorded.Single().Event);
        Assert.Equal(new HolderConversion("Angel", 510_204, 0.04m), Assert.Single(stored.Conversions!));
        Assert.Equal(new ShadowConversion("Angel", "A", "A1", 250_000), Assert.Single(stored.Shadows!));
        var t = d.Value.State;
        Assert.Equal((0, 0, 250_000, 510_204), (t.SharesHeld("Angel", "A"), t.SharesHeld("Angel", "Seed"), t.SharesHeld("Angel", "A1"), t.SharesHeld("Angel", "common")));
        Assert.Equal(1_000_000, t.SharesHeld("Fund A", "A"));
        Assert.Equal(0.80m, t.ConversionPrice("A1"));
        var h = t.ConversionPriceHistory.Last(x => x.Series == "A1");
        Assert.Equal((Closing, 2.00m, 0.80m, "Article Fourth, Part B §5.4.2"), (h.Date, h.From, h.To, h.Clause));
        // §9: the converted Series A are retired, 250,000; 7,500,000 + 1,000,000 + 510,204 = 9,010,204 common.
        Assert.Equal(250_000, t.RetiredByConversion["A"]);
        Assert.Equal(9_010_204, t.Outstanding("common"));
        Assert.Equal(625_000, t.AsConverted("A1", 250_000));
    }

    [Fact]
    public void PartB_5_4_2_TheShadowSeries_HasNoAntiDilution_ButKeepsTheAccruedDividends()
    {
        // A second down round on 2022-06-01, 1,000,000 common at $0.50: Series A's full ratchet takes it 0.80 → 0.50; the
        // shadow series has no anti-dilution and stays at 0.80. Its shares carry their 2021-06-01 accrual: $0.16 a share a
        // year (8% of $2.00), one year (2021-06-01 to 2022-06-01, 365 days, nothing compounded yet) on 250,000 shares =
        // 250,000 × 0.16 = $40,000.00, as Angel's Series A would have accrued had it played.
        var l = Company(ShadowCharter());
        var d = Decide(l, AngelFallsShort, new SharesIssued(new DateOnly(2022, 6, 1), "Newco", "common", 1_000_000, 0.50m));
        Assert.True(d.IsOk, d.Refusal?.ToString());
        var t = d.Value.State;
        Assert.Equal(0.50m, t.ConversionPrice("A"));
        Assert.Equal(0.80m, t.ConversionPrice("A1"));
        var at = new DateOnly(2022, 6, 1);
        Assert.Equal(40_000.00m, t.AccruedFor("A1", "Angel", at)!.AccruedUnpaid);
        var played = Decide(Company(ShadowCharter()), AngelFallsShort with { Takeup = [new("Fund A", 400_000, 400_000), new("Angel", 150_000, 150_000), new("Seed Fund", 100_000, 120_000)] });
        Assert.Equal(40_000.00m, played.Value.State.AccruedFor("A", "Angel", at)!.AccruedUnpaid);
    }

    [Fact]
    public void PartB_5_4_2_ALaterFinancing_IntoAShadowIssuedAtAnotherPrice_IsRefused()
    {
        // The shadow was first issued at 0.80; after a second down round (1,000,000 common at $0.50, 2022-06-01) Series A
        // converts at 0.50, so a share of it would not convert into one share of the shadow: Fund A not playing in a
        // second Qualified Financing is refused, naming both prices.
        var l = Company(ShadowCharter());
        var first = Decide(l, AngelFallsShort, new SharesIssued(new DateOnly(2022, 6, 1), "Newco", "common", 1_000_000, 0.50m));
        Assert.True(first.IsOk, first.Refusal?.ToString());
        l.AddRange(first.Value.Recorded);
        var second = Decide(l, new QualifiedFinancingClosed(new DateOnly(2022, 9, 1), "Series C", "Board resolution 2022-08-20",
            [new("Fund A", 400_000, 0), new("Seed Fund", 100_000, 100_000)], 0.50m));
        Assert.False(second.IsOk);
        Assert.Contains("first issued at a conversion price of $0.80, and Series A Preferred Stock now converts at $0.50", second.Refusal!.Reason);
        Assert.Equal("Article Fourth, Part B §5.4.2", second.Refusal.Clause!.Value.Citation);
    }

    [Fact]
    public void PartB_5_4_2_TheShadowMustFitItsFixedNumber()
    {
        // 100,000 Shadow Series A authorized: Angel's 250,000 would exceed it by 150,000.
        var charter = ShadowCharter(doc => doc["series"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "A1")!["fixedShares"]!["value"] = 100_000);
        var d = Decide(Company(charter), AngelFallsShort);
        Assert.False(d.IsOk);
        Assert.Contains("over its fixed number of 100,000 by 150,000", d.Refusal!.Reason);
    }

    [Fact]
    public void PartB_5_4_2_AShadowSeriesWithAnotherOriginalIssuePrice_IsRefusedAtLoad()
    {
        var charter = ShadowCharter(doc => doc["series"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "A1")!["originalIssuePrice"]!["value"] = 1.50m);
        var r = CharterLoader.Load(charter, "c");
        Assert.Equal("c/payToPlay/shadowSeries/0/shadow", r.Refusal!.Field);
        Assert.Contains("must be equal", r.Refusal.Reason);
        Assert.Equal("Article Fourth, Part B §5.4.2", r.Refusal.Clause!.Value.Citation);
    }
}
