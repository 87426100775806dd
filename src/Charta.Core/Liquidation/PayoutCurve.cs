using System.Globalization;
using Charta.Core.Charter;
using Charta.Core.Money;

namespace Charta.Core.Liquidation;

/// <summary>An exit value at which the allocation changes slope, with what happens there and the clause.</summary>
public sealed record Breakpoint(decimal Exit, string Event, string Clause);

/// <summary>
/// Exits from <see cref="From"/> to <see cref="To"/> (null: without limit): the fraction of each marginal dollar that
/// each class receives (they add up to 1). Class ids are common, the series, and "options".
/// </summary>
public sealed record Tranche(decimal From, decimal? To, IReadOnlyDictionary<string, decimal> Shares);

/// <summary>
/// The payout of every class as a function of the exit: continuous and piecewise linear. Built once by sweeping the
/// exit upward: first the preferences, rank by rank (FOURTH §4(a), §4(b)); then, above the total preference, by the
/// common price P (§4(c)), whose kinks are the option strikes, the participation caps and the conversion thresholds
/// (§6(a)(i)). Between kinks the exit is linear in P, so a payout at any exit is a binary search and a few products,
/// not a re-solve.
/// </summary>
public sealed class PayoutCurve
{
    private readonly LiquidationModel _m;
    private readonly Segment[] _segments;
    private readonly int[] _seriesRank;
    private readonly int[] _seriesFillPos;
    /// <summary>Per rank: Σ of the common's catch-ups ahead of the ranks before it.</summary>
    private readonly decimal[] _catchUpBefore;

    private PayoutCurve(LiquidationModel m, Segment[] segments, IReadOnlyList<Breakpoint> breakpoints, int[] seriesRank, int[] seriesFillPos)
    {
        _catchUpBefore = new decimal[m.Ranks.Count + 1];
        for (var r = 0; r < m.Ranks.Count; r++) _catchUpBefore[r + 1] = _catchUpBefore[r] + m.RankCatchUp[r];
        _m = m;
        _segments = segments;
        Breakpoints = breakpoints;
        _seriesRank = seriesRank;
        _seriesFillPos = seriesFillPos;
    }

    public LiquidationModel Model => _m;

    /// <summary>Exit values where the allocation changes slope, ascending; several events may share one exit.</summary>
    public IReadOnlyList<Breakpoint> Breakpoints { get; }

    /// <summary>Class ids in the order of <see cref="Evaluate(decimal, Span{decimal})"/>'s output.</summary>
    public IReadOnlyList<string> ClassIds => _m.CurveClassIds;

    /// <summary>One stretch of the curve on which every payout is linear in the exit.</summary>
    private readonly record struct Segment(
        decimal XFrom,
        bool Preference,
        // Preference phase: rank being filled, how many of its series (in fill order) are already full, the exit at
        // which the unfilled ones started sharing, and their total weight.
        int Rank, int Filled, decimal BaseX, decimal Weight,
        // Residual phase: common price at XFrom, total active shares (dX/dP), options in the money (Σm, Σm·K).
        decimal PFrom, decimal Slope, decimal OptShares, decimal OptStrikeValue,
        // Preference phase: the common's catch-up ahead of rank Rank is being paid (every marginal dollar to common).
        bool CatchUp = false);

