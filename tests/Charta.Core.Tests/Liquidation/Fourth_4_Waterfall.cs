using Charta.Core.Liquidation;
using static Charta.Core.Tests.Liquidation.LiquidationFixtures;

namespace Charta.Core.Tests.Liquidation;

// Juniper, every series at its fixed size (FOURTH §2), one investor per series. Preferences (§4(a)(i), OIP × shares):
//   A  1.00 × 1,743,751 =  1,743,751.00      B  2.40 × 3,915,308 =  9,396,739.20
//   C  8.93 × 5,200,000 = 46,436,000.00      D 11.03 ×   600,000 =  6,618,000.00
//   D1 11.03 × 2,580,000 = 28,457,400.00     total                = 92,651,890.20
// As converted (§6(a)(i), OIP ÷ conversion price, rounded down): A 1,743,751 × 1.00/0.44 = 3,963,070.45 → 3,963,070;
// B 9,396,739.20/1.07 = 8,781,999.25 → 8,781,999; C 46,436,000/3.97 = 11,696,725.44 → 11,696,725; D 600,000; D1 2,580,000.

public class Fourth_4a_PurePreference
{
    [Fact]
    public void ExitBelowTheTotalPreference_SplitsRatablyByOriginalIssuePrice_NothingToCommon()
    {
        var m = new Builder().AllPreferred().Issue("Founders", "common", 20_000_000).Model();
        // Half of the total, 46,325,945.10: every series gets exactly half its OIP × shares (§4(b)).
        var r = m.Solve(46_325_945.10m);
        Assert.Equal(871_875.50m, r.Class("A").Total);      // 1,743,751.00 / 2
        Assert.Equal(4_698_369.60m, r.Class("B").Total);    // 9,396,739.20 / 2
        Assert.Equal(23_218_000.00m, r.Class("C").Total);   // 46,436,000 / 2
        Assert.Equal(3_309_000.00m, r.Class("D").Total);
        Assert.Equal(14_228_700.00m, r.Class("D1").Total);
        Assert.Equal(0m, r.Class("common").Total);
        Assert.All(r.Classes.Where(c => c.Id != "common"), c => Assert.Equal("preference", c.Decision));
    }

    [Fact]
    public void ExitExactlyAtTheTotalPreference_PaysEveryPreferenceInFull_AndCommonNothing()
    {
        var m = new Builder().AllPreferred().Issue("Founders", "common", 20_000_000).Model();
        var r = m.Solve(92_651_890.20m);
        Assert.Equal(1_743_751.00m, r.Class("A").Total);
        Assert.Equal(9_396_739.20m, r.Class("B").Total);
        Assert.Equal(46_436_000.00m, r.Class("C").Total);
        Assert.Equal(6_618_000.00m, r.Class("D").Total);
        Assert.Equal(28_457_400.00m, r.Class("D1").Total);
        Assert.Equal(0m, r.Class("common").Total);
        Assert.Equal(0m, r.CommonPricePerShare);
    }

    [Fact]
    public void OnlyPreferredIssued_ExitOfOneDollar_AllToThePreferred()
    {
        var r = new Builder().AllPreferred().Model().Solve(1m);
        // $1 by OIP × shares / 92,651,890.20, in cents: A 1.882, B 10.142, C 50.119, D 7.143, D1 30.714.
        // Floors 1 + 10 + 50 + 7 + 30 = 98; the 2 cents left go to the largest remainders, A (.882) and D1 (.714).
        Assert.Equal(1m, r.Classes.Sum(c => c.Total));
        Assert.Equal(0m, r.Class("common").Total);
        Assert.Equal(0.02m, r.Class("A").Total);
        Assert.Equal(0.10m, r.Class("B").Total);
        Assert.Equal(0.50m, r.Class("C").Total);
        Assert.Equal(0.07m, r.Class("D").Total);
        Assert.Equal(0.31m, r.Class("D1").Total);
    }

    [Fact]
    public void DeclaredUnpaidDividends_JoinThePreference()
    {
        var t = new Builder().AllPreferred().Issue("Founders", "common", 20_000_000).Table();
        var m = LiquidationModel.From(WithDeclaredDividends(t, new Dictionary<string, decimal> { ["D1"] = 0.55m }));
        // D1: (11.03 + 0.55) × 2,580,000 = 29,876,400.00; total = 92,651,890.20 + 1,419,000 = 94,070,890.20.
        Assert.Equal(94_070_890.20m, m.TotalClaims);
        var r = m.Solve(94_070_890.20m);
        Assert.Equal(29_876_400.00m, r.Class("D1").Total);
        Assert.Equal(0m, r.Class("common").Total);
    }
}

