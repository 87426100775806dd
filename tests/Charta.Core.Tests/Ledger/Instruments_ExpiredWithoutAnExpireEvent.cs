using Charta.Core.Ledger;
using Charta.Core.Liquidation;

namespace Charta.Core.Tests.Ledger;

/// <summary>
/// One rule for every reader: an option or warrant is not exercisable, so not outstanding, after its expiry date,
/// whether or not an <c>instrument-expired</c> event records it (docs/interpretations.md, "Expired instruments").
/// </summary>
public class Instruments_ExpiredWithoutAnExpireEvent
{
    private static TestLedger Ledger() => TestLedger.Juniper(null, "Founder", "Staff")
        .Ok(new SharesIssued(TestLedger.D("1996-02-06"), "Founder", "common", 1_000_000, 0.01m))
        .Ok(new InstrumentGranted(TestLedger.D("1997-02-01"), "G-1", "Staff", "option", "common", 100_000, 0.25m, TestLedger.D("2007-02-01")));

    [Fact]
    public void OnItsExpiryDate_ItIsStillOutstanding_TheDayAfter_ItIsNot()
    {
        // 1,000,000 common + 100,000 under option = 1,100,000 fully diluted on 2007-02-01; 1,000,000 on 2007-02-02.
        var on = Ledger().Table(TestLedger.D("2007-02-01"));
        Assert.Equal(1_100_000, on.FullyDilutedTotal());
        Assert.Single(on.OutstandingInstruments);
        Assert.Empty(on.LapsedInstruments);

        var after = Ledger().Table(TestLedger.D("2007-02-02"));
        Assert.Equal(1_000_000, after.FullyDilutedTotal());
        Assert.Empty(after.OutstandingInstruments);
        Assert.Equal("G-1", after.LapsedInstruments.Single().GrantId);
        Assert.Equal(0, after.OutstandingOf(after.Instruments["G-1"]));
        Assert.Equal(100_000, after.Instruments["G-1"].Outstanding);   // the ledger's fact: no expiry recorded yet
    }

    [Fact]
    public void TheWaterfall_DoesNotPayALapsedOption()
    {
        // At a $1,000,000 exit with no preferred: on 2007-02-01 the option is in the money (1.00 − 0.25 > 0) and is
        // exercised: (1,000,000 + 100,000 × 0.25) / 1,100,000 = 0.9318… a share, option 100,000 × (0.9318… − 0.25) =
        // 68,181.82. On 2007-02-02 it has lapsed: the common alone takes the $1,000,000.
        var on = Waterfall.Solve(LiquidationModel.From(Ledger().Table(TestLedger.D("2007-02-01"))), 1_000_000m).Value;
        Assert.Equal(68_181.82m, on.Options.Single().Total);
        var after = Waterfall.Solve(LiquidationModel.From(Ledger().Table(TestLedger.D("2007-02-02"))), 1_000_000m).Value;
        Assert.Empty(after.Options);
        Assert.Equal(1_000_000m, after.Classes.Single(c => c.Id == "common").Total);
    }

    [Fact]
    public void Vesting_DoesNotListALapsedOption()
    {
        var t = Ledger().Table(TestLedger.D("2010-01-01"));
        Assert.Empty(t.VestingOn(TestLedger.D("2010-01-01")));
        Assert.Single(t.VestingOn(TestLedger.D("2007-02-01")));
    }
}
