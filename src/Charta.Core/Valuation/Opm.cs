using System.Globalization;

namespace Charta.Core.Valuation;

/// <summary>
/// The option-pricing method's inputs, in decimal as entered: total equity value today, annual volatility, term to
/// the liquidity event in years, and the continuously compounded risk-free rate.
/// </summary>
public sealed record OpmAssumptions(decimal Equity, decimal Volatility, decimal Term, decimal Rate)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Refuses inputs the model cannot use. <paramref name="checkEquity"/> is false for a backsolve (the equity is the unknown).</summary>
    public Refusal? Check(bool checkEquity = true)
    {
        if (checkEquity && Equity <= 0) return new Refusal("equity", Equity.ToString(C), "must be a positive total equity value");
        if (Equity > 1e15m) return new Refusal("equity", Equity.ToString(C), "must be at most 1e15");
        if (Volatility <= 0 || Volatility > 5) return new Refusal("volatility", Volatility.ToString(C), "must be above 0 and at most 5 (500% a year); write 45% as 0.45 or 45%");
        if (Term <= 0 || Term > 100) return new Refusal("term", Term.ToString(C), "must be above 0 and at most 100 years");
        if (Rate < -0.5m || Rate > 1) return new Refusal("rate", Rate.ToString(C), "must be between -0.5 and 1 (a continuously compounded annual rate; write 4% as 0.04 or 4%)");
        return null;
    }

    internal double S => (double)Equity;
    internal double Sigma => (double)Volatility;
    internal double T => (double)Term;
    internal double R => (double)Rate;
}

/// <summary>What the OPM gives one class: its value today and its value per share.</summary>
public sealed record ClassValue(string Id, string Kind, decimal? Strike, long Shares, double Value)
{
    public double PerShare => Shares == 0 ? 0.0 : Value / Shares;
}

/// <summary>
/// The OPM on the exact breakpoints. Tranche i runs from breakpoint Bᵢ to Bᵢ₊₁; its value is the call spread
/// C(Bᵢ) − C(Bᵢ₊₁) (C(0) = the equity, C(∞) = 0), shared among the classes in the tranche's split of a marginal dollar.
/// </summary>
public sealed class OpmResult
{
    internal OpmResult(OpmTable table, OpmAssumptions inputs, double[] callAtFrom, double[] trancheValue, double[] curveClassValue, IReadOnlyList<ClassValue> classes)
    {
        Table = table;
        Inputs = inputs;
        CallAtFrom = callAtFrom;
        TrancheValue = trancheValue;
        CurveClassValue = curveClassValue;
        Classes = classes;
    }

    public OpmTable Table { get; }
    public OpmAssumptions Inputs { get; }
    /// <summary>Per tranche: the call on total equity struck at the tranche's lower bound.</summary>
    public IReadOnlyList<double> CallAtFrom { get; }
    /// <summary>Per tranche: the call at its lower bound less the call at its upper bound.</summary>
    public IReadOnlyList<double> TrancheValue { get; }
    /// <summary>Per payout-curve class (common, series, options together): the value.</summary>
    public IReadOnlyList<double> CurveClassValue { get; }
    /// <summary>Common, each series, then the options and warrants one class per strike.</summary>
    public IReadOnlyList<ClassValue> Classes { get; }

    /// <summary>The call at the tranche's upper bound (0 for the last, unbounded tranche).</summary>
    public double CallAtTo(int tranche) => tranche + 1 < CallAtFrom.Count ? CallAtFrom[tranche + 1] : 0.0;

    /// <summary>The part of tranche <paramref name="tranche"/>'s value going to curve class <paramref name="curveClass"/>.</summary>
    public double Allocation(int tranche, int curveClass) => TrancheValue[tranche] * Table.Fractions[tranche * Table.ClassCount + curveClass];

    public ClassValue Class(string id) => Classes.Single(c => c.Id == id);

    /// <summary>Σ of the classes' values: the equity (a check: the tranche fractions add up to 1).</summary>
    public double Total => CurveClassValue.Sum();
}

/// <summary>
/// The classes of an OPM result in order (common, each series, then one class per strike), read from the values
/// already computed: a record is made when an entry is read, so 10,000 strike classes cost no allocation until shown.
/// </summary>
internal sealed class ClassValueList(OpmTable table, double[] curveClassValue, double[] strikeValue) : IReadOnlyList<ClassValue>
{
    private readonly int _series = table.Curve.Model.Series.Count;

