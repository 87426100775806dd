using Charta.Core.Ledger;

namespace Charta.Core.Dividends;

/// <summary>One series' part of the §3 preference in a declaration.</summary>
/// <param name="PercentOfRate">The "same percentage of the respective dividend rate" paid on every series (100 when paid in full).</param>
/// <param name="Total">Σ of the cents paid on the series' positions: at most rate × shares outstanding.</param>
/// <param name="Total">Σ of the cents paid on the series' positions (arrears and rate).</param>
public sealed record PreferentialLine(string Series, decimal Rate, decimal PercentOfRate, decimal PerShare, long SharesOutstanding, decimal Total, string Clause)
{
    /// <summary>The series' arrears at the record date (to the cent), when the charter pays arrears first.</summary>
    public decimal Arrears { get; init; }
    /// <summary>What the declaration pays on them, exact (the series' cents are in <see cref="Total"/>).</summary>
    public decimal ArrearsPaid { get; init; }
    public string? ArrearsClause { get; init; }
    /// <summary>The series' dividend rank, 0 the most senior.</summary>
    public int Rank { get; init; }
    public string? RankClause { get; init; }
}

/// <summary>The part declared above the full preferential amount, shared by common and preferred as converted (FOURTH §3).</summary>
public sealed record ExcessLine(decimal PerAsConvertedShare, decimal AsConvertedShares, decimal Total, string Clause);

/// <summary>What one holder is paid, to the cent. Holders are listed in the order of the register.</summary>
public sealed record HolderDividend(string Name, decimal Preferential, decimal Excess, decimal Total);

/// <summary>A cash dividend allocated to the holders of record.</summary>
public sealed record DividendPlan(
    decimal Amount,
    DateOnly RecordDate,
    decimal FullPreferentialAmount,
    IReadOnlyList<PreferentialLine> Preferential,
    ExcessLine Excess,
    IReadOnlyList<HolderDividend> Holders,
    string RemainderRule,
    string Clause);

/// <summary>
/// FOURTH §3, per holder. Money is paid in whole cents and the holders' cents add up to the amount declared exactly.
/// <para>Remainder rule (largest remainder): each holder's exact share is floored to the cent; the cents left over go
/// one each to the largest fractional remainders, ties broken by holder name (ordinal), then series in charter order.
/// The preference is allocated per (holder, series) position first, to the preferential total; the excess is
/// allocated per holder, to the excess total. So no series receives more than rate × shares before the excess (and
/// with it the common) receives anything, and the result does not depend on the order holders were added.</para>
/// </summary>
public static class DividendAllocation
{
    public const string RemainderRule =
        "largest remainder to the cent: each share floored to the cent, the leftover cents one each to the largest remainders; ties by holder name (ordinal), then series in charter order";

    /// <param name="reading">A second cash declaration in the year of <paramref name="recordDate"/>: <see cref="DividendRules.UnpaidPartReading"/>
    /// (null, the default: the preference is what the earlier declarations of the year left unpaid) or <see cref="DividendRules.EachDeclarationReading"/>.</param>
    /// <param name="exceptId">A dividend of the table not to count as earlier (the one being allocated, when the table already holds it).</param>
    public static Result<DividendPlan> Allocate(CapTable table, decimal amount, DateOnly recordDate, string? reading = null, string? exceptId = null)
    {
        var charter = table.Charter;
        var used = reading == DividendRules.EachDeclarationReading ? (_ => 0m)
            : DividendRules.UsedFractions(charter, DividendRules.EarlierInTheYear(table.Dividends.Values, recordDate, exceptId));
        var lotsBySeries = table.State.Dividends.AccrualLots;
        Func<string, decimal>? arrears = charter.Dividends?.Arrears is null ? null
            : id => charter.FindSeries(id) is { Dividend.IsCumulative: true } cs && lotsBySeries.TryGetValue(id, out var lots) ? CumulativeDividends.Arrears(cs, lots, recordDate) : 0m;
        var terms = DividendRules.Terms(charter, table.Outstanding, table.ExactConversionPrice, amount, used, arrears);
        if (!terms.IsOk) return terms.Refusal!;
        var t = terms.Value;

        var seriesIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < charter.Series.Count; i++) seriesIndex[charter.Series[i].Id] = i;
        var rateCents = new long[charter.Series.Count];
        for (var i = 0; i < charter.Series.Count; i++)
        {
            var rc = charter.Series[i].Dividend.RatePerShare * 100m;
            if (decimal.Truncate(rc) != rc)
                return new Refusal($"series {charter.Series[i].Id} dividend rate", charter.Series[i].Dividend.RatePerShare.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "Charta pays dividend rates stated in whole cents per share", Charter.Clause.Of(charter.Series[i].Dividend.Clause));
            rateCents[i] = (long)rc;
        }

