using System.Globalization;
using Charta.Core.Liquidation;

namespace Charta.Core.Valuation;

/// <summary>
/// Options and warrants of one strike, valued as a class of their own: m × (P − K)⁺ where P is the common price per
/// share at the exit (FOURTH §4(c)). <see cref="FirstTranche"/> is the first tranche in which they are in the money.
/// </summary>
public sealed record StrikeClass(string Id, decimal Strike, long Shares, int FirstTranche);

/// <summary>
/// The payout curve's tranches prepared for option pricing: the exact breakpoints and each tranche's split of the
/// marginal dollar (from <see cref="PayoutCurve.Tranches"/>), converted once to double, with the payout of every class
/// at each tranche's lower bound and the slope of the common price per share. Built once per cap table; every OPM,
/// backsolve and Monte Carlo evaluation reads it.
/// </summary>
public sealed class OpmTable
{
    private OpmTable(PayoutCurve curve, IReadOnlyList<Tranche> tranches, long[] shares, double[] from, double[] fractions,
        double[] payAtFrom, double[] priceAtFrom, double[] priceSlope, StrikeClass[] strikes)
    {
        Curve = curve;
        Tranches = tranches;
        ClassShares = shares;
        From = from;
        Fractions = fractions;
        PayAtFrom = payAtFrom;
        PriceAtFrom = priceAtFrom;
        PriceSlope = priceSlope;
        Strikes = strikes;
        LogFrom = from.Select(x => x > 0 ? Math.Log(x) : double.NegativeInfinity).ToArray();
        StrikeShares = strikes.Select(x => (double)x.Shares).ToArray();
        StrikeFirstTranche = strikes.Select(x => x.FirstTranche).ToArray();
        (GroupStart, GroupRow, Rho, FreeColumn) = Group(fractions, from.Length, shares.Length, Curve.Model.Options.Count > 0 ? shares.Length - 1 : -1);
    }

    /// <summary>
    /// Relative tolerance within which a tranche's row counts as proportional to its group's first row. A group's rows
    /// then enter the class values through one weighted sum of the tranche values, so a class value differs from the
    /// row-by-row sum by at most this fraction of the equity (plus double rounding).
    /// </summary>
    internal const double ProportionalTolerance = 1e-13;

    /// <summary>
    /// Runs of consecutive tranches whose splits of the marginal dollar, apart from the options column, are proportional
    /// to the run's first row. Above the last conversion every class shares in proportion to its shares and only the
    /// options in the money grow (each strike a breakpoint), so 10,000 strikes form a handful of runs.
    /// </summary>
    private static (int[] Start, double[] Row, double[] Rho, double[] Free) Group(double[] f, int n, int k, int free)
    {
        var starts = new List<int>();
        var rows = new List<double>();
        var rho = new double[n];
        var freeColumn = new double[n];
        var g0 = -1;
        var reference = -1;
        for (var i = 0; i < n; i++)
        {
            if (free >= 0) freeColumn[i] = f[i * k + free];
            if (g0 >= 0 && Proportional(f, k, free, g0, reference, i, out var ratio))
            {
                rho[i] = ratio;
                continue;
            }

            g0 = i;
            starts.Add(i);
            reference = -1;
            var max = 0.0;
            for (var c = 0; c < k; c++)
            {
                var v = c == free ? 0.0 : f[i * k + c];
                rows.Add(v);
                if (Math.Abs(v) > max)
                {
                    max = Math.Abs(v);
                    reference = c;
                }
            }

            rho[i] = 1.0;
        }

        starts.Add(n);
        return (starts.ToArray(), rows.ToArray(), rho, freeColumn);
    }

    private static bool Proportional(double[] f, int k, int free, int g0, int reference, int i, out double ratio)
    {
        ratio = 0;
        if (reference < 0)
        {
            // An all-zero run (apart from the options) stays one while the rows stay zero.
            for (var c = 0; c < k; c++)
                if (c != free && f[i * k + c] != 0) return false;
            return true;
        }

        ratio = f[i * k + reference] / f[g0 * k + reference];
        var scale = Math.Abs(f[i * k + reference]);
        for (var c = 0; c < k; c++)
        {
            if (c == free) continue;
            if (Math.Abs(f[i * k + c] - ratio * f[g0 * k + c]) > ProportionalTolerance * scale) return false;
        }

        return true;
    }

    public PayoutCurve Curve { get; }

    /// <summary>The tranches exactly as <c>charta breakpoints</c> shows them.</summary>
    public IReadOnlyList<Tranche> Tranches { get; }

    /// <summary>The payout curve's class ids: common, each series in charter order, and "options" when any are outstanding.</summary>
    public IReadOnlyList<string> ClassIds => Curve.ClassIds;

    /// <summary>Shares per curve class (series: shares held, not as converted; options: common-equivalent shares).</summary>
    public IReadOnlyList<long> ClassShares { get; }

    /// <summary>Outstanding options and warrants grouped by strike, ascending.</summary>
    public IReadOnlyList<StrikeClass> Strikes { get; }

    public int TrancheCount => From.Length;

