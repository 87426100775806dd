using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using static Charta.Core.Tests.Liquidation.LiquidationFixtures;

namespace Charta.Core.Tests.Liquidation;

/// <summary>
/// FOURTH §6(g)(i) in a liquidation: a converting series receives whole shares at the common price and each holder's
/// fraction in cash at that same price (the current market value of a share, which in a liquidation is what a share
/// receives), out of the same proceeds. The fraction is computed per holder, over everything the holder converts.
/// </summary>
public class Fourth_6g_i_FractionInLiquidation
{
    [Fact]
    public void TheFraction_IsPaidAtTheCommonPrice_NotGivenToEveryoneElse()
    {
        // 10,000 common; 1,000 A (preference 1,000; 1,000 × 1.00 ÷ 0.44 = 2,272 8/11 common). Exit 13,500.
        // A converts (P without it = 12,500 ÷ 10,000 = 1.25 > 0.44). Exactly: P = 13,500 ÷ (10,000 + 2,272 8/11)
        // = 13,500 ÷ 12,272.7272… = 1.10. A: 2,272 whole shares × 1.10 = 2,499.20 plus the fraction 8/11 × 1.10 =
        // 0.80 in cash = 2,500.00; common 11,000.00. (Rounding A down to 2,272 shares would give P = 13,500 ÷ 12,272
        // = 1.100065, A 2,499.35 and common 11,000.65: the fraction's 0.65 moved to the common.)
        var m = new Builder().Issue("Founders", "common", 10_000).Issue("Angel", "A", 1_000).Model();
        var r = m.Solve(13_500m);
        Assert.Equal(1.10m, decimal.Round(r.CommonPricePerShare, 20));
        Assert.Equal(2_500.00m, r.Class("A").Total);
        Assert.Equal(11_000.00m, r.Class("common").Total);
        var f = Assert.Single(r.Fractions);
        Assert.Equal("Angel", f.Holder);
        Assert.Equal(2_272, f.WholeShares);
        Assert.Equal(0.80m, f.Cash);
    }

    [Fact]
    public void TheFraction_IsPerHolder_OverEverySeriesTheHolderConverts()
    {
        // One holder with 1,000 A (2,272 8/11 common) and 500 B (500 × 2.40 ÷ 1.07 = 1,121 53/107); 10,000 common.
        // Both convert at an exit of 63,060: P = 63,060 ÷ (10,000 + 3,393 + 8/11 + 53/107) = 63,060 ÷ 13,394.2226
        // = 4.708 (= 0.44 × 1.07 × 10). Aggregated: 3,393 + 1,439/1,177 = 3,394 262/1,177: 3,394 whole shares
        // (per position it would be 2,272 + 1,121 = 3,393), fraction 262/1,177 × 4.708 = 262 × 0.004 = 1.048 → $1.05.
        // The holder receives A 1,000/0.44 × 4.708 = 10,700.00 plus B 500 × 2.40 × 4.4 = 5,280.00 = 15,980.00.
        var m = new Builder().Issue("Founders", "common", 10_000).Issue("Fund", "A", 1_000).Issue("Fund", "B", 500).Model();
        var r = m.Solve(63_060m);
        Assert.Equal(4.708m, decimal.Round(r.CommonPricePerShare, 20));
        Assert.Equal(15_980.00m, r.Holders.Single(h => h.Holder == "Fund").Total);
        Assert.Equal(47_080.00m, r.Class("common").Total);
        var f = Assert.Single(r.Fractions);
        Assert.Equal(3_394, f.WholeShares);
        Assert.Equal(1.05m, f.Cash);
    }

    [Fact]
    public void AWarrantOverPreferred_ExercisedAndConverted_KeepsItsFraction()
    {
        // A warrant for 1,000 A at $0.50: exercised and converted it gives 1,000 ÷ 0.44 = 2,272 8/11 common for
        // $500, i.e. a strike of 0.50 × 0.44 ÷ 1.00 = 0.22 per common. With 10,000 common and an exit of 13,000:
        // 13,000 = 10,000 P + 2,272 8/11 × (P − 0.22) gives P = (13,000 + 500) ÷ 12,272 8/11 = 1.10;
        // the warrant's spread 2,272 8/11 × 0.88 = 2,000.00, common 11,000.00.
        var m = new Builder().Issue("Founders", "common", 10_000).Option("Lender", 1_000, 0.50m, underlying: "A").Model();
        var r = m.Solve(13_000m);
        Assert.Equal(1.10m, decimal.Round(r.CommonPricePerShare, 20));
        Assert.Equal(2_000.00m, r.Options.Single().Total);
        Assert.Equal(11_000.00m, r.Class("common").Total);
    }

