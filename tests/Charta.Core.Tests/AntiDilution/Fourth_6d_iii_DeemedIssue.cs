using Charta.Core.Ledger;

namespace Charta.Core.Tests.AntiDilution;

/// <summary>
/// Options deemed issued at their maximum shares (§6(d)(iii)) and priced by §6(d)(v)(B), then repriced (B), expired
/// (C), capped (D), and options of 30 days or less (E). A = 10,000,000 before each grant (see <see cref="Company"/>).
/// </summary>
public class Fourth_6d_iii_DeemedIssue
{
    private static readonly DateOnly June = new(2000, 6, 1);
    private static readonly DateOnly Expires = new(2005, 6, 1);

    private static Company Granted(decimal price = 1.00m, decimal paidForOptions = 0m, long shares = 1_000_000) =>
        Company.Juniper().Add(new InstrumentGranted(June, "W-1", "Optionee", "warrant", "common", shares, price, Expires, paidForOptions));

    [Fact]
    public void AGrant_IsDeemedAnIssueOfItsMaximumShares()
    {
        // consideration = 0 + 1,000,000 × 1.00 = 1,000,000; C = 1,000,000; A + C = 11,000,000
        //   B: (1.07 × 10,000,000 + 1,000,000) / 11,000,000 = 11,700,000 / 11,000,000 = 1.063636… → 1.06
        //   C: (39,700,000 + 1,000,000) / 11,000,000 = 3.70
        //   D: (110,300,000 + 1,000,000) / 11,000,000 = 10.118181… → 10.12
        //   A: $1.00 is not below 0.44
        var t = Granted().Table();
        Assert.Equal(0.44m, t.ConversionPrice("A"));
        Assert.Equal(1.06m, t.ConversionPrice("B"));
        Assert.Equal(3.70m, t.ConversionPrice("C"));
        Assert.Equal(10.12m, t.ConversionPrice("D"));
        Assert.Equal(10.12m, t.ConversionPrice("D1"));
    }

    [Fact]
    public void ConsiderationForTheOptionsThemselves_Counts()
    {
        // §6(d)(v)(B): (100,000 paid + 1,000,000 × 0.90) / 1,000,000 = $1.00 a share: the same prices as a grant at $1.00.
        var t = Granted(0.90m, 100_000m).Table();
        Assert.Equal(10.12m, t.ConversionPrice("D"));
        Assert.Equal(1.06m, t.ConversionPrice("B"));
    }

    [Fact]
    public void A_Exercise_MakesNoFurtherAdjustment()
    {
        var t = Granted().Add(new InstrumentExercised(new DateOnly(2001, 1, 1), "W-1", 1_000_000)).Table();
        Assert.Equal(10.12m, t.ConversionPrice("D"));
        Assert.Equal(4, t.ConversionPriceHistory.Count);   // B, C, D and D1 at the grant; nothing at the exercise
    }

    [Fact]
    public void B_RepricingUp_RecomputesTheAdjustment_WithinTheCap()
    {
        // Repriced to $2.00: the deemed issue is recomputed as if made at consideration 2,000,000:
        //   D: (110,300,000 + 2,000,000) / 11,000,000 = 10.209090… → 10.21
        //   C: (39,700,000 + 2,000,000) / 11,000,000 = 3.790909… → 3.79
        //   B: (10,700,000 + 2,000,000) / 11,000,000 = 1.154545… → 1.15, but (D) caps it at the 1.07 in effect before the grant
        var t = Granted().Add(new InstrumentRepriced(new DateOnly(2000, 9, 1), "W-1", 2.00m)).Table();
        Assert.Equal(10.21m, t.ConversionPrice("D"));
        Assert.Equal(3.79m, t.ConversionPrice("C"));
        Assert.Equal(1.07m, t.ConversionPrice("B"));
        var b = t.ConversionPriceHistory.Last(h => h.Series == "B");
        Assert.Equal("FOURTH §6(d)(iii)(B), (D)", b.Clause);
        Assert.Equal(1.15m, b.Inputs!.Recomputed);
        Assert.Equal(2.00m, t.Instruments["W-1"].ExercisePrice);
    }