    public static PayoutCurve Build(LiquidationModel m)
    {
        var segments = new List<Segment>(m.Options.Count + 3 * m.Series.Count + 2);
        var events = new List<Breakpoint>(m.Options.Count + 3 * m.Series.Count + 2);
        var seriesRank = Enumerable.Repeat(-1, m.Series.Count).ToArray();
        var seriesFillPos = new int[m.Series.Count];

        // Preference phase: X from 0 to Σ claims. Within a rank series fill in order of claim/weight.
        decimal x = 0m;
        for (var r = 0; r < m.Ranks.Count; r++)
        {
            // The common's catch-up ahead of the rank: every dollar to common until it is paid.
            if (m.RankCatchUp[r] > 0)
            {
                segments.Add(new Segment(x, true, r, 0, x, 0m, 0m, 0m, 0m, 0m, CatchUp: true));
                x += m.RankCatchUp[r];
                var cu = m.RankCatchUpClaim[r]!;
                events.Add(new Breakpoint(x, $"Common catch-up ahead of Series {cu.Series} paid in full", cu.Clause));
            }

            var order = m.Ranks[r].Where(s => s.Claim > 0)
                .OrderBy(s => s, Comparer<SeriesClaim>.Create((a, b) =>
                {
                    var c = (a.Claim * b.ShortfallWeight).CompareTo(b.Claim * a.ShortfallWeight);
                    return c != 0 ? c : a.Index.CompareTo(b.Index);
                })).ToArray();
            for (var k = 0; k < order.Length; k++)
            {
                seriesRank[order[k].Index] = r;
                seriesFillPos[order[k].Index] = k;
            }

            decimal filled = 0m, weight = order.Sum(s => s.ShortfallWeight);
            var rankStart = x;
            for (var k = 0; k < order.Length;)
            {
                var s = order[k];
                // Every series with the same claim/weight fills at the same exit.
                var j = k;
                decimal groupClaim = 0m, groupWeight = 0m;
                for (; j < order.Length && order[j].Claim * s.ShortfallWeight == s.Claim * order[j].ShortfallWeight; j++)
                {
                    groupClaim += order[j].Claim;
                    groupWeight += order[j].ShortfallWeight;
                }

                // s fills when λ = claim_s / w_s: the rank then holds the filled claims plus λ × the unfilled weight
                // (exactly the rank's total when the last group fills).
                var fillX = j == order.Length ? rankStart + filled + groupClaim
                    : rankStart + filled + s.Claim * weight / s.ShortfallWeight;
                if (fillX > x) segments.Add(new Segment(x, true, r, k, rankStart + filled, weight, 0m, 0m, 0m, 0m));
                for (var g = k; g < j; g++) events.Add(new Breakpoint(fillX, $"Series {order[g].Id} preference paid in full", order[g].Clause));
                filled += groupClaim;
                weight -= groupWeight;
                x = fillX;
                k = j;
            }

            x = rankStart + order.Sum(s => s.Claim);
        }

        // Residual phase: X(P) = T + f(P), kinks in P.
        decimal slope = m.CommonShares, optShares = 0m, optStrikeValue = 0m;
        var kinks = new List<(decimal P, int Order, decimal Delta, decimal OptM, decimal OptMK, Breakpoint Event)>(m.Options.Count + 2 * m.Series.Count);
        foreach (var s in m.Series)
        {
            var e = s.CommonEquivalent;
            if (s.Shares == 0 || e == 0) continue;
            if (s.Participation == ParticipationKind.Full) slope += e;
            if (s.Participation == ParticipationKind.Capped && s.Headroom > 0)
            {
                slope += e;
                kinks.Add((s.Headroom / e, 1, -e, 0m, 0m, new Breakpoint(0m, $"Series {s.Id} reaches its participation cap", s.Clause)));
            }

            if (s.ConversionThreshold is { } t)
                kinks.Add((t, 2, e, 0m, 0m, new Breakpoint(0m, $"Series {s.Id} converts to common", m.Clauses.Conversion)));
        }

        // Options grouped by strike: one kink per distinct strike (sorted once, merged in one pass).
        var strikes = new (decimal Strike, decimal Shares)[m.Options.Count];
        for (var i = 0; i < strikes.Length; i++) strikes[i] = (m.Options[i].Strike, m.Options[i].CommonEquivalent);
        Array.Sort(strikes, (a, b) => a.Strike.CompareTo(b.Strike));
        for (var i = 0; i < strikes.Length;)
        {
            var strike = strikes[i].Strike;
            decimal shares = 0m;
            for (; i < strikes.Length && strikes[i].Strike == strike; i++) shares += strikes[i].Shares;
            if (strike <= 0)
            {
                slope += shares;
                optShares += shares;
                continue;
            }

            kinks.Add((strike, 0, shares, shares, shares * strike,
                new Breakpoint(0m, "Options and warrants at strike " + strike.ToString(CultureInfo.InvariantCulture) + " come into the money", m.Clauses.Residual)));
        }

        // The option kinks were added in ascending strike order; the series' few kinks are sorted and merged in.
        var optionKinks = kinks.Where(k => k.Order == 0).ToList();
        var seriesKinks = kinks.Where(k => k.Order != 0).ToList();
        seriesKinks.Sort((a, b) => a.P != b.P ? a.P.CompareTo(b.P) : a.Order.CompareTo(b.Order));
        kinks = new List<(decimal P, int Order, decimal Delta, decimal OptM, decimal OptMK, Breakpoint Event)>(kinks.Count);
        for (int oi = 0, si = 0; oi < optionKinks.Count || si < seriesKinks.Count;)
            kinks.Add(si >= seriesKinks.Count || (oi < optionKinks.Count && optionKinks[oi].P <= seriesKinks[si].P) ? optionKinks[oi++] : seriesKinks[si++]);
        var totalClaims = m.TotalClaims + m.TotalCatchUp;
        if (totalClaims > 0)
            events.Add(new Breakpoint(totalClaims, "Every preference paid in full; the remainder goes to common", m.Clauses.Residual));
        x = totalClaims;
        decimal p = 0m;
        foreach (var k in kinks)
        {
            var kx = x + slope * (k.P - p);
            if (kx > x && slope > 0) segments.Add(new Segment(x, false, 0, 0, 0m, 0m, p, slope, optShares, optStrikeValue));
            x = kx;
            p = k.P;
            slope += k.Delta;
            optShares += k.OptM;
            optStrikeValue += k.OptMK;
            events.Add(k.Event with { Exit = x });
        }

        segments.Add(new Segment(x, false, 0, 0, 0m, 0m, p, slope, optShares, optStrikeValue));
        // The sweep produces the events in ascending exit order already (ranks, then P ascending).
        return new PayoutCurve(m, segments.ToArray(), events.ToArray(), seriesRank, seriesFillPos);
    }