    public int Count => 1 + _series + strikeValue.Length;

    public ClassValue this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            if (index == 0) return new ClassValue(table.ClassIds[0], "common", null, table.ClassShares[0], curveClassValue[0]);
            if (index <= _series) return new ClassValue(table.ClassIds[index], "series", null, table.ClassShares[index], curveClassValue[index]);
            var sc = table.Strikes[index - 1 - _series];
            return new ClassValue(sc.Id, "options", sc.Strike, sc.Shares, strikeValue[index - 1 - _series]);
        }
    }

    public IEnumerator<ClassValue> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

public static class Opm
{
    /// <summary>Values every class at <paramref name="a"/> on the breakpoints of <paramref name="table"/>.</summary>
    public static Result<OpmResult> Value(OpmTable table, OpmAssumptions a)
    {
        if (a.Check() is { } bad) return bad;
        if (table.CheckAllocatable(a.Equity) is { } none) return none;
        return ValueUnchecked(table, a);
    }

    internal static OpmResult ValueUnchecked(OpmTable table, OpmAssumptions a)
    {
        double s = a.S, t = a.T, r = a.R, sigma = a.Sigma;
        var n = table.TrancheCount;
        var k = table.ClassCount;
        var m = table.Curve.Model;
        var calls = new double[n];
        BlackScholes.Calls(s, table.From, table.LogFrom, t, r, sigma, calls);
        if (n > 0 && table.From[0] == 0) calls[0] = s;
        var tv = new double[n];
        var cv = new double[k];
        // Σ over tranches of (value × dP/dX): from the last tranche down, so a strike class reads a suffix sum.
        var perCommonShare = new double[n + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            var v = calls[i] - (i + 1 < n ? calls[i + 1] : 0.0);
            tv[i] = v;
            perCommonShare[i] = perCommonShare[i + 1] + v * table.PriceSlope[i];
        }

        // Each class's value Σᵢ value(i) × split(i, class), one run of proportional rows at a time: the run's first row
        // times Σ value(i) × ρ(i); the options column, which changes at every strike, tranche by tranche.
        var starts = table.GroupStart;
        var rows = table.GroupRow;
        var rho = table.Rho;
        for (var g = 0; g + 1 < starts.Length; g++)
        {
            double w = 0;
            for (var i = starts[g]; i < starts[g + 1]; i++) w += tv[i] * rho[i];
            var row = rows.AsSpan(g * k, k);
            for (var c = 0; c < k; c++) cv[c] += w * row[c];
        }

        if (m.Options.Count > 0)
        {
            var free = table.FreeColumn;
            double o = 0;
            for (var i = 0; i < n; i++) o += tv[i] * free[i];
            cv[k - 1] = o;
        }

        var strikeShares = table.StrikeShares;
        var strikeFirst = table.StrikeFirstTranche;
        var strikeValue = new double[strikeShares.Length];
        for (var g = 0; g < strikeValue.Length; g++) strikeValue[g] = strikeShares[g] * perCommonShare[strikeFirst[g]];
        var classes = new ClassValueList(table, cv, strikeValue);
        return new OpmResult(table, a, calls, tv, cv, classes);
    }

    /// <summary>
    /// The value per share of curve class <paramref name="c"/> at equity <paramref name="s"/>: the calls at every
    /// breakpoint in one batch (into <paramref name="calls"/>), summed over the tranches the class shares in.
    /// </summary>
    internal static double PerShare(OpmTable table, int c, int[] active, double[] calls, double s, double t, double r, double sigma)
    {
        var k = table.ClassCount;
        var n = table.TrancheCount;
        BlackScholes.Calls(s, table.From, table.LogFrom, t, r, sigma, calls);
        if (table.From[0] == 0) calls[0] = s;
        double v = 0;
        foreach (var i in active) v += (calls[i] - (i + 1 < n ? calls[i + 1] : 0.0)) * table.Fractions[i * k + c];
        return v / table.ClassShares[c];
    }