    [Fact]
    public void B_FewerShares_RecomputesWithTheSmallerNumber()
    {
        // Shares cut to 500,000 at $1.00: D: (110,300,000 + 500,000) / 10,500,000 = 10.552380… → 10.55
        var t = Granted().Add(new InstrumentRepriced(new DateOnly(2000, 9, 1), "W-1", 1.00m, 500_000)).Table();
        Assert.Equal(10.55m, t.ConversionPrice("D"));
        Assert.Equal(500_000, t.Instruments["W-1"].Outstanding);
    }

    [Fact]
    public void B_MoreShares_IsRefused()
    {
        var r = Granted().Add(new InstrumentRepriced(new DateOnly(2000, 9, 1), "W-1", 1.00m, 1_500_000)).TryTable();
        Assert.Equal("FOURTH §6(d)(iii)(B)", r.Refusal!.Clause?.Citation);
    }

    [Fact]
    public void C_ExpiryUnexercised_RestoresThePrice()
    {
        // Nothing issued, nothing received: (110,300,000 + 0) / 10,000,000 = 11.03 for D; C back to 3.97; B to 1.07.
        var t = Granted().Add(new InstrumentExpired(Expires, "W-1")).Table();
        Assert.Equal(11.03m, t.ConversionPrice("D"));
        Assert.Equal(3.97m, t.ConversionPrice("C"));
        Assert.Equal(1.07m, t.ConversionPrice("B"));
        Assert.Empty(t.OpenDeemedAdjustments);
    }

    [Fact]
    public void C_PartlyExercisedThenExpired_CountsOnlyWhatWasIssued()
    {
        // 400,000 exercised at $1.00, the rest expires: C = 400,000, consideration 400,000, A = 10,000,000 (the original A).
        //   D: (110,300,000 + 400,000) / 10,400,000 = 10.644230… → 10.64
        //   C: (39,700,000 + 400,000) / 10,400,000 = 3.855769… → 3.86
        //   B: (10,700,000 + 400,000) / 10,400,000 = 1.067307… → 1.07
        var t = Granted()
            .Add(new InstrumentExercised(new DateOnly(2001, 1, 1), "W-1", 400_000))
            .Add(new InstrumentExpired(Expires, "W-1")).Table();
        Assert.Equal(10.64m, t.ConversionPrice("D"));
        Assert.Equal(3.86m, t.ConversionPrice("C"));
        Assert.Equal(1.07m, t.ConversionPrice("B"));
    }

    [Fact]
    public void D_PaidForOptionsThatExpire_CannotRaiseThePriceAboveTheOriginal()
    {
        // 1,000,000 warrants sold for 500,000 at an exercise price of $0.50 (so $1.00 a share: D → 10.12 at grant).
        // On expiry unexercised the recomputation counts the 500,000 received for no shares:
        //   D: (110,300,000 + 500,000) / 10,000,000 = 11.08, above the 11.03 in effect before the grant → capped at 11.03 (D)(i), (ii).
        var t = Granted(0.50m, 500_000m).Add(new InstrumentExpired(Expires, "W-1")).Table();
        Assert.Equal(11.03m, t.ConversionPrice("D"));
        var d = t.ConversionPriceHistory.Last(h => h.Series == "D");
        Assert.Equal("FOURTH §6(d)(iii)(C), (D)", d.Clause);
        Assert.Equal(11.08m, d.Inputs!.Recomputed);
    }