    private int SegmentAt(decimal exit)
    {
        int lo = 0, hi = _segments.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_segments[mid].XFrom <= exit) lo = mid;
            else hi = mid - 1;
        }

        return lo;
    }

    /// <summary>The common price per share at an exit (0 while the preferences are unpaid).</summary>
    public decimal CommonPrice(decimal exit)
    {
        var seg = _segments[SegmentAt(exit)];
        return seg.Preference ? 0m : seg.Slope == 0 ? seg.PFrom : seg.PFrom + (exit - seg.XFrom) / seg.Slope;
    }

    /// <summary>
    /// Exact payouts at <paramref name="exit"/>, per class in <see cref="ClassIds"/> order (common, series, options),
    /// written to <paramref name="perClass"/>.
    /// </summary>
    public void Evaluate(decimal exit, Span<decimal> perClass)
    {
        var seg = _segments[SegmentAt(exit)];
        var series = _m.Series;
        if (seg.Preference)
        {
            perClass[0] = seg.CatchUp ? _catchUpBefore[seg.Rank] + exit - seg.BaseX : _catchUpBefore[Math.Min(seg.Rank + 1, _catchUpBefore.Length - 1)];
            for (var i = 0; i < series.Count; i++)
            {
                var rk = _seriesRank[i];
                var s = series[i];
                perClass[1 + i] = rk < 0 || rk > seg.Rank || (rk == seg.Rank && seg.CatchUp) ? 0m
                    : rk < seg.Rank || _seriesFillPos[i] < seg.Filled ? s.Claim
                    : (exit - seg.BaseX) * s.ShortfallWeight / seg.Weight;
            }

            if (_m.Options.Count > 0) perClass[1 + series.Count] = 0m;
            return;
        }

        var p = seg.Slope == 0 ? seg.PFrom : seg.PFrom + (exit - seg.XFrom) / seg.Slope;
        perClass[0] = _m.TotalCatchUp + _m.CommonShares * p;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.Shares == 0) perClass[1 + i] = 0m;
            else if (s.ConversionThreshold is { } t && t < p) perClass[1 + i] = s.DividendsOwedOnConversion + s.CommonEquivalent * p;
            else perClass[1 + i] = s.Participation switch
            {
                ParticipationKind.Full => s.Claim + s.CommonEquivalent * p,
                ParticipationKind.Capped => s.Claim + Math.Min(s.CommonEquivalent * p, s.Headroom),
                _ => s.Claim,
            };
        }

        if (_m.Options.Count > 0) perClass[1 + series.Count] = seg.OptShares * p - seg.OptStrikeValue;
    }

    public decimal[] Evaluate(decimal exit)
    {
        var r = new decimal[ClassIds.Count];
        Evaluate(exit, r);
        return r;
    }

    /// <summary>The tranches between breakpoints, with the fraction of each marginal dollar going to each class.</summary>
    public IReadOnlyList<Tranche> Tranches()
    {
        var ids = ClassIds;
        var result = new List<Tranche>();
        var f = new decimal[ids.Count];
        for (var k = 0; k < _segments.Length; k++)
        {
            Fractions(k, f);
            decimal? to = k + 1 < _segments.Length ? _segments[k + 1].XFrom : null;
            var shares = new Dictionary<string, decimal>(StringComparer.Ordinal);
            for (var c = 0; c < ids.Count; c++) shares[ids[c]] = f[c];
            result.Add(new Tranche(_segments[k].XFrom, to, shares));
        }

        return result;
    }

    /// <summary>d payout / d exit per class on segment <paramref name="k"/> (the tranche's split of a marginal dollar).</summary>
    private void Fractions(int k, Span<decimal> f)
    {
        var seg = _segments[k];
        f.Clear();
        if (seg.Preference)
        {
            if (seg.CatchUp)
            {
                f[0] = 1m;
                return;
            }

            foreach (var s in _m.Series)
                if (_seriesRank[s.Index] == seg.Rank && _seriesFillPos[s.Index] >= seg.Filled)
                    f[1 + s.Index] = s.ShortfallWeight / seg.Weight;
            return;
        }

        if (seg.Slope <= 0) return;
        f[0] = _m.CommonShares / seg.Slope;
        foreach (var s in _m.Series)
        {
            if (s.Shares == 0) continue;
            var converted = s.ConversionThreshold is { } t && t <= seg.PFrom;
            var active = converted || s.Participation == ParticipationKind.Full
                || (s.Participation == ParticipationKind.Capped && s.Headroom / s.CommonEquivalent > seg.PFrom);
            if (active) f[1 + s.Index] = s.CommonEquivalent / seg.Slope;
        }

        if (_m.Options.Count > 0) f[1 + _m.Series.Count] = seg.OptShares / seg.Slope;
    }

    /// <summary>
    /// The payout curve on a grid of <paramref name="count"/> exits <paramref name="from"/>, from + step, …: per class
    /// (in <see cref="ClassIds"/> order) an array of payouts. Each tranche is entered with an exact evaluation and then
    /// walked by adding the tranche's slope × step, so the cost per exit is one addition per class.
    /// </summary>
    public decimal[][] EvaluateGrid(decimal from, decimal step, int count)
    {
        Preconditions.NotNegative(from, nameof(from));
        Preconditions.NotNegative(step, nameof(step));
        var n = ClassIds.Count;
        var result = new decimal[n][];
        for (var c = 0; c < n; c++) result[c] = new decimal[count];
        var row = new decimal[n];
        var inc = new decimal[n];
        var i = 0;
        var x = from;
        while (i < count)
        {
            var k = SegmentAt(x);
            var end = k + 1 < _segments.Length ? _segments[k + 1].XFrom : decimal.MaxValue;
            Evaluate(x, row);
            Fractions(k, inc);
            for (var c = 0; c < n; c++)
            {
                result[c][i] = row[c];
                inc[c] *= step;
            }

            for (i++, x += step; i < count && x < end; i++, x += step)
                for (var c = 0; c < n; c++)
                    result[c][i] = row[c] += inc[c];
            if (step == 0) for (; i < count; i++) for (var c = 0; c < n; c++) result[c][i] = row[c];
        }

        return result;
    }

    /// <summary>
    /// The payout curve on a grid of exits, in whole cents rounded down, per class: the fast path for long curves
    /// (charts, option-pricing tables). Each tranche is entered with an exact evaluation; inside it the walk adds the
    /// tranche's slope × step as whole cents plus a carry in units of 10^-18 cent (long arithmetic), so a grid of a
    /// million exits costs a million additions per class. Accurate to the cent (the carry's error is below 10^-11 cent).
    /// </summary>
    public long[][] EvaluateGridCents(decimal from, decimal step, int count)
    {
        Preconditions.NotNegative(from, nameof(from));
        Preconditions.NotNegative(step, nameof(step));
        const long unit = 1_000_000_000_000_000_000L; // 10^18 sub-cent units per cent
        var n = ClassIds.Count;
        var result = new long[n][];
        for (var c = 0; c < n; c++) result[c] = new long[count];
        var row = new decimal[n];
        var inc = new decimal[n];
        var cents = new long[n];
        var frac = new long[n];
        var incCents = new long[n];
        var incFrac = new long[n];
        var i = 0;
        while (i < count)
        {
            var x = from + i * step;
            var k = SegmentAt(x);
            var end = k + 1 < _segments.Length ? _segments[k + 1].XFrom : decimal.MaxValue;
            Evaluate(x, row);
            Fractions(k, inc);
            for (var c = 0; c < n; c++)
            {
                var v = Math.Max(0m, row[c]);
                cents[c] = Rounding.WholeCentsDown(v);
                frac[c] = Rounding.SubCentUnits(v * 100m - cents[c]);
                var d = inc[c] * step;
                incCents[c] = Rounding.WholeCentsDown(d);
                incFrac[c] = Rounding.SubCentUnits(d * 100m - incCents[c]);
                result[c][i] = cents[c];
            }

            // How many further grid points stay inside this tranche: those with from + j·step < end.
            var last = count;
            if (step > 0 && end != decimal.MaxValue)
            {
                var inside = decimal.Ceiling((end - from) / step); // first j with from + j·step ≥ end
                last = inside > count ? count : Math.Max(i + 1, (int)inside);
            }

            for (var c = 0; c < n; c++)
            {
                var col = result[c];
                long cc = cents[c], ff = frac[c], ic = incCents[c], iff = incFrac[c];
                for (var j = i + 1; j < last; j++)
                {
                    cc += ic;
                    ff += iff;
                    if (ff >= unit)
                    {
                        ff -= unit;
                        cc++;
                    }

                    col[j] = cc;
                }
            }

            i = last;
        }

        return result;
    }

    /// <summary>
    /// The curve sampled at <paramref name="points"/> evenly spaced exits from 0 to <paramref name="max"/>, plus every
    /// breakpoint in that range (so the kinks are drawn exactly), for charts.
    /// </summary>
    public (decimal[] Exits, decimal[][] PerClass) Sample(decimal max, int points)
    {
        Preconditions.Check(points >= 2, "at least two points");
        var set = new SortedSet<decimal>();
        for (var i = 0; i < points; i++) set.Add(max * i / (points - 1));
        foreach (var b in Breakpoints)
            if (b.Exit > 0 && b.Exit < max) set.Add(b.Exit);
        var xs = set.ToArray();
        var ys = ClassIds.Select(_ => new decimal[xs.Length]).ToArray();
        var row = new decimal[ClassIds.Count];
        for (var i = 0; i < xs.Length; i++)
        {
            Evaluate(xs[i], row);
            for (var c = 0; c < row.Length; c++) ys[c][i] = row[c];
        }

        return (xs, ys);
    }
}