    [Fact]
    public void TheBreakpoint_IsTheConversionPrice_AndTheCurveAgreesWithTheSolve()
    {
        // With the fraction paid, A's threshold is preference ÷ exact as converted = 1,000 ÷ 2,272 8/11 = 0.44, its
        // conversion price: the breakpoint is 1,000 + 10,000 × 0.44 = 5,400.
        var m = new Builder().Issue("Founders", "common", 10_000).Issue("Angel", "A", 1_000).Model();
        var curve = PayoutCurve.Build(m);
        Assert.Contains(curve.Breakpoints, b => b.Exit == 5_400m && b.Event.Contains("converts", StringComparison.Ordinal));
        var atCurve = curve.Evaluate(13_500m);
        Assert.Equal(2_500m, decimal.Round(atCurve[1 + 0], 18));
        Assert.Equal(11_000m, decimal.Round(atCurve[0], 18));
    }
}

/// <summary>
/// Declared and unpaid dividends of a series that converts at a liquidation (FOURTH §4(a)(ii) with §6(a)(i)): owed to
/// the holders of record by default; forfeited by converting under the other reading.
/// </summary>
public class Fourth_4a_ii_DividendsOfAConvertingSeries
{
    // 1,000,000 common; 600,000 D with $0.50 declared and unpaid: preference (11.03 + 0.50) × 600,000 = 6,918,000.
    private static CapTable Table() => WithDeclaredDividends(
        new Builder().Issue("Founders", "common", 1_000_000).Issue("D holders", "D", 600_000).Table(),
        new Dictionary<string, decimal> { ["D"] = 0.50m });

    [Fact]
    public void Owed_ConvertingKeepsTheDeclaredDividend()
    {
        // D converts when it gets more: 300,000 + 600,000 × P > 6,918,000, i.e. P > 11.03. At 19,500,000 the
        // dividend 300,000 is paid and 19,200,000 is shared by 1,600,000 shares: P = 12.00; D 300,000 + 7,200,000.
        var r = LiquidationModel.From(Table(), ConvertedDividends.Owed).Solve(19_500_000m);
        Assert.Equal("convert", r.Class("D").Decision);
        Assert.Equal(12.00m, r.CommonPricePerShare);
        Assert.Equal(7_500_000.00m, r.Class("D").Total);
        Assert.Equal(12_000_000.00m, r.Class("common").Total);
        // The default reading is the same.
        Assert.Equal(7_500_000.00m, LiquidationModel.From(Table()).Solve(19_500_000m).Class("D").Total);
    }

    [Fact]
    public void Forfeited_ConvertingGivesUpTheDividend()
    {
        // Converting gives up all 6,918,000: converts when P > 11.53; at 19,500,000, P = 19,500,000 ÷ 1,600,000 = 12.1875.
        var r = LiquidationModel.From(Table(), ConvertedDividends.Forfeited).Solve(19_500_000m);
        Assert.Equal("convert", r.Class("D").Decision);
        Assert.Equal(7_312_500.00m, r.Class("D").Total);
        Assert.Equal(12_187_500.00m, r.Class("common").Total);
    }

    [Fact]
    public void Owed_TheCurveIsContinuousAtTheConversionPoint()
    {
        // D converts at P = 11.03: exit 6,918,000 + 1,000,000 × 11.03 = 17,948,000; D gets 6,918,000 on both sides.
        var curve = PayoutCurve.Build(LiquidationModel.From(Table(), ConvertedDividends.Owed));
        Assert.Contains(curve.Breakpoints, b => b.Exit == 17_948_000m);
        Assert.Equal(6_918_000m, curve.Evaluate(17_948_000m)[2 + 2]);
    }
}
