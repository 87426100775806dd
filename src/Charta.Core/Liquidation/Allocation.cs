namespace Charta.Core.Liquidation;

/// <summary>
/// The exact (unrounded) split of an exit among the classes for one set of conversion choices. Internal to the
/// waterfall; <see cref="Waterfall"/> picks the choices and rounds the result to cents.
/// </summary>
public sealed class Allocation
{
    internal Allocation(decimal exit, decimal? commonPrice, bool[] converted, decimal commonPay, decimal[] seriesPay, decimal[] optionPay, int shortfallRank)
    {
        Exit = exit;
        CommonPrice = commonPrice;
        Converted = converted;
        CommonPay = commonPay;
        SeriesPay = seriesPay;
        OptionPay = optionPay;
        ShortfallRank = shortfallRank;
    }

    public decimal Exit { get; }
    /// <summary>What each common share receives (FOURTH §4(c)); null when nothing can absorb the remainder.</summary>
    public decimal? CommonPrice { get; }
    /// <summary>Per series (charter order): converted to common before the distribution (FOURTH §6(a)(i)).</summary>
    public IReadOnlyList<bool> Converted { get; }
    public decimal CommonPay { get; }
    /// <summary>Per series (charter order), the exact amount the series receives (as preferred or as converted).</summary>
    public IReadOnlyList<decimal> SeriesPay { get; }
    /// <summary>Per option (model order), the spread m × (P − K) when in the money.</summary>
    public IReadOnlyList<decimal> OptionPay { get; }
    /// <summary>Index into <see cref="LiquidationModel.Ranks"/> of the rank paid less than in full (§4(b)), or −1.</summary>
    public int ShortfallRank { get; }

    /// <summary>What the common received as catch-ups ahead of a rank (in <see cref="CommonPay"/>; 0 when the charter states none).</summary>
    public decimal CommonCatchUp { get; init; }

    public decimal OptionsTotal => OptionPay.Sum();
}

/// <summary>The arithmetic of one allocation, for fixed conversion choices.</summary>
internal static class Allocator
{
    /// <summary>
    /// FOURTH §4(a)-(c) for fixed choices: the preferences of the series that did not convert, most senior rank first,
    /// a shortfall within a rank split by the §4(b) weight (capped at each series' full claim), then the remainder
    /// shared by common, converted series, participating series and in-the-money options at one price per common share.
    /// </summary>
    public static Allocation Allocate(LiquidationModel m, decimal exit, bool[] converted)
    {
        var seriesPay = new decimal[m.Series.Count];
        var remaining = exit;
        var shortfallRank = -1;
        // A converted series' declared and unpaid dividends, when owed to the holders of record, are a debt of the
        // corporation, paid before any distribution to stockholders (docs/interpretations.md). In the equilibrium a
        // series converts only when every preference is paid in full, so this order decides nothing there.
        decimal owed = 0m;
        foreach (var s in m.Series)
            if (converted[s.Index]) owed += s.DividendsOwedOnConversion;
        if (owed > 0)
        {
            var paid = Math.Min(owed, remaining);
            foreach (var s in m.Series)
                if (converted[s.Index] && s.DividendsOwedOnConversion > 0)
                    seriesPay[s.Index] = paid == owed ? s.DividendsOwedOnConversion : paid * s.DividendsOwedOnConversion / owed;
            remaining -= paid;
            if (paid < owed)
                return new Allocation(exit, 0m, converted, 0m, seriesPay, new decimal[m.Options.Count], 0);
        }

        decimal catchUp = 0m;
        for (var r = 0; r < m.Ranks.Count; r++)
        {
            // The common's catch-up ahead of this rank (it keeps its place when the rank's series converts).
            var cu = m.RankCatchUp[r];
            if (cu > 0)
            {
                if (remaining < cu)
                {
                    catchUp += remaining;
                    remaining = 0;
                    shortfallRank = r;
                    break;
                }

                catchUp += cu;
                remaining -= cu;
            }

            var rank = m.Ranks[r].Where(s => !converted[s.Index]).ToArray();
            if (rank.Length == 0) continue;
            var rankClaim = rank.Sum(s => s.Claim);
            if (remaining >= rankClaim)
            {
                foreach (var s in rank) seriesPay[s.Index] = s.Claim;
                remaining -= rankClaim;
                continue;
            }

            WaterFill(rank, remaining, seriesPay);
            shortfallRank = r;
            remaining = 0;
            break;
        }

        var optionPay = new decimal[m.Options.Count];
        if (shortfallRank >= 0)
            return new Allocation(exit, 0m, converted, catchUp, seriesPay, optionPay, shortfallRank) { CommonCatchUp = catchUp };

        var price = SolveCommonPrice(m, remaining, converted);
        if (price is not { } p)
            return new Allocation(exit, null, converted, catchUp, seriesPay, optionPay, -1) { CommonCatchUp = catchUp };

        foreach (var s in m.Series)
        {
            if (s.Shares == 0) continue;
            // Converted or participating: the exact common equivalent, whole shares and the §6(g)(i) fraction alike,
            // at one price per common share.
            if (converted[s.Index]) seriesPay[s.Index] = s.DividendsOwedOnConversion + s.CommonEquivalent * p;
            else if (s.Participation == ParticipationKind.Full) seriesPay[s.Index] += s.CommonEquivalent * p;
            else if (s.Participation == ParticipationKind.Capped) seriesPay[s.Index] += Math.Min(s.CommonEquivalent * p, s.Headroom);
        }

        for (var i = 0; i < m.Options.Count; i++)
            optionPay[i] = p > m.Options[i].Strike ? m.Options[i].CommonEquivalent * (p - m.Options[i].Strike) : 0m;
        return new Allocation(exit, p, converted, catchUp + m.CommonShares * p, seriesPay, optionPay, -1) { CommonCatchUp = catchUp };
    }

