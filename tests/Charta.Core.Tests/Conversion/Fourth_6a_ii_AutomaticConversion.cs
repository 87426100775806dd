using Charta.Core.AntiDilution;
using Charta.Core.Charter;
using Charta.Core.Conversion;
using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Conversion;

public class Fourth_6a_ii_AutomaticConversion
{
    private static readonly DateOnly Closing = new(2002, 1, 15);

    private static OfferingPlan Plan(decimal price, decimal proceeds, string kind = "firm-commitment", string? reading = null)
    {
        var t = Company.Juniper().Table();
        return PublicOffering.Plan(t.Charter, t.ConversionPrices, t.OriginalIssueDate, null, new OfferingTerms(Closing, price, proceeds, kind), reading).Value;
    }

    [Fact]
    public void AtTwelveDollars_EverySeriesPasses_UnderBothReadings()
    {
        // thresholds: A 3 × 0.44 = 1.32, B 3 × 1.07 = 3.21, C 1.5 × 3.97 = 5.955, D and D1 1 × 11.03
        var p = Plan(12m, 20_000_000m);
        Assert.Equal([1.32m, 3.21m, 5.955m, 11.03m, 11.03m], p.Tests.Select(x => x.Threshold));
        Assert.All(p.Tests, x => Assert.True(x.Passes));
        Assert.Equal(5, p.ConvertingUnderAnySeries.Count);
        Assert.Equal(5, p.ConvertingUnderEachSeries.Count);
    }

    [Fact]
    public void AtTenDollars_TheReadingsDisagree_AndWithoutAReadingTheOfferingIsRefused()
    {
        // $10 clears A (1.32), B (3.21) and C (5.955) but not D or D1 (11.03): any-series converts all five,
        // each-series A, B and C. The charter names no reading, so neither is applied silently.
        var t = Company.Juniper().Table();
        var refused = PublicOffering.Plan(t.Charter, t.ConversionPrices, t.OriginalIssueDate, null, new OfferingTerms(Closing, 10m, 20_000_000m, "firm-commitment"), null);
        Assert.False(refused.IsOk);
        Assert.Equal("--reading", refused.Refusal!.Field);
        Assert.Contains("any-series converts A, B, C, D, D1, each-series converts A, B, C", refused.Refusal.Reason);
        var any = Plan(10m, 20_000_000m, reading: "any-series");
        Assert.Equal(["A", "B", "C", "D", "D1"], any.Converting);
        var each = Plan(10m, 20_000_000m, reading: "each-series");
        Assert.Equal(["A", "B", "C"], each.Converting);
    }

    [Fact]
    public void WhenTheReadingsAgree_NoReadingIsNeeded()
    {
        // $12 clears every bar: both readings convert all five.
        var p = Plan(12m, 20_000_000m);
        Assert.Equal(["A", "B", "C", "D", "D1"], p.Converting);
        Assert.StartsWith("none needed", p.Reading);
    }

    [Fact]
    public void ARecordedClosingWithoutAReading_IsRefusedWhenTheReadingsDiffer()
    {
        var r = Company.Juniper().Add(new PublicOfferingClosed(Closing, 10m, 20_000_000m)).TryTable();
        Assert.False(r.IsOk);
        Assert.Equal("--reading", r.Refusal!.Field);
    }

    [Fact]
    public void ExactlyTheThreshold_Passes_ButExactlyTenMillion_DoesNot()
    {
        // "not less than" 1 × 11.03; proceeds must "exceed $10,000,000"
        Assert.True(Plan(11.03m, 20_000_000m).Tests.Single(t => t.Series == "D").Passes);
        Assert.Empty(Plan(12m, 10_000_000m).Converting);
        Assert.Equal(5, Plan(12m, 10_000_000.01m).Converting.Count);
    }

    [Theory]
    [InlineData("employee-plan")]
    [InlineData("rule-145")]
    [InlineData("best-efforts")]
    public void ExcludedOrNotFirmCommitment_ConvertsNothing(string kind)
    {
        Assert.Empty(Plan(50m, 100_000_000m, kind).Converting);
    }

    [Fact]
    public void TheClosingConvertsEveryHolder_AggregatingTheirLots()
    {
        // A holders: 1,100,000 A × 1.00 / 0.44 = 2,500,000 common; D1 holders: 1,000,000 × 11.03 / 11.03 = 1,000,000.
        var t = Company.Juniper().Add(new PublicOfferingClosed(Closing, 12m, 20_000_000m)).Table();
        Assert.Equal(2_500_000, t.SharesHeld("A holders", "common"));
        Assert.Equal(1_000_000, t.SharesHeld("D1 holders", "common"));
        Assert.All(t.Charter.Series, s => Assert.Equal(0, t.Outstanding(s.Id)));
        Assert.Equal(10_000_000, t.Outstanding("common"));
        Assert.Equal("public-offering", t.AutomaticConversions.Single().Trigger);
        // §9: converted shares are cancelled and not reissuable
        Assert.Equal(1_100_000, t.RetiredByConversion["A"]);
        var r = Company.Juniper().Add(new PublicOfferingClosed(Closing, 12m, 20_000_000m))
            .Add(new SharesIssued(Closing.AddDays(1), "Newco", "A", 1_000_000, 1m)).TryTable();
        Assert.False(r.IsOk);
        Assert.Contains("FOURTH §9", r.Refusal!.Reason);
    }

