using Charta.Core.Ledger;
using static Charta.Core.Tests.Ledger.TestLedger;

namespace Charta.Core.Tests.Ledger;

/// <summary>FOURTH (authorized total, common, preferred) and §2 (each series' fixed number).</summary>
public class Fourth_AuthorizedShares
{
    [Fact]
    public void Fourth_2_SeriesB_FixedNumberIsIssuable_OneMoreIsRefused()
    {
        var l = Juniper(null, "KP");
        l.Ok(new SharesIssued(D("1997-01-15"), "KP", "B", 3_915_308, 2.40m));
        var refusal = l.TryAdd(new SharesIssued(D("1997-01-16"), "KP", "B", 1, 2.40m));
        Assert.NotNull(refusal);
        Assert.Equal("FOURTH §2", refusal.Clause!.Value.Citation);
        Assert.Contains("3,915,309", refusal.Reason); // 3,915,308 + 1
        Assert.Contains("by 1", refusal.Reason);
        Assert.Equal(3_915_308, l.Table().Outstanding("B"));
    }

    [Fact]
    public void Fourth_2_SeriesB_OneMoreThanFixedInOneIssuance_IsRefused()
    {
        var refusal = Juniper(null, "KP").TryAdd(new SharesIssued(D("1997-01-15"), "KP", "B", 3_915_309, 2.40m));
        Assert.Equal("FOURTH §2", refusal!.Clause!.Value.Citation);
        Assert.Equal("3,915,309", refusal.Value);
    }

    [Fact]
    public void Fourth_AuthorizedCommon_IsTheCeiling()
    {
        var l = Juniper(null, "F");
        // 71,000,000 authorized common and no preferred or options outstanding: exactly 71,000,000 can be issued.
        l.Ok(new SharesIssued(D("1996-03-01"), "F", "common", 71_000_000, 0.001m));
        var refusal = l.TryAdd(new SharesIssued(D("1996-03-02"), "F", "common", 1, 0.001m));
        Assert.Equal("FOURTH", refusal!.Clause!.Value.Citation);
        Assert.Contains("71,000,001", refusal.Reason);
    }

    [Fact]
    public void Fourth_WarrantsOnASeries_CountAgainstItsFixedNumber()
    {
        var l = Juniper(null, "KP", "Bank");
        l.Ok(new SharesIssued(D("1998-01-01"), "KP", "C", 5_199_000, 8.93m));
        // A warrant for 1,000 Series C takes the series to exactly 5,200,000 issued or reserved.
        l.Ok(new InstrumentGranted(D("1998-02-01"), "W-1", "Bank", "warrant", "C", 1_000, 8.93m, D("2003-02-01")));
        var refusal = l.TryAdd(new SharesIssued(D("1998-03-01"), "KP", "C", 1, 8.93m));
        Assert.Equal("FOURTH §2", refusal!.Clause!.Value.Citation);
        // Exercising the warrant moves the 1,000 from reserved to outstanding: still 5,200,000.
        l.Ok(new InstrumentExercised(D("1998-04-01"), "W-1", 1_000));
        Assert.Equal(5_200_000, l.Table().Outstanding("C"));
    }

    [Fact]
    public void ZeroOrNegativeQuantities_UnknownHolderOrSeries_AreRefused()
    {
        var l = Juniper(null, "KP");
        Assert.Equal("shares", l.TryAdd(new SharesIssued(D("1997-01-15"), "KP", "B", 0, 2.40m))!.Field);
        Assert.Equal("shares", l.TryAdd(new SharesIssued(D("1997-01-15"), "KP", "B", -5, 2.40m))!.Field);
        Assert.Equal("price", l.TryAdd(new SharesIssued(D("1997-01-15"), "KP", "B", 5, -2.40m))!.Field);
        var unknownHolder = l.TryAdd(new SharesIssued(D("1997-01-15"), "Nobody", "B", 5, 2.40m))!;
        Assert.Equal(("holder", "Nobody"), (unknownHolder.Field, unknownHolder.Value));
        var unknownSeries = l.TryAdd(new SharesIssued(D("1997-01-15"), "KP", "E", 5, 2.40m))!;
        Assert.Equal(("security", "E"), (unknownSeries.Field, unknownSeries.Value));
        Assert.Contains("common, A, B, C, D, D1", unknownSeries.Reason);
        // "kp" is not "KP", but the refusal points at the likely holder.
        Assert.Contains("did you mean 'KP'", l.TryAdd(new SharesIssued(D("1997-01-15"), "kp", "B", 5, 2.40m))!.Reason);
    }

    [Fact]
    public void StakeholderNames_AreUniqueIgnoringCase()
    {
        var l = Juniper(null, "Kleiner Perkins");
        Assert.Contains("already exists", l.TryAdd(new StakeholderAdded(D("1997-01-01"), "kleiner perkins"))!.Reason);
    }
}