    /// <summary>
    /// The backsolve: the total equity value at which class <paramref name="classId"/>'s OPM value per share equals the
    /// round price <paramref name="price"/>. The value per share rises with the equity (each call spread does), so the
    /// root is bracketed between 0 and an upper bound found by doubling, then located by Brent's method (Brent 1973)
    /// to 1e-9 relative in the equity.
    /// </summary>
    public static Result<BacksolveResult> Backsolve(OpmTable table, string classId, decimal price, OpmAssumptions a)
    {
        if (a.Check(checkEquity: false) is { } bad) return bad;
        var c = -1;
        for (var i = 0; i < table.ClassIds.Count; i++)
            if (table.ClassIds[i] == classId) c = i;
        var id = classId + "=" + price.ToString(CultureInfo.InvariantCulture);
        if (c < 0 || table.ClassIds[c] == Liquidation.LiquidationModel.OptionsClassId)
            return new Refusal("backsolve", id, $"names no class; use one of {string.Join(", ", table.ClassIds.Where(x => x != Liquidation.LiquidationModel.OptionsClassId))}");
        if (table.ClassShares[c] == 0) return new Refusal("backsolve", id, "the class has no shares outstanding");
        if (price <= 0) return new Refusal("backsolve", id, "the round price must be positive");

        var active = new List<int>();
        for (var i = 0; i < table.TrancheCount; i++)
            if (table.Fractions[i * table.ClassCount + c] != 0) active.Add(i);
        var act = active.ToArray();
        double t = a.T, r = a.R, sigma = a.Sigma, target = (double)price;
        var evaluations = 0;
        var calls = new double[table.TrancheCount];
        double G(double s)
        {
            evaluations++;
            return PerShare(table, c, act, calls, s, t, r, sigma) - target;
        }

        const double maxEquity = 1e15;
        double lo = 0, flo = -target;
        var hi = Math.Max(1.0, target * table.ClassShares[c]);
        var fhi = G(hi);
        while (fhi < 0)
        {
            lo = hi;
            flo = fhi;
            hi *= 2;
            if (hi > maxEquity)
                return new Refusal("backsolve", id, "no total equity value up to 1e15 gives that value per share");
            fhi = G(hi);
        }

        var root = Brent(G, lo, hi, flo, fhi, RelativeTolerance, out var iterations);
        var equity = Money.Rounding.EstimateToNearestCent((decimal)root);
        var solved = ValueUnchecked(table, a with { Equity = equity });
        return new BacksolveResult(classId, price, equity, root, iterations, evaluations, RelativeTolerance, solved);
    }

    public const double RelativeTolerance = 1e-9;

    /// <summary>Brent's method on a bracket [a, b] with f(a) ≤ 0 ≤ f(b); stops when the bracket is within <paramref name="rel"/> × |b|.</summary>
    internal static double Brent(Func<double, double> f, double a, double b, double fa, double fb, double rel, out int iterations)
    {
        double c = a, fc = fa, d = b - a, e = d;
        for (iterations = 1; iterations <= 200; iterations++)
        {
            if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0))
            {
                c = a;
                fc = fa;
                d = e = b - a;
            }

            if (Math.Abs(fc) < Math.Abs(fb))
            {
                a = b;
                b = c;
                c = a;
                fa = fb;
                fb = fc;
                fc = fa;
            }

            var tol = 2 * double.Epsilon + 0.5 * rel * Math.Abs(b);
            var half = 0.5 * (c - b);
            if (Math.Abs(half) <= tol || fb == 0) return b;
            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                // Inverse quadratic interpolation (secant when only two points are distinct).
                double p, q;
                var s = fb / fa;
                if (a == c)
                {
                    p = 2 * half * s;
                    q = 1 - s;
                }
                else
                {
                    var qq = fa / fc;
                    var rr = fb / fc;
                    p = s * (2 * half * qq * (qq - rr) - (b - a) * (rr - 1));
                    q = (qq - 1) * (rr - 1) * (s - 1);
                }

                if (p > 0) q = -q;
                p = Math.Abs(p);
                if (2 * p < Math.Min(3 * half * q - Math.Abs(tol * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = half;
                    e = d;
                }
            }
            else
            {
                d = half;
                e = d;
            }

            a = b;
            fa = fb;
            b += Math.Abs(d) > tol ? d : Math.CopySign(tol, half);
            fb = f(b);
        }

        throw new InvalidOperationException("Brent's method did not converge in 200 iterations");
    }
}

/// <summary>
/// A backsolve: the equity (rounded to the cent, <see cref="Root"/> unrounded) at which the class's OPM value per share
/// equals the round price, the iterations of Brent's method and the number of OPM evaluations, and the OPM at that equity.
/// </summary>
public sealed record BacksolveResult(string ClassId, decimal Price, decimal Equity, double Root, int Iterations, int Evaluations, double Tolerance, OpmResult Opm);