    /// <summary>
    /// Whether some class receives the dollars above the last breakpoint. Without shares outstanding (or any class able
    /// to take the remainder, FOURTH §4(c)) an equity value cannot be allocated and is refused.
    /// </summary>
    public bool AbsorbsTheRemainder
    {
        get
        {
            var k = ClassCount;
            double sum = 0;
            for (var c = 0; c < k; c++) sum += Fractions[(TrancheCount - 1) * k + c];
            return sum > 0;
        }
    }

    internal Refusal? CheckAllocatable(decimal equity) => AbsorbsTheRemainder ? null
        : new Refusal("equity", equity.ToString(CultureInfo.InvariantCulture),
            "cannot be allocated: no class can receive the remainder (no common, convertible or participating shares outstanding)",
            Charter.Clause.Of(Curve.Model.Clauses.Residual));

    internal int ClassCount => ClassShares.Count;
    internal double[] From { get; }
    /// <summary>ln of each lower bound (the strikes of the calls), computed once.</summary>
    internal double[] LogFrom { get; }
    /// <summary>Row-major [tranche, class]: the tranche's split of a marginal dollar.</summary>
    internal double[] Fractions { get; }
    /// <summary>Row-major [tranche, class]: each class's payout at the tranche's lower bound.</summary>
    internal double[] PayAtFrom { get; }
    internal double[] PriceAtFrom { get; }
    /// <summary>Per strike class, its shares and first tranche in the money (<see cref="Strikes"/> as arrays).</summary>
    internal double[] StrikeShares { get; }
    internal int[] StrikeFirstTranche { get; }
    /// <summary>The first tranche of each run of proportional rows (<see cref="Group"/>), then the tranche count.</summary>
    internal int[] GroupStart { get; }
    /// <summary>Row-major [run, class]: each run's first row, the options column zeroed.</summary>
    internal double[] GroupRow { get; }
    /// <summary>Per tranche: its row (options aside) as a multiple of its run's first row.</summary>
    internal double[] Rho { get; }
    /// <summary>Per tranche: the options' split of the marginal dollar (zeros when none are outstanding).</summary>
    internal double[] FreeColumn { get; }
    /// <summary>d(common price per share) / d(exit) within the tranche.</summary>
    internal double[] PriceSlope { get; }

    public static OpmTable Build(PayoutCurve curve)
    {
        var m = curve.Model;
        var tranches = curve.Tranches();
        var ids = curve.ClassIds;
        var k = ids.Count;
        var n = tranches.Count;
        var shares = new long[k];
        shares[0] = m.CommonShares;
        foreach (var s in m.Series) shares[1 + s.Index] = s.Shares;
        if (m.Options.Count > 0) shares[k - 1] = m.Options.Sum(o => o.Shares);

        var from = new double[n];
        var fractions = new double[n * k];
        var pay = new double[n * k];
        var price = new double[n];
        var slope = new double[n];
        var row = new decimal[k];
        var mid = new decimal[n];
        for (var i = 0; i < n; i++)
        {
            var t = tranches[i];
            from[i] = (double)t.From;
            for (var c = 0; c < k; c++) fractions[i * k + c] = (double)t.Shares[ids[c]];
            curve.Evaluate(t.From, row);
            for (var c = 0; c < k; c++) pay[i * k + c] = (double)row[c];
            var p0 = curve.CommonPrice(t.From);
            price[i] = (double)p0;
            // The common price is linear inside a tranche: its slope from the two ends (a unit step past the last bound).
            var to = t.To ?? t.From + 1_000_000m;
            slope[i] = (double)((curve.CommonPrice(to) - p0) / (to - t.From));
            mid[i] = t.From + (to - t.From) / 2;
        }

        // Options of strike K are in the money from the first tranche whose common price exceeds K (a kink of the curve).
        var groups = m.Options.GroupBy(o => o.Strike).OrderBy(g => g.Key).ToArray();
        var strikes = new StrikeClass[groups.Length];
        var first = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            var strike = groups[g].Key;
            while (first < n && curve.CommonPrice(mid[first]) <= strike) first++;
            strikes[g] = new StrikeClass(LiquidationModel.OptionsClassId + "@" + strike.ToString(CultureInfo.InvariantCulture), strike, groups[g].Sum(o => o.Shares), first);
        }

        return new OpmTable(curve, tranches, shares, from, fractions, pay, price, slope, strikes);
    }

    /// <summary>The index of the tranche containing exit <paramref name="x"/> (the last lower bound ≤ x).</summary>
    internal int TrancheAt(double x)
    {
        int lo = 0, hi = From.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (From[mid] <= x) lo = mid;
            else hi = mid - 1;
        }

        return lo;
    }

    /// <summary>
    /// Every class's payout at exit <paramref name="x"/> by linear interpolation inside the tranche: the fast path of the
    /// Monte Carlo. Equal to the exact waterfall up to double rounding (tests compare it with <see cref="Waterfall.Equilibrium"/>).
    /// </summary>
    public void PayoutAt(double x, Span<double> perClass)
    {
        var i = TrancheAt(x);
        var k = ClassCount;
        var dx = x - From[i];
        for (var c = 0; c < k; c++) perClass[c] = PayAtFrom[i * k + c] + Fractions[i * k + c] * dx;
    }
}
