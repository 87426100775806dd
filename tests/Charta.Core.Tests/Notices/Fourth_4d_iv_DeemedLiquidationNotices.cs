using Charta.Core.Charter;
using Charta.Core.Notices;

namespace Charta.Core.Tests.Notices;

public class Fourth_4d_iv_DeemedLiquidationNotices
{
    private static readonly CharterDocument Juniper = CharterLoader.Default;
    private static readonly DateOnly Closing = new(2026, 3, 20);

    [Fact]
    public void FirstNotice_TenDaysBeforeTheEarlierOfMeetingAndClosing()
    {
        // Meeting 2026-03-15 is earlier than the closing: notice due by 2026-03-05 (15 − 10).
        var onTime = DeemedLiquidationNotices.Check(Juniper, Closing, new DateOnly(2026, 3, 15), new DateOnly(2026, 3, 5), [], false).Value;
        Assert.Equal(new DateOnly(2026, 3, 5), onTime.Checks[0].Required);
        Assert.True(onTime.Complies);
        var late = DeemedLiquidationNotices.Check(Juniper, Closing, new DateOnly(2026, 3, 15), new DateOnly(2026, 3, 6), [], false).Value;
        Assert.False(late.Checks[0].Met);
        Assert.False(late.Complies);
    }

    [Fact]
    public void Closing_NoSoonerThanTenDaysAfterTheFirstNotice()
    {
        // No meeting: notice 2026-03-10 is 10 days before the 20th (on time) and the closing is exactly 10 days after.
        Assert.True(DeemedLiquidationNotices.Check(Juniper, Closing, null, new DateOnly(2026, 3, 10), [], false).Value.Complies);
        var r = DeemedLiquidationNotices.Check(Juniper, Closing, null, new DateOnly(2026, 3, 11), [], false).Value;
        Assert.False(r.Checks[1].Met);
        Assert.Equal(new DateOnly(2026, 3, 21), r.Checks[1].Required); // 11 + 10
    }

    [Fact]
    public void Closing_NoSoonerThanTwoDaysAfterAMaterialChange()
    {
        // Change notice 2026-03-19: the closing must wait until 2026-03-21.
        var r = DeemedLiquidationNotices.Check(Juniper, Closing, null, new DateOnly(2026, 3, 1), [new DateOnly(2026, 3, 19)], false).Value;
        Assert.False(r.Complies);
        Assert.Equal(new DateOnly(2026, 3, 21), r.Checks[^1].Required);
        Assert.True(DeemedLiquidationNotices.Check(Juniper, Closing, null, new DateOnly(2026, 3, 1), [new DateOnly(2026, 3, 18)], false).Value.Complies);
    }

    [Fact]
    public void ConsentOfAMajorityOfThePreferredVotingPower_ShortensThePeriods()
    {
        var r = DeemedLiquidationNotices.Check(Juniper, Closing, null, new DateOnly(2026, 3, 15), [new DateOnly(2026, 3, 19)], shortenedByConsent: true).Value;
        Assert.True(r.Complies);
        Assert.All(r.Checks, c => Assert.True(c.Shortened));
    }

    [Fact]
    public void NoFirstNotice_NeverComplies_EvenWithConsent()
    {
        Assert.False(DeemedLiquidationNotices.Check(Juniper, Closing, null, null, [], shortenedByConsent: true).Value.Complies);
    }
}
