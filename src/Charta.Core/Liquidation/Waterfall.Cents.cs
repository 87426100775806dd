using System.Collections;

namespace Charta.Core.Liquidation;

/// <summary>
/// Each payee's total of a distribution (<see cref="WaterfallResult.Holders"/>) kept as whole cents beside the model's
/// list of payees: a <see cref="HolderPayout"/> is made when one is read. A writer that needs only the names and the
/// cents (the server's JSON body) reads <see cref="Names"/> and <see cref="Cents"/> and makes none.
/// </summary>
public sealed class HolderPayouts : IReadOnlyList<HolderPayout>
{
    private readonly IReadOnlyList<string> _names;
    private readonly long[] _cents;

    /// <summary>The totals <paramref name="cents"/> of <paramref name="names"/>, one each; the array is kept, not copied (not to be changed after).</summary>
    public HolderPayouts(IReadOnlyList<string> names, long[] cents)
    {
        Preconditions.Check(names.Count == cents.Length, "a total per payee");
        _names = names;
        _cents = cents;
    }

    /// <summary>The payees, in the model's order: the same list for every distribution of one model.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Per payee, the total in whole cents (<see cref="HolderPayout.Total"/> is <see cref="Distribution.FromCents"/> of it).</summary>
    public ReadOnlySpan<long> Cents => _cents;

    public int Count => _cents.Length;

    public HolderPayout this[int index] => new(_names[index], Distribution.FromCents(_cents[index]));

