using Charta.Core.Ledger;
using static Charta.Core.Tests.Ledger.TestLedger;

namespace Charta.Core.Tests.Ledger;

/// <summary>FOURTH §9 (converted preferred is cancelled and not reissuable) and §6(i) (reservation of common).</summary>
public class Fourth_9_And_6i_Reservation
{
    // Common issued under a Board-approved plan is excluded from anti-dilution (§6(d)(i)(D)(2)), so the conversion
    // prices below stay at their initial values.
    private const string Plan = "employee-plan";
    private const string Board = "Board-approved 1999 plan";

    private static TestLedger AllPreferredIssued()
    {
        var l = Juniper(null, "Inv", "F", "Emp");
        var day = D("1999-01-01");
        foreach (var (s, n, p) in new[] { ("A", 1_743_751L, 1.00m), ("B", 3_915_308L, 2.40m), ("C", 5_200_000L, 8.93m), ("D", 600_000L, 11.03m), ("D1", 2_580_000L, 11.03m) })
            l.Ok(new SharesIssued(day, "Inv", s, n, p));
        return l;
    }

    [Fact]
    public void Fourth_9_ConvertedPreferred_CannotBeReissued()
    {
        var l = Juniper(null, "Inv");
        l.Ok(new SharesIssued(D("1996-03-01"), "Inv", "A", 1_743_751, 1.00m));
        // Converting 1,000 A at OIP 1.00 / CP 0.44: 1,000 × 1.00 / 0.44 = 2,272.72… → 2,272 common (§6(g)(i)).
        l.Ok(new PreferredConverted(D("1997-01-01"), "Inv", [new ConvertedLot("A", 1_000)], 0.50m));
        var t = l.Table();
        Assert.Equal(1_742_751, t.Outstanding("A"));
        Assert.Equal(1_000, t.RetiredByConversion["A"]);
        Assert.Equal(2_272, t.Outstanding("common"));
        // The 1,000 converted shares are cancelled and not reissuable: issuing even one more A is refused.
        var refusal = l.TryAdd(new SharesIssued(D("1997-02-01"), "Inv", "A", 1, 1.00m))!;
        Assert.Equal("FOURTH §2", refusal.Clause!.Value.Citation);
        Assert.Contains("FOURTH §9", refusal.Reason);
    }

    [Fact]
    public void Fourth_6i_CommonIssuance_ThatLeavesTooLittleToConvertThePreferred_IsRefusedWithTheShortfall()
    {
        var l = AllPreferredIssued();
        // Common needed to convert all preferred, per series, rounded down:
        //   A  1,743,751 × 1.00 / 0.44  =  3,963,070.45 →  3,963,070
        //   B  3,915,308 × 2.40 / 1.07  =  8,781,999.25 →  8,781,999
        //   C  5,200,000 × 8.93 / 3.97  = 11,696,725.44 → 11,696,725
        //   D    600,000 × 11.03 / 11.03 =    600,000
        //   D1 2,580,000 × 11.03 / 11.03 =  2,580,000
        //   total 27,621,794; so at most 71,000,000 − 27,621,794 = 43,378,206 common can be issued.
        l.Ok(new SharesIssued(D("1999-02-01"), "F", "common", 43_378_206, 0.10m, "cash", Plan, Board));
        var refusal = l.TryAdd(new SharesIssued(D("1999-02-02"), "F", "common", 1, 0.10m, "cash", Plan, Board))!;
        Assert.Equal("FOURTH §6(i)", refusal.Clause!.Value.Citation);
        Assert.Contains("1 shares short", refusal.Reason);
    }

    [Fact]
    public void Fourth_6i_OptionGrant_CountsAgainstTheReserve()
    {
        var l = AllPreferredIssued();
        l.Ok(new SharesIssued(D("1999-02-01"), "F", "common", 43_000_000, 0.10m, "cash", Plan, Board));
        // 43,378,206 − 43,000,000 = 378,206 left for options; a grant of 378,210 is 4 short.
        var refusal = l.TryAdd(new InstrumentGranted(D("1999-03-01"), "G-1", "Emp", "option", "common", 378_210, 0.25m, D("2009-03-01"), 0m, "employee-plan", "Board 1999-02-20"))!;
        Assert.Equal("FOURTH §6(i)", refusal.Clause!.Value.Citation);
        Assert.Contains("4 shares short", refusal.Reason);
        l.Ok(new InstrumentGranted(D("1999-03-01"), "G-1", "Emp", "option", "common", 378_206, 0.25m, D("2009-03-01"), 0m, "employee-plan", "Board 1999-02-20"));
    }
}