public class Fourth_4b_Shortfall
{
    private static LiquidationModel DAndD1WithDividend(string basis)
    {
        var t = new Builder().Issue("D holders", "D", 600_000).Issue("D1 holders", "D1", 2_580_000).Table();
        var withDiv = WithDeclaredDividends(t, new Dictionary<string, decimal> { ["D1"] = 0.55m });
        var m = LiquidationModel.From(withDiv);
        if (basis == "original-issue-price-times-shares") return m;
        var series = m.Series.Select(s => s with { ShortfallWeight = s.Claim }).ToArray();
        return new LiquidationModel(m.Company, m.CommonId, m.CommonShares, series, m.Options, m.Holdings, basis, m.AsOf);
    }

    [Fact]
    public void OriginalIssuePriceBasis_DividendsDoNotJoinTheWeights()
    {
        // Claims: D 6,618,000.00; D1 (11.03 + 0.55) × 2,580,000 = 29,876,400.00. Weights (OIP × shares): D 6,618,000,
        // D1 28,457,400, Σ 35,075,400. Exit 17,537,700 = half the weights: D 3,309,000, D1 14,228,700.
        var r = DAndD1WithDividend("original-issue-price-times-shares").Solve(17_537_700m);
        Assert.Equal(3_309_000m, r.Class("D").Total);
        Assert.Equal(14_228_700m, r.Class("D1").Total);
    }

    [Fact]
    public void OriginalIssuePriceBasis_ASeriesIsNeverPaidMoreThanItsClaim()
    {
        // At 36,000,000 the OIP weights would give D 6,618,000 × 36,000,000 / 35,075,400 = 6,792,456 > its claim.
        // D is capped at 6,618,000 (it fills at λ = 1, exit 35,075,400) and D1 takes the rest: 29,382,000.
        var r = DAndD1WithDividend("original-issue-price-times-shares").Solve(36_000_000m);
        Assert.Equal(6_618_000m, r.Class("D").Total);
        Assert.Equal(29_382_000m, r.Class("D1").Total);
    }

    [Fact]
    public void PreferenceAmountBasis_SplitsByTheFullClaims()
    {
        // Claims 6,618,000 and 29,876,400, Σ 36,494,400; exit 18,247,200 = half: D 3,309,000, D1 14,938,200.
        var r = DAndD1WithDividend("preference-amount").Solve(18_247_200m);
        Assert.Equal(3_309_000m, r.Class("D").Total);
        Assert.Equal(14_938_200m, r.Class("D1").Total);
    }
}

public class Fourth_6a_ConversionChoices
{
    // With 20,000,000 founders' common. A converting series is paid on its exact common equivalent, shares × OIP ÷ CP
    // (whole shares plus the §6(g)(i) fraction in cash at the same price): A 1,743,751 ÷ 0.44 = 3,963,070 5/11;
    // B 3,915,308 × 2.40 ÷ 1.07 = 8,781,999 27/107; C 5,200,000 × 8.93 ÷ 3.97 = 11,696,725 175/397. So a series
    // converts exactly when the common price exceeds its conversion price: A 0.44, B 1.07, C 3.97, D and D1 11.03.
    // Preferences: A 1,743,751; B 9,396,739.20; C 46,436,000; D 6,618,000; D1 28,457,400; Σ 92,651,890.20.
    private static LiquidationModel Model() => new Builder().AllPreferred().Issue("Founders", "common", 20_000_000).Model();

    [Fact]
    public void SeriesA_AtItsConversionPoint_KeepsThePreference()
    {
        // A converts above 92,651,890.20 + 20,000,000 × 0.44 = 101,451,890.20; exactly there it is a tie.
        var r = Model().Solve(101_451_890.20m);
        Assert.Equal("preference", r.Class("A").Decision);
        Assert.Equal(1_743_751.00m, r.Class("A").Total);
    }