    [Fact]
    public void TheSixtySixAndTwoThirdsVote()
    {
        // Preferred outstanding 1,100,000 + 1,070,000 + 397,000 + 500,000 + 1,000,000 = 4,067,000;
        // 2/3 × 4,067,000 = 2,711,333.33 → at least 2,711,334 shares.
        var refused = Company.Juniper().Add(new PreferredConversionVoted(Closing, 2_711_333, "Written consent", 5m)).TryTable();
        Assert.Contains("2,711,334 needed", refused.Refusal!.Reason);
        Assert.Equal("FOURTH §6(a)(ii)(b)", refused.Refusal.Clause?.Citation);
        var t = Company.Juniper().Add(new PreferredConversionVoted(Closing, 2_711_334, "Written consent", 5m)).Table();
        Assert.Equal(10_000_000, t.Outstanding("common"));
    }

    [Fact]
    public void TheThresholdsFollowSplits()
    {
        // After a 3:1 split D's price is 11.03 / 3 = 3.6766666667; an offering at $4.00 meets 1 × 3.68 but would not meet 11.03.
        var t = Company.Juniper().Add(new StockSplit(new DateOnly(2001, 1, 1), 3, 1)).Table();
        var p = PublicOffering.Plan(t.Charter, t.ConversionPrices, t.OriginalIssueDate, null, new OfferingTerms(Closing, 4m, 20_000_000m, "firm-commitment"), "each-series",
            PublicOffering.SplitFactors(t)).Value;
        Assert.True(p.Tests.Single(x => x.Series == "D").Passes);
        Assert.Equal(3.6766666667m, decimal.Round(p.Tests.Single(x => x.Series == "D").Threshold, 10));
    }

    [Fact]
    public void TheDollarBars_MoveWithSplitsOnly_NotWithTheReset()
    {
        // A filing 100 days after the Original Issue Date resets D1 to 85% × $10 = $8.50 (§6(c)). Literally, the D1
        // bar is 1 × the D1 Conversion Price moved by splits and stock dividends only: 1 × 11.03, not met at $10; the
        // conversion-price-in-effect reading takes 1 × 8.50, met.
        var t = Company.Juniper().Table();
        var oid = t.OriginalIssueDate!.Value;
        var filing = new RegistrationFiling(oid.AddDays(100), "underwritten-ipo", 0);
        var terms = new OfferingTerms(oid.AddDays(110), 10m, 20_000_000m, "firm-commitment");
        var literal = PublicOffering.Plan(t.Charter, t.ConversionPrices, oid, filing, terms, "each-series", PublicOffering.SplitFactors(t)).Value;
        var d1 = literal.Tests.Single(x => x.Series == "D1");
        Assert.Equal(8.50m, d1.ConversionPrice);
        Assert.Equal(11.03m, d1.Threshold);
        Assert.False(d1.Passes);
        var inEffect = PublicOffering.Plan(t.Charter, t.ConversionPrices, oid, filing, terms, "each-series", PublicOffering.SplitFactors(t), PublicOffering.InEffect).Value;
        Assert.Equal(8.50m, inEffect.Tests.Single(x => x.Series == "D1").Threshold);
        Assert.True(inEffect.Tests.Single(x => x.Series == "D1").Passes);
    }

    [Fact]
    public void EachSeriesRecorded_LeavesTheOthersOutstanding()
    {
        // $10 under each-series: A, B and C convert at the closing; D and D1 stay preferred.
        var t = Company.Juniper().Add(new PublicOfferingClosed(Closing, 10m, 20_000_000m, "firm-commitment", "each-series")).Table();
        Assert.Equal(0, t.Outstanding("A"));
        Assert.Equal(0, t.Outstanding("C"));
        Assert.Equal(500_000, t.Outstanding("D"));
        Assert.Equal(1_000_000, t.Outstanding("D1"));
        // common: 2,707,000 + 2,500,000 + 2,400,000 + 893,000 = 8,500,000
        Assert.Equal(8_500_000, t.Outstanding("common"));
    }

    [Fact]
    public void TheEmbeddedCharter_NamesNoPriceTestReading()
    {
        // "as the case may be" is the charter's ambiguity, not Charta's to settle by default.
        Assert.Null(CharterLoader.Default.AutomaticConversion!.PublicOffering!.PriceTestReading);
    }
}
