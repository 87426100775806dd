using Charta.Core.Liquidation;

namespace Charta.Core.Tests.Liquidation;

/// <summary>
/// docs/interpretations.md, "Rounding the distribution": the integer split (whole cents and remainders as integers) gives
/// exactly the cents of the decimal reference on random inputs: every scale 0..28, 28-digit products like the
/// waterfall's, ties, whole cents, and every leftover from none to one per payee.
/// </summary>
public sealed class Interpretation_Rounding_FastSplit
{
    [Fact]
    public void The_integer_split_gives_the_decimal_references_cents_on_random_amounts()
    {
        var rng = new Random(20261203);
        for (var round = 0; round < 2_000; round++)
        {
            var n = rng.Next(1, 60);
            var exact = new decimal[n];
            var price = RandomAmount(rng); // one class's cents per share, like the waterfall's p × 100
            for (var i = 0; i < n; i++)
                exact[i] = rng.Next(4) switch
                {
                    0 => rng.Next(1, 100_000) * price, // a 28-digit product, rounded by decimal as the waterfall's are
                    1 => RandomAmount(rng),
                    2 => i > 0 ? exact[rng.Next(i)] : 0m, // a tie
                    _ => rng.Next(0, 1_000_000), // whole cents
                };
            var holders = Enumerable.Range(0, n).Select(i => $"H{rng.Next(5)}").ToArray();
            var classes = Enumerable.Range(0, n).Select(i => $"C{rng.Next(3)}").ToArray();
            long floorSum = 0;
            foreach (var x in exact) floorSum += (long)x;
            var total = floorSum + rng.Next(0, n + 1);
            var fast = Distribution.LargestRemainder((decimal[])exact.Clone(), i => holders[i], i => classes[i], total);
            var reference = Distribution.LargestRemainderDecimal((decimal[])exact.Clone(), i => holders[i], i => classes[i], total);
            Assert.Equal(reference, fast);
        }
    }

    [Fact]
    public void The_split_of_one_amount_is_its_floor_and_its_fraction_in_units_of_ten_to_the_minus_28()
    {
        // 1234.5678 cents: 1234 whole, 0.5678 = 5678 × 10^24 units of 10^−28.
        Assert.True(Distribution.TrySplitCents(1234.5678m, out var floor, out var rest));
        Assert.Equal(1234L, floor);
        Assert.Equal((UInt128)5678 * UInt128.Parse("1000000000000000000000000"), rest);
        // 28 digits, scale 22: 1755852.8428093645484949832775 → 1755852 and 0.8428093645484949832775 × 10^28.
        Assert.True(Distribution.TrySplitCents(1755852.8428093645484949832775m, out floor, out rest));
        Assert.Equal(1755852L, floor);
        Assert.Equal(UInt128.Parse("8428093645484949832775000000"), rest);
        // Negative, and beyond a long: left to the reference.
        Assert.False(Distribution.TrySplitCents(-0.5m, out _, out _));
        Assert.False(Distribution.TrySplitCents(decimal.MaxValue, out _, out _));
    }

    private static decimal RandomAmount(Random rng)
    {
        // A random mantissa of up to 96 bits at a random scale, kept below 10^12 cents.
        var scale = (byte)rng.Next(0, 29);
        var d = new decimal(rng.Next(), rng.Next(), rng.Next(0, 1 << 30), false, scale);
        while (d > 1_000_000_000_000m) d /= 1_000m;
        return d;
    }
}