    [Fact]
    public void SeriesA_JustAboveItsConversionPoint_ConvertsAndGetsMore()
    {
        // At 101,451,891: remainder 101,451,891 − 90,908,139.20 = 10,543,751.80 over 20,000,000 + 3,963,070 5/11
        // shares: P = 0.44 + 0.80 ÷ 23,963,070.4545…; A = 1,743,751 + 0.80 × 3,963,070.4545 ÷ 23,963,070.4545
        // = 1,743,751.1323; common = 8,800,000 + 0.6677 = 8,800,000.6677 (the leftover cent goes to its .77).
        var r = Model().Solve(101_451_891.00m);
        Assert.Equal("convert", r.Class("A").Decision);
        Assert.Equal(1_743_751.13m, r.Class("A").Total);
        Assert.Equal(8_800_000.67m, r.Class("common").Total);
        Assert.Equal("preference", r.Class("B").Decision);
    }

    [Fact]
    public void SeriesB_AroundItsConversionPoint()
    {
        // With A converted: B converts above 90,908,139.20 + 23,963,070 5/11 × 1.07 = 116,548,624.5864.
        var below = Model().Solve(116_548_624.00m);
        Assert.Equal("preference", below.Class("B").Decision);
        Assert.Equal(9_396_739.20m, below.Class("B").Total);
        // Above: P = (116,548,626 − 81,511,400) ÷ 32,745,069.7069 = 1.0700000432; B = 8,781,999.2523 × P = 9,396,739.5791.
        var above = Model().Solve(116_548_626.00m);
        Assert.Equal("convert", above.Class("B").Decision);
        Assert.Equal(9_396_739.58m, above.Class("B").Total);
        Assert.Equal("convert", above.Class("A").Decision);
        Assert.Equal("preference", above.Class("C").Decision);
    }

    [Fact]
    public void SeriesC_AroundItsConversionPoint()
    {
        // With A and B converted: C converts above 81,511,400 + 32,745,069.7069 × 3.97 = 211,509,326.7363.
        Assert.Equal("preference", Model().Solve(211_509_326.00m).Class("C").Decision);
        // Above: P = (211,509,330 − 35,075,400) ÷ 44,441,795.1476; C = 11,696,725.4408 × P = 46,436,000.8590.
        var above = Model().Solve(211_509_330.00m);
        Assert.Equal("convert", above.Class("C").Decision);
        Assert.Equal(46_436_000.86m, above.Class("C").Total);
    }

    [Fact]
    public void SeriesDAndD1_AtTheirConversionPoint_KeepThePreference_AndConvertJustAbove()
    {
        // D and D1 (same OIP and conversion price) convert above 35,075,400 + 44,441,795.1476… × 11.03
        // = 525,268,400.478998…; at 525,268,400.47 converting would pay less than the preference.
        var at = Model().Solve(525_268_400.47m);
        Assert.Equal("preference", at.Class("D").Decision);
        Assert.Equal(6_618_000.00m, at.Class("D").Total);
        var above = Model().Solve(525_268_400.48m);
        Assert.Equal("convert", above.Class("D").Decision);
        Assert.Equal("convert", above.Class("D1").Decision);
    }

    [Fact]
    public void CheapestPreferenceConvertsFirst()
    {
        // 150,000,000 lies between B's point (116.5M) and C's (211.5M): A and B convert, C, D, D1 do not.
        var r = Model().Solve(150_000_000m);
        Assert.Equal(["convert", "convert", "preference", "preference", "preference"],
            r.Classes.Where(c => c.Id != "common").Select(c => c.Decision).ToArray());
    }

    [Fact]
    public void AllConvertAtALargeExit_EveryHolderGetsExactlyTheirAsConvertedShare()
    {
        // 20,000,000 + 3,963,070 5/11 + 8,781,999 27/107 + 11,696,725 175/397 + 600,000 + 2,580,000
        // = 47,621,795.147688 shares; at 1,190,544,850, P = 24.9999993975 per share, fractions included.
        var r = Model().Solve(1_190_544_850m);
        Assert.All(r.Classes.Where(c => c.Id != "common"), c => Assert.Equal("convert", c.Decision));
        var byHolder = r.Holders.ToDictionary(h => h.Holder, h => h.Total);
        Assert.Equal(99_076_758.98m, byHolder["Series A investors"]);      // 3,963,070.4545 × P = 99,076,758.9759
        Assert.Equal(219_549_976.02m, byHolder["Series B investors"]);     // 8,781,999.2523 × P = 219,549,976.0172
        Assert.Equal(292_418_128.97m, byHolder["Series C investors"]);     // 11,696,725.4408 × P = 292,418,128.9729
        Assert.Equal(1_190_544_850m, r.Holders.Sum(h => h.Total));
    }

