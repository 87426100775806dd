using Charta.Core.Charter;
using Charta.Core.Notices;

namespace Charta.Core.Tests.Notices;

/// <summary>
/// FOURTH §6(h): the record-date notice specifies the record date and "the amount and character of such dividend,
/// distribution or right", mailed at least 10 days before the record date; §6(j): mailed notice is deemed given 3 days
/// after deposit.
/// </summary>
public class Fourth_6h_NoticeDocument
{
    private static readonly DateOnly Record = new(1999, 6, 10);

    private static RecordDateNoticeDocument Prepare(DateOnly? mailed, params LedgerDistribution[] ledger) =>
        RecordDateNoticeDocuments.Prepare(CharterLoader.Default, Record, "non-cash-dividend", "a dividend in common stock",
            "one share of Common Stock for every ten held", null, mailed, ledger).Value;

    [Fact]
    public void MailedOnTheLastDay_IsInTime()
    {
        // 1999-06-10 − 10 − 3 = 1999-05-28; deemed given 05-31, exactly 10 days before the record date.
        var d = Prepare(new DateOnly(1999, 5, 28));
        Assert.True(d.Timely);
        Assert.Equal(new DateOnly(1999, 5, 31), d.DeemedGiven);
        Assert.Equal("one share of Common Stock for every ten held", d.AmountAndCharacter);
        Assert.Empty(d.Flags);
    }

    [Fact]
    public void MailedADayLate_ItsOwnDistributionIsFlagged()
    {
        // Mailed 05-29, deemed given 06-01: 9 days before the record date.
        var d = Prepare(new DateOnly(1999, 5, 29), new LedgerDistribution(7, Record, "non-cash-dividend", "dividend DIV-1"));
        Assert.False(d.Timely);
        var f = Assert.Single(d.Flags);
        Assert.Equal(7, f.EventSequence);
        Assert.Contains("less than 10 days", f.Reason);
    }

    [Fact]
    public void ADistributionRecordedInsideTheNoticePeriod_IsFlagged_OneOutsideIsNot()
    {
        // Period 05-28 .. 06-10: a distribution with record date 06-05 is inside (its own notice was due by
        // 06-05 − 13 = 05-23); one on 05-20 is before it.
        var d = Prepare(null,
            new LedgerDistribution(5, new DateOnly(1999, 5, 20), "distribution", "warrants"),
            new LedgerDistribution(6, new DateOnly(1999, 6, 5), "distribution", "rights"));
        var f = Assert.Single(d.Flags);
        Assert.Equal(6, f.EventSequence);
        Assert.Contains("mailed by 1999-05-23", f.Reason);
    }

    [Fact]
    public void ACharterSilentOnRecordDateNotices_IsRefused_NotGivenJunipersTenDays()
    {
        var silent = CharterLoader.Default with { Notices = null };
        var r = RecordDateNoticeDocuments.Prepare(silent, Record, "distribution", "x", "y", null, null, []);
        Assert.False(r.IsOk);
        Assert.Contains("notices.recordDate", r.Refusal!.Reason);
    }

    [Fact]
    public void TheAmountAndCharacter_AreRequired()
    {
        var r = RecordDateNoticeDocuments.Prepare(CharterLoader.Default, Record, "distribution", "a distribution", " ", null, null, []);
        Assert.Equal("--amount", r.Refusal!.Field);
    }
}
