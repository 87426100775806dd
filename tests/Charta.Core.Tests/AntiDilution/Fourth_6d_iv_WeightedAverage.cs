using Charta.Core.Ledger;

namespace Charta.Core.Tests.AntiDilution;

public class Fourth_6d_iv_WeightedAverage
{
    private static readonly DateOnly June = new(2000, 6, 1);

    [Fact]
    public void TheTestCompanyHasTenMillionFullyDiluted_AndTheCharterPrices()
    {
        var t = Company.Juniper().Table();
        Assert.Equal(10_000_000, t.FullyDilutedTotal());
        Assert.Equal([0.44m, 1.07m, 3.97m, 11.03m, 11.03m], new[] { "A", "B", "C", "D", "D1" }.Select(t.ConversionPrice));
        Assert.Equal(Company.Oid, t.OriginalIssueDate);
    }

    [Fact]
    public void DownRoundAtTwoDollars_AdjustsCDAndD1_NotAOrB()
    {
        // 500,000 common at $2.00: consideration 1,000,000; A = 10,000,000; C = 500,000.
        // New CP = CP × (A + consideration/CP) / (A + C) = (CP × A + consideration) / (A + C)
        //   C:  (3.97 × 10,000,000 + 1,000,000) / 10,500,000 = 40,700,000 / 10,500,000 = 3.876190… → 3.88
        //   D:  (11.03 × 10,000,000 + 1,000,000) / 10,500,000 = 111,300,000 / 10,500,000 = 10.60
        //   A (0.44) and B (1.07) are below $2.00: no adjustment (§6(d)(ii)).
        var t = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", 500_000, 2.00m)).Table();
        Assert.Equal(0.44m, t.ConversionPrice("A"));
        Assert.Equal(1.07m, t.ConversionPrice("B"));
        Assert.Equal(3.88m, t.ConversionPrice("C"));
        Assert.Equal(10.60m, t.ConversionPrice("D"));
        Assert.Equal(10.60m, t.ConversionPrice("D1"));

        var c = Assert.Single(t.ConversionPriceHistory, h => h.Series == "C");
        Assert.Equal("FOURTH §6(d)(iv)", c.Clause);
        Assert.Equal(10_000_000m, c.Inputs!.A);
        Assert.Equal(500_000m, c.Inputs.C);
        Assert.Equal(1_000_000m / 3.97m, c.Inputs.B);
        Assert.Equal(3.97m, c.From);
    }

    [Fact]
    public void DownRoundBelowEveryPrice_AdjustsAllFive()
    {
        // 1,000,000 common at $0.40: consideration 400,000; A + C = 11,000,000.
        //   A: (0.44 × 10,000,000 + 400,000) / 11,000,000 = 4,800,000 / 11,000,000 = 0.436363… → 0.44 (rounds back to 0.44)
        //   B: (10,700,000 + 400,000) / 11,000,000 = 1.009090… → 1.01
        //   C: (39,700,000 + 400,000) / 11,000,000 = 3.645454… → 3.65
        //   D: (110,300,000 + 400,000) / 11,000,000 = 10.063636… → 10.06
        var t = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", 1_000_000, 0.40m)).Table();
        Assert.Equal(0.44m, t.ConversionPrice("A"));
        Assert.Equal(1.01m, t.ConversionPrice("B"));
        Assert.Equal(3.65m, t.ConversionPrice("C"));
        Assert.Equal(10.06m, t.ConversionPrice("D"));
        Assert.Equal(10.06m, t.ConversionPrice("D1"));
        Assert.DoesNotContain(t.ConversionPriceHistory, h => h.Series == "A");   // rounding to the cent left A where it was
    }

    [Fact]
    public void HalfACent_RoundsUp_NotToEven()
    {
        // 500,000 common at $2.105: consideration 1,052,500.
        //   D: (110,300,000 + 1,052,500) / 10,500,000 = 111,352,500 / 10,500,000 = 10.605 exactly → 10.61 (banker's would give 10.60)
        //   C: (39,700,000 + 1,052,500) / 10,500,000 = 3.881190… → 3.88
        var t = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", 500_000, 2.105m)).Table();
        Assert.Equal(10.61m, t.ConversionPrice("D"));
        Assert.Equal(10.61m, t.ConversionPrice("D1"));
        Assert.Equal(3.88m, t.ConversionPrice("C"));
        Assert.Equal(10.605m, t.ConversionPriceHistory.Single(h => h.Series == "D").Inputs!.Unrounded);
    }

    [Fact]
    public void IssueAtExactlyTheConversionPrice_DoesNotAdjustThatSeries()
    {
        // $3.97 is not "less than" C's 3.97 (§6(d)(ii)); it is below D's and D1's 11.03:
        //   D: (110,300,000 + 500,000 × 3.97) / 10,500,000 = 112,285,000 / 10,500,000 = 10.693809… → 10.69
        var t = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", 500_000, 3.97m)).Table();
        Assert.Equal(3.97m, t.ConversionPrice("C"));
        Assert.Equal(10.69m, t.ConversionPrice("D"));

        var flat = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", 500_000, 11.03m)).Table();
        Assert.Empty(flat.ConversionPriceHistory);
    }

