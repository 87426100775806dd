using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Tests.Redemption;

/// <summary>
/// Issue 12, item 2 (redemption rights, where a charter grants them), on the embedded nvca-2020-style charter: the
/// Series Seed and Series A Preferred are redeemable at the holder's option on or after the fifth anniversary of the
/// Series A Original Issue Date (Part B §6.1), at the Original Issue Price plus dividends declared but unpaid and accrued
/// but unpaid, in three annual instalments, the first 60 days after the request (§6.2); redeemed shares are cancelled
/// and not reissued (§7). Every figure is worked by hand in the comment above it.
/// </summary>
public sealed class Part_B_6_RedemptionAtTheHoldersOption
{
    private static readonly DateOnly D0 = new(2020, 1, 1);
    private static readonly DateOnly SeriesAOid = new(2020, 3, 1);

    /// <summary>
    /// 5,000,000 common; 1,000,000 Seed at $1.00 on 2020-01-01; 1,000,000 A at $2.00 on 2020-03-01 (A's Original Issue
    /// Date; its 8% = $0.16 a share accrues daily, compounding annually).
    /// </summary>
    private static List<LedgerEvent> Company(string? charterJson = null)
    {
        var json = charterJson ?? CharterLoader.EmbeddedText("nvca-2020-style");
        return
        [
            new CompanyCreated(D0, "nvca-2020-style", json, D0),
            new StakeholderAdded(D0, "Founders"), new StakeholderAdded(D0, "Seed Fund"), new StakeholderAdded(D0, "Fund A"),
            new SharesIssued(D0, "Founders", "common", 5_000_000, 0.0001m),
            new SharesIssued(D0, "Seed Fund", "Seed", 1_000_000, 1.00m),
            new SharesIssued(SeriesAOid, "Fund A", "A", 1_000_000, 2.00m),
        ];
    }

