using Charta.Core.Dividends;
using Charta.Core.Ledger;
using Charta.Core.Tests.Governance;

namespace Charta.Core.Tests.Dividends;

/// <summary>FOURTH §3: non-cumulative preferred dividends before common, the same percentage of every rate, the excess as converted.</summary>
public class Fourth_3_DividendPreference
{
    private static readonly DateOnly Record = new(1999, 6, 1);

    // Alpha: 1,000 A + 500 B; Beta: 2,000 C; Delta: 100 D + 100 D1; Gamma: 10,000 common.
    // Full preferential amount = 1,000 × 0.05 + 500 × 0.12 + 2,000 × 0.45 + 100 × 0.55 + 100 × 0.55
    //                          = 50 + 60 + 900 + 55 + 55 = 1,120.00
    private static CapTable Mixed() => new GovernanceLedger()
        .Issue("Alpha", "A", 1_000).Issue("Alpha", "B", 500).Issue("Beta", "C", 2_000)
        .Issue("Delta", "D", 100).Issue("Delta", "D1", 100).Issue("Gamma", "common", 10_000)
        .Table(Record);

    private static PreferentialLine Line(DividendPlan p, string series) => p.Preferential.Single(l => l.Series == series);

    private static decimal Paid(DividendPlan p, string holder) => p.Holders.SingleOrDefault(h => h.Name == holder)?.Total ?? 0m;

    [Fact]
    public void FullPreference_PaysEverySeriesItsRate_AndCommonNothing()
    {
        var plan = DividendAllocation.Allocate(Mixed(), 1_120.00m, Record).Value;

        Assert.Equal(1_120.00m, plan.FullPreferentialAmount);
        Assert.Equal(50.00m, Line(plan, "A").Total);     // 1,000 × 0.05
        Assert.Equal(60.00m, Line(plan, "B").Total);     // 500 × 0.12
        Assert.Equal(900.00m, Line(plan, "C").Total);    // 2,000 × 0.45
        Assert.Equal(55.00m, Line(plan, "D").Total);     // 100 × 0.55
        Assert.Equal(55.00m, Line(plan, "D1").Total);    // 100 × 0.55
        Assert.All(plan.Preferential, l => Assert.Equal(100m, l.PercentOfRate));
        Assert.Equal(0m, plan.Excess.Total);
        Assert.Equal(0m, Paid(plan, "Gamma"));           // common: nothing
    }

    [Fact]
    public void FortyPercentOfTheFullAmount_PaysFortyPercentOfEveryRate()
    {
        // 448.00 / 1,120.00 = 40%: A 0.02, B 0.048, C 0.18, D 0.22, D1 0.22 per share
        // totals: 1,000 × 0.02 = 20; 500 × 0.048 = 24; 2,000 × 0.18 = 360; 100 × 0.22 = 22; 22 → 448
        var plan = DividendAllocation.Allocate(Mixed(), 448.00m, Record).Value;

        Assert.All(plan.Preferential, l => Assert.Equal(40m, l.PercentOfRate));
        Assert.Equal(0.02m, Line(plan, "A").PerShare);
        Assert.Equal(0.048m, Line(plan, "B").PerShare);
        Assert.Equal(0.18m, Line(plan, "C").PerShare);
        Assert.Equal(20m, Line(plan, "A").Total);
        Assert.Equal(24m, Line(plan, "B").Total);
        Assert.Equal(360m, Line(plan, "C").Total);
        Assert.Equal(22m, Line(plan, "D").Total);
        Assert.Equal(22m, Line(plan, "D1").Total);
        Assert.Equal(44m, Paid(plan, "Alpha"));          // 20 + 24
        Assert.Equal(0m, Paid(plan, "Gamma"));
    }

    [Fact]
    public void AHolderOfSeveralSeries_IsPaidEachSeriesRate()
    {
        // Alpha: 1,000 A × 0.05 + 500 B × 0.12 = 50 + 60 = 110; Delta: 100 × 0.55 + 100 × 0.55 = 110
        var plan = DividendAllocation.Allocate(Mixed(), 1_120.00m, Record).Value;
        Assert.Equal(110.00m, Paid(plan, "Alpha"));
        Assert.Equal(110.00m, Paid(plan, "Delta"));
        Assert.Equal(900.00m, Paid(plan, "Beta"));
    }

    [Fact]
    public void FullPlusExcess_SharesTheExcessAsConverted()
    {
        // Delta: 100 D (11.03 / 11.03 = 1 common each); Gamma: 300 common. Full preference = 100 × 0.55 = 55.
        // Declared 95: excess 40 over 100 + 300 = 400 as-converted shares = 0.10 each.
        // Delta: 55 + 100 × 0.10 = 65; Gamma: 300 × 0.10 = 30; 65 + 30 = 95.
        var table = new GovernanceLedger().Issue("Delta", "D", 100).Issue("Gamma", "common", 300).Table(Record);
        var plan = DividendAllocation.Allocate(table, 95.00m, Record).Value;

        Assert.Equal(55m, Line(plan, "D").Total);
        Assert.Equal(40m, plan.Excess.Total);
        Assert.Equal(0.10m, plan.Excess.PerAsConvertedShare);
        Assert.Equal(65m, Paid(plan, "Delta"));
        Assert.Equal(30m, Paid(plan, "Gamma"));
    }