    [Fact]
    public void AnExitThatIsNotWholeCents_IsRefused()
    {
        var r = Waterfall.Solve(Model(), 1.005m);
        Assert.False(r.IsOk);
        Assert.Equal("exit", r.Refusal!.Field);
    }
}

public class Fourth_4c_OptionsAndWarrants
{
    // 1,000,000 founders' common, 600,000 Series D (preference 6,618,000, converts only above 11.03 per share),
    // options over 1,000,000 common at $1.00.
    private static LiquidationModel Model() =>
        new Builder().Issue("Founders", "common", 1_000_000).Issue("D holders", "D", 600_000).Option("Staff", 1_000_000, 1.00m).Model();

    [Fact]
    public void OutOfTheMoney_GetNothing()
    {
        // Remainder 500,000 over 1,000,000 common: P = 0.50 < 1.00; options lapse.
        var r = Model().Solve(7_118_000m);
        Assert.Equal(0.50m, r.CommonPricePerShare);
        Assert.Equal(500_000m, r.Class("common").Total);
        Assert.All(r.Options, o => Assert.Equal(0m, o.Total));
    }

    [Fact]
    public void InTheMoney_AreExercised_TheStrikeJoinsTheProceeds()
    {
        // Remainder 3,000,000; exercised, the strike 1,000,000 joins it: (3,000,000 + 1,000,000) / 2,000,000 = 2.00.
        // Common 2,000,000; options net 1,000,000 × (2.00 − 1.00) = 1,000,000; D 6,618,000; Σ = 9,618,000.
        var r = Model().Solve(9_618_000m);
        Assert.Equal(2.00m, r.CommonPricePerShare);
        Assert.Equal(2_000_000m, r.Class("common").Total);
        Assert.Equal(1_000_000m, r.Options.Single().Total);
        Assert.True(r.Options.Single().Exercised);
        Assert.Equal(6_618_000m, r.Class("D").Total);
    }
}

public class Fourth_4c_InstrumentsOutstanding
{
    [Fact]
    public void AnOptionExpiredBeforeTheAsOfDate_IsLeftOut()
    {
        var b = new Builder().Issue("Founders", "common", 1_000_000).Option("Staff", 1_000_000, 1.00m, expires: new DateOnly(2000, 1, 1));
        Assert.Single(LiquidationModel.From(b.Table(new DateOnly(1999, 12, 31))).Options);
        Assert.Empty(LiquidationModel.From(b.Table(new DateOnly(2000, 1, 2))).Options);
    }

    [Fact]
    public void AWarrantOnPreferred_CountsAsExercisedAndConverted()
    {
        // A warrant over 100,000 Series A at $1.00: 100,000 × 1.00/0.44 = 227,272.7 → 227,272 common equivalent;
        // strike per common share = 1.00 × 100,000 / 227,272 = 0.44000492…
        var m = new Builder().Issue("Founders", "common", 1_000_000).Issue("A holders", "A", 100_000).Option("Bank", 100_000, 1.00m, underlying: "A").Model();
        var w = Assert.Single(m.Options);
        Assert.Equal(227_272, w.Shares);
        Assert.Equal(0.4400m, decimal.Round(w.Strike, 4));
    }
}

public class Fourth_4_Rounding
{
    [Fact]
    public void LargestRemainder_TiesGoByHolderName_WhateverTheInputOrder()
    {
        // $1.00 among three equal holders: 33 cents each, 1 cent left, remainders equal → the first name, "Ann".
        Cell[] cells = [new("Cid", "common", 1m / 3), new("Ann", "common", 1m / 3), new("Bob", "common", 1m / 3)];
        var cents = Distribution.LargestRemainderCents(cells, 100);
        Assert.Equal([33L, 34L, 33L], cents);
        var reversed = Distribution.LargestRemainderCents(cells.Reverse().ToArray(), 100);
        Assert.Equal([33L, 34L, 33L], reversed);
    }

    [Fact]
    public void LargestRemainder_TheLargestFractionsGetTheCents()
    {
        // 0.006 + 0.002 + 0.002 = 0.01: floors 0, 0, 0; one cent left, to the 0.6-cent remainder.
        Cell[] cells = [new("A", "x", 0.002m), new("B", "x", 0.006m), new("C", "x", 0.002m)];
        Assert.Equal([0L, 1L, 0L], Distribution.LargestRemainderCents(cells, 1));
    }
}
