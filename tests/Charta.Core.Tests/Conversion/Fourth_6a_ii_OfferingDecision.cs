using Charta.Core.Conversion;
using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Conversion;

/// <summary>
/// FOURTH §6(a)(ii)(a) with §6(c) and §6(e)(i): the `ipo` decision the CLI and the server share
/// (<see cref="OfferingDecider"/>), and the fold passing the split factors so that its plan is right after a split.
/// </summary>
public class Fourth_6a_ii_OfferingDecision
{
    private static readonly DateOnly Split = new(2000, 4, 1);
    private static readonly DateOnly Filed = Company.Oid.AddDays(100);   // 2000-06-09: the §6(c) reset is 85%
    private static readonly DateOnly Closing = Company.Oid.AddDays(110);

    /// <summary>Juniper, then a 2:1 split after the Original Issue Date: every conversion price halves (§6(e)(i)).</summary>
    private static List<RecordedEvent> SplitLedger() =>
        [.. Company.Juniper().Add(new StockSplit(Split, 2, 1)).Recorded()];

    private static OfferingCommand At5(string? reading = "each-series", string? bars = null) =>
        new(Filed, Closing, 5.00m, 20_000_000m, "firm-commitment", 1_000_000, reading, bars);

    [Fact]
    public void AfterASplit_TheBarsAreTheInitialPricesMovedByTheSplit_NotTheReset()
    {
        // Bars (splits-only, the charter's default): A 3 × 0.44 / 2 = 0.66; B 3 × 1.07 / 2 = 1.605;
        // C 1.5 × 3.97 / 2 = 2.9775; D 1 × 11.03 / 2 = 5.515; D1 1 × 11.03 / 2 = 5.515.
        // The §6(c) reset moves D1's price to 85% × $5.00 = $4.25 but not its bar. At $5.00 A, B and C pass, D and D1 do not.
        var existing = SplitLedger();
        var d = OfferingDecider.Decide(existing, At5(), existing.Count + 1, DateTimeOffset.UnixEpoch);
        Assert.True(d.IsOk, d.Refusal?.ToString());
        Assert.Equal([0.66m, 1.605m, 2.9775m, 5.515m, 5.515m], d.Plan!.Tests.Select(t => t.Threshold));
        Assert.Equal(4.25m, d.Plan.ConversionPricesAtClosing["D1"]);
        Assert.Equal(["A", "B", "C"], d.Plan.Converting);
        var close = Assert.IsType<PublicOfferingClosed>(d.Events[^1]);
        Assert.Equal(PublicOffering.SplitsOnly, close.BarAdjustment);

        // The fold decides the same plan: D and D1 stay preferred, A, B and C convert.
        var proposed = d.Events.Select((e, i) => new RecordedEvent(existing.Count + 1 + i, DateTimeOffset.UnixEpoch, e)).ToList();
        var decided = Fold.TryDecide(existing, proposed);
        Assert.True(decided.IsOk, decided.Refusal?.ToString());
        var t = decided.Value.State;
        Assert.Equal(0, t.Outstanding("A"));
        Assert.Equal(0, t.Outstanding("C"));
        Assert.Equal(500_000, t.Outstanding("D"));
        Assert.Equal(1_000_000, t.Outstanding("D1"));

        // Replayed from the stored events (the bar reading is stored in the v3 event), the same state.
        var replayed = Fold.Replay([.. existing, .. decided.Value.Recorded]);
        Assert.Equal(1_000_000, replayed.Outstanding("D1"));
        Assert.Equal(t.Outstanding("common"), replayed.Outstanding("common"));
    }

    [Fact]
    public void TheConversionPriceInEffectReading_TakesTheResetPrice()
    {
        // D1's bar is 1 × $4.25 (the reset price in effect): met at $5.00, so D1 converts too; D (5.515) does not.
        var existing = SplitLedger();
        var d = OfferingDecider.Decide(existing, At5(bars: PublicOffering.InEffect), existing.Count + 1, DateTimeOffset.UnixEpoch);
        Assert.Equal(["A", "B", "C", "D1"], d.Plan!.Converting);
        var proposed = d.Events.Select((e, i) => new RecordedEvent(existing.Count + 1 + i, DateTimeOffset.UnixEpoch, e)).ToList();
        var t = Fold.TryDecide(existing, proposed).Value.State;
        Assert.Equal(0, t.Outstanding("D1"));
        Assert.Equal(500_000, t.Outstanding("D"));
    }

    [Fact]
    public void AnEventRecordedBeforeItCarriedItsBars_FoldsAsItWasRecorded_OnThePricesInEffect()
    {
        // A v2 event (no bar reading) replays with the prices in effect, as the fold decided it then: D1 (bar $4.25) converts.
        var t = Fold.Replay([.. Company.Juniper().Add(new StockSplit(Split, 2, 1)).Add(new RegistrationFiled(Filed))
            .Add(new PublicOfferingClosed(Closing, 5.00m, 20_000_000m, "firm-commitment", "each-series")).Recorded()]);
        Assert.Equal(0, t.Outstanding("D1"));
        Assert.Equal(500_000, t.Outstanding("D"));
    }

    [Fact]
    public void WithoutAReading_WhenTheReadingsDiffer_TheDecisionIsRefusedWithBothOutcomes()
    {
        // At $5.00 any-series converts all five (A passes), each-series A, B and C: no silent default.
        var existing = SplitLedger();
        var d = OfferingDecider.Decide(existing, At5(reading: null), existing.Count + 1, DateTimeOffset.UnixEpoch);
        Assert.False(d.IsOk);
        Assert.Equal("--reading", d.Refusal!.Field);
        Assert.Equal("FOURTH §6(a)(ii)(a)", d.Refusal.Clause?.Citation);
        Assert.True(d.ReadingsDiffer);
        Assert.Equal(["A", "B", "C", "D", "D1"], d.UnderAnySeries!.Converting);
        Assert.Equal(["A", "B", "C"], d.UnderEachSeries!.Converting);
        Assert.Empty(d.Events);
    }

    [Fact]
    public void TheOfferingsRegistryHolder_IsAddedWhenNew()
    {
        var existing = SplitLedger();
        var d = OfferingDecider.Decide(existing, At5(), existing.Count + 1, DateTimeOffset.UnixEpoch);
        Assert.Equal(PublicOfferingClosed.DefaultPublicHolder, Assert.IsType<StakeholderAdded>(d.Events[0]).Name);
        Assert.IsType<RegistrationFiled>(d.Events[1]);
    }
}
