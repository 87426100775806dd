using Charta.Core.Liquidation;
using CsCheck;

namespace Charta.Core.Tests.Liquidation;

/// <summary>
/// docs/interpretations.md, "Rounding the distribution": the split per group of holdings paid on the same terms (one
/// exact amount per class, shares held and common equivalent; session 21) gives exactly the cents of the per-holding
/// decimal reference: by class, by option, by holder and in the §6(g)(i) fractions; on hand-worked ties and on random
/// models with many like holdings, several classes of common, converting series with exact (fractional) common
/// equivalents and owed dividends, options, catch-ups and exits from nothing to far past every conversion.
/// </summary>
public sealed class Interpretation_Rounding_GroupedSplit
{
    private static Holding Common(string holder, long shares, string id = "common") => new(holder, id, shares, shares);

    private static LiquidationModel CommonOnly(params Holding[] holdings) =>
        new("Co", "common", holdings.Sum(h => h.Shares), [], [], holdings, "preference-amount", null);

    [Fact]
    public void A_leftover_cent_among_like_holdings_goes_to_the_first_holder_by_name()
    {
        // Three holders of one common share each, in the model's order C, A, B; exit $1.00 = 100 cents.
        // Each: 100 ÷ 3 = 33.33… cents → 33 whole cents each (99), 1 cent left; the three fractions tie (one group),
        // so the cent goes to the first by name: A 34, B 33, C 33.
        var m = CommonOnly(Common("C", 1), Common("A", 1), Common("B", 1));
        var r = m.Solve(1.00m);
        Assert.Equal([("C", 0.33m), ("A", 0.34m), ("B", 0.33m)], r.Holders.Select(h => (h.Holder, h.Total)));
        Assert.Equal(1, m.Groups.Count);
    }

    [Fact]
    public void Tied_fractions_across_groups_are_ordered_by_holder_name()
    {
        // D 1, C 1, B 1 and A 3 common (6 shares; groups {D, C, B} of 1 share and {A} of 3); exit $0.63 = 63 cents,
        // 10.5 cents a share: A 31.5, B, C, D 10.5 each → whole cents 31 + 3 × 10 = 61, 2 cents left; all four
        // fractions are 0.5 (two groups tie), so the cents go to A and B by name: A 32, B 11, C 10, D 10.
        var m = CommonOnly(Common("D", 1), Common("C", 1), Common("B", 1), Common("A", 3));
        var r = m.Solve(0.63m);
        Assert.Equal([("D", 0.10m), ("C", 0.10m), ("B", 0.11m), ("A", 0.32m)], r.Holders.Select(h => (h.Holder, h.Total)));
        Assert.Equal(2, m.Groups.Count);
    }

    [Fact]
    public void Larger_fractions_take_the_leftover_before_ties_are_ordered()
    {
        // A 1, B 1, C 2 common; exit $1.01 = 101 cents, 25.25 a share: A 25.25, B 25.25, C 50.5 → 100 whole cents,
        // 1 left: C's 0.5 is the largest fraction, so C 51, A 25, B 25 (the tie between A and B is not reached).
        var m = CommonOnly(Common("A", 1), Common("B", 1), Common("C", 2));
        var r = m.Solve(1.01m);
        Assert.Equal([("A", 0.25m), ("B", 0.25m), ("C", 0.51m)], r.Holders.Select(h => (h.Holder, h.Total)));
    }

    [Fact]
    public void The_weighted_selection_is_the_kth_largest_of_the_values_repeated_by_their_weights()
    {
        var rng = new Random(21);
        for (var round = 0; round < 2_000; round++)
        {
            var n = rng.Next(1, 30);
            var values = Enumerable.Range(0, n).Select(_ => (UInt128)rng.Next(0, 6) * UInt128.Parse("1000000000000000000000000")).ToArray();
            var weights = Enumerable.Range(0, n).Select(_ => rng.Next(1, 5)).ToArray();
            var expanded = values.SelectMany((v, i) => Enumerable.Repeat(v, weights[i])).OrderDescending().ToArray();
            var k = rng.Next(1, expanded.Length + 1);
            Assert.Equal(expanded[k - 1], Waterfall.WeightedKthLargest((UInt128[])values.Clone(), (int[])weights.Clone(), k));
        }
    }

    [Fact]
    public void The_grouped_split_gives_the_decimal_references_cents_on_random_models() =>
        Gen.Select(Gen.Int, Gen.Long[0, 1_000_000_000_00L], Gen.Int[0, 3]).Sample(t =>
        {
            var (seed, cents, scale) = t;
            var m = RandomModel(new Random(seed));
            // Exits from a cent to $1 billion, some tiny (a few cents among many holders: most cells get 0 or 1).
            var exit = scale switch { 0 => cents % 1_000, 1 => cents % 10_000_000, _ => cents } / 100m;
            var a = Waterfall.Equilibrium(m, exit);
            if (a.CommonPrice is null) return;
            var reference = Outcome(() => Waterfall.Distribute(m, a, Waterfall.Split.Decimal));
            Assert.Equal(reference, Outcome(() => Waterfall.Distribute(m, a, Waterfall.Split.Grouped)));
            Assert.Equal(reference, Outcome(() => Waterfall.Distribute(m, a, Waterfall.Split.PerCell)));
            Assert.Equal(reference, Outcome(() => Waterfall.Distribute(m, a)));
        }, iter: 400);

