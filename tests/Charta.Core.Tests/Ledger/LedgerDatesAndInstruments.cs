using Charta.Core.Ledger;
using static Charta.Core.Tests.Ledger.TestLedger;

namespace Charta.Core.Tests.Ledger;

/// <summary>Back-dated events, the incorporation date, options and warrants, as-of folds.</summary>
public class LedgerDatesAndInstruments
{
    [Fact]
    public void BackDatedEvent_IsValidatedAgainstEveryLaterState()
    {
        var l = Juniper(null, "A", "B", "C");
        l.Ok(new SharesIssued(D("1997-01-01"), "A", "common", 100, 0.01m));
        l.Ok(new SharesTransferred(D("1998-01-01"), "A", "B", "common", 100));
        // Recorded late: on 1997-06-01 A gave 50 to C. Valid then (A held 100), but the 1998 transfer of 100 would
        // then exceed A's 50, so the late event is refused, naming the later event (6: the 1998 transfer) it would break.
        var refusal = l.TryAdd(new SharesTransferred(D("1997-06-01"), "A", "C", "common", 50))!;
        Assert.Equal("date", refusal.Field);
        Assert.Equal("1997-06-01", refusal.Value);
        Assert.Contains("would make event 6 (shares-transferred, 1998-01-01) invalid", refusal.Reason);
        Assert.Contains("holds only 50", refusal.Reason);
        // A back-dated issuance that keeps every later state valid is accepted and folds in date order.
        l.Ok(new SharesIssued(D("1996-12-01"), "C", "common", 10, 0.01m));
        Assert.Equal(10, l.Table(D("1996-12-31")).SharesHeld("C", "common"));
        Assert.Equal(0, l.Table(D("1996-12-31")).SharesHeld("A", "common"));
    }

    [Fact]
    public void IncorporationDate_RefusesEarlierEvents_AndIsOptional()
    {
        var l = Juniper(D("1996-02-06"), "F");
        var refusal = l.TryAdd(new SharesIssued(D("1996-02-05"), "F", "common", 1, 0.01m))!;
        Assert.Equal("date", refusal.Field);
        Assert.Contains("1996-02-06", refusal.Reason);
        l.Ok(new SharesIssued(D("1996-02-06"), "F", "common", 1, 0.01m));

        // Without an incorporation date, any date is accepted (historical cap tables).
        Juniper(null, "F").Ok(new SharesIssued(D("1901-01-01"), "F", "common", 1, 0.01m));
    }

    [Fact]
    public void Options_ExerciseWithinBalanceAndBeforeExpiry()
    {
        var l = Juniper(null, "E");
        l.Ok(new InstrumentGranted(D("1997-01-01"), "G-1", "E", "option", "common", 1_000, 0.25m, D("2000-01-01"), 0m, "employee-plan", "Board"));
        l.Ok(new InstrumentExercised(D("1998-01-01"), "G-1", 400));
        Assert.Contains("only 600", l.TryAdd(new InstrumentExercised(D("1998-02-01"), "G-1", 601))!.Reason);
        Assert.Contains("expired on 2000-01-01", l.TryAdd(new InstrumentExercised(D("2000-01-02"), "G-1", 1))!.Reason);
        l.Ok(new InstrumentExercised(D("2000-01-01"), "G-1", 100)); // the expiry day itself is still in time
        Assert.Contains("does not expire until", l.TryAdd(new InstrumentExpired(D("1999-12-31"), "G-1"))!.Reason);
        l.Ok(new InstrumentExpired(D("2000-01-02"), "G-1"));
        var g = l.Table().Instruments["G-1"];
        Assert.Equal((0L, 500L, 500L), (g.Outstanding, g.Exercised, g.Expired)); // 400 + 100 exercised; 1,000 − 500 expired
        Assert.Equal(500, l.Table().SharesHeld("E", "common"));
    }

