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

    [Fact]
    public void Fourth_6b_AConversionDatedTheIssueDate_IsRefused_TheNextDayIsAllowed()
    {
        // §6(a)(i): convertible "at any time after the date of issuance of such share". 10,000 more A issued to
        // "A holders" on 2001-01-10 (they already hold 1,100,000 from 2000-01-03): that day only 1,100,000 convert.
        var issued = Company.Juniper().Add(new SharesIssued(Day, "A holders", "A", 10_000, 1.00m));
        var refused = issued.Add(new PreferredConverted(Day, "A holders", [new ConvertedLot("A", 1_100_001)], 1m)).TryTable();
        Assert.False(refused.IsOk);
        Assert.Equal("date", refused.Refusal!.Field);
        Assert.Equal("FOURTH §6(a)(i)", refused.Refusal.Clause!.Value.Citation);   // the charter's own clause (conversion.optional)
        Assert.Contains("after the date of its issuance", refused.Refusal.Reason);

        // The shares held before that day convert on it: 1,100,000 × 1.00 / 0.44 = 2,500,000 common.
        var sameDay = Company.Juniper().Add(new SharesIssued(Day, "A holders", "A", 10_000, 1.00m))
            .Add(new PreferredConverted(Day, "A holders", [new ConvertedLot("A", 1_100_000)], 1m)).Table();
        Assert.Equal(2_500_000, sameDay.SharesHeld("A holders", "common"));

        // The next day all 1,110,000 convert: 1,110,000 / 0.44 = 2,522,727.27… → 2,522,727.
        var nextDay = Company.Juniper().Add(new SharesIssued(Day, "A holders", "A", 10_000, 1.00m))
            .Add(new PreferredConverted(Day.AddDays(1), "A holders", [new ConvertedLot("A", 1_110_000)], 1m)).Table();
        Assert.Equal(2_522_727, nextDay.SharesHeld("A holders", "common"));
    }

    [Fact]
    public void Fourth_6b_ACharterSilentOnWhen_AllowsTheIssueDate()
    {
        // A charter whose optional conversion states no "from" (e.g. "at any time") invents no restriction.
        var json = Charta.Core.Charter.CharterLoader.EmbeddedText(Charta.Core.Charter.CharterLoader.DefaultCharterId)
            .Replace("\"from\": \"after-issue-date\",", "", StringComparison.Ordinal);
        Assert.DoesNotContain("after-issue-date", json);
        var d0 = new DateOnly(2000, 1, 1);
        var t = Fold.TryReplay(new LedgerEvent[]
        {
            new CompanyCreated(d0, "silent", json, d0), new StakeholderAdded(d0, "H"),
            new SharesIssued(Day, "H", "A", 1_000, 1.00m),
            new PreferredConverted(Day, "H", [new ConvertedLot("A", 1_000)], 1m),
        }.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)));
        Assert.True(t.IsOk, t.Refusal?.ToString());
        Assert.Equal(2_272, t.Value.SharesHeld("H", "common"));   // 1,000 / 0.44 = 2,272.72…
    }
}