    /// <summary>Every figure of a distribution that depends on the cents, as text (or the refusal, should one refuse).</summary>
    private static string Outcome(Func<WaterfallResult> distribute)
    {
        try
        {
            var r = distribute();
            return string.Join("\n",
                string.Join(";", r.Classes.Select(c => $"{c.Id}={c.Total}")),
                string.Join(";", r.Options.Select(o => $"{o.GrantId}={o.Total}")),
                string.Join(";", r.Holders.Select(h => $"{h.Holder}={h.Total}")),
                string.Join(";", r.Fractions.Select(f => $"{f.Holder}={f.Cash}")));
        }
        catch (InvalidOperationException e)
        {
            return "refused: " + e.Message;
        }
    }

    /// <summary>
    /// A model with many like holdings: 3-40 holders (names in no particular order, some needing ordinal comparison)
    /// each holding shares from a short list in one or two classes of common and up to three series, series converting
    /// at fractional ratios with or without owed dividends and participation, and up to three options.
    /// </summary>
    private static LiquidationModel RandomModel(Random rng)
    {
        string[] pool = ["Zoë", "adam", "Adam", "Émile", "Bob", "bob", "李", "Ω fund", "Fund 10", "Fund 9", "Fund 1", "Åsa", "Carl", "Dana"];
        var holders = Enumerable.Range(0, rng.Next(3, 41)).Select(i => i < pool.Length && rng.Next(2) == 0 ? pool[i] : $"Holder {rng.Next(1_000):D3}").Distinct().ToArray();
        long[] sizes = [1, 2, 3, 7, 100, 150, 1_000, 12_345];
        var classesOfCommon = rng.Next(1, 3);
        var holdings = new List<Holding>();
        var commonByClass = new long[classesOfCommon];
        foreach (var h in holders)
            for (var k = 0; k < classesOfCommon; k++)
                if (rng.Next(3) > 0)
                {
                    var shares = sizes[rng.Next(sizes.Length)];
                    holdings.Add(Common(h, shares, k == 0 ? "common" : "common-b"));
                    commonByClass[k] += shares;
                }

        var series = new List<SeriesClaim>();
        for (var i = 0; i < rng.Next(0, 4); i++)
        {
            var id = $"S{i}";
            var oip = rng.Next(10, 500) / 100m;
            var ratio = rng.Next(3) == 0 ? 1m : oip / (rng.Next(5, 500) / 100m); // shares × OIP ÷ CP: 28 digits at times
            long total = 0, whole = 0;
            decimal exact = 0m;
            foreach (var h in holders.Where(_ => rng.Next(3) == 0))
            {
                var shares = sizes[rng.Next(sizes.Length)];
                var e = shares * ratio;
                var w = (long)decimal.Floor(e);
                holdings.Add(new Holding(h, id, shares, w, ratio == 1m ? null : e));
                total += shares;
                whole += w;
                exact += e;
            }

            var multiple = rng.Next(1, 3);
            var div = rng.Next(3) == 0 ? rng.Next(1, 50) / 100m : 0m;
            var claim = (multiple * oip + div) * total;
            var kind = (ParticipationKind)rng.Next(3);
            var cap = kind == ParticipationKind.Capped ? claim + rng.Next(1, 3) * oip * total : claim;
            series.Add(new SeriesClaim(id, i, total, whole, oip, multiple, div, claim, claim, rng.Next(1, 3), kind, cap, "generated",
                ExactAsConverted: ratio == 1m ? null : exact, DividendsOwedOnConversion: rng.Next(2) == 0 ? div * total : 0m));
        }

        var options = Enumerable.Range(0, rng.Next(0, 4))
            .Select(k => new OptionClaim($"O{k}", holders[rng.Next(holders.Length)], "common", sizes[rng.Next(sizes.Length)], rng.Next(0, 300) / 100m)).ToArray();
        var common = commonByClass.Sum();
        var commonClasses = classesOfCommon == 1 ? null : new[] { new CommonClassShares("common", commonByClass[0]), new CommonClassShares("common-b", commonByClass[1]) };
        var catchUps = rng.Next(4) == 0 && common > 0 ? new[] { new CommonCatchUpClaim("S0", 1, rng.Next(1, 100) / 100m * common, "generated catch-up") } : null;
        return new LiquidationModel("Generated", "common", common, series, options, holdings, "preference-amount", null,
            commonClasses: commonClasses, catchUps: catchUps);
    }
}