        // Scratch arrays come from the shared pool: at 100,000 holders each would be a large-object allocation, and
        // those trigger full collections of a heap that also holds the ledger.
        using var scratch = new Scratch();
        var names = table.Holders;
        var holderCount = names.Count;
        var holderSlot = new Dictionary<string, int>(holderCount, StringComparer.Ordinal);
        for (var h = 0; h < holderCount; h++) holderSlot[names[h]] = h;

        var seriesCount = charter.Series.Count;
        var commonHeld = scratch.Longs(holderCount);
        var seriesHeld = scratch.Longs(checked(holderCount * seriesCount));
        var common = charter.Common.Id;
        // Enumerate the concrete dictionary: through the interface each step costs a boxed, undevirtualized call
        // (measured ~9× slower on 200,000 positions; docs/performance.md).
        var allPositions = table.Positions as Dictionary<(string Holder, string Security), long>
                           ?? new Dictionary<(string Holder, string Security), long>(table.Positions);
        var posHolder = scratch.Ints(allPositions.Count);
        var posSeries = scratch.Ints(allPositions.Count);
        var posShares = scratch.Longs(allPositions.Count);
        var positionCount = 0;
        foreach (var ((holder, security), shares) in allPositions)
        {
            if (shares == 0) continue;
            var slot = holderSlot[holder];
            if (security == common || charter.IsCommon(security))
            {
                commonHeld[slot] += shares;
            }
            else
            {
                var si = seriesIndex[security];
                posHolder[positionCount] = slot;
                posSeries[positionCount] = si;
                posShares[positionCount++] = shares;
                seriesHeld[slot * seriesCount + si] += shares;
            }
        }

        // The preference, tier by tier in the charter's order (each rank most senior first: its arrears, then its rates).
        // Every tier's total is whole cents (the amount is, and every tier paid in full is); each is allocated to its
        // positions by largest remainder, so each position's cents are the sum of its tiers'.
        var prefPaid = scratch.Longs(positionCount);
        var prefRem = scratch.Longs(positionCount);
        long preferentialCents = 0;
        Comparison<int> byHolderThenSeries = (a, b) =>
        {
            var c = string.CompareOrdinal(names[posHolder[a]], names[posHolder[b]]);
            return c != 0 ? c : posSeries[a].CompareTo(posSeries[b]);
        };
        var ranks = DividendRules.Ranks(charter);
        for (var r = 0; r < ranks.Count; r++)
        {
            var inRank = new bool[seriesCount];
            foreach (var i in ranks[r]) inRank[i] = true;

            // Arrears: in full, each series' arrears (to the cent) over its positions in proportion to each holder's
            // exact arrears; in part, the tier's cents over the rank's positions in proportion to their exact arrears.
            var arrearsSeries = ranks[r].Where(i => t.Series[i].ArrearsFraction > 0).ToArray();
            if (arrearsSeries.Length > 0)
            {
                var weights = new decimal[positionCount];
                foreach (var i in arrearsSeries)
                {
                    var s = charter.Series[i];
                    var lots = lotsBySeries.GetValueOrDefault(s.Id) ?? [];
                    var byHolder = new Dictionary<string, decimal>(StringComparer.Ordinal);
                    foreach (var lot in lots)
                        byHolder[lot.Holder] = byHolder.GetValueOrDefault(lot.Holder) + CumulativeDividends.LotArrearsPerShare(s, lot, recordDate) * lot.Shares;
                    for (var p = 0; p < positionCount; p++)
                        if (posSeries[p] == i) weights[p] = byHolder.GetValueOrDefault(names[posHolder[p]]);
                }

                var full = arrearsSeries.All(i => t.Series[i].ArrearsFraction == 1);
                if (full)
                {
                    foreach (var i in arrearsSeries)
                    {
                        var cents = DividendRules.Cents(t.Series[i].Arrears);
                        AllocateByWeight(scratch, cents, weights, p => posSeries[p] == i, positionCount, prefPaid, prefRem, byHolderThenSeries);
                        preferentialCents += cents;
                    }
                }
                else
                {
                    var cents = DividendRules.Cents(t.RankArrearsPaid[r]);
                    AllocateByWeight(scratch, cents, weights, p => inRank[posSeries[p]], positionCount, prefPaid, prefRem, byHolderThenSeries);
                    preferentialCents += cents;
                }
            }

            // The rates: position p of the rank is entitled to rankCents × rate_c × shares / Σ rate_c × outstanding,
            // exactly (in long, or 128 bits if it could overflow); the remainder orders the leftover cents exactly.
            var rankFullCents = 0L;
            foreach (var i in ranks[r]) rankFullCents += rateCents[i] * t.Series[i].Outstanding;
            var rankCents = DividendRules.Cents(decimal.Floor(t.RankRatePaid[r] * 100m) / 100m);
            if (rankCents <= 0 || rankFullCents == 0) continue;
            preferentialCents += rankCents;
            long floors = 0, maxRate = 1, maxShares = 1, members = 0;
            foreach (var i in ranks[r]) maxRate = Math.Max(maxRate, rateCents[i]);
            for (var p = 0; p < positionCount; p++) maxShares = Math.Max(maxShares, posShares[p]);
            var fitsLong = (Int128)rankCents * maxRate * maxShares <= long.MaxValue;
            var paid = scratch.Longs(positionCount);
            for (var p = 0; p < positionCount; p++)
            {
                if (!inRank[posSeries[p]])
                {
                    prefRem[p] = -1; // never awarded a leftover cent of this rank
                    continue;
                }

                members++;
                var rate = rateCents[posSeries[p]];
                if (fitsLong)
                {
                    paid[p] = Math.DivRem(rankCents * rate * posShares[p], rankFullCents, out prefRem[p]);
                }
                else
                {
                    var num = (Int128)rankCents * rate * posShares[p];
                    paid[p] = (long)(num / rankFullCents);
                    prefRem[p] = (long)(num % rankFullCents);
                }

                floors += paid[p];
            }

            var leftover = rankCents - floors;
            Preconditions.Check(leftover >= 0 && leftover <= members, "the preferential remainder exceeds one cent per position");
            AwardLeftover(scratch, prefRem, positionCount, (int)leftover, paid, byHolderThenSeries);
            for (var p = 0; p < positionCount; p++) prefPaid[p] += paid[p];
        }

