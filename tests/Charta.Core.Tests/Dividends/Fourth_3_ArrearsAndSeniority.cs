using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Dividends;
using Charta.Core.Ledger;

namespace Charta.Core.Tests.Dividends;

/// <summary>
/// Issue 12 (dividends): a cash declaration pays the cumulative series' arrears before the current period
/// (<c>dividends.arrears</c>, cited "FOURTH §3 (arrears)" on the Juniper charter made cumulative on Series A), and
/// dividend seniority between series (<c>series[i].dividend.seniority</c>, "FOURTH §3 (seniority)"). Every figure is
/// worked by hand in the comment above it.
/// </summary>
public sealed class Fourth_3_ArrearsBeforeTheCurrentPeriod
{
    private static readonly DateOnly Issue = new(2020, 1, 1);

    /// <summary>Juniper, Series A cumulative at $0.08 a share a year (8% of $1.00), accruing annually, simple; arrears first unless told.</summary>
    internal static string Charter(bool arrearsFirst = true)
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        doc["series"]![0]!["dividend"] = JsonNode.Parse("""
            { "ratePerShare": 0.08, "kind": "cumulative", "clause": "FOURTH §3",
              "accrual": { "basis": "annual", "compounding": "simple", "from": "issue-date", "clause": "FOURTH §3 (accrual)" } }
            """);
        if (arrearsFirst) doc["dividends"]!["arrears"] = JsonNode.Parse("""{ "order": "before-current-period", "clause": "FOURTH §3 (arrears)" }""");
        var text = doc.ToJsonString();
        Assert.True(CharterLoader.Load(text, "t").IsOk, CharterLoader.Load(text, "t").Refusal?.ToString());
        return text;
    }

    private static List<LedgerEvent> Company(string charter)
    {
        var d0 = new DateOnly(2019, 12, 1);
        return
        [
            new CompanyCreated(d0, "arrears", charter, d0),
            new StakeholderAdded(d0, "Fund"), new StakeholderAdded(d0, "Founders"), new StakeholderAdded(d0, "Late fund"),
            new SharesIssued(d0, "Founders", "common", 4_000_000, 0.01m),
            new SharesIssued(Issue, "Fund", "A", 1_000_000, 1.00m),
        ];
    }

    private static CapTable Table(List<LedgerEvent> events, DateOnly asOf) =>
        Fold.Replay(events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)), asOf);

    private static decimal Paid(DividendPlan p, string holder) => p.Holders.SingleOrDefault(h => h.Name == holder)?.Total ?? 0m;

    [Fact]
    public void Fourth_3_Arrears_ArePaidBeforeTheYearsRate_AndTheAccrualFalls()
    {
        // $200,000 declared with record date 2022-07-01. Series A's arrears, accrued to the start of 2022 (two
        // anniversaries, 2021-01-01 and 2022-01-01): 2 × 0.08 × 1,000,000 = $160,000, paid first in full. The $40,000
        // left meets the year's rate, 0.08 × 1,000,000 = $80,000: 50%, $0.04 a share. Nothing is left for the common.
        var e = Company(Charter());
        var record = new DateOnly(2022, 7, 1);
        var plan = DividendAllocation.Allocate(Table(e, record), 200_000m, record).Value;
        var a = plan.Preferential.Single(l => l.Series == "A");
        Assert.Equal(160_000m, a.Arrears);
        Assert.Equal(160_000m, a.ArrearsPaid);
        Assert.Equal(50m, a.PercentOfRate);
        Assert.Equal(0.04m, a.PerShare);
        Assert.Equal(200_000m, a.Total);                 // 160,000 + 40,000
        Assert.Equal("FOURTH §3 (arrears)", a.ArrearsClause);
        Assert.Equal(200_000m, Paid(plan, "Fund"));
        Assert.Equal(0m, Paid(plan, "Founders"));
        Assert.Equal(0m, plan.Excess.Total);

        // The accrual is credited 0.16 + 0.04 = $0.20 a share. As of the record date 2 × 0.08 = 0.16 has accrued: nothing
        // is unpaid. As of 2023-01-01 three years, 0.24 − 0.20 = 0.04 × 1,000,000 = $40,000 (`dividend accrued --as-of`).
        e.Add(new DividendDeclared(record, "DIV-1", DividendRules.CashKind, 200_000m));
        Assert.Equal(0m, Table(e, record).Accrued("A")!.AccruedUnpaid);
        Assert.Equal(40_000m, Table(e, new DateOnly(2023, 1, 1)).Accrued("A")!.AccruedUnpaid);
    }

    [Fact]
    public void Fourth_3_WithoutTheTerm_TheDeclarationPrefersTheRateOnly()
    {
        // The same $200,000 on a charter silent on arrears: the preference is the year's rate, $80,000 ($0.08 a share),
        // and $120,000 is excess shared with the common as converted; the accrual is credited $0.08 a share only, so
        // 0.16 − 0.08 = 0.08 × 1,000,000 = $80,000 stays accrued and unpaid at the record date.
        var e = Company(Charter(arrearsFirst: false));
        var record = new DateOnly(2022, 7, 1);
        var plan = DividendAllocation.Allocate(Table(e, record), 200_000m, record).Value;
        Assert.Equal(0m, plan.Preferential.Single(l => l.Series == "A").Arrears);
        Assert.Equal(120_000m, plan.Excess.Total);
        Assert.True(Paid(plan, "Founders") > 0);
        e.Add(new DividendDeclared(record, "DIV-1", DividendRules.CashKind, 200_000m));
        Assert.Equal(80_000m, Table(e, record).Accrued("A")!.AccruedUnpaid);
    }

    [Fact]
    public void Fourth_3_ArrearsPaidInPart_ArePaidProRata_ToEachHoldersArrears()
    {
        // Late fund buys 500,000 A on 2021-01-01. Arrears at a 2022-07-01 record date (to 2022-01-01): Fund 2 × 0.08 ×
        // 1,000,000 = $160,000; Late fund 1 × 0.08 × 500,000 = $40,000; $200,000 in all. $100,000 declared pays half of
        // them: Fund $80,000, Late fund $20,000, and nothing of the year's rate. Credited: Fund's lot $0.08 a share,
        // Late fund's $0.04. As of 2023-01-01: Fund 0.24 − 0.08 = 0.16 × 1,000,000 = 160,000; Late fund 0.16 − 0.04 =
        // 0.12 × 500,000 = 60,000: $220,000 (= 240,000 + 80,000 accrued − 100,000 paid).
        var e = Company(Charter());
        e.Add(new SharesIssued(new DateOnly(2021, 1, 1), "Late fund", "A", 500_000, 1.00m));
        var record = new DateOnly(2022, 7, 1);
        var plan = DividendAllocation.Allocate(Table(e, record), 100_000m, record).Value;
        Assert.Equal(200_000m, plan.Preferential.Single(l => l.Series == "A").Arrears);
        Assert.Equal(0m, plan.Preferential.Single(l => l.Series == "A").PercentOfRate);
        Assert.Equal(80_000m, Paid(plan, "Fund"));
        Assert.Equal(20_000m, Paid(plan, "Late fund"));
        e.Add(new DividendDeclared(record, "DIV-1", DividendRules.CashKind, 100_000m));
        var t = Table(e, new DateOnly(2023, 1, 1));
        Assert.Equal(220_000m, t.Accrued("A")!.AccruedUnpaid);
        Assert.Equal(160_000m, t.AccruedFor("A", "Fund")!.AccruedUnpaid);
        Assert.Equal(60_000m, t.AccruedFor("A", "Late fund")!.AccruedUnpaid);
    }

    [Fact]
    public void Fourth_3_TheTerm_IsRefusedOnACharterWithoutACumulativeSeries()
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        doc["dividends"]!["arrears"] = JsonNode.Parse("""{ "order": "before-current-period", "clause": "FOURTH §3 (arrears)" }""");
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/dividends/arrears", r.Refusal!.Field);
        Assert.Equal("FOURTH §3 (arrears)", r.Refusal.Clause!.Value.Citation);
    }
}

