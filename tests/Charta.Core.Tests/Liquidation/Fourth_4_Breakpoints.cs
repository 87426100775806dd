using Charta.Core.Liquidation;
using static Charta.Core.Tests.Liquidation.LiquidationFixtures;

namespace Charta.Core.Tests.Liquidation;

public class Fourth_4_Breakpoints
{
    // Juniper at fixed sizes, 20,000,000 founders' common, options over 1,000,000 common at $5.00.
    private static PayoutCurve Curve() => PayoutCurve.Build(
        new Builder().AllPreferred().Issue("Founders", "common", 20_000_000).Option("Staff", 1_000_000, 5.00m).Model());

    [Fact]
    public void TheExitsWhereTheSlopeChanges_AreExact()
    {
        var exits = Curve().Breakpoints.Select(b => b.Exit).Distinct().ToArray();
        // 1. every preference paid: 92,651,890.20.
        Assert.Equal(92_651_890.20m, exits[0]);
        // 2. A converts at P = 1,743,751/3,963,070: 92,651,890.20 + 20,000,000 × P = 101,451,891.2093…
        Assert.Equal(101_451_891.21m, decimal.Round(exits[1], 2));
        // 3. B at P = 9,396,739.20/8,781,999: 90,908,139.20 + 23,963,070 × P = 116,548,624.8367…
        Assert.Equal(116_548_624.84m, decimal.Round(exits[2], 2));
        // 4. C at P = 46,436,000/11,696,725: 81,511,400 + 32,745,069 × P = 211,509,328.8291…
        Assert.Equal(211_509_328.83m, decimal.Round(exits[3], 2));
        // 5. the options come into the money at P = 5.00: 35,075,400 + 44,441,794 × 5 = 257,284,370.
        Assert.Equal(257_284_370m, exits[4]);
        // 6. D and D1 convert at P = 11.03, with 45,441,794 shares sharing (options in):
        //    257,284,370 + 45,441,794 × (11.03 − 5.00) = 257,284,370 + 274,014,017.82 = 531,298,387.82.
        Assert.Equal(531_298_387.82m, exits[5]);
        Assert.Equal(6, exits.Length);
    }

    [Fact]
    public void EachTranche_SplitsTheMarginalDollarAmongTheSharesSharingIt()
    {
        var tranches = Curve().Tranches();
        // Below the preferences: by OIP × shares, C's part 46,436,000 / 92,651,890.20 = 0.50119…
        Assert.Equal(0.5012m, decimal.Round(tranches[0].Shares["C"], 4));
        Assert.Equal(0m, tranches[0].Shares["common"]);
        // 92.65M to 101.45M: only common (20,000,000 shares) takes the marginal dollar.
        Assert.Equal(1m, tranches[1].Shares["common"]);
        // From 531.3M: everybody as converted, 45,441,794 + 600,000 + 2,580,000 = 48,621,794; D1 2,580,000 of it.
        Assert.Equal(2_580_000m / 48_621_794m, tranches[^1].Shares["D1"]);
        Assert.Null(tranches[^1].To);
        Assert.All(tranches, t => Assert.Equal(1m, decimal.Round(t.Shares.Values.Sum(), 20)));
    }
}
