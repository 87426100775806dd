using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Tests.Ledger;

/// <summary>
/// The facts other cap-table systems record (Events.Ocf.cs): authorized-share amendments of FOURTH, conversion prices
/// set with their clause, vesting, plan reserves, convertibles and reissued certificates.
/// </summary>
public class Fourth_AmendmentsAndVesting
{
    private static readonly DateOnly D0 = new(1996, 2, 6);

    private static List<LedgerEvent> Company()
    {
        var json = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);
        return
        [
            new CompanyCreated(D0, CharterLoader.DefaultCharterId, json, D0),
            new StakeholderAdded(D0, "Founder"),
            new SharesIssued(new DateOnly(1996, 3, 1), "Founder", "common", 1_000_000, 0.01m),
            new InstrumentGranted(new DateOnly(1996, 4, 1), "OPT-1", "Founder", "option", "common", 4_800, 0.10m),
        ];
    }

    private static Result<CapTable> Fold_(IEnumerable<LedgerEvent> events) =>
        FoldTrace.TryReplay(events.ToList()).Result;

    [Fact]
    public void AuthorizedCommonAmended_BelowOutstanding_IsRefused_WithTheClause()
    {
        // 1,000,000 common outstanding; amending the authorized common to 999,999 would leave it over-issued.
        var r = Fold_([.. Company(), new AuthorizedSharesChanged(new DateOnly(1997, 1, 1), "common", 999_999)]);
        Assert.False(r.IsOk);
        Assert.Contains("over the 999,999 authorized", r.Refusal!.Reason);
        Assert.Equal("FOURTH (amended 1997-01-01)", r.Refusal.Clause!.Value.Citation);
    }

    [Fact]
    public void AuthorizedSeriesAmended_ChangesTheFixedNumber_FromItsDate()
    {
        // Series A's fixed number is 1,743,751 (FOURTH §2); amended to 2,000,000 on 1997-01-01.
        var events = Company();
        events.Add(new AuthorizedSharesChanged(new DateOnly(1997, 1, 1), "A", 2_000_000));
        var before = FoldTrace.TryReplay(events, new DateOnly(1996, 12, 31)).Result.Value;
        var after = Fold_(events).Value;
        Assert.Equal(1_743_751, before.Charter.FindSeries("A")!.FixedShares.Value);
        Assert.Equal(2_000_000, after.Charter.FindSeries("A")!.FixedShares.Value);
    }

    [Fact]
    public void ConversionPriceSet_RecordsTheChangeWithItsClause_AndTheSamePriceAgainChangesNothing()
    {
        var t = Fold_([.. Company(),
            new ConversionPriceSet(new DateOnly(1998, 1, 1), "B", 1.02m, "FOURTH §6(d)(iv)", "down round"),
            new ConversionPriceSet(new DateOnly(1998, 2, 1), "B", 1.02m, "FOURTH §6(d)(iv)", "again")]).Value;
        var h = Assert.Single(t.ConversionPriceHistory);
        Assert.Equal(("B", 1.07m, 1.02m, "FOURTH §6(d)(iv)", "down round"), (h.Series, h.From, h.To, h.Clause, h.Reason));
        // B converts at 2.40 / 1.02: 1,000 shares → 2,352.94 → 2,352 common (rounded down, §6(g)(i)).
        Assert.Equal(2_352, t.AsConverted("B", 1_000));
    }

    [Fact]
    public void ConversionPriceSet_WithoutAClause_IsRefused()
    {
        var r = Fold_([.. Company(), new ConversionPriceSet(new DateOnly(1998, 1, 1), "B", 1.02m, " ", "no clause")]);
        Assert.Equal("clause", r.Refusal!.Field);
    }

    [Fact]
    public void Vesting_TranchesAndAcceleration_VestedAndUnvested()
    {
        // 4,800 options: 1,200 on 1997-04-01, then 100 a month. On 1997-06-30: 1,200 + 2 × 100 = 1,400, plus 500
        // accelerated = 1,900 vested; 1,000 exercised → 900 vested of 3,800 outstanding, 2,900 unvested.
        var tranches = new List<VestingTranche> { new(new DateOnly(1997, 4, 1), 1_200) };
        for (var m = 1; m <= 36; m++) tranches.Add(new VestingTranche(new DateOnly(1997, 4, 1).AddMonths(m), 100));
        var t = Fold_([.. Company(),
            new VestingScheduled(new DateOnly(1996, 4, 1), "OPT-1", tranches),
            new InstrumentExercised(new DateOnly(1997, 5, 1), "OPT-1", 1_000),
            new VestingAccelerated(new DateOnly(1997, 6, 15), "OPT-1", 500, "change of control")]).Value;
        var v = Assert.Single(t.VestingOn(new DateOnly(1997, 6, 30)));
        Assert.Equal((3_800L, 900L, 2_900L), (v.Outstanding, v.Vested, v.Unvested));
        Assert.Equal(0, t.VestedShares("OPT-1", new DateOnly(1997, 3, 31)));
    }

    [Fact]
    public void Vesting_ScalesWithASplitOfTheUnderlying()
    {
        // 1,200 of 4,800 vested at the cliff; a 2:1 split makes the grant 9,600, so 2,400 are vested.
        var t = Fold_([.. Company(),
            new VestingScheduled(new DateOnly(1996, 4, 1), "OPT-1", [new(new DateOnly(1997, 4, 1), 1_200), new(new DateOnly(2000, 4, 1), 3_600)]),
            new StockSplit(new DateOnly(1998, 1, 1), 2, 1)]).Value;
        Assert.Equal(2_400, t.VestedShares("OPT-1", new DateOnly(1998, 6, 1)));
    }

    [Fact]
    public void VestingMoreThanGranted_IsRefused()
    {
        var r = Fold_([.. Company(), new VestingScheduled(new DateOnly(1996, 4, 1), "OPT-1", [new(new DateOnly(1997, 4, 1), 4_801)])]);
        Assert.Contains("more than the 4,800 shares", r.Refusal!.Reason);
    }

    [Fact]
    public void PlansConvertiblesAndReissues()
    {
        var t = Fold_([.. Company(),
            new PlanReserveSet(new DateOnly(1996, 2, 10), "P1", "1996 Stock Plan", "common", 5_000_000),
            new PlanReserveSet(new DateOnly(1997, 2, 10), "P1", "1996 Stock Plan", "common", 6_000_000),
            new ConvertibleIssued(new DateOnly(1996, 5, 1), "SAFE-1", "Founder", 50_000m, "safe"),
            new ConvertibleClosed(new DateOnly(1997, 5, 1), "SAFE-1", "converted"),
            new SharesReissued(new DateOnly(1997, 6, 1), "Founder", "common", 1_000_000, "lost certificate")]).Value;
        Assert.Equal(6_000_000, t.Plans["P1"].Reserved);
        Assert.Equal(new DateOnly(1996, 2, 10), t.Plans["P1"].AdoptedOn);
        Assert.Equal("converted", t.Convertibles["SAFE-1"].Outcome);
        Assert.Equal(1_000_000, t.SharesHeld("Founder", "common"));

        var twice = Fold_([.. Company(), new ConvertibleIssued(new DateOnly(1996, 5, 1), "SAFE-1", "Founder", 1m, "safe"),
            new ConvertibleClosed(new DateOnly(1997, 5, 1), "SAFE-1", "cancelled"), new ConvertibleClosed(new DateOnly(1997, 6, 1), "SAFE-1", "converted")]);
        Assert.Contains("already cancelled", twice.Refusal!.Reason);
        var tooMany = Fold_([.. Company(), new SharesReissued(new DateOnly(1997, 6, 1), "Founder", "common", 1_000_001)]);
        Assert.Contains("holds only 1,000,000", tooMany.Refusal!.Reason);
    }
}
