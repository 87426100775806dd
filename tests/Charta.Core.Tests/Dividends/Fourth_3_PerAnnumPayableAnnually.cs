using Charta.Core.Dividends;
using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Dividends;

/// <summary>
/// FOURTH §3: "$0.05 per annum … payable annually when and as declared". A second cash declaration with a record date in
/// the same year is refused unless it says it is one; it then prefers what the year's first left unpaid (default), or
/// the full rates again (each-declaration). The company (AntiDilution.Company) has, at 2000, the full preferential
///   A 1,100,000 × 0.05 = 55,000;  B 1,070,000 × 0.12 = 128,400;  C 397,000 × 0.45 = 178,650;
///   D 500,000 × 0.55 = 275,000;   D1 1,000,000 × 0.55 = 550,000;  total 1,187,050,
/// and 10,000,000 common as converted (2,707,000 common + 7,293,000 from the preferred).
/// </summary>
public class Fourth_3_PerAnnumPayableAnnually
{
    // Half the year's preference: 593,525 = 1,187,050 / 2.
    private static DividendDeclared First => new(new DateOnly(2000, 6, 1), "DIV-1", "cash", 593_525m, AllowSecond: false);

    private static DividendDeclared Second(bool allow, string? reading = null) =>
        new(new DateOnly(2000, 11, 1), "DIV-2", "cash", 700_000m, AllowSecond: allow, Reading: reading);

    private static decimal PaidTo(CapTable t, string id, string holder) =>
        t.Dividends[id].DeclaredPerShare.Count == 0 ? 0 : StoredPayees(t, id).Single(p => p.Holder == holder).Amount;

    private static IReadOnlyList<DividendPayee> StoredPayees(CapTable t, string id) =>
        DividendAllocation.Allocate(t, t.Dividends[id].Amount, t.Dividends[id].RecordDate, exceptId: id).Value.Holders
            .Select(h => new DividendPayee(h.Name, h.Total)).ToList();

    [Fact]
    public void Fourth_3_ASecondDeclarationInTheYear_IsRefused_WithoutAllowSecond()
    {
        var r = Company.Juniper().Add(First).Add(Second(allow: false)).TryTable();
        Assert.False(r.IsOk);
        Assert.Equal("record-date", r.Refusal!.Field);
        Assert.Contains("per annum, payable annually", r.Refusal.Reason);
        Assert.Contains("DIV-1 (record date 2000-06-01)", r.Refusal.Reason);
        Assert.Equal("FOURTH §3", r.Refusal.Clause!.Value.Citation);
    }

    [Fact]
    public void Fourth_3_TheNextYearsFirstDeclaration_NeedsNoFlag()
    {
        var next = new DividendDeclared(new DateOnly(2001, 1, 15), "DIV-2", "cash", 100_000m, AllowSecond: false);
        Assert.True(Company.Juniper().Add(First).Add(next).TryTable().IsOk);
    }

    [Fact]
    public void Fourth_3_UnpaidPart_TheSecondPrefersOnlyTheUnpaidHalf_TheRestIsExcess()
    {
        // Used: 593,525 / 1,187,050 = 1/2 of every rate. Second: 700,000 = 593,525 preferential + 106,475 excess.
        Assert.Equal(0.5m, DividendRules.UsedFraction(Company.Juniper().Add(First).Table().Charter, [Company.Juniper().Add(First).Table().Dividends["DIV-1"]]));
        var t = Company.Juniper().Add(First).Add(Second(allow: true)).Table();
        var terms = DividendRules.Terms(t.Charter, t.Outstanding, t.ExactConversionPrice, 700_000m, 0.5m).Value;
        Assert.Equal(593_525m, terms.FullPreferential);
        Assert.Equal(593_525m, terms.Preferential);
        Assert.Equal(106_475m, terms.Excess);
        // A holders: preference 1,100,000 × 0.05 × 1/2 = 27,500.00; excess 2,500,000 as converted × 106,475 / 10,000,000 = 26,618.75.
        Assert.Equal(54_118.75m, PaidTo(t, "DIV-2", "A holders"));
        // DIV-1 declared half of A's rate on each A share: 0.05 × 1/2 = 0.025.
        Assert.Equal(0.025m, t.Dividends["DIV-1"].DeclaredPerShare["A"]);
    }

    [Fact]
    public void Fourth_3_EachDeclaration_TheLiteralAlternative_PrefersTheFullRatesAgain()
    {
        // 700,000 < 1,187,050: all preferential, 700,000 / 1,187,050 of every rate. A holders: 70,000,000 cents × 5,500,000 /
        // 118,705,000 = 3,243,334.3 cents: $32,433.34 (plus at most the one leftover cent of the largest remainders).
        var t = Company.Juniper().Add(First).Add(Second(allow: true, DividendRules.EachDeclarationReading)).Table();
        var terms = DividendRules.Terms(t.Charter, t.Outstanding, t.ExactConversionPrice, 700_000m).Value;
        Assert.Equal(0m, terms.Excess);
        var paid = DividendAllocation.Allocate(t, 700_000m, new DateOnly(2000, 11, 1), DividendRules.EachDeclarationReading, "DIV-2").Value;
        var a = paid.Holders.Single(h => h.Name == "A holders").Total;
        Assert.InRange(a, 32_433.34m, 32_433.35m);
        Assert.Equal(0m, paid.Holders.Sum(h => h.Excess));
        Assert.DoesNotContain(paid.Holders, h => h.Name == "Founders");
    }

    [Fact]
    public void Fourth_3_AnUnknownReading_IsRefused()
    {
        var r = Company.Juniper().Add(First).Add(Second(allow: true, "twice")).TryTable();
        Assert.False(r.IsOk);
        Assert.Equal("reading", r.Refusal!.Field);
    }
}
