using Charta.Core.Conversion;
using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Conversion;

public class Fourth_6a_i_VoluntaryConversion
{
    private static readonly DateOnly Day = new(2001, 1, 10);

    [Fact]
    public void ThousandSeriesA_GiveTwoThousandTwoHundredSeventyTwo_AndCash()
    {
        // 1,000 × 1.00 / 0.44 = 2,272.7272…: 2,272 common, 0.7272… of a share in cash; at a $5.00 market value
        // 0.727272… × 5.00 = 3.636… → $3.64.
        var t = Company.Juniper().Table();
        var q = Conversions.Quote(t, "A holders", Day, [new ConvertedLot("A", 1_000)], 5.00m).Value;
        Assert.Equal(2_272, q.CommonIssued);
        // The fraction is exactly 8/11 (1,000 / 0.44 = 25,000/11 = 2,272 + 8/11), shown to 28 significant digits.
        Assert.Equal(0.7272727272727272727272727273m, q.Fraction);
        Assert.Equal(3.64m, q.CashForFraction);

        var after = Company.Juniper().Add(new PreferredConverted(Day, "A holders", [new ConvertedLot("A", 1_000)], 5.00m)).Table();
        Assert.Equal(2_272, after.SharesHeld("A holders", "common"));
        Assert.Equal(1_099_000, after.SharesHeld("A holders", "A"));
    }

    [Fact]
    public void FractionsAreAggregatedOverTheWholeConversion()
    {
        // 1,000 A → 2,272.7272…; 1,000 B × 2.40 / 1.07 = 2,242.9906…; together 4,515.7178… → 4,515 (lot by lot would be 4,514).
        var t = Company.Juniper().Add(new SharesTransferred(Day, "B holders", "A holders", "B", 1_000)).Table();
        var q = Conversions.Quote(t, "A holders", Day, [new ConvertedLot("A", 1_000), new ConvertedLot("B", 1_000)], 1m).Value;
        Assert.Equal(4_515, q.CommonIssued);
    }

    [Fact]
    public void MoreThanHeld_IsRefused()
    {
        var r = Conversions.Quote(Company.Juniper().Table(), "Newco", Day, [new ConvertedLot("A", 1)], 1m);
        Assert.Equal("shares", r.Refusal!.Field);
    }

    [Fact]
    public void OtherSecurities_TravelWithTheConversion()
    {
        // §6(e)(ii): 0.1 warrant per common distributed; 1,000 A carry 1,000 × 0.1 × 1.00 / 0.44 = 227.27… warrants.
        var t = Company.Juniper().Add(new OtherSecuritiesDistributed(new DateOnly(2000, 6, 1), "Spinco warrants", 0.1m)).Table();
        var q = Conversions.Quote(t, "A holders", Day, [new ConvertedLot("A", 1_000)], 1m).Value;
        Assert.Equal(1000m * (0.1m * 1.00m / 0.44m), q.OtherProperty.Single().Amount);
    }
}
