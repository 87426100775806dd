using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Tests.Dividends;

/// <summary>
/// Issue 12 (dividends): a cumulative dividend paid in kind (<c>series[i].dividend.inKind</c>). The Juniper charter with
/// Series B made cumulative at $0.192 a share a year (8% of its $2.40 Original Issue Price), annual, simple, paid in
/// kind ("FOURTH §3 (in kind)"). Every figure is worked by hand in the comment above it.
/// </summary>
public sealed class Fourth_3_PaidInKind
{
    private static readonly DateOnly Issue = new(2020, 1, 1);
    private static readonly DateOnly Paid = new(2021, 1, 1);
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    internal static string Charter(string fractions = "round-down-pay-cash")
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        doc["series"]![1]!["dividend"] = JsonNode.Parse($$"""
            { "ratePerShare": 0.192, "kind": "cumulative", "clause": "FOURTH §3",
              "accrual": { "basis": "annual", "compounding": "simple", "from": "issue-date", "clause": "FOURTH §3 (accrual)" },
              "inKind": { "fractions": "{{fractions}}", "clause": "FOURTH §3 (in kind)" } }
            """);
        var text = doc.ToJsonString();
        Assert.True(CharterLoader.Load(text, "t").IsOk, CharterLoader.Load(text, "t").Refusal?.ToString());
        return text;
    }

    internal static List<LedgerEvent> Company(string charter)
    {
        var d0 = new DateOnly(2019, 12, 1);
        return
        [
            new CompanyCreated(d0, "pik", charter, d0),
            new StakeholderAdded(d0, "Fund"), new StakeholderAdded(d0, "Founders"), new StakeholderAdded(d0, "Angel"),
            new SharesIssued(d0, "Founders", "common", 4_000_000, 0.01m),
            new SharesIssued(Issue, "Fund", "B", 1_000_000, 2.40m),
            new SharesIssued(Issue, "Angel", "B", 1_234, 2.40m),
        ];
    }

    private static RecordedEvent[] Recorded(IEnumerable<LedgerEvent> events) => events.Select((e, i) => new RecordedEvent(i + 1, At, e)).ToArray();

    private static CapTable Table(IEnumerable<LedgerEvent> events, DateOnly asOf) => Fold.Replay(Recorded(events), asOf);

    /// <summary>The payment decided as a write decides it: the stored event, with each holder's shares and cash.</summary>
    private static DividendPaidInKind Decide(List<LedgerEvent> events, DateOnly date, string series = "B")
    {
        var existing = Recorded(events);
        var d = Fold.TryDecide(existing, [new RecordedEvent(existing.Length + 1, At, new DividendPaidInKind(date, series))]);
        Assert.True(d.IsOk, d.Refusal?.ToString());
        return (DividendPaidInKind)d.Value.Recorded.Single().Event;
    }

    [Fact]
    public void Fourth_3_InKind_PaysTheAccruedDividendsInSharesAtTheOriginalIssuePrice_TheFractionInCash()
    {
        // On 2021-01-01 (one anniversary): Fund 0.192 × 1,000,000 = $192,000.00 ÷ 2.40 = 80,000 shares exactly; Angel
        // 0.192 × 1,234 = 236.928 → $236.93 ÷ 2.40 = 98.72…: 98 shares ($235.20) and $1.73 in cash.
        var e = Company(Charter());
        var pik = Decide(e, Paid);
        Assert.Equal([new InKindIssue("Fund", 80_000, 0m), new InKindIssue("Angel", 98, 1.73m)], pik.Issued!);
        e.Add(pik);

        // Nothing stays accrued on the day; the series has 1,001,234 + 80,098 = 1,081,332 shares.
        var t = Table(e, Paid);
        Assert.Equal(0m, t.Accrued("B")!.AccruedUnpaid);
        Assert.Equal(1_081_332, t.Outstanding("B"));
        Assert.Equal(1_080_000, t.Positions[("Fund", "B")]);

        // The new shares accrue from the payment date. On 2022-01-01: Fund 1,000,000 × (0.384 − 0.192) + 80,000 × 0.192 =
        // 192,000 + 15,360 = 207,360; Angel 1,234 × 0.192 + 98 × 0.192 = 236.928 + 18.816 = 255.744; together
        // 207,615.744 → $207,615.74 (`dividend accrued --as-of 2022-01-01`).
        Assert.Equal(207_615.74m, Table(e, new DateOnly(2022, 1, 1)).Accrued("B")!.AccruedUnpaid);
    }

    [Fact]
    public void Fourth_3_InKind_RoundDownCarry_LeavesTheFractionAccrued()
    {
        // The same payment with the fraction carried: Angel still receives 98 shares and no cash; 236.928 − 235.20 =
        // $1.728 stays accrued and unpaid (→ $1.73 to the cent); Fund, paid in whole shares, nothing.
        var e = Company(Charter("round-down-carry"));
        var pik = Decide(e, Paid);
        Assert.Equal([new InKindIssue("Fund", 80_000, 0m), new InKindIssue("Angel", 98, 0m)], pik.Issued!);
        e.Add(pik);
        var t = Table(e, Paid);
        Assert.Equal(1.73m, t.AccruedFor("B", "Angel")!.AccruedUnpaid);
        Assert.Equal(0m, t.AccruedFor("B", "Fund")!.AccruedUnpaid);
    }

    [Fact]
    public void Fourth_3_InKind_IsRefused_OnASeriesTheCharterDoesNotPayInKind_AndWithNothingAccrued()
    {
        var e = Company(Charter());
        var existing = Recorded(e);
        var r = Fold.TryDecide(existing, [new RecordedEvent(existing.Length + 1, At, new DividendPaidInKind(Paid, "A"))]);
        Assert.False(r.IsOk);
        Assert.Equal("series", r.Refusal!.Field);
        Assert.Equal("FOURTH §3", r.Refusal.Clause!.Value.Citation);
        // On the issue date nothing has accrued.
        r = Fold.TryDecide(existing, [new RecordedEvent(existing.Length + 1, At, new DividendPaidInKind(Issue, "B"))]);
        Assert.False(r.IsOk);
        Assert.Equal("FOURTH §3 (in kind)", r.Refusal!.Clause!.Value.Citation);
    }

    [Fact]
    public void Fourth_3_InKind_OnANonCumulativeDividend_IsRefusedAtLoad()
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        doc["series"]![1]!["dividend"]!["inKind"] = JsonNode.Parse("""{ "fractions": "round-down-pay-cash", "clause": "FOURTH §3 (in kind)" }""");
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/series/1/dividend/inKind", r.Refusal!.Field);
        Assert.Contains("not implemented", r.Refusal.Reason);
    }
}