    [Fact]
    public void D_LaterIssues_LowerTheCap()
    {
        // Grant (D → 10.12), then 500,000 common at $2.00 on 2000-07-01, then the warrants expire unexercised.
        // The cap (D)(ii) is the price the $2.00 issue alone would have produced from 11.03: 11.03 × (price now / 10.12).
        // After the grant A counts the warrants and the preferred as converted at the new prices:
        //   2,707,000 + 1,000,000 + 2,500,000 (A) + 2,422,641 (2,568,000 / 1.06) + 958,164 (3,545,210 / 3.70)
        //   + 544,960 (5,515,000 / 10.12) + 1,089,920 (11,030,000 / 10.12) = 11,222,685
        //   D: (10.12 × 11,222,685 + 1,000,000) / 11,722,685 = 9.773662… → 9.77
        // Expiry: the grant recomputed with nothing issued is (110,300,000 + 0) / 10,000,000 = 11.03; the later issue is
        //   replayed on it with its own C and consideration and its A rebuilt: common and options 3,707,000 less the
        //   1,000,000 warrants that never were, plus the preferred at the replayed prices (B 1.07, C 3.97, D and D1 11.03:
        //   7,293,000) = 10,000,000: (11.03 × 10,000,000 + 1,000,000) / 10,500,000 = 10.60.
        //   Cap (D)(ii): the same replay from the 11.03 before the grant = 10.60; (D)(i) = 11.03. Result 10.60, the price
        //   of a ledger that never had the warrants.
        var t = Granted()
            .Add(new SharesIssued(new DateOnly(2000, 7, 1), "Newco", "common", 500_000, 2.00m))
            .Add(new InstrumentExpired(Expires, "W-1")).Table();
        Assert.Equal(10.60m, t.ConversionPrice("D"));
        Assert.Equal(9.77m, t.ConversionPriceHistory.Single(h => h.Series == "D" && h.Inputs!.Rule == "weighted-average").To);
    }

    [Fact]
    public void E_AThirtyDayOption_WaitsForItsExpiry()
    {
        // Granted 2000-06-01, expiring 2000-07-01: 30 days, so nothing happens at grant (§6(d)(iii)(E)).
        // 400,000 exercised at $1.00; at expiry the adjustment is for those 400,000 at $1.00 with A = 10,000,000:
        //   D: (110,300,000 + 400,000) / 10,400,000 = 10.64; C: 3.86; B: 1.067… → 1.07 (unchanged)
        var c = Company.Juniper().Add(new InstrumentGranted(June, "S-1", "Optionee", "option", "common", 1_000_000, 1.00m, new DateOnly(2000, 7, 1)));
        Assert.Empty(c.Table().ConversionPriceHistory);
        Assert.Contains("S-1", c.Table().PendingShortOptions);
        c.Add(new InstrumentExercised(new DateOnly(2000, 6, 15), "S-1", 400_000));
        Assert.Empty(c.Table().ConversionPriceHistory);
        var t = c.Add(new InstrumentExpired(new DateOnly(2000, 7, 1), "S-1")).Table();
        Assert.Equal(10.64m, t.ConversionPrice("D"));
        Assert.Equal(3.86m, t.ConversionPrice("C"));
        Assert.Equal(1.07m, t.ConversionPrice("B"));
        Assert.All(t.ConversionPriceHistory, h => Assert.Equal("FOURTH §6(d)(iii)(E)", h.Clause));
    }

    [Fact]
    public void E_AThirtyOneDayOption_IsDeemedIssuedAtOnce()
    {
        var t = Company.Juniper().Add(new InstrumentGranted(June, "S-2", "Optionee", "option", "common", 1_000_000, 1.00m, new DateOnly(2000, 7, 2))).Table();
        Assert.Equal(10.12m, t.ConversionPrice("D"));
    }

    [Fact]
    public void E_AShortOptionFullyExercised_AdjustsOnTheLastExercise()
    {
        var t = Company.Juniper()
            .Add(new InstrumentGranted(June, "S-3", "Optionee", "option", "common", 1_000_000, 1.00m, new DateOnly(2000, 6, 20)))
            .Add(new InstrumentExercised(new DateOnly(2000, 6, 10), "S-3", 1_000_000)).Table();
        // (110,300,000 + 1,000,000) / 11,000,000 = 10.12; A = 11,000,000 − 1,000,000 just issued.
        Assert.Equal(10.12m, t.ConversionPrice("D"));
        Assert.Empty(t.PendingShortOptions);
    }
}
