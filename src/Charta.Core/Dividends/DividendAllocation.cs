using Charta.Core.Ledger;

namespace Charta.Core.Dividends;

/// <summary>One series' part of the §3 preference in a declaration.</summary>
/// <param name="PercentOfRate">The "same percentage of the respective dividend rate" paid on every series (100 when paid in full).</param>
/// <param name="Total">Σ of the cents paid on the series' positions: at most rate × shares outstanding.</param>
public sealed record PreferentialLine(string Series, decimal Rate, decimal PercentOfRate, decimal PerShare, long SharesOutstanding, decimal Total, string Clause);

/// <summary>The part declared above the full preferential amount, shared by common and preferred as converted (FOURTH §3).</summary>
public sealed record ExcessLine(decimal PerAsConvertedShare, decimal AsConvertedShares, decimal Total, string Clause);

/// <summary>What one holder is paid, to the cent.</summary>
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

    public static Result<DividendPlan> Allocate(CapTable table, decimal amount, DateOnly recordDate)
    {
        var charter = table.Charter;
        var terms = DividendRules.Terms(charter, table.Outstanding, table.ConversionPrice, amount);
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

        // One pass over the positions: a slot per holder, the preferred positions and the as-converted weight.
        var holderSlot = new Dictionary<string, int>(table.Holders.Count, StringComparer.Ordinal);
        var names = new List<string>(table.Holders.Count);
        var weights = new List<decimal>(table.Holders.Count);
        var positions = new List<(int Holder, int Series, long Shares)>();
        var common = charter.Common.Id;
        foreach (var ((holder, security), shares) in table.Positions)
        {
            if (shares == 0) continue;
            if (!holderSlot.TryGetValue(holder, out var slot))
            {
                slot = names.Count;
                holderSlot[holder] = slot;
                names.Add(holder);
                weights.Add(0m);
            }

            if (security == common)
            {
                weights[slot] += shares;
            }
            else
            {
                var si = seriesIndex[security];
                positions.Add((slot, si, shares));
                weights[slot] += shares * t.Series[si].ConversionRatio;
            }
        }

        var preferentialCents = DividendRules.Cents(decimal.Floor(t.Preferential * 100m) / 100m);
        var excessCents = DividendRules.Cents(t.Amount) - preferentialCents;
        var fullCents = 0L;
        foreach (var s in t.Series) fullCents += rateCents[seriesIndex[s.Series]] * s.Outstanding;

        // Preference: position p is entitled to preferentialCents × rate_c × shares / fullCents cents (exact in Int128).
        var prefPaid = new long[positions.Count];
        if (preferentialCents > 0)
        {
            var rem = new Int128[positions.Count];
            long floors = 0;
            for (var p = 0; p < positions.Count; p++)
            {
                var (_, si, shares) = positions[p];
                var num = (Int128)preferentialCents * rateCents[si] * shares;
                prefPaid[p] = (long)(num / fullCents);
                rem[p] = num % fullCents;
                floors += prefPaid[p];
            }

            var leftover = preferentialCents - floors;
            if (leftover > 0)
            {
                var order = new int[positions.Count];
                for (var p = 0; p < order.Length; p++) order[p] = p;
                Array.Sort(order, (a, b) =>
                {
                    var c = rem[b].CompareTo(rem[a]);
                    if (c != 0) return c;
                    c = string.CompareOrdinal(names[positions[a].Holder], names[positions[b].Holder]);
                    return c != 0 ? c : positions[a].Series.CompareTo(positions[b].Series);
                });
                Preconditions.Check(leftover <= order.Length, "the preferential remainder exceeds one cent per position");
                for (var k = 0; k < leftover; k++) prefPaid[order[k]]++;
            }
        }

        // Excess: holder h is entitled to excessCents × weight_h / W cents.
        var excessPaid = new long[names.Count];
        if (excessCents > 0)
        {
            var rem = new decimal[names.Count];
            long floors = 0;
            for (var h = 0; h < names.Count; h++)
            {
                var exact = excessCents * (weights[h] / t.AsConvertedShares);
                var f = decimal.Floor(exact);
                excessPaid[h] = (long)f;
                rem[h] = exact - f;
                floors += excessPaid[h];
            }

            var leftover = excessCents - floors;
            Preconditions.Check(leftover >= 0 && leftover <= names.Count, "the excess remainder is out of range");
            if (leftover > 0)
            {
                var order = new int[names.Count];
                for (var h = 0; h < order.Length; h++) order[h] = h;
                Array.Sort(order, (a, b) =>
                {
                    var c = rem[b].CompareTo(rem[a]);
                    return c != 0 ? c : string.CompareOrdinal(names[a], names[b]);
                });
                for (var k = 0; k < leftover; k++) excessPaid[order[k]]++;
            }
        }

        var holderPref = new long[names.Count];
        var seriesTotal = new long[charter.Series.Count];
        for (var p = 0; p < positions.Count; p++)
        {
            holderPref[positions[p].Holder] += prefPaid[p];
            seriesTotal[positions[p].Series] += prefPaid[p];
        }

        var holders = new List<HolderDividend>(names.Count);
        for (var h = 0; h < names.Count; h++)
        {
            if (holderPref[h] == 0 && excessPaid[h] == 0) continue;
            holders.Add(new HolderDividend(names[h], DividendRules.Dollars(holderPref[h]), DividendRules.Dollars(excessPaid[h]), DividendRules.Dollars(holderPref[h] + excessPaid[h])));
        }

        holders.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        var lines = new List<PreferentialLine>(charter.Series.Count);
        for (var i = 0; i < charter.Series.Count; i++)
        {
            var s = t.Series[i];
            lines.Add(new PreferentialLine(s.Series, s.Rate, t.Fraction * 100m, s.PreferentialPerShare, s.Outstanding, DividendRules.Dollars(seriesTotal[i]), charter.Series[i].Dividend.Clause));
        }

        var excess = new ExcessLine(t.ExcessPerAsConvertedShare, t.AsConvertedShares, DividendRules.Dollars(excessCents), t.Clause);
        return new DividendPlan(t.Amount, recordDate, t.FullPreferential, lines, excess, holders, RemainderRule, t.Clause);
    }
}