/// <summary>The shares paid in kind are a stored outcome: a back-dated event that would change them is refused, even with --restate.</summary>
public sealed class Fourth_3_PaidInKind_StoredOutcome
{
    [Fact]
    public void Fourth_3_InKind_ABackDatedIssueThatChangesThePayment_IsRefused_NamingIt()
    {
        var e = Fourth_3_PaidInKind.Company(Fourth_3_PaidInKind.Charter());
        var recorded = e.Select((x, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, x)).ToList();
        var pik = Fold.TryDecide(recorded, [new RecordedEvent(recorded.Count + 1, DateTimeOffset.UnixEpoch, new DividendPaidInKind(new DateOnly(2021, 1, 1), "B"))]).Value.Recorded.Single();
        recorded.Add(pik);
        // 500 more B to Angel on 2020-01-01: its payment would have been 0.192 × 1,734 = 332.928 → 138 shares, not 98.
        var late = new RecordedEvent(recorded.Count + 1, DateTimeOffset.UnixEpoch, new SharesIssued(new DateOnly(2020, 1, 1), "Angel", "B", 500, 2.40m));
        foreach (var restate in new[] { false, true })
        {
            var r = Fold.TryDecide(recorded, [late], restate);
            Assert.False(r.IsOk);
            Assert.Contains("Angel's dividend in kind 98 shares and $1.73 → 138 shares", r.Refusal!.Reason);
        }
    }
}
