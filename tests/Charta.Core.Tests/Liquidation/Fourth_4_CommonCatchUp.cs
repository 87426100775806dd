using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;

namespace Charta.Core.Tests.Liquidation;

/// <summary>
/// Issue 12 (liquidation): a series paid only after the common receives a catch-up
/// (<c>series[i].liquidation.commonCatchUp</c>). The Juniper charter with Series A made junior (seniority 1; the others 2)
/// and, ahead of it, $0.25 a common share to the common ("FOURTH §4(a) (catch-up)"). Every figure is worked by hand.
/// </summary>
public sealed class Fourth_4_CommonCatchUp
{
    private static readonly DateOnly Day = new(1999, 1, 1);

    internal static string Charter(bool catchUp = true)
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        foreach (var s in doc["series"]!.AsArray()) s!["liquidation"]!["seniority"] = (string)s["id"]! == "A" ? 1 : 2;
        if (catchUp) doc["series"]![0]!["liquidation"]!["commonCatchUp"] = JsonNode.Parse("""{ "perShare": 0.25, "clause": "FOURTH §4(a) (catch-up)" }""");
        var text = doc.ToJsonString();
        Assert.True(CharterLoader.Load(text, "t").IsOk, CharterLoader.Load(text, "t").Refusal?.ToString());
        return text;
    }

    /// <summary>Founders 4,000,000 common; Fund A 1,000,000 Series A ($1.00, conversion price $0.44); Fund B 1,000,000 Series B ($2.40, $1.07).</summary>
    private static LiquidationModel Model(bool catchUp = true)
    {
        var events = new List<LedgerEvent>
        {
            new CompanyCreated(Day, "catch-up", Charter(catchUp), Day),
            new StakeholderAdded(Day, "Founders"), new StakeholderAdded(Day, "Fund A"), new StakeholderAdded(Day, "Fund B"),
            new SharesIssued(Day, "Founders", "common", 4_000_000, 0.01m),
            new SharesIssued(Day, "Fund A", "A", 1_000_000, 1.00m),
            new SharesIssued(Day, "Fund B", "B", 1_000_000, 2.40m),
        };
        return LiquidationModel.From(Fold.Replay(events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)), Day));
    }

    private static decimal Class(WaterfallResult w, string id) => w.Classes.Single(c => c.Id == id).Total;

    [Fact]
    public void Fourth_4a_CatchUp_TheCommonIsPaidAfterTheSeniorRank_BeforeTheJuniorSeries()
    {
        var m = Model();
        // The catch-up: $0.25 × 4,000,000 common = $1,000,000, paid after Series B's $2,400,000 and before Series A's $1,000,000.
        Assert.Equal(1_000_000m, m.TotalCatchUp);

        // $3,000,000: B 2,400,000 in full; the common 600,000 of its catch-up; A nothing.
        var w = Waterfall.Solve(m, 3_000_000m).Value;
        Assert.Equal(2_400_000m, Class(w, "B"));
        Assert.Equal(600_000m, Class(w, "common"));
        Assert.Equal(0m, Class(w, "A"));
        Assert.Contains(w.Steps, s => s.Step.StartsWith("Common catch-up ahead of Series A") && s.Amount == 1_000_000m && s.Clause == "FOURTH §4(a) (catch-up)");

        // $4,000,000: B 2,400,000; common 1,000,000; A the 600,000 left. Without the term A would take 1,000,000 and the
        // common 600,000.
        w = Waterfall.Solve(m, 4_000_000m).Value;
        Assert.Equal(1_000_000m, Class(w, "common"));
        Assert.Equal(600_000m, Class(w, "A"));
        var without = Waterfall.Solve(Model(catchUp: false), 4_000_000m).Value;
        Assert.Equal(600_000m, Class(without, "common"));
        Assert.Equal(1_000_000m, Class(without, "A"));
    }

    [Fact]
    public void Fourth_4a_CatchUp_TheBreakpointsAndTheCurveAgreeWithTheWaterfall()
    {
        // Breakpoints: B in full at 2,400,000; the catch-up at 2,400,000 + 1,000,000 = 3,400,000; A at 4,400,000 (every
        // preference). A converts when the common price passes its preference per as-converted share, 1,000,000 ÷
        // (1,000,000 × 1.00 ÷ 0.44) = $0.44: at 4,400,000 + 4,000,000 × 0.44 = 6,160,000.
        var curve = PayoutCurve.Build(Model());
        var b = curve.Breakpoints;
        Assert.Equal(2_400_000m, b[0].Exit);
        Assert.Equal(3_400_000m, b[1].Exit);
        Assert.Equal("Common catch-up ahead of Series A paid in full", b[1].Event);
        Assert.Equal("FOURTH §4(a) (catch-up)", b[1].Clause);
        Assert.Equal(4_400_000m, b[2].Exit);
        Assert.Contains(b, x => x.Exit == 6_160_000m && x.Event == "Series A converts to common");
        // Inside the catch-up every marginal dollar goes to the common.
        Assert.Equal(1m, curve.Tranches().Single(t => t.From == 2_400_000m).Shares["common"]);
        foreach (var exit in new[] { 1_000_000m, 3_000_000m, 4_000_000m, 5_000_000m, 10_000_000m })
        {
            var direct = Waterfall.Equilibrium(curve.Model, exit);
            var looked = curve.Evaluate(exit);
            Assert.Equal(decimal.Round(direct.CommonPay, 18), decimal.Round(looked[0], 18));
        }
    }

    [Fact]
    public void Fourth_4a_CatchUp_StaysInPlace_WhenTheSeriesConverts_AndTheConvertedSharesDoNotTakeIt()
    {
        // $10,000,000: B 2,400,000 (it would convert only above $1.07); the common's 1,000,000; 6,600,000 left. A converts
        // into 1,000,000 × 1.00 ÷ 0.44 = 2,272,727.27… common: P = 6,600,000 × 0.44 ÷ (4,000,000 × 0.44 + 1,000,000) =
        // 2,904,000 ÷ 2,760,000 = 1.0521739…, above 0.44. Common: 1,000,000 + 4,000,000 × P = 5,208,695.652… → $5,208,695.65;
        // A: 2,272,727.27… × P = 2,391,304.347… → $2,391,304.35 (the leftover cent to the larger remainder).
        var w = Waterfall.Solve(Model(), 10_000_000m).Value;
        Assert.Equal("convert", w.Classes.Single(c => c.Id == "A").Decision);
        Assert.Equal(2_400_000m, Class(w, "B"));
        Assert.Equal(5_208_695.65m, Class(w, "common"));
        Assert.Equal(2_391_304.35m, Class(w, "A"));
        Assert.Equal(5_208_695.65m, w.Holders.Single(h => h.Holder == "Founders").Total);
    }

    [Fact]
    public void Fourth_4a_CatchUp_OnASeriesThatRanksWithAnother_IsRefused()
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        doc["series"]![0]!["liquidation"]!["commonCatchUp"] = JsonNode.Parse("""{ "perShare": 0.25, "clause": "FOURTH §4(a) (catch-up)" }""");
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/series/0/liquidation/commonCatchUp", r.Refusal!.Field);
        Assert.Contains("not implemented", r.Refusal.Reason);
        Assert.Equal("FOURTH §4(a) (catch-up)", r.Refusal.Clause!.Value.Citation);
    }
}