    public IEnumerator<HolderPayout> GetEnumerator()
    {
        for (var i = 0; i < _cents.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

public static partial class Waterfall
{
    /// <summary>What a cell's exact cents are computed from at one exit: the per-share cents of each class.</summary>
    private sealed class CellTerms(LiquidationModel m, Allocation a, decimal[] perShareCents, decimal[] owedPerShareCents, bool[] asConverted)
    {
        public LiquidationModel Model { get; } = m;

        public int Holdings { get; } = m.Holdings.Count;

        public int Cells => Holdings + Model.Options.Count;

        /// <summary>Holding <paramref name="i"/>'s exact cents: its shares (as converted, with any owed dividends) at its class's cents per share.</summary>
        public decimal Holding(int i)
        {
            var k = Model.HoldingClassIndex[i];
            return asConverted[k]
                ? Model.HoldingCommonEquivalent[i] * perShareCents[k] + Model.HoldingShares[i] * owedPerShareCents[k]
                : Model.HoldingShares[i] * perShareCents[k];
        }

        /// <summary>Option <paramref name="j"/>'s exact cents.</summary>
        public decimal Option(int j) => a.OptionPay[j] * 100m;

        public string HolderOf(int cell) => cell < Holdings ? Model.Holdings[cell].Holder : Model.Options[cell - Holdings].Holder;

        public string ClassOf(int cell) => cell < Holdings ? Model.Holdings[cell].ClassId : "option:" + Model.Options[cell - Holdings].GrantId;

        /// <summary>Tied cells in the order the leftover cents go: holder name, then class id (ordinal).</summary>
        public int Compare(int x, int y)
        {
            var c = string.CompareOrdinal(HolderOf(x), HolderOf(y));
            return c != 0 ? c : string.CompareOrdinal(ClassOf(x), ClassOf(y));
        }
    }

    /// <summary>Each cell's cents, one exact amount per cell (<see cref="Split.PerCell"/> or <see cref="Split.Decimal"/>).</summary>
    private static long[] CellCents(CellTerms t, long totalCents, bool decimalSplit)
    {
        var exactCents = new decimal[t.Cells];
        for (var i = 0; i < t.Holdings; i++) exactCents[i] = t.Holding(i);
        for (var j = 0; j < t.Cells - t.Holdings; j++) exactCents[t.Holdings + j] = t.Option(j);
        return decimalSplit
            ? Distribution.LargestRemainderDecimal(exactCents, t.HolderOf, t.ClassOf, totalCents)
            : Distribution.LargestRemainder(exactCents, t.HolderOf, t.ClassOf, totalCents);
    }

    /// <summary>
    /// Each cell's cents by the rule of <see cref="Distribution.LargestRemainder"/>, with one exact amount, floor and
    /// fraction of a cent per group of holdings paid on the same terms (<see cref="CellGroups"/>: the same decimal
    /// product for each of them) and per option. The floors are the cells' floors; the threshold is the leftover-th
    /// largest fraction counting each group's fraction once per holding in it (a weighted selection); the groups above
    /// it take a cent per holding, and when the cells at it are more than the cents left, they are ordered by holder
    /// and class as the per-cell split orders them (a group's holdings sorted once per model). So the same cents as one
    /// amount per cell (property-tested against the decimal reference). Null when an amount is one the integer split
    /// does not take (negative, or beyond a long of cents): the caller splits per cell.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long[]? GroupedCents(CellTerms t, long totalCents)
    {
        var groups = t.Model.Groups;
        var g = groups.Count;
        var options = t.Cells - t.Holdings;
        // Units: the groups, then the options (each a unit of one cell).
        var units = g + options;
        var unitCents = new long[units];
        var remainders = new UInt128[units];
        var weights = new int[units];
        long floorSum = 0;
        for (var u = 0; u < units; u++)
        {
            var exact = u < g ? t.Holding(groups.First[u]) : t.Option(u - g);
            if (!Distribution.TrySplitCents(exact, out var floor, out var remainder)) return null;
            unitCents[u] = floor;
            remainders[u] = remainder;
            weights[u] = u < g ? groups.Size(u) : 1;
            floorSum += floor * weights[u];
        }

        var n = t.Cells;
        var leftover = totalCents - floorSum;
        Preconditions.Check(leftover >= 0 && leftover <= n,
            $"the exact shares add up to {floorSum + leftover} cents, not within a cent per payee of {totalCents}");
        List<int>? tied = null;
        long need = 0;
        if (leftover > 0)
        {
            var threshold = WeightedKthLargest((UInt128[])remainders.Clone(), (int[])weights.Clone(), leftover);
            long above = 0, atThreshold = 0;
            tied = [];
            for (var u = 0; u < units; u++)
            {
                if (remainders[u] > threshold)
                {
                    unitCents[u]++;
                    above += weights[u];
                }
                else if (remainders[u] == threshold)
                {
                    tied.Add(u);
                    atThreshold += weights[u];
                }
            }

            need = leftover - above;
            if (need == atThreshold)
            {
                // Every cell at the threshold takes a cent.
                foreach (var u in tied) unitCents[u]++;
                tied = null;
            }
        }

        var cents = new long[n];
        var groupOf = groups.GroupOf;
        for (var i = 0; i < t.Holdings; i++) cents[i] = unitCents[groupOf[i]];
        for (var j = 0; j < options; j++) cents[t.Holdings + j] = unitCents[g + j];
        if (tied is null || need == 0) return cents;

        // Fewer cents than cells at the threshold: the first `need` of them by holder, then class.
        if (tied is [var only] && only < g)
        {
            var order = groups.ByHolder(only);
            for (var k = 0; k < need; k++) cents[order[k]]++;
            return cents;
        }

        var cells = new List<int>();
        foreach (var u in tied)
            if (u < g) cells.AddRange(groups.Members.AsSpan(groups.Start[u], groups.Size(u)));
            else cells.Add(t.Holdings + u - g);
        cells.Sort(t.Compare);
        for (var k = 0; k < need; k++) cents[cells[k]]++;
        return cents;
    }

    /// <summary>
    /// The <paramref name="k"/>-th largest value (1-based) when each value counts <paramref name="weights"/> times
    /// (quickselect with a three-way partition); reorders both arrays. Needs 1 ≤ k ≤ Σ weights, every weight ≥ 1.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static UInt128 WeightedKthLargest(UInt128[] values, int[] weights, long k)
    {
        int lo = 0, hi = values.Length - 1;
        while (true)
        {
            var pivot = values[lo + (hi - lo) / 2];
            // [lo, gt): above the pivot; [gt, i): equal; (lt, hi]: below.
            int gt = lo, i = lo, lt = hi;
            long wAbove = 0, wEqual = 0;
            while (i <= lt)
            {
                if (values[i] > pivot)
                {
                    (values[i], values[gt]) = (values[gt], values[i]);
                    (weights[i], weights[gt]) = (weights[gt], weights[i]);
                    wAbove += weights[gt];
                    gt++;
                    i++;
                }
                else if (values[i] < pivot)
                {
                    (values[i], values[lt]) = (values[lt], values[i]);
                    (weights[i], weights[lt]) = (weights[lt], weights[i]);
                    lt--;
                }
                else
                {
                    wEqual += weights[i];
                    i++;
                }
            }

            if (k <= wAbove) hi = gt - 1;
            else if (k <= wAbove + wEqual) return pivot;
            else
            {
                k -= wAbove + wEqual;
                lo = lt + 1;
            }
        }
    }
}
