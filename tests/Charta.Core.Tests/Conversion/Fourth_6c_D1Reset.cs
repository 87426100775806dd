using Charta.Core.Charter;
using Charta.Core.Conversion;
using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Conversion;

public class Fourth_6c_D1Reset
{
    private static readonly ConversionPriceReset Reset = CharterLoader.Default.ConversionPriceResets.Single();

    // OID 2000-03-01. Window 1 ends OID + 180 days: March 30 + April 30 + May 31 + June 30 + July 31 = 152 days to
    // 2000-07-31, + 28 = 2000-08-28. Window 2 ends OID + 12 months = 2001-03-01; window 3 ends OID + 15 months = 2001-06-01.
    [Theory]
    [InlineData("2000-03-01", 85)]   // day 0: the day of the OID itself
    [InlineData("2000-08-28", 85)]   // day 180: "within 180 days" includes it
    [InlineData("2000-08-29", 75)]   // day 181
    [InlineData("2001-03-01", 75)]   // one year to the day
    [InlineData("2001-03-02", 65)]   // the day after one year
    [InlineData("2001-06-01", 65)]   // fifteen months to the day
    [InlineData("2001-06-02", null)] // after fifteen months: no adjustment
    [InlineData("2000-02-29", null)] // before the OID: not "after" it
    public void EachSideOfEachWindowBoundary(string filed, int? percent)
    {
        var r = ConversionPriceResets.Evaluate(Reset, Company.Oid, DateOnly.Parse(filed), 20m);
        Assert.Equal(percent, (int?)r.PercentOfOfferingPrice);
        Assert.Equal(percent is null ? null : 20m * percent / 100m, r.NewPrice);
        Assert.Equal("FOURTH §6(c)", r.Clause);
    }

    [Fact]
    public void TheResetCanRaiseTheD1PriceAboveItsOriginal()
    {
        // Filed on day 100, offering at $34: 85% × 34 = 28.90 > 11.03. §6(c) says "modified to equal", so it rises.
        var t = Company.Juniper()
            .Add(new RegistrationFiled(Company.Oid.AddDays(100)))
            .Add(new PublicOfferingClosed(Company.Oid.AddDays(150), 34m, 68_000_000m)).Table();
        var reset = t.ConversionPriceHistory.Single(h => h.Clause == "FOURTH §6(c)");
        Assert.Equal(11.03m, reset.From);
        Assert.Equal(28.90m, reset.To);
        Assert.Equal(100, reset.Inputs!.DaysAfterOriginalIssueDate);
    }

    [Fact]
    public void AnS8Filing_IsNotQualifying()
    {
        var t = Company.Juniper()
            .Add(new RegistrationFiled(Company.Oid.AddDays(100), "employee-plan"))
            .Add(new PublicOfferingClosed(Company.Oid.AddDays(150), 34m, 68_000_000m)).Table();
        Assert.DoesNotContain(t.ConversionPriceHistory, h => h.Clause == "FOURTH §6(c)");
    }
}