    /// <summary>
    /// FOURTH §4(b) within one rank: each series receives min(claim, λ × weight), λ chosen so the rank receives exactly
    /// <paramref name="available"/>. When the weights are proportional to the claims (Juniper, no declared dividends),
    /// this is plain proportion to the weights.
    /// </summary>
    internal static void WaterFill(IReadOnlyList<SeriesClaim> rank, decimal available, decimal[] pay)
    {
        // Series fill in the order of claim / weight (compared by cross-multiplication).
        var order = rank.Where(s => s.Claim > 0).OrderBy(s => s, ClaimPerWeight.Instance).ToArray();
        var weight = order.Sum(s => s.ShortfallWeight);
        var left = available;
        var i = 0;
        for (; i < order.Length; i++)
        {
            var s = order[i];
            // λ at which s fills is claim/weight; the rank needs left ≥ claim/weight × (remaining weight) to reach it.
            if (s.Claim * weight > left * s.ShortfallWeight) break;
            pay[s.Index] = s.Claim;
            left -= s.Claim;
            weight -= s.ShortfallWeight;
        }

        for (var j = i; j < order.Length; j++)
            pay[order[j].Index] = weight == 0 ? 0m : left * order[j].ShortfallWeight / weight;
    }

    /// <summary>
    /// The price per common share P at which the participants absorb exactly <paramref name="residual"/>:
    /// f(P) = (common + converted + participating shares) × P + Σ options m × max(0, P − K) − Σ capped excess.
    /// f is continuous, piecewise linear and non-decreasing; the smallest P with f(P) = residual is returned, or null
    /// when f is bounded below the residual (nobody can take it).
    /// </summary>
    internal static decimal? SolveCommonPrice(LiquidationModel m, decimal residual, bool[] converted)
    {
        if (residual == 0) return 0m;
        var (optionKinks, zeroStrike) = m.OptionKinks;
        var slope = m.CommonShares + zeroStrike;
        var seriesKinks = new List<(decimal P, decimal Delta)>();
        foreach (var s in m.Series)
        {
            var e = s.CommonEquivalent;
            if (s.Shares == 0 || e == 0) continue;
            if (converted[s.Index] || s.Participation == ParticipationKind.Full) slope += e;
            else if (s.Participation == ParticipationKind.Capped && s.Headroom > 0)
            {
                slope += e;
                seriesKinks.Add((s.Headroom / e, -e));
            }
        }

        seriesKinks.Sort((a, b) => a.P.CompareTo(b.P));
        // The kinks in increasing P: the options' (sorted once per model) merged with the capped series'.
        decimal p = 0m, f = 0m;
        int i = 0, j = 0;
        while (i < optionKinks.Length || j < seriesKinks.Count)
        {
            var (kp, delta) = j >= seriesKinks.Count || (i < optionKinks.Length && optionKinks[i].P <= seriesKinks[j].P) ? optionKinks[i++] : seriesKinks[j++];
            var next = f + slope * (kp - p);
            if (next >= residual && slope > 0) return p + (residual - f) / slope;
            f = next;
            p = kp;
            slope += delta;
        }

        return slope > 0 ? p + (residual - f) / slope : null;
    }

    private sealed class ClaimPerWeight : IComparer<SeriesClaim>
    {
        public static readonly ClaimPerWeight Instance = new();

        public int Compare(SeriesClaim? a, SeriesClaim? b)
        {
            var c = (a!.Claim * b!.ShortfallWeight).CompareTo(b.Claim * a.ShortfallWeight);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        }
    }
}
