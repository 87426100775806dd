using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Tests.AntiDilution;

/// <summary>
/// Issue 12, item 2 (anti-dilution per series): each series is adjusted by its own method (series.antiDilution.method:
/// full ratchet, narrow- or broad-based weighted average), from its own Original Issue Date, with its own exclusions.
/// The company is the small Juniper company of <see cref="Company"/> (A of the broad base exactly 10,000,000 after the
/// D1 closing on 2000-03-01), on the Juniper charter with per-series terms set by each test. Each figure is worked by
/// hand in the comment above its assertion.
/// </summary>
public sealed class PerSeries_FullRatchetAndNarrowBased
{
    private static readonly DateOnly June = new(2000, 6, 1);

    /// <summary>The Juniper charter with series.antiDilution blocks: (series index, JSON of the block).</summary>
    private static string Charter(params (int Series, string Block)[] blocks)
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        foreach (var (i, block) in blocks) doc["series"]![i]!["antiDilution"] = JsonNode.Parse(block);
        var text = doc.ToJsonString();
        Assert.True(CharterLoader.Load(text, "test").IsOk, CharterLoader.Load(text, "test").Refusal?.ToString());
        return text;
    }

    /// <summary><see cref="Company.Juniper"/>'s events on another charter text.</summary>
    private static Company On(string charter, bool withD1 = true)
    {
        var c = Company.Empty();
        var d0 = new DateOnly(2000, 1, 1);
        c.Add(new CompanyCreated(d0, "juniper-per-series", charter, d0));
        foreach (var h in new[] { "Founders", "A holders", "B holders", "C holders", "D holders", "D1 holders", "Newco", "Optionee", "Staff" })
            c.Add(new StakeholderAdded(d0, h));
        c.Add(new SharesIssued(new DateOnly(2000, 1, 2), "Founders", "common", 2_707_000, 0.01m));
        c.Add(new SharesIssued(new DateOnly(2000, 1, 3), "A holders", "A", 1_100_000, 1.00m));
        c.Add(new SharesIssued(new DateOnly(2000, 1, 3), "B holders", "B", 1_070_000, 2.40m));
        c.Add(new SharesIssued(new DateOnly(2000, 1, 3), "C holders", "C", 397_000, 8.93m));
        c.Add(new SharesIssued(new DateOnly(2000, 1, 3), "D holders", "D", 500_000, 11.03m));
        if (withD1) c.Add(new SharesIssued(Company.Oid, "D1 holders", "D1", 1_000_000, 11.03m));
        return c;
    }

    private const string ARatchet = """{ "method": "full-ratchet", "clause": "FOURTH §6(d)(iv) (A ratchet)" }""";

    [Fact]
    public void FullRatchet_SeriesA_TakesTheNewIssuePrice_WhileTheOthersAverage()
    {
        // 1,000,000 common at $0.30 on 2000-06-01, after the Original Issue Date (2000-03-01):
        //   Series A (full ratchet): 0.30 < 0.44, so the price becomes the consideration per share, $0.30 exactly.
        //   Series B (broad-based): A = 10,000,000, C = 1,000,000, consideration 300,000:
        //     (1.07 × 10,000,000 + 300,000) / 11,000,000 = 11,000,000 / 11,000,000 = $1.00.
        //   Series C: (3.97 × 10,000,000 + 300,000) / 11,000,000 = 40,000,000 / 11,000,000 = 3.6363… → $3.64.
        //   Series D and D1 (11.03): (110,300,000 + 300,000) / 11,000,000 = 10.0545… → $10.05.
        var t = On(Charter((0, ARatchet))).Add(new SharesIssued(June, "Newco", "common", 1_000_000, 0.30m)).Table();
        Assert.Equal(0.30m, t.ConversionPrice("A"));
        Assert.Equal(1.00m, t.ConversionPrice("B"));
        Assert.Equal(3.64m, t.ConversionPrice("C"));
        Assert.Equal(10.05m, t.ConversionPrice("D1"));
        var a = t.ConversionPriceHistory.Single(h => h.Series == "A");
        Assert.Equal("full-ratchet", a.Inputs!.Rule);
        Assert.Equal("FOURTH §6(d)(iv) (A ratchet)", a.Clause); // the series' own clause
        Assert.Null(a.Inputs.A);                                 // a ratchet has no A
    }

    [Fact]
    public void FullRatchet_IgnoresTheSizeOfTheIssue_AndRoundsToTheNearestCent()
    {
        // One share at $0.125: the ratchet takes Series A from 0.44 to 0.125 → $0.13 (half a cent away from zero),
        // however small the issue; the broad-based average of B barely moves:
        //   (1.07 × 10,000,000 + 0.125) / 10,000,001 = 10,700,000.125 / 10,000,001 = 1.06999990… → $1.07 (no change).
        var t = On(Charter((0, ARatchet))).Add(new SharesIssued(June, "Newco", "common", 1, 0.125m)).Table();
        Assert.Equal(0.13m, t.ConversionPrice("A"));
        Assert.Equal(1.07m, t.ConversionPrice("B"));
    }

    [Fact]
    public void FullRatchet_ADeemedIssueThatExpiresUnexercised_RestoresThePrice()
    {
        // A warrant over 500,000 common at $0.20 (no consideration paid for it) on 2000-06-01 is a deemed issue at $0.20:
        // Series A ratchets 0.44 → 0.20. It expires unexercised on 2001-06-01: recomputed with nothing issued, there is
        // no issue below 0.44, so A returns to $0.44 (capped by (D)(i), the price before the grant, 0.44).
        var t = On(Charter((0, ARatchet)))
            .Add(new InstrumentGranted(June, "W-1", "Optionee", "warrant", "common", 500_000, 0.20m, new DateOnly(2001, 6, 1)))
            .Table();
        Assert.Equal(0.20m, t.ConversionPrice("A"));
        var u = On(Charter((0, ARatchet)))
            .Add(new InstrumentGranted(June, "W-1", "Optionee", "warrant", "common", 500_000, 0.20m, new DateOnly(2001, 6, 1)))
            .Add(new InstrumentExpired(new DateOnly(2001, 6, 1), "W-1"))
            .Table();
        Assert.Equal(0.44m, u.ConversionPrice("A"));
    }

    [Fact]
    public void FullRatchet_ToZero_IsRefused_NotInvented()
    {
        // 100 shares at $0.004: the consideration per share rounds to $0.00; a conversion price of zero would convert Series
        // A into unlimited common. The charter sets no floor, so the issue is refused, citing the series' clause.
        var r = On(Charter((0, ARatchet))).Add(new SharesIssued(June, "Newco", "common", 100, 0.004m)).TryTable();
        Assert.False(r.IsOk);
        Assert.Equal("price", r.Refusal!.Field);
        Assert.Contains("$0.00", r.Refusal.Reason);
        Assert.Equal("FOURTH §6(d)(iv) (A ratchet)", r.Refusal.Clause?.Citation);
    }

    [Fact]
    public void NarrowBased_SeriesB_LeavesTheOptionPoolOutOfA()
    {
        // A pool of 1,000,000 options (excluded: employee-plan) on 2000-04-01 adds nothing by itself, but it is in the
        // broad A and not in the narrow one. Then 1,000,000 common at $0.30 on 2000-06-01:
        //   Series B (narrow): A = common 2,707,000 + preferred as converted 7,293,000 = 10,000,000 (no options):
        //     (1.07 × 10,000,000 + 300,000) / (10,000,000 + 1,000,000) = 11,000,000 / 11,000,000 = $1.00.
        //   Series C (broad): A = 10,000,000 + 1,000,000 options = 11,000,000:
        //     (3.97 × 11,000,000 + 300,000) / 12,000,000 = 43,970,000 / 12,000,000 = 3.66416… → $3.66.
        //   (Series B broad would have been (1.07 × 11,000,000 + 300,000) / 12,000,000 = 1.005833… → $1.01.)
        var t = On(Charter((1, """{ "method": "narrow-based-weighted-average", "clause": "FOURTH §6(d)(iv) (B narrow)" }""")))
            .Add(new InstrumentGranted(new DateOnly(2000, 4, 1), "POOL", "Staff", "option", "common", 1_000_000, 0.25m, new DateOnly(2010, 4, 1), 0m, "employee-plan", "Board minutes"))
            .Add(new SharesIssued(June, "Newco", "common", 1_000_000, 0.30m))
            .Table();
        Assert.Equal(1.00m, t.ConversionPrice("B"));
        Assert.Equal(3.66m, t.ConversionPrice("C"));
        var b = t.ConversionPriceHistory.Single(h => h.Series == "B");
        Assert.Equal(10_000_000m, b.Inputs!.A);
        Assert.Equal("narrow-weighted-average", b.Inputs.Rule);
        Assert.Equal(11_000_000m, t.ConversionPriceHistory.Single(h => h.Series == "C").Inputs!.A);
    }

    [Fact]
    public void EachSeries_HasItsOwnOriginalIssueDate()
    {
        // Series A's Original Issue Date is its own first issue (2000-01-03); the others' is D1's (2000-03-01). 1,000,000
        // common at $0.30 on 2000-02-01 comes after A's date and before the others': only A adjusts. Before D1, A (broad)
        // = common 2,707,000 + A 2,500,000 + B 2,400,000 + C 893,000 + D 500,000 = 9,000,000:
        //   (0.44 × 9,000,000 + 300,000) / 10,000,000 = 4,260,000 / 10,000,000 = $0.426 → $0.43.
        var charter = Charter((0, """{ "method": "broad-based-weighted-average", "originalIssueDate": { "series": "A", "clause": "FOURTH §6(d)(i)(B) (A)" }, "clause": "FOURTH §6(d)(iv)" }"""));
        var t = On(charter, withD1: false)
            .Add(new SharesIssued(new DateOnly(2000, 2, 1), "Newco", "common", 1_000_000, 0.30m))
            .Add(new SharesIssued(Company.Oid, "D1 holders", "D1", 1_000_000, 11.03m))
            .Table();
        Assert.Equal(0.43m, t.ConversionPrice("A"));
        Assert.Equal(1.07m, t.ConversionPrice("B"));
        Assert.Equal(3.97m, t.ConversionPrice("C"));
    }

    [Fact]
    public void EachSeries_HasItsOwnExclusions()
    {
        // Series A excludes only conversions; the others every exclusion of the charter. 1,000,000 options at $0.10 under the
        // employee plan on 2000-06-01 are therefore a deemed issue for A alone, and A ratchets 0.44 → $0.10; B stays $1.07.
        var charter = Charter((0, """{ "method": "full-ratchet", "exclusions": ["conversion"], "clause": "FOURTH §6(d)(iv) (A ratchet)" }"""));
        var t = On(charter)
            .Add(new InstrumentGranted(June, "POOL", "Staff", "option", "common", 1_000_000, 0.10m, new DateOnly(2010, 6, 1), 0m, "employee-plan", "Board minutes"))
            .Table();
        Assert.Equal(0.10m, t.ConversionPrice("A"));
        Assert.Equal(1.07m, t.ConversionPrice("B"));
    }

    [Fact]
    public void ASeriesExclusionNamingNoCharterExclusion_IsRefusedAtLoad()
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        doc["series"]![0]!["antiDilution"] = JsonNode.Parse("""{ "method": "full-ratchet", "exclusions": ["nope"], "clause": "X" }""");
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/series/0/antiDilution/exclusions/0", r.Refusal!.Field);
    }
}
