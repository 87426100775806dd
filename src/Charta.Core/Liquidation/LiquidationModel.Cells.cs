namespace Charta.Core.Liquidation;

public sealed partial class LiquidationModel
{
    private CellGroups? _cellGroups;

    /// <summary>
    /// The holdings grouped by what their exact amount is computed from (class, shares held, common equivalent), built
    /// once per model on the first distribution and shared by every exit (<see cref="Waterfall.Distribute(LiquidationModel, Allocation)"/>).
    /// </summary>
    internal CellGroups Groups => _cellGroups ??= CellGroups.Of(this); // a race builds two equal groupings; either is kept
}

/// <summary>
/// Holdings that are paid on the same terms: the same class (hence the same cents per share at any exit), the same
/// shares held and the same common equivalent (bit for bit). Their exact amounts are the same decimal at every exit, so
/// their whole cents and fractions of a cent are computed once per group, not once per holding; on a ledger where many
/// holders hold the same number of shares of a class (the load test's 10,000 holders hold 100 distinct numbers of
/// common), a distribution costs a product per group and an addition per holding. Exit-independent.
/// </summary>
internal sealed class CellGroups
{
    private readonly LiquidationModel _m;
    private readonly int[]?[] _byHolder;

    private CellGroups(LiquidationModel m, int[] groupOf, int[] first, int[] start, int[] members, int[][] holdingsOfClass)
    {
        HoldingsOfClass = holdingsOfClass;
        _m = m;
        GroupOf = groupOf;
        First = first;
        Start = start;
        Members = members;
        _byHolder = new int[]?[first.Length];
    }

    /// <summary>Per holding (model order): its group.</summary>
    public int[] GroupOf { get; }

    /// <summary>Per group: its first holding (whose amount stands for the group's).</summary>
    public int[] First { get; }

    /// <summary>Per group g: its holdings are <see cref="Members"/>[Start[g] .. Start[g + 1]] (Start has one more entry).</summary>
    public int[] Start { get; }

    public int[] Members { get; }

    public int Count => First.Length;

    /// <summary>Per class (0 common, 1 + i series i): its holdings, in model order.</summary>
    public int[][] HoldingsOfClass { get; }

    public int Size(int g) => Start[g + 1] - Start[g];

    public static CellGroups Of(LiquidationModel m)
    {
        var n = m.Holdings.Count;
        var classIndex = m.HoldingClassIndex;
        var shares = m.HoldingShares;
        var common = m.HoldingCommonEquivalent;
        var index = new Dictionary<(int, long, decimal, int), int>(Math.Min(n, 1024));
        var groupOf = new int[n];
        var first = new List<int>();
        var sizes = new List<int>();
        for (var i = 0; i < n; i++)
        {
            // The decimal's scale as well as its value: the same bits give the same products.
            var key = (classIndex[i], shares[i], common[i], (int)common[i].Scale);
            if (!index.TryGetValue(key, out var g))
            {
                g = first.Count;
                index[key] = g;
                first.Add(i);
                sizes.Add(0);
            }

            groupOf[i] = g;
            sizes[g]++;
        }

        var start = new int[first.Count + 1];
        for (var g = 0; g < first.Count; g++) start[g + 1] = start[g] + sizes[g];
        var fill = start[..^1];
        var members = new int[n];
        for (var i = 0; i < n; i++) members[fill[groupOf[i]]++] = i;
        var holdingsOfClass = Enumerable.Range(0, 1 + m.Series.Count).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < n; i++) holdingsOfClass[classIndex[i]].Add(i);
        return new CellGroups(m, groupOf, [.. first], start, members, [.. holdingsOfClass.Select(l => l.ToArray())]);
    }

    /// <summary>
    /// Group <paramref name="g"/>'s holdings ordered as tied remainders are (holder name, then class id, ordinal): the
    /// class is the group's, so by holder. Sorted on first need and kept.
    /// </summary>
    public int[] ByHolder(int g)
    {
        if (_byHolder[g] is { } kept) return kept;
        var sorted = Members[Start[g]..Start[g + 1]];
        var holdings = _m.Holdings;
        Array.Sort(sorted, (a, b) =>
        {
            var c = string.CompareOrdinal(holdings[a].Holder, holdings[b].Holder);
            return c != 0 ? c : string.CompareOrdinal(holdings[a].ClassId, holdings[b].ClassId);
        });
        return _byHolder[g] = sorted;
    }
}