/// <summary>Dividend seniority between series (<c>series[i].dividend.seniority</c>), on the Juniper charter.</summary>
public sealed class Fourth_3_DividendSeniority
{
    private static readonly DateOnly Day = new(1999, 6, 1);

    /// <summary>Juniper with dividend ranks: D and D1 first (3), then C (2), then A and B (1).</summary>
    internal static string Charter()
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        var ranks = new Dictionary<string, int> { ["A"] = 1, ["B"] = 1, ["C"] = 2, ["D"] = 3, ["D1"] = 3 };
        foreach (var s in doc["series"]!.AsArray())
            s!["dividend"]!["seniority"] = JsonNode.Parse($$"""{ "value": {{ranks[(string)s["id"]!]}}, "clause": "FOURTH §3 (seniority)" }""");
        var text = doc.ToJsonString();
        Assert.True(CharterLoader.Load(text, "t").IsOk, CharterLoader.Load(text, "t").Refusal?.ToString());
        return text;
    }

    // Alpha: 1,000 A + 500 B; Beta: 2,000 C; Delta: 100 D + 100 D1; Gamma: 10,000 common (as in Fourth_3_DividendPreference).
    internal static CapTable Mixed(string charter)
    {
        var events = new List<LedgerEvent> { new CompanyCreated(Day, "ranks", charter, Day) };
        foreach (var h in new[] { "Alpha", "Beta", "Delta", "Gamma" }) events.Add(new StakeholderAdded(Day, h));
        var oip = new Dictionary<string, decimal> { ["A"] = 1.00m, ["B"] = 2.40m, ["C"] = 8.93m, ["D"] = 11.03m, ["D1"] = 11.03m, ["common"] = 0.01m };
        foreach (var (h, s, n) in new[] { ("Alpha", "A", 1_000L), ("Alpha", "B", 500L), ("Beta", "C", 2_000L), ("Delta", "D", 100L), ("Delta", "D1", 100L), ("Gamma", "common", 10_000L) })
            events.Add(new SharesIssued(Day, h, s, n, oip[s]));
        return Fold.Replay(events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)), Day);
    }

    private static decimal Paid(DividendPlan p, string holder) => p.Holders.SingleOrDefault(h => h.Name == holder)?.Total ?? 0m;

    [Fact]
    public void Fourth_3_Seniority_SeniorRanksArePaidFirst_ProRataWithinARank()
    {
        // Rates: D and D1 100 × 0.55 = 55 each, 110 for the first rank; C 2,000 × 0.45 = 900; A 1,000 × 0.05 = 50 and
        // B 500 × 0.12 = 60, 110 for the last rank. $560.00 declared: D and D1 in full (110), then C 450 of 900 (50%,
        // $0.225 a share), A and B nothing. Ranking together it would be 560 / 1,120 = 50% of every rate (Alpha 25 + 30).
        var plan = DividendAllocation.Allocate(Mixed(Charter()), 560.00m, Day).Value;
        Assert.Equal(110m, Paid(plan, "Delta"));
        Assert.Equal(450m, Paid(plan, "Beta"));
        Assert.Equal(0m, Paid(plan, "Alpha"));
        Assert.Equal(0m, Paid(plan, "Gamma"));
        Assert.Equal(50m, plan.Preferential.Single(l => l.Series == "C").PercentOfRate);
        Assert.Equal(0.225m, plan.Preferential.Single(l => l.Series == "C").PerShare);
        Assert.Equal(0, plan.Preferential.Single(l => l.Series == "D").Rank);
        Assert.Equal(2, plan.Preferential.Single(l => l.Series == "A").Rank);
        Assert.Equal("FOURTH §3 (seniority)", plan.Preferential.Single(l => l.Series == "A").RankClause);
        var together = DividendAllocation.Allocate(Mixed(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId)), 560.00m, Day).Value;
        Assert.Equal(55m, Paid(together, "Alpha"));

        // $1,170.00: every rank in full (1,120) and $50 of excess shared as converted with the common.
        var more = DividendAllocation.Allocate(Mixed(Charter()), 1_170.00m, Day).Value;
        Assert.Equal(50m, more.Excess.Total);
        Assert.Equal(1_170.00m, more.Holders.Sum(h => h.Total));
    }

    [Fact]
    public void Fourth_3_Seniority_StatedOnSomeSeriesOnly_IsRefused()
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        doc["series"]![1]!["dividend"]!["seniority"] = JsonNode.Parse("""{ "value": 2, "clause": "FOURTH §3 (seniority)" }""");
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/series/0/dividend/seniority", r.Refusal!.Field);
    }
}
