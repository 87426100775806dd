using Charta.Core.Ledger;

namespace Charta.Core.Tests.AntiDilution;

public class Fourth_6e_OtherEvents
{
    [Fact]
    public void ThreeForOneSplit_ThenADownRound()
    {
        // 3:1 on 2000-06-01 (§6(e)(i)): C 3.97 / 3 = 1.3233333333, D 11.03 / 3 = 3.6766666667 (ten places).
        // A ≈ 30,000,000 (3 × 10,000,000, less a share or two lost to the ten-place prices when rounded down per series).
        // 1,500,000 common at $0.60 (consideration 900,000) on 2000-07-01:
        //   C: (1.3233333333 × 30,000,000 + 900,000) / 31,500,000 = 40,600,000 / 31,500,000 = 1.288888… → 1.29
        //      (pre-split check: (39,700,000 + 900,000) / 10,500,000 = 3.8666… → 3.87, / 3 = 1.29)
        //   D: (110,300,000 + 900,000) / 31,500,000 = 3.530158… → 3.53
        //   B: 1.07 / 3 = 0.3566666667 < 0.60: no adjustment
        var t = Company.Juniper()
            .Add(new StockSplit(new DateOnly(2000, 6, 1), 3, 1))
            .Add(new SharesIssued(new DateOnly(2000, 7, 1), "Newco", "common", 1_500_000, 0.60m)).Table();
        Assert.Equal(1.29m, t.ConversionPrice("C"));
        Assert.Equal(3.53m, t.ConversionPrice("D"));
        Assert.Equal(3.53m, t.ConversionPrice("D1"));
        Assert.Equal(0.3566666667m, t.ConversionPrice("B"));
    }

    [Fact]
    public void Fourth_6e_i_ACombination_LeavesAHolderOfLessThanOneShare_NoPosition()
    {
        // Optionee is issued 1 common share, then the common is combined 1 for 2: ⌊1 × 1/2⌋ = 0 shares, so Optionee has
        // no position left (not one of 0 shares), and the founders' 2,707,000 become 1,353,500: common outstanding
        // 1,353,500 + 0.
        var t = Company.Juniper()
            .Add(new SharesIssued(new DateOnly(2000, 6, 1), "Optionee", "common", 1, 0.60m))
            .Add(new StockSplit(new DateOnly(2000, 7, 1), 1, 2)).Table();
        Assert.False(t.Positions.ContainsKey(("Optionee", "common")));
        Assert.Equal(1_353_500, t.Outstanding("common"));
        Assert.DoesNotContain("Optionee", t.PositionsByHolder().ByHolder.Keys);
    }

    [Fact]
    public void SplitAfterAGrant_MovesTheCapOfTheOriginalDate()
    {
        // Grant at $1.00 (D → 10.12), 2:1 split (D → 5.06), expiry: recomputed 11.03 × (5.06 / 10.12) = 5.515 → 5.52,
        // capped by (D)(i) at the split-adjusted 11.03 / 2 = 5.515 (and (D)(ii) 5.515 → 5.52): 5.515.
        var t = Company.Juniper()
            .Add(new InstrumentGranted(new DateOnly(2000, 6, 1), "W-1", "Optionee", "warrant", "common", 1_000_000, 1.00m, new DateOnly(2005, 6, 1)))
            .Add(new StockSplit(new DateOnly(2000, 7, 1), 2, 1))
            .Add(new InstrumentExpired(new DateOnly(2005, 6, 1), "W-1")).Table();
        Assert.Equal(5.515m, t.ConversionPrice("D"));
    }

    [Fact]
    public void OtherSecuritiesDistributed_RecordsTheEntitlementOnConversion()
    {
        // §6(e)(ii): 0.1 warrant per common share; one A share converts into 1.00 / 0.44 = 2.2727… common → 0.22727… warrants.
        var t = Company.Juniper().Add(new OtherSecuritiesDistributed(new DateOnly(2000, 6, 1), "Spinco warrants", 0.1m)).Table();
        var a = t.ConversionEntitlements.Single(e => e.Series == "A");
        Assert.Equal(0.1m * 1.00m / 0.44m, a.AmountPerPreferredShare);
        Assert.Equal("FOURTH §6(e)(ii)", a.Clause);
        Assert.Equal(11.03m, t.ConversionPrice("D"));
    }

    [Fact]
    public void Reclassification_ChangesTheTargetAndThePrice()
    {
        // §6(e)(iii): each common becomes 2 Class B shares; D converts into 2 Class B per former common: CP 11.03 / 2 = 5.515.
        var t = Company.Juniper().Add(new CommonReclassified(new DateOnly(2000, 6, 1), "Class B Common", 2m)).Table();
        Assert.Equal("Class B Common", t.ConversionTarget!.Class);
        Assert.Equal(5.515m, t.ConversionPrice("D"));
        Assert.Equal("FOURTH §6(e)(iii)", t.ConversionPriceHistory[0].Clause);
    }
}