    [Fact]
    public void IssuesOnOrBeforeTheOriginalIssueDate_AreNotAdditionalShares()
    {
        // §6(d)(i)(D): "issued … after the Original Issue Date"; the same day is not after it.
        var t = Company.Juniper().Add(new SharesIssued(Company.Oid, "Newco", "common", 500_000, 0.01m)).Table();
        Assert.Empty(t.ConversionPriceHistory);
    }

    [Fact]
    public void PreferredIssuedAfterTheOid_IsNotCommon_AndDoesNotAdjust()
    {
        // §6(d)(i)(C) leaves the Preferred Stock out of "Convertible Securities"; a later D1 closing below other prices adjusts nothing.
        var t = Company.Juniper().Add(new SharesIssued(June, "D1 holders", "D1", 100_000, 1.00m)).Table();
        Assert.Empty(t.ConversionPriceHistory);
    }

    [Fact]
    public void PropertyConsideration_IsValuedAtTheBoardsFairValue()
    {
        // §6(d)(v)(A)(2): the price per share of a property issue is the Board's fair value; same arithmetic as cash at $2.00.
        var t = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", 500_000, 2.00m, "property")).Table();
        Assert.Equal(10.60m, t.ConversionPrice("D"));
    }

    [Fact]
    public void MixedConsideration_UsesTheBoardsAllocation()
    {
        // §6(d)(v)(A)(3): 500,000 common with warrants for $1,500,000; the Board allocates $1,000,000 to the common:
        // the same as 500,000 at $2.00: D → 10.60, C → 3.88.
        var t = Company.Juniper().Add(new SharesIssuedForMixedConsideration(June, "Newco", 500_000, 1_500_000m, 1_000_000m, "warrants", "Board resolution 2000-05-30")).Table();
        Assert.Equal(10.60m, t.ConversionPrice("D"));
        Assert.Equal(3.88m, t.ConversionPrice("C"));
        Assert.Equal(500_000, t.SharesHeld("Newco", "common"));

        var r = Company.Juniper().Add(new SharesIssuedForMixedConsideration(June, "Newco", 500_000, 1_500_000m, 1_000_000m, "warrants", " ")).TryTable();
        Assert.Equal("FOURTH §6(d)(v)(A)(3)", r.Refusal!.Clause?.Citation);
    }

    [Fact]
    public void ABackDatedD1Issuance_MovesTheOriginalIssueDate_AndRefolds()
    {
        // A first D1 share recorded later but dated 2000-01-15 moves the OID before a common issue on 2000-02-01, which then adjusts.
        var before = Company.Juniper().Add(new SharesIssued(new DateOnly(2000, 2, 1), "Newco", "common", 500_000, 2.00m)).Table();
        Assert.Empty(before.ConversionPriceHistory);
        var after = Company.Juniper().Add(new SharesIssued(new DateOnly(2000, 2, 1), "Newco", "common", 500_000, 2.00m))
            .Add(new SharesIssued(new DateOnly(2000, 1, 15), "D1 holders", "D1", 1, 11.03m)).Table();
        Assert.Equal(new DateOnly(2000, 1, 15), after.OriginalIssueDate);
        Assert.NotEmpty(after.ConversionPriceHistory);
    }

    [Fact]
    public void ABackDatedIssue_RefoldsLaterAdjustments()
    {
        // Two issues: $2.00 on 2000-06-01 then $2.00 on 2000-07-01, recorded in reverse order.
        // First (June): D → 10.60 (above). Second (July): A = 10,500,000 (common now 3,207,000; D and D1 as converted at 10.60:
        //   500,000 × 11.03 / 10.60 = 520,283.0… → 520,283; 1,000,000 × 11.03 / 10.60 = 1,040,566.0… → 1,040,566; C at 3.88:
        //   397,000 × 8.93 / 3.88 = 3,545,210 / 3.88 = 913,713.9… → 913,713) = 3,207,000 + 2,500,000 + 2,400,000 + 913,713 + 520,283 + 1,040,566 = 10,581,562.
        //   D: (10.60 × 10,581,562 + 1,000,000) / 11,081,562 = 113,164,557.2 / 11,081,562 = 10.2119… → 10.21
        var c = Company.Juniper()
            .Add(new SharesIssued(new DateOnly(2000, 7, 1), "Newco", "common", 500_000, 2.00m))
            .Add(new SharesIssued(June, "Newco", "common", 500_000, 2.00m));
        var t = c.Table();
        Assert.Equal(10.21m, t.ConversionPrice("D"));
        Assert.Equal([10.60m, 10.21m], t.ConversionPriceHistory.Where(h => h.Series == "D").Select(h => h.To));
        Assert.Equal(10_581_562m, t.ConversionPriceHistory.Last(h => h.Series == "D").Inputs!.A);
    }
}
