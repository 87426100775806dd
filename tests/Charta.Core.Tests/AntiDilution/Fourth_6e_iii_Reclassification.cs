using Charta.Core.Ledger;
using Charta.Core.Liquidation;

namespace Charta.Core.Tests.AntiDilution;

/// <summary>
/// FOURTH §6(e)(iii): when the common is reclassified, the preferred converts into the shares of the new class a holder
/// of the common it would have received would get. The outstanding common (and the options over it) are reclassified in
/// the same event, so no value moves between the common and the preferred.
/// </summary>
public class Fourth_6e_iii_Reclassification
{
    private static readonly DateOnly June = new(2000, 6, 1);
    private static readonly DateOnly Reclassified = new(2000, 9, 1);

    /// <summary>The Juniper company with an employee option over 100,000 common at $1.00 (excluded: adjusts nothing).</summary>
    private static Company WithOption() => Company.Juniper().Add(new InstrumentGranted(June, "O-1", "Optionee", "option", "common", 100_000, 1.00m,
        new DateOnly(2010, 6, 1), Exclusion: "employee-plan", Approval: "Board minutes 2000-05-30"));

    [Fact]
    public void Fourth_6e_iii_TwoForOne_ReclassifiesTheCommonAndTheOptions_InTheSameEvent()
    {
        // Founders' 2,707,000 common → 5,414,000 Class B; the option over 100,000 at $1.00 → 200,000 at $0.50;
        // D's price 11.03 / 2 = 5.515: 500,000 D convert into 500,000 × 11.03 / 5.515 = 1,000,000 (twice 500,000).
        var t = WithOption().Add(new CommonReclassified(Reclassified, "Class B Common", 2m)).Table();
        Assert.Equal(5_414_000, t.SharesHeld("Founders", "common"));
        Assert.Equal(5_414_000, t.Outstanding("common"));
        Assert.Equal(200_000, t.Instruments["O-1"].Outstanding);
        Assert.Equal(0.50m, t.Instruments["O-1"].ExercisePrice);
        Assert.Equal(5.515m, t.ConversionPrice("D"));
        Assert.Equal(1_000_000, t.AsConverted("D", 500_000));
        Assert.Equal("Class B Common", t.ConversionTarget!.Class);
    }

    [Fact]
    public void Fourth_6e_iii_ABillionDollarExit_GivesTheCommonTheSameTotal_BeforeAndAfter()
    {
        // Every class's claim is the same fraction of the company before and after: the common has twice the shares at half
        // the price per share, each series converts into twice the common at half the conversion price, the option
        // covers twice the shares at half the strike. So at a $1,000,000,000 exit each class's total is unchanged and the
        // common's price per share halves. (Before this fix the common kept 2,707,000 shares against preferred converting
        // into twice as many: value moved to the preferred.)
        var before = Waterfall.Solve(LiquidationModel.From(WithOption().Table()), 1_000_000_000m).Value;
        var after = Waterfall.Solve(LiquidationModel.From(WithOption().Add(new CommonReclassified(Reclassified, "Class B Common", 2m)).Table()),
            1_000_000_000m).Value;
        decimal Total(WaterfallResult r, string id) => r.Classes.Single(c => c.Id == id).Total;
        Assert.Equal(Total(before, "common"), Total(after, "common"));
        foreach (var s in new[] { "A", "B", "C", "D", "D1" }) Assert.Equal(Total(before, s), Total(after, s));
        Assert.Equal(before.Options.Single().Total, after.Options.Single().Total);
        Assert.Equal(before.CommonPricePerShare / 2m, after.CommonPricePerShare);
        Assert.True(Total(before, "common") > 0m);
    }

    [Fact]
    public void Fourth_6e_iii_AReclassificationBeyondTheAuthorizedCommon_IsRefused()
    {
        // 30-for-1: the founders' 2,707,000 common become 81,210,000, over the 71,000,000 authorized (FOURTH).
        var r = Company.Juniper().Add(new CommonReclassified(Reclassified, "Class B Common", 30m)).TryTable();
        Assert.False(r.IsOk);
        Assert.Equal("ratio", r.Refusal!.Field);
    }
}
