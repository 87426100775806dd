using System.Numerics;
using Charta.Core.Conversion;
using Charta.Core.Ledger;
using Charta.Core.Money;
using CsCheck;

namespace Charta.Core.Tests.AntiDilution;

/// <summary>
/// FOURTH §6(e)(i): on a subdivision or combination the conversion price moves "proportionately". Charta keeps the
/// exact price (the price last set × the cumulative split factor) and rounds only what it pays (whole shares, cents)
/// or shows (ten places); docs/interpretations.md, "Split-adjusted prices".
/// </summary>
public class Fourth_6e_i_ProportionatelyIsExact
{
    private static readonly DateOnly Dividend = new(2000, 6, 1);
    private static readonly DateOnly Day = new(2000, 7, 1);

    /// <summary>The Juniper company with the whole 600,000 Series D issued to one holder.</summary>
    private static Company SixHundredThousandD() =>
        Company.Juniper().Add(new SharesIssued(new DateOnly(2000, 1, 3), "D holders", "D", 100_000, 11.03m));

    [Fact]
    public void Fourth_6e_i_ElevenForTenStockDividend_600000D_ConvertInto660000Common_NoCash()
    {
        // An 11-for-10 subdivision: D's price 11.03 × 10/11 = 110.3/11 = 10.027272…, shown as 10.0272727273 (ten places).
        // 600,000 D × 11.03 ÷ (11.03 × 10/11) = 600,000 × 11/10 = 660,000 exactly: no fraction, no cash.
        // (Dividing by the ten-place figure, rounded up, gave 659,999.99999999… → 659,999 plus cash: the defect.)
        var t = SixHundredThousandD().Add(new StockSplit(Dividend, 11, 10)).Table();
        Assert.Equal(10.0272727273m, t.ConversionPrice("D"));
        Assert.Equal(660_000, t.AsConverted("D", 600_000));
        Assert.Equal(Rational.Of(660_000, 1), t.ExactCommonOnConversion("D", 600_000));

        var q = Conversions.Quote(t, "D holders", Day, [new ConvertedLot("D", 600_000)], 20m).Value;
        Assert.Equal(660_000, q.CommonIssued);
        Assert.Equal(0m, q.Fraction);
        Assert.Equal(0m, q.CashForFraction);

        var after = SixHundredThousandD().Add(new StockSplit(Dividend, 11, 10))
            .Add(new PreferredConverted(Day, "D holders", [new ConvertedLot("D", 600_000)], 20m)).Table();
        Assert.Equal(660_000, after.SharesHeld("D holders", "common"));
    }

    [Fact]
    public void Fourth_6e_i_SplitThenReverseSplit_RestoresThePriceExactly()
    {
        // 11:10 then 10:11: the factor is 10/11 × 11/10 = 1, so D is 11.03 again (not 10.0272727273 × 1.1 = 11.03000000003).
        var t = SixHundredThousandD().Add(new StockSplit(Dividend, 11, 10)).Add(new StockSplit(Day, 10, 11)).Table();
        Assert.Equal(11.03m, t.ConversionPrice("D"));
        Assert.Equal(600_000, t.AsConverted("D", 600_000));
    }

    [Fact]
    public void Fourth_6e_i_ADownRoundAfterASplit_StartsFromTheExactPrice()
    {
        // 3:1 (C 3.97 → 3.97/3 exactly). A is 30,000,000 (every position × 3, the preferred as converted exactly: no
        // share lost to a ten-place price). 1,500,000 common at $0.60 (900,000):
        //   C: (3.97/3 × 30,000,000 + 900,000) / 31,500,000 = (39,700,000 + 900,000) / 31,500,000 = 1.288888… → 1.29
        var t = Company.Juniper().Add(new StockSplit(Dividend, 3, 1))
            .Add(new SharesIssued(Day, "Newco", "common", 1_500_000, 0.60m)).Table();
        var history = t.ConversionPriceHistory.Single(h => h.Series == "C" && h.Inputs?.Rule == "weighted-average");
        Assert.Equal(30_000_000m, history.Inputs!.A);
        Assert.Equal(1.29m, t.ConversionPrice("C"));
    }

    private static readonly (long N, long D)[] Ratios = [(2, 1), (1, 2), (3, 2), (2, 3), (11, 10), (10, 11), (3, 1), (1, 3), (7, 5), (5, 7), (21, 20)];
    private static readonly string[] Series = ["A", "B", "C", "D", "D1"];

    [Fact]
    public void Fourth_6e_i_RandomSplitSequences_NoHolderGainsOrLoses()
    {
        // Whatever the sequence of subdivisions and combinations, a holder of N shares of a series converts into exactly
        // N × OIP ÷ CP₀ × Π(n/d) common (worked here in BigInteger rationals, independently of Charta's types): the whole
        // shares are that number rounded down and the fraction's cash is that fraction × the market price, to the cent.
        Gen.Select(Gen.Int[0, Ratios.Length - 1].Array[1, 6], Gen.Int[0, Series.Length - 1], Gen.Int[1, 100], Gen.Int[1, 5000])
            .Sample((picks, which, percent, marketCents) =>
            {
                var series = Series[which];
                var company = Company.Juniper();
                BigInteger num = 1, den = 1;
                var date = Dividend;
                foreach (var p in picks)
                {
                    var (n, d) = Ratios[p];
                    var trial = Company.Juniper();
                    foreach (var e in company.Recorded()) trial.Add(e.Event);
                    if (!trial.Add(new StockSplit(date, n, d)).TryTable().IsOk) continue;   // refused (authorized common): not applied
                    company.Add(new StockSplit(date, n, d));
                    (num, den) = (num * n, den * d);
                    date = date.AddDays(1);
                }

                var t = company.Table();
                var s = t.Charter.FindSeries(series)!;
                var held = t.SharesHeld($"{series} holders", series);
                var shares = Math.Max(1, held * percent / 100);
                // exact = shares × OIP × num / (CP₀ × den), OIP and CP₀ in cents.
                var oipCents = new BigInteger(s.OriginalIssuePrice.Value * 100m);
                var cpCents = new BigInteger(s.InitialConversionPrice.Value * 100m);
                var exactNum = shares * oipCents * num;
                var exactDen = cpCents * den;
                var whole = (long)(exactNum / exactDen);
                var remainder = exactNum % exactDen;
                // cash = remainder/exactDen × marketCents/100, in cents half up: round(remainder × marketCents / exactDen)
                var cashCents = (long)((2 * remainder * marketCents + exactDen) / (2 * exactDen));

                Assert.Equal(Rational.Of(exactNum, exactDen), t.ExactCommonOnConversion(series, shares));
                var converted = company.Add(new PreferredConverted(date, $"{series} holders", [new ConvertedLot(series, shares)], marketCents / 100m)).Table();
                Assert.Equal(whole, converted.SharesHeld($"{series} holders", "common"));
                var q = Conversions.Quote(t, $"{series} holders", date, [new ConvertedLot(series, shares)], marketCents / 100m).Value;
                Assert.Equal(cashCents / 100m, q.CashForFraction);
            }, iter: 150);
    }
}
