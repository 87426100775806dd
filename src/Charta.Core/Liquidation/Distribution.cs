using Charta.Core.Money;

namespace Charta.Core.Liquidation;

/// <summary>One payee's exact share of one class: the unit that is rounded to the cent.</summary>
public readonly record struct Cell(string Holder, string ClassId, decimal Exact);

/// <summary>
/// Interpretation (docs/interpretations.md, "Rounding the distribution"): money is paid in whole cents and the cents
/// paid add up to the exit exactly. Each (holder, class) cell gets the cent floor of its exact amount; the cents left
/// over go one each to the cells with the largest remainders; equal remainders are ordered by holder name, then class
/// id (ordinal), so the result does not depend on the order of the input.
/// </summary>
public static class Distribution
{
    public static long[] LargestRemainderCents(IReadOnlyList<Cell> cells, long totalCents)
    {
        var cents = new long[cells.Count];
        var remainders = new decimal[cells.Count];
        long floorSum = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            var floor = Rounding.CentsFloor(cells[i].Exact);
            cents[i] = (long)(floor * 100m);
            remainders[i] = cells[i].Exact - floor;
            floorSum += cents[i];
        }

        var leftover = totalCents - floorSum;
        Preconditions.Check(leftover >= 0 && leftover <= cells.Count,
            $"the exact shares add up to {floorSum + leftover} cents, not within a cent per payee of {totalCents}");
        if (leftover == 0) return cents;

        // The leftover-th largest remainder is the threshold; everything above it gets a cent, ties at it by name.
        var sorted = (decimal[])remainders.Clone();
        Array.Sort(sorted);
        var threshold = sorted[sorted.Length - (int)leftover];
        var tied = new List<int>();
        long above = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            if (remainders[i] > threshold)
            {
                cents[i]++;
                above++;
            }
            else if (remainders[i] == threshold) tied.Add(i);
        }

        var need = (int)(leftover - above);
        if (need < tied.Count)
            tied.Sort((a, b) =>
            {
                var c = string.CompareOrdinal(cells[a].Holder, cells[b].Holder);
                return c != 0 ? c : string.CompareOrdinal(cells[a].ClassId, cells[b].ClassId);
            });
        for (var k = 0; k < need; k++) cents[tied[k]]++;
        return cents;
    }
}
