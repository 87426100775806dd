using Charta.Core.Charter;
using Charta.Core.Liquidation;
using static Charta.Core.Tests.Liquidation.LiquidationFixtures;

namespace Charta.Core.Tests.Liquidation;

public class Fourth_4d_i_Retention
{
    private static readonly CharterDocument Juniper = CharterLoader.Default;

    [Fact]
    public void ExactlyFiftyPercent_IsNotMoreThanFifty_SoItIsADeemedLiquidation()
    {
        var r = DeemedLiquidation.Retention(Juniper, 50m).Value;
        Assert.True(r.IsDeemedLiquidation);
        Assert.Equal("FOURTH §4(d)(i)", r.Clause);
    }

    [Fact]
    public void FiftyPointZeroOnePercent_IsNotADeemedLiquidation()
    {
        Assert.False(DeemedLiquidation.Retention(Juniper, 50.01m).Value.IsDeemedLiquidation);
    }

    [Fact]
    public void APercentageAboveOneHundred_IsRefused()
    {
        var r = DeemedLiquidation.Retention(Juniper, 100.5m);
        Assert.False(r.IsOk);
        Assert.Equal("retained-voting", r.Refusal!.Field);
    }
}

public class Fourth_4d_ii_NonCashConsideration
{
    private static readonly CharterDocument Juniper = CharterLoader.Default;
    // Closing Friday 2026-03-20. The window is the 30 calendar days ending 3 days before: 2026-02-16 (Mon) to
    // 2026-03-17 (Tue), inclusive. Weekdays in it: Feb 16-20, 23-27, Mar 2-6, 9-13 (4 × 5) + Mar 16, 17 = 22.
    private static readonly DateOnly Closing = new(2026, 3, 20);

    private static List<DailyPrice> Prices(Func<DateOnly, decimal?> price, DateOnly from, DateOnly to)
    {
        var list = new List<DailyPrice>();
        for (var d = from; d <= to; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) list.Add(new DailyPrice(d, price(d)));
        return list;
    }

    // $10 every weekday, except $40 on the window's first day; $1,000 on the weekdays just outside it (Feb 13, Mar 18).
    private static List<DailyPrice> Boundary() => Prices(
        d => d == new DateOnly(2026, 2, 16) ? 40m : d < new DateOnly(2026, 2, 16) || d > new DateOnly(2026, 3, 17) ? 1000m : 10m,
        new DateOnly(2026, 2, 13), new DateOnly(2026, 3, 18));

    [Fact]
    public void ExchangeTraded_AveragesTheWindow_BoundaryDaysIn_OutsideDaysOut()
    {
        // 21 × 10 + 40 = 250 over 22 days = 11.363636…; 1,000 shares → 11,363.636… → 11,363.64.
        var v = DeemedLiquidation.Value(Juniper, new SecurityConsideration("Acquirer", 1000, MarketKind.Exchange, Boundary()), Closing).Value;
        Assert.Equal(new DateOnly(2026, 2, 16), v.WindowStart);
        Assert.Equal(new DateOnly(2026, 3, 17), v.WindowEnd);
        Assert.Equal(22, v.PriceDays);
        Assert.Equal(11_363.64m, v.Value);
        Assert.Equal("FOURTH §4(d)(ii)(A)(1)", v.Clause);
    }

    [Fact]
    public void AMissingWeekday_IsRefused_NamingTheDay()
    {
        var prices = Boundary().Where(p => p.Date != new DateOnly(2026, 3, 4)).ToList();
        var r = DeemedLiquidation.Value(Juniper, new SecurityConsideration("Acquirer", 1000, MarketKind.Exchange, prices), Closing);
        Assert.False(r.IsOk);
        Assert.Equal("2026-03-04", r.Refusal!.Value);
    }

