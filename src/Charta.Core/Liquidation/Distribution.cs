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
        var exactCents = new decimal[cells.Count];
        for (var i = 0; i < cells.Count; i++) exactCents[i] = cells[i].Exact * 100m;
        return LargestRemainder(exactCents, i => cells[i].Holder, i => cells[i].ClassId, totalCents);
    }

    /// <summary>
    /// The same rule on exact amounts already in cents; the keys are read only to break ties. The array is not changed.
    /// Each decimal is m × 10^−s exactly (s ≤ 28), so its cent floor is m ÷ 10^s and its remainder m mod 10^s, which
    /// as an integer count of 10^−28 cent, (m mod 10^s) × 10^(28−s) &lt; 10^28, fits in 128 bits: the floors and the
    /// remainders' order are exactly those of the decimal arithmetic (<see cref="LargestRemainderDecimal"/>, the
    /// reference, property-tested equal), with integer operations instead of decimal ones.
    /// </summary>
    internal static long[] LargestRemainder(decimal[] exactCents, Func<int, string> holder, Func<int, string> classId, long totalCents)
    {
        var n = exactCents.Length;
        var cents = new long[n];
        var remainders = new UInt128[n];
        long floorSum = 0;
        for (var i = 0; i < n; i++)
        {
            if (!TrySplitCents(exactCents[i], out var floor, out var remainder))
                return LargestRemainderDecimal(exactCents, holder, classId, totalCents);
            cents[i] = floor;
            remainders[i] = remainder;
            floorSum += floor;
        }

        return AwardLeftover(cents, remainders, floorSum, totalCents, holder, classId);
    }

    /// <summary>10^0 … 10^28.</summary>
    private static readonly UInt128[] Pow10 = PowersOfTen();

    private static UInt128[] PowersOfTen()
    {
        var p = new UInt128[29];
        p[0] = 1;
        for (var i = 1; i < p.Length; i++) p[i] = p[i - 1] * 10;
        return p;
    }

    /// <summary>
    /// A non-negative amount of cents as its whole cents and its fraction of a cent in units of 10^−28 cent, both exact;
    /// false for a negative amount or a floor beyond a long (the reference decides those).
    /// </summary>
    internal static bool TrySplitCents(decimal value, out long floor, out UInt128 remainder)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        floor = 0;
        remainder = 0;
        if (bits[3] < 0) return false;
        var scale = (bits[3] >> 16) & 0xFF;
        var low = unchecked((ulong)(uint)bits[1] << 32 | (uint)bits[0]);
        if (bits[2] == 0 && scale <= 19)
        {
            // Fits in 64 bits: one hardware division.
            var p = (ulong)Pow10[scale];
            var (q, r) = Math.DivRem(low, p);
            if (q > long.MaxValue) return false;
            floor = (long)q;
            remainder = unchecked((UInt128)r * Pow10[28 - scale]);
            return true;
        }

        // 96 bits: the floor by decimal truncation (no 128-bit division), the remainder by one multiplication.
        var m = new UInt128(unchecked((uint)bits[2]), low);
        if (scale < 20 && m >= LongLimit * Pow10[scale]) return false; // the floor would not fit in a long (m < 2^96 ≤ 2^63 × 10^20)
        floor = (long)value;
        remainder = unchecked((m - (UInt128)(ulong)floor * Pow10[scale]) * Pow10[28 - scale]);
        return true;
    }

    /// <summary>2^63: the first floor beyond a long.</summary>
    private static readonly UInt128 LongLimit = (UInt128)1 << 63;

    /// <summary>
    /// The reference of <see cref="LargestRemainder"/>, in decimal throughout: the floors and remainders by decimal
    /// arithmetic, the threshold by selection over decimals. Kept for the property test that the fast split gives the
    /// same cents, for the benchmark's baseline, and as the fallback for amounts the fast split does not take
    /// (negative, or more cents than a long holds). The array is overwritten with the remainders.
    /// </summary>
    internal static long[] LargestRemainderDecimal(decimal[] exactCents, Func<int, string> holder, Func<int, string> classId, long totalCents)
    {
        var n = exactCents.Length;
        var cents = new long[n];
        var remainders = exactCents;
        long floorSum = 0;
        for (var i = 0; i < n; i++)
        {
            var floor = Rounding.WholeCentsDownOfCents(exactCents[i]);
            cents[i] = floor;
            remainders[i] = exactCents[i] - floor; // the fraction of a cent, in [0, 1)
            floorSum += floor;
        }

        return AwardLeftover(cents, remainders, floorSum, totalCents, holder, classId);
    }

    /// <summary>
    /// The cents left after the floors (<paramref name="totalCents"/> − <paramref name="floorSum"/>, at most one per
    /// payee), one each to the largest remainders: the leftover-th largest remainder is the threshold (found by
    /// selection, not a full sort); every cell above it gets a cent, and the cells at it are ordered by holder name,
    /// then class id. The same rule for the fast split's integer remainders and the reference's decimal ones.
    /// </summary>
    private static long[] AwardLeftover<T>(long[] cents, T[] remainders, long floorSum, long totalCents, Func<int, string> holder, Func<int, string> classId)
        where T : System.Numerics.IComparisonOperators<T, T, bool>
    {
        var n = cents.Length;
        var leftover = totalCents - floorSum;
        Preconditions.Check(leftover >= 0 && leftover <= n,
            $"the exact shares add up to {floorSum + leftover} cents, not within a cent per payee of {totalCents}");
        if (leftover == 0) return cents;

        var threshold = KthLargest((T[])remainders.Clone(), (int)leftover);
        var tied = new List<int>();
        long above = 0;
        for (var i = 0; i < n; i++)
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
                var c = string.CompareOrdinal(holder(a), holder(b));
                return c != 0 ? c : string.CompareOrdinal(classId(a), classId(b));
            });
        for (var k = 0; k < need; k++) cents[tied[k]]++;
        return cents;
    }

    /// <summary>A whole number of cents as an amount of money with two decimals (exact; no division).</summary>
    public static decimal FromCents(long cents) =>
        cents >= 0 ? new decimal(unchecked((int)(cents & 0xFFFFFFFF)), unchecked((int)(cents >> 32)), 0, false, 2) : -FromCents(-cents);

    /// <summary>The k-th largest value (1-based) by quickselect; reorders <paramref name="values"/>.</summary>
    internal static T KthLargest<T>(T[] values, int k) where T : System.Numerics.IComparisonOperators<T, T, bool>
    {
        int lo = 0, hi = values.Length - 1, target = k - 1; // index in descending order
        while (lo < hi)
        {
            var pivot = values[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] > pivot) i++;
                while (values[j] < pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return values[target];
        }

        return values[target];
    }
}