    private static Result<CapTable> Try(IEnumerable<LedgerEvent> events, DateOnly? asOf = null) =>
        Fold.TryReplay(events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)), asOf);

    private static CapTable Table(IEnumerable<LedgerEvent> events, DateOnly? asOf = null)
    {
        var r = Try(events, asOf);
        Assert.True(r.IsOk, r.Refusal?.ToString());
        return r.Value;
    }

    [Fact]
    public void Part_B_6_1_ARequestBeforeTheFifthAnniversaryOfTheOriginalIssueDate_IsRefused_CitingTheCharter()
    {
        // 2020-03-01 + 5 years = 2025-03-01: a request the day before is refused.
        var e = Company();
        e.Add(new RedemptionRequested(new DateOnly(2025, 2, 28), "RED-1", "Fund A", "A", 900_000));
        var r = Try(e);
        Assert.False(r.IsOk);
        Assert.Equal("date", r.Refusal!.Field);
        Assert.Contains("2025-03-01", r.Refusal.Reason);
        Assert.Equal("Article Fourth, Part B §6.1", r.Refusal.Clause!.ToString());
        // On the anniversary itself it is accepted.
        e[^1] = new RedemptionRequested(new DateOnly(2025, 3, 1), "RED-1", "Fund A", "A", 900_000);
        Assert.True(Try(e).IsOk);
    }

    [Fact]
    public void Part_B_6_1_ACharterThatGrantsNoRedemption_RefusesTheRequest()
    {
        // Juniper FOURTH §5: "The Preferred Stock shall not be redeemable."
        var c = Tests.AntiDilution.Company.Juniper().Add(new RedemptionRequested(new DateOnly(2010, 1, 1), "RED-1", "A holders", "A", 1_000));
        var r = c.TryTable();
        Assert.False(r.IsOk);
        Assert.Equal("FOURTH §5", r.Refusal!.Clause!.ToString());
    }

    [Fact]
    public void Part_B_6_2_ThreeAnnualInstalments_AtTheOriginalIssuePricePlusAccruedDividends_ToTheCent()
    {
        var e = Company();
        e.Add(new RedemptionRequested(new DateOnly(2025, 3, 1), "RED-1", "Fund A", "A", 900_000));
        // First Redemption Date: 2025-03-01 + 60 days = 2025-04-30 (30 days to 03-31, 30 more); then 2026-04-30, 2027-04-30.
        var requested = Table(e).Redemptions["RED-1"];
        Assert.Equal(new DateOnly(2025, 4, 30), requested.FirstRedemptionDate);
        Assert.Equal(new DateOnly(2027, 4, 30), Core.Redemption.RedemptionRules.ScheduledDate(requested, 3));

        // Not before its Redemption Date.
        var early = Try([.. e, new RedemptionInstalmentPaid(new DateOnly(2025, 4, 29), "RED-1")]);
        Assert.False(early.IsOk);
        Assert.Equal("Article Fourth, Part B §6.2", early.Refusal!.Clause!.ToString());

        // Instalment 1 on 2025-04-30: 900,000 / 3 = 300,000 shares. Accrued per A share from 2020-03-01: five anniversaries
        // (2021…2025-03-01), then 60 days: 2 × (1.08⁵ × (1 + 0.08 × 60 / 365) − 1) = 2 × (1.4693280768 × 1.0131506849… − 1)
        // = 0.9773014947980… a share; × 300,000 = 293,190.4484… → $293,190.45. Principal 300,000 × $2.00 = $600,000.00.
        // Redemption Price: $893,190.45.
        e.Add(new RedemptionInstalmentPaid(new DateOnly(2025, 4, 30), "RED-1"));
        var t1 = Table(e, new DateOnly(2025, 4, 30));
        var i1 = t1.Redemptions["RED-1"].Paid[0];
        Assert.Equal((300_000L, 600_000.00m, 0m, 293_190.45m, 893_190.45m), (i1.Shares, i1.Quote.Principal, i1.Quote.DeclaredUnpaid, i1.Quote.AccruedUnpaid, i1.Quote.Amount));
        Assert.Equal("Article Fourth, Part B §6.1", i1.Quote.Clause);
        // The redeemed shares leave the series; the unredeemed instalments remain outstanding preferred and keep accruing:
        // 700,000 × 0.9773014947980… = 684,111.0463… → $684,111.05.
        Assert.Equal(700_000, t1.Outstanding("A"));
        Assert.Equal(700_000, t1.Positions[("Fund A", "A")]);
        Assert.Equal(684_111.05m, t1.Accrued("A")!.AccruedUnpaid);

        // Instalment 2 on 2026-04-30: 600,000 left / 2 dates = 300,000. Six anniversaries, then 60 days:
        // 2 × (1.586874322944 × 1.0131506849… − 1) = 1.2154856143818… a share; × 300,000 = 364,645.684… → $364,645.68;
        // + $600,000.00 = $964,645.68.
        e.Add(new RedemptionInstalmentPaid(new DateOnly(2026, 4, 30), "RED-1"));
        var i2 = Table(e).Redemptions["RED-1"].Paid[1];
        Assert.Equal((300_000L, 364_645.68m, 964_645.68m), (i2.Shares, i2.Quote.AccruedUnpaid, i2.Quote.Amount));

        // Instalment 3 (late, 2027-05-10, paid after its date): the last 300,000; a fourth is refused.
        e.Add(new RedemptionInstalmentPaid(new DateOnly(2027, 5, 10), "RED-1"));
        var t3 = Table(e);
        Assert.Equal(900_000, t3.Redemptions["RED-1"].Redeemed);
        Assert.Equal(100_000, t3.Positions[("Fund A", "A")]);
        Assert.False(Try([.. e, new RedemptionInstalmentPaid(new DateOnly(2028, 5, 1), "RED-1")]).IsOk);
    }

    [Fact]
    public void Part_B_6_1_TheSeedPrice_IsTheOriginalIssuePricePlusDividendsDeclaredButUnpaid()
    {
        // A cash dividend of $240,000 declared 2025-01-15 and unpaid: the full preferential amount is Seed 1,000,000 ×
        // $0.08 + A 1,000,000 × $0.16 = $240,000, so $0.08 is declared and unpaid on each Seed share.
        var e = Company();
        e.Add(new DividendDeclared(new DateOnly(2025, 1, 15), "DIV-1", "cash", 240_000m));
        e.Add(new RedemptionRequested(new DateOnly(2025, 3, 1), "RED-S", "Seed Fund", "Seed", 600_000));
        e.Add(new RedemptionInstalmentPaid(new DateOnly(2025, 4, 30), "RED-S"));
        // 600,000 / 3 = 200,000 shares × ($1.00 + $0.08) = $200,000.00 + $16,000.00 = $216,000.00 (Seed is not
        // cumulative: nothing accrues).
        var i = Table(e).Redemptions["RED-S"].Paid[0];
        Assert.Equal((200_000L, 200_000.00m, 16_000.00m, 0m, 216_000.00m), (i.Shares, i.Quote.Principal, i.Quote.DeclaredUnpaid, i.Quote.AccruedUnpaid, i.Quote.Amount));
    }

    [Fact]
    public void Part_B_6_1_AHolderCannotRequestMoreThanItHoldsOutsideItsOpenRequests()
    {
        var e = Company();
        e.Add(new RedemptionRequested(new DateOnly(2025, 3, 1), "RED-1", "Fund A", "A", 900_000));
        // 1,000,000 held − 900,000 under RED-1 = 100,000 free: 100,001 more is refused.
        var r = Try([.. e, new RedemptionRequested(new DateOnly(2025, 3, 2), "RED-2", "Fund A", "A", 100_001)]);
        Assert.False(r.IsOk);
        Assert.Contains("900,000 of them already under an open redemption request", r.Refusal!.Reason);
        Assert.True(Try([.. e, new RedemptionRequested(new DateOnly(2025, 3, 2), "RED-2", "Fund A", "A", 100_000)]).IsOk);
    }

    [Fact]
    public void Part_B_7_RedeemedSharesAreRetired_UnlessTheCharterMakesThemReissuable()
    {
        // A's fixed number is 5,000,000. After 300,000 are redeemed, 700,000 are outstanding and 300,000 retired:
        // 4,000,000 more can be issued, 4,000,001 cannot (700,000 + 300,000 + 4,000,001 = 5,000,001).
        List<LedgerEvent> Redeemed(string? json = null)
        {
            var e = Company(json);
            e.Add(new RedemptionRequested(new DateOnly(2025, 3, 1), "RED-1", "Fund A", "A", 900_000));
            e.Add(new RedemptionInstalmentPaid(new DateOnly(2025, 4, 30), "RED-1"));
            return e;
        }

        var later = new DateOnly(2025, 6, 1);
        Assert.True(Try([.. Redeemed(), new SharesIssued(later, "Fund A", "A", 4_000_000, 2.00m)]).IsOk);
        var over = Try([.. Redeemed(), new SharesIssued(later, "Fund A", "A", 4_000_001, 2.00m)]);
        Assert.False(over.IsOk);
        Assert.Contains("redeemed shares are cancelled and not reissuable", over.Refusal!.Reason);

        // Reissuable (the term flipped): the 300,000 return to authorized but unissued A, so 4,300,000 fit.
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("nvca-2020-style"))!.AsObject();
        doc["redemption"]!["redeemedSharesReissuable"]!["value"] = true;
        Assert.True(Try([.. Redeemed(doc.ToJsonString()), new SharesIssued(later, "Fund A", "A", 4_300_000, 2.00m)]).IsOk);
    }

    [Fact]
    public void Part_B_1_1_EachHoldersSharesAccrueFromTheirOwnIssueDate_AndItsRedemptionIsPricedOnThem()
    {
        // Fund A: 1,000,000 A issued 2020-03-01; Late Fund: 500,000 A issued 2022-03-01.
        var e = Company();
        e.Add(new StakeholderAdded(D0, "Late Fund"));
        e.Add(new SharesIssued(new DateOnly(2022, 3, 1), "Late Fund", "A", 500_000, 2.00m));
        // As of 2025-03-01 (anniversaries only, no odd days): Fund A 1,000,000 × 2 × (1.08⁵ − 1) = 1,000,000 × 0.9386561536
        // = $938,656.15; Late Fund 500,000 × 2 × (1.08³ − 1) = 500,000 × 0.519424 = $259,712.00; the series
        // 1,198,368.1536 → $1,198,368.15 (not shared pro rata: Late Fund's third would be $399,456.05).
        var t = Table(e, new DateOnly(2025, 3, 1));
        Assert.Equal(938_656.15m, t.AccruedFor("A", "Fund A")!.AccruedUnpaid);
        Assert.Equal(259_712.00m, t.AccruedFor("A", "Late Fund")!.AccruedUnpaid);
        Assert.Equal(1_198_368.15m, t.Accrued("A")!.AccruedUnpaid);

        // Late Fund requires 300,000 redeemed on 2025-03-01; instalment 1 on 2025-04-30 is 100,000 of its own shares,
        // issued 2022-03-01: three anniversaries, then 60 days: 2 × (1.259712 × (1 + 0.08 × 60 / 365) − 1)
        // = 2 × (1.2762780756… − 1) = 0.5525561512… a share; × 100,000 = 55,255.615… → $55,255.62 (the series' oldest
        // shares, Fund A's, would have given 97,730.15). + 100,000 × $2.00 = $255,255.62.
        e.Add(new RedemptionRequested(new DateOnly(2025, 3, 1), "RED-L", "Late Fund", "A", 300_000));
        e.Add(new RedemptionInstalmentPaid(new DateOnly(2025, 4, 30), "RED-L"));
        var after = Table(e, new DateOnly(2025, 4, 30));
        var i = after.Redemptions["RED-L"].Paid[0];
        Assert.Equal((100_000L, 55_255.62m, 255_255.62m), (i.Shares, i.Quote.AccruedUnpaid, i.Quote.Amount));
        // Fund A's lots are untouched: 1,000,000 × 0.9773014947980… (see the three-instalment case) = $977,301.49.
        Assert.Equal(977_301.49m, after.AccruedFor("A", "Fund A")!.AccruedUnpaid);
    }

    [Fact]
    public void Part_B_1_1_ATransferCarriesTheSharesIssueDates()
    {
        // Fund A transfers 200,000 A (issued 2020-03-01) to Late Fund on 2023-01-01. As of 2025-03-01 Late Fund's
        // 200,000 have accrued from 2020-03-01: 200,000 × 0.9386561536 = $187,731.23; Fund A's 800,000: $750,924.92;
        // the series is unchanged: 1,000,000 × 0.9386561536 = $938,656.15.
        var e = Company();
        e.Add(new StakeholderAdded(D0, "Late Fund"));
        e.Add(new SharesTransferred(new DateOnly(2023, 1, 1), "Fund A", "Late Fund", "A", 200_000));
        var t = Table(e, new DateOnly(2025, 3, 1));
        Assert.Equal(187_731.23m, t.AccruedFor("A", "Late Fund")!.AccruedUnpaid);
        Assert.Equal(750_924.92m, t.AccruedFor("A", "Fund A")!.AccruedUnpaid);
        Assert.Equal(938_656.15m, t.Accrued("A")!.AccruedUnpaid);
    }
}
