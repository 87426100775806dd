using Charta.Core.Ledger;
using Charta.Core.Money;
using CsCheck;

namespace Charta.Core.Tests.AntiDilution;

public class Fourth_6d_Properties
{
    private static readonly string[] Series = ["A", "B", "C", "D", "D1"];
    private static readonly DateOnly June = new(2000, 6, 1);

    [Fact]
    public void ADilutiveIssue_NeverRaisesAConversionPrice()
    {
        Gen.Select(Gen.Long[1, 20_000_000], Gen.Int[0, 1500]).Sample((shares, cents) =>
        {
            var t = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", shares, cents / 100m)).Table();
            foreach (var s in Series) Assert.True(t.ConversionPrice(s) <= t.Charter.FindSeries(s)!.InitialConversionPrice.Value);
        }, iter: 200);
    }

    [Fact]
    public void AnIssueAtOrAboveTheConversionPrice_NeverChangesIt()
    {
        Gen.Select(Gen.Long[1, 20_000_000], Gen.Int[0, 1500]).Sample((shares, cents) =>
        {
            var price = cents / 100m;
            var t = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", shares, price)).Table();
            foreach (var s in Series)
            {
                var initial = t.Charter.FindSeries(s)!.InitialConversionPrice.Value;
                if (price >= initial) Assert.Equal(initial, t.ConversionPrice(s));
            }
        }, iter: 200);
    }

    [Fact]
    public void Readjustments_NeverExceedTheCap()
    {
        // Grant, maybe a later issue, then a repricing or an expiry. The result never exceeds (D)(i), the price before the
        // grant, nor — within the cent that rounding each step allows — (D)(ii), the price the same ledger gives without the grant.
        // The new price differs from the grant's: a repricing to the terms the instrument already has is not an amendment
        // (the fold rightly refuses it), so the generator draws from [1, 3000] cents without the current price.
        Gen.Select(Gen.Long[1, 5_000_000], Gen.Int[1, 1500], Gen.Int[0, 2_000_000], Gen.Select(Gen.Bool, Gen.Long[0, 5_000_000], Gen.Int[1, 1500]), Gen.Int[1, 2999])
            .Sample((shares, cents, paid, later, draw) =>
            {
                var (expire, laterShares, laterCents) = later;
                var newCents = draw >= cents ? draw + 1 : draw;
                LedgerEvent end = expire ? new InstrumentExpired(new DateOnly(2005, 6, 1), "W-1") : new InstrumentRepriced(new DateOnly(2001, 1, 1), "W-1", newCents / 100m);
                var with = Company.Juniper().Add(new InstrumentGranted(June, "W-1", "Optionee", "warrant", "common", shares, cents / 100m, new DateOnly(2005, 6, 1), paid));
                var without = Company.Juniper();
                if (laterShares > 0)
                {
                    with.Add(new SharesIssued(new DateOnly(2000, 7, 1), "Newco", "common", laterShares, laterCents / 100m));
                    without.Add(new SharesIssued(new DateOnly(2000, 7, 1), "Newco", "common", laterShares, laterCents / 100m));
                }

                var t = with.Add(end).Table();
                var u = without.Table();
                foreach (var s in Series)
                {
                    Assert.True(t.ConversionPrice(s) <= t.Charter.FindSeries(s)!.InitialConversionPrice.Value);
                    if (t.ConversionPriceHistory.LastOrDefault(h => h.Series == s && h.Inputs?.CapLaterIssues is not null) is { } h)
                        Assert.True(h.To <= h.Inputs!.CapLaterIssues && h.To <= h.Inputs.CapOriginalDate);
                    // (D)(ii) against a ledger that never had the grant: the replay removes the grant's shares from each later A
                    // and counts the preferred at the replayed prices, so it lands on that ledger's price (a cent for rounding).
                    // Only for a series the grant adjusted: for another there is no "Conversion Price computed upon the original
                    // issue" to recompute, and its later adjustments rightly counted the outstanding options in A.
                    var adjusted = (paid + shares * (cents / 100m)) / shares < t.Charter.FindSeries(s)!.InitialConversionPrice.Value;
                    if (adjusted)
                        Assert.True(t.ConversionPrice(s) <= u.ConversionPrice(s) + 0.01m, $"{s}: {t.ConversionPrice(s)} > {u.ConversionPrice(s)}; {end}");
                }
            }, iter: 100);
    }

    [Fact]
    public void ExpiryUnexercisedWithNothingPaid_RestoresThePriceWhenNothingHappenedBetween()
    {
        Gen.Select(Gen.Long[1, 5_000_000], Gen.Int[0, 1500]).Sample((shares, cents) =>
        {
            var t = Company.Juniper()
                .Add(new InstrumentGranted(June, "W-1", "Optionee", "warrant", "common", shares, cents / 100m, new DateOnly(2005, 6, 1)))
                .Add(new InstrumentExpired(new DateOnly(2005, 6, 1), "W-1")).Table();
            foreach (var s in Series) Assert.Equal(t.Charter.FindSeries(s)!.InitialConversionPrice.Value, t.ConversionPrice(s));
        }, iter: 150);
    }

    [Fact]
    public void SplitThenReverseSplit_RestoresThePrices_ToTheCent()
    {
        Gen.Select(Gen.Long[2, 6], Gen.Long[1, 3]).Sample((n, d) =>
        {
            if (n == d) return;
            var t = Company.Juniper()
                .Add(new SharesIssued(June, "Newco", "common", 500_000, 2.00m))
                .Add(new StockSplit(new DateOnly(2000, 7, 1), n, d))
                .Add(new StockSplit(new DateOnly(2000, 8, 1), d, n)).Table();
            var before = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", 500_000, 2.00m)).Table();
            foreach (var s in Series) Assert.Equal(before.ConversionPrice(s), Rounding.ToNearestCent(t.ConversionPrice(s)));
        }, iter: 60);
    }
}