    [Fact]
    public void AMarketHoliday_IsLeftOutOfTheAverage()
    {
        // Mar 4 closed: 20 × 10 + 40 = 240 over 21 days = 11.428571…; × 1,000 = 11,428.57.
        var prices = Boundary().Select(p => p.Date == new DateOnly(2026, 3, 4) ? p with { Close = null } : p).ToList();
        var v = DeemedLiquidation.Value(Juniper, new SecurityConsideration("Acquirer", 1000, MarketKind.OverTheCounter, prices), Closing).Value;
        Assert.Equal(21, v.PriceDays);
        Assert.Equal(11_428.57m, v.Value);
        Assert.Equal("FOURTH §4(d)(ii)(A)(2)", v.Clause);
    }

    [Fact]
    public void AnEmptyWindow_IsRefused()
    {
        var allClosed = Boundary().Select(p => p with { Close = null }).ToList();
        var r = DeemedLiquidation.Value(Juniper, new SecurityConsideration("Acquirer", 1000, MarketKind.Exchange, allClosed), Closing);
        Assert.False(r.IsOk);
        Assert.Contains("no closing price", r.Refusal!.Reason);
    }

    [Fact]
    public void RestrictedSecurity_TakesTheDiscount()
    {
        // 11,363.636… × (100 − 25)% = 8,522.727… → 8,522.73.
        var v = DeemedLiquidation.Value(Juniper, new SecurityConsideration("Acquirer", 1000, MarketKind.Exchange, Boundary(), DiscountPercent: 25m), Closing).Value;
        Assert.Equal(8_522.73m, v.Value);
        Assert.Contains("FOURTH §4(d)(ii)(B)", v.Clause);
    }

    [Fact]
    public void NoMarket_NeedsAnApprovedFairMarketValue()
    {
        var missing = DeemedLiquidation.Value(Juniper, new SecurityConsideration("Private Co", 100, MarketKind.None, FairMarketValue: 7.5m), Closing);
        Assert.False(missing.IsOk);
        Assert.Equal("FOURTH §4(d)(ii)(A)(3)", missing.Refusal!.Clause!.Value.Citation);
        var ok = DeemedLiquidation.Value(Juniper, new SecurityConsideration("Private Co", 100, MarketKind.None, FairMarketValue: 7.5m, Approval: "Board and preferred, 2026-03-01"), Closing);
        Assert.Equal(750m, ok.Value.Value); // 100 × 7.50
    }
}

public class Fourth_4d_Merger
{
    private static readonly DateOnly Closing = new(2026, 3, 20);

    [Fact]
    public void NotADeemedLiquidation_HasNoWaterfall()
    {
        var t = new Builder().AllPreferred().Issue("Founders", "common", 20_000_000).Table();
        var r = DeemedLiquidation.Assess(t, 200_000_000m, [], 50.01m, Closing, null, new DateOnly(2026, 3, 1), [], false).Value;
        Assert.False(r.Retention.IsDeemedLiquidation);
        Assert.Null(r.Waterfall);
    }

    [Fact]
    public void NoticesThatDoNotComply_ReportNonComplianceInsteadOfAPayout()
    {
        // First notice 2026-03-15 is later than 2026-03-10 (closing − 10): §4(d)(iii) postpone or cancel.
        var t = new Builder().AllPreferred().Issue("Founders", "common", 20_000_000).Table();
        var r = DeemedLiquidation.Assess(t, 200_000_000m, [], 50m, Closing, null, new DateOnly(2026, 3, 15), [], false).Value;
        Assert.True(r.Retention.IsDeemedLiquidation);
        Assert.False(r.Notices.Complies);
        Assert.Null(r.Waterfall);
        // The charter cites §4(d) for the consequence (it has no separate term for (iii)).
        Assert.Contains("postponed until it complies", r.Status);
        Assert.Contains("FOURTH §4(d)", r.Status);
    }

    [Fact]
    public void ACompliantDeemedLiquidation_IsDistributed()
    {
        var t = new Builder().AllPreferred().Issue("Founders", "common", 20_000_000).Table();
        var r = DeemedLiquidation.Assess(t, 92_651_890.20m, [], 50m, Closing, null, new DateOnly(2026, 3, 10), [], false).Value;
        Assert.NotNull(r.Waterfall);
        Assert.Equal(0m, r.Waterfall!.Class("common").Total);
    }
}
