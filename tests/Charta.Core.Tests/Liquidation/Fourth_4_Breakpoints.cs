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
        // A converting series is paid on its exact common equivalent (§6(g)(i): whole shares, fractions in cash at
        // the same price), so each converts when P reaches its conversion price. Exact as converted: A 3,963,070 5/11,
        // B 8,781,999 27/107, C 11,696,725 175/397.
        // 2. A converts at P = 0.44: 92,651,890.20 + 20,000,000 × 0.44 = 101,451,890.20.
        Assert.Equal(101_451_890.20m, exits[1]);
        // 3. B at P = 1.07: 90,908,139.20 + 23,963,070.4545… × 1.07 = 116,548,624.5864…
        Assert.Equal(116_548_624.59m, decimal.Round(exits[2], 2));
        // 4. C at P = 3.97: 81,511,400 + 32,745,069.7069… × 3.97 = 211,509,326.7363…
        Assert.Equal(211_509_326.74m, decimal.Round(exits[3], 2));
        // 5. the options come into the money at P = 5.00: 35,075,400 + 44,441,795.1476… × 5 = 257,284,375.7384…
        Assert.Equal(257_284_375.74m, decimal.Round(exits[4], 2));
        // 6. D and D1 convert at P = 11.03, with 45,441,795.1476… shares sharing (options in):
        //    257,284,375.7384… + 45,441,795.1476… × 6.03 = 531,298,400.4790…
        Assert.Equal(531_298_400.48m, decimal.Round(exits[5], 2));
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
        // From 531.3M: everybody as converted, 45,441,795.1476… + 600,000 + 2,580,000 = 48,621,795.1476…;
        // D1 2,580,000 of it = 0.0530626233.
        Assert.Equal(0.0530626233m, decimal.Round(tranches[^1].Shares["D1"], 10));
        Assert.Null(tranches[^1].To);
        Assert.All(tranches, t => Assert.Equal(1m, decimal.Round(t.Shares.Values.Sum(), 20)));
    }
}
