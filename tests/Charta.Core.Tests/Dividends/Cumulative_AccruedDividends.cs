using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Dividends;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;

namespace Charta.Core.Tests.Dividends;

/// <summary>
/// Issue 12, item 2 (cumulative dividends; "done when": a cumulative 8% series accrues to the cent from its issue date
/// to the exit date in `waterfall --as-of`, and the breakpoints move with the accrual date). The Juniper charter with
/// Series A made cumulative at $0.08 a share a year (8% of its $1.00 Original Issue Price), accruing as each test says
/// (series.dividend.accrual, cited "FOURTH §3 (accrual)"). Every figure is worked by hand in the comment above it.
/// </summary>
public sealed class Cumulative_AccruedDividends
{
    private static readonly DateOnly Issue = new(2020, 1, 1);

    private static string Charter(string basis, string compounding, decimal rate = 0.08m)
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        doc["series"]![0]!["dividend"] = JsonNode.Parse($$"""
            { "ratePerShare": {{rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "kind": "cumulative", "clause": "FOURTH §3",
              "accrual": { "basis": "{{basis}}", "compounding": "{{compounding}}", "from": "issue-date", "clause": "FOURTH §3 (accrual)" } }
            """);
        var text = doc.ToJsonString();
        Assert.True(CharterLoader.Load(text, "t").IsOk, CharterLoader.Load(text, "t").Refusal?.ToString());
        return text;
    }

    private static List<LedgerEvent> Company(string charter, long shares = 1_000_000)
    {
        var d0 = new DateOnly(2019, 12, 1);
        return
        [
            new CompanyCreated(d0, "cumulative", charter, d0),
            new StakeholderAdded(d0, "Fund"), new StakeholderAdded(d0, "Founders"), new StakeholderAdded(d0, "Late fund"),
            new SharesIssued(d0, "Founders", "common", 4_000_000, 0.01m),
            new SharesIssued(Issue, "Fund", "A", shares, 1.00m),
        ];
    }

    private static CapTable Table(List<LedgerEvent> events, DateOnly asOf) =>
        Fold.Replay(events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)), asOf);

    [Fact]
    public void Daily_Simple_AccruesFromTheIssueDate_ToTheCent()
    {
        var e = Company(Charter("daily", "simple"));
        // 1,000,000 shares × $0.08 × 182 / 365 (2020-01-01 → 2020-07-01) = 39,890.4109589… → $39,890.41.
        Assert.Equal(39_890.41m, Table(e, new DateOnly(2020, 7, 1)).Accrued("A")!.AccruedUnpaid);
        // To 2021-01-01, 366 days (2020 is a leap year; actual/365): 80,000 × 366 / 365 = 80,219.1780821… → $80,219.18.
        Assert.Equal(80_219.18m, Table(e, new DateOnly(2021, 1, 1)).Accrued("A")!.AccruedUnpaid);
        // Nothing accrues on the issue date itself, nor on a series that is not cumulative.
        Assert.Equal(0m, Table(e, Issue).Accrued("A")!.AccruedUnpaid);
        Assert.Null(Table(e, Issue).Accrued("B"));
    }

    [Fact]
    public void Daily_FromEachSharesOwnIssueDate()
    {
        // 1,000,000 issued 2020-01-01 and 500,000 more on 2020-07-01; to 2021-01-01:
        //   80,000 × 366 / 365 = 80,219.1780821…  plus  40,000 × 184 / 365 = 20,164.3835616…  = 100,383.5616438… → $100,383.56
        // (rounded once, on the series' total, not lot by lot).
        var e = Company(Charter("daily", "simple"));
        e.Add(new SharesIssued(new DateOnly(2020, 7, 1), "Late fund", "A", 500_000, 1.00m));
        var a = Table(e, new DateOnly(2021, 1, 1)).Accrued("A")!;
        Assert.Equal(1_500_000, a.Shares);
        Assert.Equal(100_383.56m, a.AccruedUnpaid);
        Assert.Equal("FOURTH §3 (accrual)", a.Clause);
    }

    [Fact]
    public void Daily_CompoundingAnnually()
    {
        // To 2022-07-01: two anniversaries (2021-01-01, 2022-01-01), then 181 days:
        //   1.00 × (1.08² × (1 + 0.08 × 181 / 365) − 1) = 1.1664 × 1.0396712328… − 1 = 0.2126725260… a share;
        //   × 1,000,000 = 212,672.5260273… → $212,672.53.  (Simple would be 80,000 × 912 / 365 = 199,890.41.)
        var e = Company(Charter("daily", "annual"));
        Assert.Equal(212_672.53m, Table(e, new DateOnly(2022, 7, 1)).Accrued("A")!.AccruedUnpaid);
    }

    [Fact]
    public void Annual_Simple_AccruesOnEachAnniversaryOnly()
    {
        // 2020-01-01 → 2022-12-31: two anniversaries passed, the third not yet: 2 × 0.08 × 1,000,000 = $160,000.00.
        var e = Company(Charter("annual", "simple"));
        Assert.Equal(160_000.00m, Table(e, new DateOnly(2022, 12, 31)).Accrued("A")!.AccruedUnpaid);
        Assert.Equal(240_000.00m, Table(e, new DateOnly(2023, 1, 1)).Accrued("A")!.AccruedUnpaid);
    }

    [Fact]
    public void AnExactHalfCent_RoundsAwayFromZero()
    {
        // One share at $0.005 a year (0.5% of $1.00), annual: after one year exactly $0.005, which rounds to $0.01
        // (MidpointRounding.AwayFromZero; to even would give $0.00).
        var e = Company(Charter("annual", "simple", 0.005m), shares: 1);
        Assert.Equal(MidpointRounding.AwayFromZero, CumulativeDividends.Midpoint);
        Assert.Equal(0.01m, Table(e, new DateOnly(2021, 1, 1)).Accrued("A")!.AccruedUnpaid);
    }

    [Fact]
    public void ADeclaredDividend_IsCreditedAgainstTheAccrual_NotCountedTwice()
    {
        // $40,000 declared with record date 2020-07-01: Series A's full preferential is 0.08 × 1,000,000 = 80,000, so A is paid
        // 50% of its rate, $0.04 a share, credited against its accrual. To 2021-01-01: 0.08 × 366/365 − 0.04 = 0.0402191780…
        // a share, × 1,000,000 = 40,219.178… → $40,219.18 accrued and unpaid; the $40,000 declared stays in the preference as
        // declared and unpaid until paid, so the preference is 1,000,000 + 40,000 + 40,219.18 = $1,080,219.18, as without it.
        var e = Company(Charter("daily", "simple"));
        e.Add(new DividendDeclared(new DateOnly(2020, 7, 1), "DIV-1", DividendRules.CashKind, 40_000m));
        var t = Table(e, new DateOnly(2021, 1, 1));
        Assert.Equal(40_219.18m, t.Accrued("A")!.AccruedUnpaid);
        Assert.Equal(1_080_219.18m, LiquidationModel.From(t).Series.Single(s => s.Id == "A").Claim);
    }

    [Fact]
    public void TheWaterfallAsOf_AddsTheAccrual_AndTheBreakpointsMoveWithTheDate()
    {
        var e = Company(Charter("daily", "simple"));
        // As of 2020-07-01 Series A's preference is 1,000,000 + 39,890.41 = $1,039,890.41; as of 2021-01-01 it is
        // 1,000,000 + 80,219.18 = $1,080,219.18. At an exit of $1,050,000 Series A takes all of it in July 2020 less the
        // remainder to common (1,050,000 − 1,039,890.41 = 10,109.59 to common), and all $1,050,000 in January 2021.
        var july = LiquidationModel.From(Table(e, new DateOnly(2020, 7, 1)));
        var january = LiquidationModel.From(Table(e, new DateOnly(2021, 1, 1)));
        Assert.Equal(1_039_890.41m, july.Series.Single(s => s.Id == "A").Claim);
        Assert.Equal(1_080_219.18m, january.Series.Single(s => s.Id == "A").Claim);
        var w1 = Waterfall.Solve(july, 1_050_000m).Value;
        var w2 = Waterfall.Solve(january, 1_050_000m).Value;
        Assert.Equal(10_109.59m, w1.Classes.Single(c => c.Id == "common").Total);
        Assert.Equal(0m, w2.Classes.Single(c => c.Id == "common").Total);
        Assert.Contains(w1.Steps, s => s.Step.Contains("accrued and unpaid cumulative dividends to 2020-07-01") && s.Amount == 39_890.41m && s.Clause == "FOURTH §3 (accrual)");
        // The breakpoint where Series A's preference is paid in full moves from $1,039,890.41 to $1,080,219.18.
        var b1 = PayoutCurve.Build(july).Breakpoints.First().Exit;
        var b2 = PayoutCurve.Build(january).Breakpoints.First().Exit;
        Assert.Equal(1_039_890.41m, b1);
        Assert.Equal(1_080_219.18m, b2);
    }

    [Fact]
    public void ConvertedShares_LeaveTheAccrual_OldestFirst()
    {
        // 1,000,000 issued 2020-01-01, 500,000 on 2020-07-01; the Fund converts 600,000 on 2020-10-01. The ledger keeps no
        // certificates, so the oldest go first: 400,000 of the first lot remain, and the 500,000 of the second. To 2021-01-01:
        //   0.08 × 400,000 × 366/365 = 32,087.6712…  +  0.08 × 500,000 × 184/365 = 20,164.3835…  = 52,252.0547… → $52,252.05.
        var e = Company(Charter("daily", "simple"));
        e.Add(new SharesIssued(new DateOnly(2020, 7, 1), "Late fund", "A", 500_000, 1.00m));
        e.Add(new PreferredConverted(new DateOnly(2020, 10, 1), "Fund", [new ConvertedLot("A", 600_000)], 0m));
        Assert.Equal(52_252.05m, Table(e, new DateOnly(2021, 1, 1)).Accrued("A")!.AccruedUnpaid);
    }

    [Fact]
    public void ACumulativeDividendWithoutItsAccrual_IsRefusedAtLoad()
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        doc["series"]![0]!["dividend"]!["kind"] = "cumulative";
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/series/0/dividend/accrual", r.Refusal!.Field);
    }
}