    [Fact]
    public void TheCentRemainder_LandsByNameWhateverTheOrderHoldersWereAdded()
    {
        // Three holders of 1 D each; $1.00 declared against a full preference of 3 × 0.55 = 1.65.
        // Each is entitled to 100 × 55 / 165 = 33.33… cents: floors 33 + 33 + 33 = 99, one cent left.
        // The remainders are equal, so the cent goes to the first name: Ann 0.34, Bob 0.33, Cy 0.33.
        foreach (var order in new[] { new[] { "Ann", "Bob", "Cy" }, new[] { "Cy", "Bob", "Ann" }, new[] { "Bob", "Cy", "Ann" } })
        {
            var l = new GovernanceLedger();
            foreach (var h in order) l.Issue(h, "D", 1);
            var plan = DividendAllocation.Allocate(l.Table(Record), 1.00m, Record).Value;
            Assert.Equal(0.34m, Paid(plan, "Ann"));
            Assert.Equal(0.33m, Paid(plan, "Bob"));
            Assert.Equal(0.33m, Paid(plan, "Cy"));
        }
    }

    [Fact]
    public void AnAmountInFractionsOfACent_IsRefused()
    {
        var r = DividendAllocation.Allocate(Mixed(), 10.005m, Record);
        Assert.False(r.IsOk);
        Assert.Equal("amount", r.Refusal!.Field);
        Assert.Equal("FOURTH §3", r.Refusal.Clause?.Citation);
    }
}

/// <summary>FOURTH §3 with §4(a)(ii): a declared dividend is a ledger event; until paid it adds to the liquidation preference.</summary>
public class Fourth_3_DividendEvents
{
    private static readonly DateOnly Record = new(1999, 6, 1);

    [Fact]
    public void ADeclaredUnpaidDividend_FeedsTheLiquidationPreference_UntilPaid()
    {
        // As above: 448 of 1,120 is 40% of every rate: A 0.02, C 0.18 per share declared and unpaid.
        var l = new GovernanceLedger()
            .Issue("Alpha", "A", 1_000).Issue("Alpha", "B", 500).Issue("Beta", "C", 2_000)
            .Issue("Delta", "D", 100).Issue("Delta", "D1", 100).Issue("Gamma", "common", 10_000)
            .Add(new DividendDeclared(Record, "DIV-1", "cash", 448.00m, new DateOnly(1999, 7, 1)));
        var declared = l.Table(Record);
        Assert.Equal(0.02m, declared.DeclaredUnpaidDividendsPerShare["A"]);
        Assert.Equal(0.18m, declared.DeclaredUnpaidDividendsPerShare["C"]);
        Assert.Null(declared.Dividends["DIV-1"].PaidOn);

        var paid = l.Add(new DividendPaid(new DateOnly(1999, 7, 1), "DIV-1")).Table();
        Assert.Empty(paid.DeclaredUnpaidDividendsPerShare);
        Assert.Equal(new DateOnly(1999, 7, 1), paid.Dividends["DIV-1"].PaidOn);
    }

    [Fact]
    public void TheExcessOnAPreferredShare_IsAlsoDeclaredOnIt()
    {
        // 100 D + 300 common, $95 declared: D gets 0.55 preference + 0.10 excess × 1 common per share = 0.65.
        var t = new GovernanceLedger().Issue("Delta", "D", 100).Issue("Gamma", "common", 300)
            .Add(new DividendDeclared(Record, "DIV-1", "cash", 95.00m)).Table();
        Assert.Equal(0.65m, t.DeclaredUnpaidDividendsPerShare["D"]);
    }

    [Fact]
    public void PayingTwice_OrBeforeTheRecordDate_IsRefused()
    {
        var l = new GovernanceLedger().Issue("Delta", "D", 100).Add(new DividendDeclared(Record, "DIV-1", "cash", 55.00m));
        var early = new GovernanceLedger().Issue("Delta", "D", 100).Add(new DividendDeclared(Record, "DIV-1", "cash", 55.00m))
            .Add(new DividendPaid(Record.AddDays(-1), "DIV-1")).TryTable();
        Assert.False(early.IsOk);

        var twice = l.Add(new DividendPaid(Record, "DIV-1")).Add(new DividendPaid(Record.AddDays(1), "DIV-1")).TryTable();
        Assert.False(twice.IsOk);
        Assert.Contains("already paid", twice.Refusal!.Reason);
    }

    [Fact]
    public void ADividendInCommon_IsOutsideThePreference_AndSubdividesTheCommonWhenPaid()
    {
        // 1 new common for every 10 held = an 11:10 subdivision (FOURTH §6(e)(i)).
        // Gamma 300 → 330 common; D conversion price 11.03 × 10 / 11 = 10.02727272727… → 10.0272727273 (ten places).
        // Nothing is declared on the preferred, so the liquidation preference is unchanged.
        var l = new GovernanceLedger().Issue("Delta", "D", 100).Issue("Gamma", "common", 300)
            .Add(new DividendDeclared(Record, "DIV-1", "common-stock", 1m, null, null, 10));
        Assert.Empty(l.Table().DeclaredUnpaidDividendsPerShare);

        var t = l.Add(new DividendPaid(Record.AddDays(10), "DIV-1")).Table();
        Assert.Equal(330, t.SharesHeld("Gamma", "common"));
        Assert.Equal(100, t.SharesHeld("Delta", "D"));
        Assert.Equal(10.0272727273m, t.ConversionPrice("D"));
    }
}
