using Charta.Core.Charter;
using Charta.Core.Notices;

namespace Charta.Core.Tests.Conversion;

public class Fourth_6h_RecordDateNotices
{
    [Fact]
    public void MailThirteenDaysBeforeTheRecordDate()
    {
        // Record date 2000-06-20: notice deemed given by 2000-06-10 (10 days before, §6(h)); mail is deemed given
        // 3 days after deposit (§6(j)), so deposit by 2000-06-07.
        var n = RecordDateNotices.For(CharterLoader.Default, new DateOnly(2000, 6, 20)).Value;
        Assert.Equal(new DateOnly(2000, 6, 10), n.LatestDeemedGiven);
        Assert.Equal(new DateOnly(2000, 6, 7), n.LastMailingDay);
        Assert.True(n.Required);
        Assert.Equal("FOURTH §6(h)", n.Clause);
        Assert.Equal("FOURTH §6(j)", n.MailingClause);
    }

    [Fact]
    public void ACashDividend_NeedsNoNotice()
    {
        Assert.False(RecordDateNotices.For(CharterLoader.Default, new DateOnly(2000, 6, 20), "cash-dividend").Value.Required);
    }
}