        var excessCents = DividendRules.Cents(t.Amount) - preferentialCents;

        // Excess: holder h is entitled to excessCents × (common_h + Σ shares × OIP / CP) / W cents. The cents per
        // as-converted share of each class are fixed once, rounded DOWN to 10⁻¹⁸ of a cent, so every holder's share
        // is a 128-bit integer sum (no per-holder decimal division) and the floors can never add up to more than the
        // excess. The remainder below 10⁻¹⁸ orders the leftover cents; equal keys go by name.
        var excessPaid = scratch.Longs(holderCount);
        if (excessCents > 0)
        {
            const long Scale = 1_000_000_000_000_000_000;
            var perCommon = ScaledDown(excessCents / t.AsConvertedShares, Scale);
            var perSeries = new Int128[seriesCount];
            for (var i = 0; i < seriesCount; i++) perSeries[i] = ScaledDown(excessCents * t.Series[i].ConversionRatio / t.AsConvertedShares, Scale);
            var rem = scratch.Longs(holderCount);
            long floors = 0;
            for (var h = 0; h < holderCount; h++)
            {
                var exact = commonHeld[h] * perCommon;
                for (var i = 0; i < seriesCount; i++)
                {
                    var x = seriesHeld[h * seriesCount + i];
                    if (x != 0) exact += x * perSeries[i];
                }

                if (exact == 0) continue;
                excessPaid[h] = (long)(exact / Scale);
                rem[h] = (long)(exact % Scale);
                floors += excessPaid[h];
            }

            var leftover = excessCents - floors;
            Preconditions.Check(leftover >= 0 && leftover <= holderCount, "the excess remainder is out of range");
            AwardLeftover(scratch, rem, holderCount, (int)leftover, excessPaid, (a, b) => string.CompareOrdinal(names[a], names[b]));
        }

        var holderPref = scratch.Longs(holderCount);
        var seriesTotal = new long[charter.Series.Count];
        for (var p = 0; p < positionCount; p++)
        {
            holderPref[posHolder[p]] += prefPaid[p];
            seriesTotal[posSeries[p]] += prefPaid[p];
        }

        var holders = new List<HolderDividend>(holderCount);
        for (var h = 0; h < holderCount; h++)
        {
            if (holderPref[h] == 0 && excessPaid[h] == 0) continue;
            holders.Add(new HolderDividend(names[h], DividendRules.Dollars(holderPref[h]), DividendRules.Dollars(excessPaid[h]), DividendRules.Dollars(holderPref[h] + excessPaid[h])));
        }

        var lines = new List<PreferentialLine>(charter.Series.Count);
        for (var i = 0; i < charter.Series.Count; i++)
        {
            var s = t.Series[i];
            lines.Add(new PreferentialLine(s.Series, s.Rate, s.RateFraction * 100m, s.PreferentialPerShare, s.Outstanding, DividendRules.Dollars(seriesTotal[i]), charter.Series[i].Dividend.Clause)
            {
                Arrears = s.Arrears, ArrearsPaid = s.ArrearsPaid, Rank = s.Rank,
                ArrearsClause = s.Arrears > 0 ? charter.Dividends?.Arrears?.Clause : null,
                RankClause = charter.Series[i].Dividend.Seniority?.Clause,
            });
        }

