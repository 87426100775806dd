using Charta.Core.Ledger;

namespace Charta.Core.Tests.AntiDilution;

/// <summary>
/// FOURTH §6(e)(i) "proportionately", applied to the options over common as to the conversion prices: after a 3:1 split
/// an option over 300,000 at $1.00 is over 900,000 at exactly $1/3 (shown 0.3333333333), and exercising all of it pays
/// 900,000 × 1/3 = $300,000.00, not 900,000 × 0.3333333333 = $299,999.99997.
/// </summary>
public class Fourth_6e_i_ExactExercisePrices
{
    [Fact]
    public void Fourth_6e_i_AnOptionAfterASplit_KeepsItsExactPrice()
    {
        var t = Company.Juniper()
            .Add(new InstrumentGranted(new DateOnly(2000, 1, 10), "OPT-1", "Optionee", "option", "common", 300_000, 1.00m, null, 0m, "employee-plan", "Board 2000-01-05"))
            .Add(new StockSplit(new DateOnly(2000, 2, 1), 3, 1)).Table();
        var o = t.Instruments["OPT-1"];
        Assert.Equal(900_000, o.Outstanding);
        Assert.Equal(0.3333333333m, o.ExercisePrice);
        Assert.Equal(300_000m, o.ExerciseAmount(900_000));
        Assert.Equal(1m / 3m, o.Strike);
    }

    [Fact]
    public void Fourth_6e_i_ARepricing_SetsTheExactPriceAgain()
    {
        var t = Company.Juniper()
            .Add(new InstrumentGranted(new DateOnly(2000, 1, 10), "OPT-1", "Optionee", "option", "common", 300_000, 1.00m, null, 0m, "employee-plan", "Board 2000-01-05"))
            .Add(new StockSplit(new DateOnly(2000, 2, 1), 3, 1))
            .Add(new InstrumentRepriced(new DateOnly(2000, 2, 15), "OPT-1", 0.25m)).Table();
        Assert.Null(t.Instruments["OPT-1"].ExactExercisePrice);
        Assert.Equal(225_000m, t.Instruments["OPT-1"].ExerciseAmount(900_000));
    }
}

/// <summary>
/// FOURTH §7(a) on a split-adjusted price: after a 3:1 split A's conversion price is exactly 0.44 / 3 (shown 0.1466666667),
/// so 1,100,000 A carry 1,100,000 × 1.00 × 3 / 0.44 = 7,500,000 votes' worth of common exactly; the ten-place price would
/// give 1,100,000 / 0.1466666667 = 7,499,999.9983 (17/10,000 of a vote short).
/// </summary>
public class Fourth_7a_VotesOnTheExactPrice
{
    [Fact]
    public void Fourth_7a_TheAsConvertedVotes_UseTheExactConversionPrice()
    {
        var t = Company.Juniper().Add(new StockSplit(new DateOnly(2000, 2, 1), 3, 1)).Table();
        Assert.Equal(0.1466666667m, t.ConversionPrice("A"));
        var a = Charta.Core.Voting.Votes.Count(t).Find("A holders")!;
        Assert.InRange(a.PreferredAsConverted, 7_499_999.999999999m, 7_500_000.000000001m);
        Assert.Equal(7_500_000, a.PreferredVotes);
    }
}