    [Fact]
    public void Fourth_6d_i_D_ExclusionNeedingBoardApproval_WithoutIt_IsRefused()
    {
        var l = Juniper(null, "E", "Lessor");
        var refusal = l.TryAdd(new InstrumentGranted(D("1999-01-01"), "W-1", "Lessor", "warrant", "common", 1_000, 1m, null, 0m, "equipment-lease", null))!;
        Assert.Equal("approval", refusal.Field);
        Assert.Equal("FOURTH §6(d)(i)(D)(5)", refusal.Clause!.Value.Citation);
        Assert.Equal("exclusion", l.TryAdd(new SharesIssued(D("1999-01-01"), "E", "common", 1, 1m, "cash", "friends-and-family", "x"))!.Field);
        l.Ok(new InstrumentGranted(D("1999-01-01"), "W-1", "Lessor", "warrant", "common", 1_000, 1m, null, 0m, "equipment-lease", "Board resolution 1998-12-15"));
    }

    [Fact]
    public void Fourth_6e_i_ThreeForOneSplit_MovesConversionPricesAndOptions()
    {
        var l = Juniper(null, "F", "Inv", "E");
        l.Ok(new SharesIssued(D("1996-03-01"), "F", "common", 1_000_001, 0.01m));
        l.Ok(new SharesIssued(D("1996-03-01"), "Inv", "A", 1_000, 1.00m));
        l.Ok(new InstrumentGranted(D("1996-04-01"), "G-1", "E", "option", "common", 100, 0.30m, null, 0m, "employee-plan", "Board"));
        l.Ok(new StockSplit(D("1998-06-01"), 3, 1));
        var t = l.Table();
        Assert.Equal(3_000_003, t.SharesHeld("F", "common"));            // 1,000,001 × 3
        Assert.Equal(0.1466666667m, t.ConversionPrice("A"));               // 0.44 / 3 = 0.14666…, kept to 10 places
        Assert.Equal(3.6766666667m, t.ConversionPrice("D"));               // 11.03 / 3 = 3.676666…
        Assert.Equal((300L, 0.10m), (t.Instruments["G-1"].Outstanding, t.Instruments["G-1"].ExercisePrice)); // 100 × 3 at 0.30 / 3
        // A's ratio is unchanged in value terms: 1,000 A × 1.00 / 0.1466666667 = 6,818.18… → 6,818 common (3 × 2,272.7)
        Assert.Equal(6_818, t.AsConverted("A", 1_000));
        Assert.Equal(5, t.ConversionPriceHistory.Count);
        Assert.All(t.ConversionPriceHistory, h => Assert.Equal("FOURTH §6(e)(i)", h.Clause));
    }

    [Fact]
    public void Fourth_6e_i_ReverseSplit_RoundsEachHolderDown()
    {
        var l = Juniper(null, "F", "G");
        l.Ok(new SharesIssued(D("1996-03-01"), "F", "common", 1_001, 0.01m));
        l.Ok(new SharesIssued(D("1996-03-01"), "G", "common", 3, 0.01m));
        l.Ok(new StockSplit(D("1998-06-01"), 1, 2));
        var t = l.Table();
        Assert.Equal(500, t.SharesHeld("F", "common")); // 1,001 / 2 = 500.5 → 500
        Assert.Equal(1, t.SharesHeld("G", "common"));   // 3 / 2 = 1.5 → 1
        Assert.Equal(501, t.Outstanding("common"));
        Assert.Equal(0.88m, t.ConversionPrice("A"));    // 0.44 × 2
    }

    [Fact]
    public void Evolve_IsPure_TheGivenStateIsNotChanged()
    {
        var l = Juniper(null, "F");
        var before = l.Table();
        var after = Fold.Evolve(before, new RecordedEvent(99, DateTimeOffset.UnixEpoch, new SharesIssued(D("1997-01-01"), "F", "common", 5, 0.01m)));
        Assert.True(after.IsOk);
        Assert.Equal(0, before.Outstanding("common"));
        Assert.Equal(5, after.Value.Outstanding("common"));
    }

    [Fact]
    public void AsOf_FoldsOnlyEventsOnOrBeforeTheDate()
    {
        var l = Juniper(null, "F");
        l.Ok(new SharesIssued(D("1997-01-01"), "F", "common", 5, 0.01m));
        l.Ok(new SharesIssued(D("1997-01-02"), "F", "common", 7, 0.01m));
        Assert.Equal(5, l.Table(D("1997-01-01")).Outstanding("common"));
        Assert.Equal(12, l.Table(D("1997-01-02")).Outstanding("common"));
        Assert.Equal(0, l.Table(D("1996-12-31")).Outstanding("common"));
    }
}