        var excess = new ExcessLine(t.ExcessPerAsConvertedShare, t.AsConvertedShares, DividendRules.Dollars(excessCents), t.Clause);
        return new DividendPlan(t.Amount, recordDate, t.FullPreferential, lines, excess, holders, RemainderRule, t.Clause);
    }

    /// <summary>
    /// <paramref name="cents"/> over the positions <paramref name="member"/> selects, in proportion to their exact
    /// <paramref name="weights"/> (arrears): each floored to the cent, the leftover cents to the largest remainders
    /// (to 10⁻¹⁸ of a cent), ties by holder name then series. Added to <paramref name="paid"/>.
    /// </summary>
    private static void AllocateByWeight(Scratch scratch, long cents, decimal[] weights, Func<int, bool> member, int n, long[] paid, long[] rem, Comparison<int> tieBreak)
    {
        if (cents <= 0) return;
        var total = 0m;
        for (var p = 0; p < n; p++)
            if (member(p)) total += weights[p];
        Preconditions.Check(total > 0, "arrears to pay but no position has any");
        var share = scratch.Longs(n);
        long floors = 0, members = 0;
        const long Scale = 1_000_000_000_000_000_000;
        for (var p = 0; p < n; p++)
        {
            rem[p] = -1;
            if (!member(p) || weights[p] <= 0) continue;
            members++;
            var exact = cents * (weights[p] / total);
            var whole = decimal.Floor(exact);
            share[p] = (long)whole;
            rem[p] = (long)decimal.Floor((exact - whole) * Scale);
            floors += share[p];
        }

        var leftover = cents - floors;
        Preconditions.Check(leftover >= 0 && leftover <= members, "the arrears remainder exceeds one cent per position");
        AwardLeftover(scratch, rem, n, (int)leftover, share, tieBreak);
        for (var p = 0; p < n; p++) paid[p] += share[p];
    }

    /// <summary>A non-negative decimal × <paramref name="scale"/>, rounded down, as a 128-bit integer.</summary>
    private static Int128 ScaledDown(decimal value, long scale)
    {
        var whole = decimal.Floor(value);
        var frac = decimal.Floor((value - whole) * scale);
        return (Int128)(ulong)whole * scale + (long)frac;
    }

    /// <summary>
    /// One more cent to each of the <paramref name="count"/> items with the largest remainder key. The cut-off key is
    /// found by selection (no full sort); only the items tied at the cut-off are ordered by
    /// <paramref name="tieBreak"/> (holder name, then series), so strings are compared only where a tie must be broken.
    /// </summary>
    private static void AwardLeftover(Scratch scratch, long[] keys, int n, int count, long[] paid, Comparison<int> tieBreak)
    {
        if (count == 0) return;
        var copy = scratch.Longs(n);
        Array.Copy(keys, copy, n);
        var cutoff = KthLargest(copy, n, count);
        var above = 0;
        var tied = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (keys[i] > cutoff)
            {
                paid[i]++;
                above++;
            }
            else if (keys[i] == cutoff)
            {
                tied.Add(i);
            }
        }

        tied.Sort(tieBreak);
        for (var i = 0; i < count - above; i++) paid[tied[i]]++;
    }

    /// <summary>The k-th largest of the first <paramref name="n"/> values (k from 1) by quickselect; <paramref name="a"/> is reordered.</summary>
    private static long KthLargest(long[] a, int n, int k)
    {
        int lo = 0, hi = n - 1, target = k - 1;
        while (lo < hi)
        {
            var pivot = a[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] > pivot) i++;
                while (a[j] < pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return a[target];
        }

        return a[target];
    }

    /// <summary>Zeroed arrays rented from the shared pool for one call, all returned at the end.</summary>
    private sealed class Scratch : IDisposable
    {
        private readonly List<long[]> _longs = [];
        private readonly List<int[]> _ints = [];

        public long[] Longs(int n)
        {
            var a = System.Buffers.ArrayPool<long>.Shared.Rent(Math.Max(n, 1));
            Array.Clear(a, 0, n);
            _longs.Add(a);
            return a;
        }

        public int[] Ints(int n)
        {
            var a = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
            Array.Clear(a, 0, n);
            _ints.Add(a);
            return a;
        }

        public void Dispose()
        {
            foreach (var a in _longs) System.Buffers.ArrayPool<long>.Shared.Return(a);
            foreach (var a in _ints) System.Buffers.ArrayPool<int>.Shared.Return(a);
        }
    }
}
