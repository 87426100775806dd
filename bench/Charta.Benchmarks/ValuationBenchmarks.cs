using BenchmarkDotNet.Attributes;
using Charta.Core.Liquidation;
using Charta.Core.Valuation;

namespace Charta.Benchmarks;

/// <summary>
/// The OPM for 50 series and 10,000 option strikes (one class per strike), after the breakpoints: one call per
/// breakpoint shared by every class, and suffix sums for the strike classes, vs recomputing the calls for each class.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ValuationOpmBenchmarks
{
    private OpmTable _table = null!;
    private readonly OpmAssumptions _a = new(2_000_000_000m, 0.6m, 3m, 0.04m);

    [GlobalSetup]
    public void Setup() => _table = OpmTable.Build(PayoutCurve.Build(LiquidationData.ManySeries()));

    /// <summary>
    /// Naive: each class alone: for each curve class, the calls at every tranche it shares in, recomputed; for each
    /// strike class, the options' tranche values split by that strike's share of the options in the money.
    /// </summary>
    [Benchmark(Baseline = true)]
    public double NaivePerClass()
    {
        double s = (double)_a.Equity, t = (double)_a.Term, r = (double)_a.Rate, sigma = (double)_a.Volatility, total = 0;
        var tr = _table.Tranches;
        var ids = _table.ClassIds;
        var bounds = tr.Select(x => (double)x.From).ToArray();
        double Spread(int i) => BlackScholes.Call(s, bounds[i], t, r, sigma) - (i + 1 < bounds.Length ? BlackScholes.Call(s, bounds[i + 1], t, r, sigma) : 0);
        for (var c = 0; c < ids.Count - 1; c++)
            for (var i = 0; i < tr.Count; i++)
                if (tr[i].Shares[ids[c]] is var f && f != 0) total += Spread(i) * (double)f;
        // Strike classes: per strike, every tranche above its kink, its share of the options' part.
        var spreads = Enumerable.Range(0, tr.Count).Select(i => Spread(i) * (double)tr[i].Shares[LiquidationModel.OptionsClassId]).ToArray();
        var strikes = _table.Curve.Model.Options.Select(o => ((double)o.Strike, (double)o.Shares)).OrderBy(o => o.Item1).ToArray();
        var mids = tr.Select(x => (double)_table.Curve.CommonPrice(x.From + 1)).ToArray();
        var inMoney = new double[tr.Count];
        for (int i = 0, j = 0; i < tr.Count; i++)
        {
            inMoney[i] = i == 0 ? 0 : inMoney[i - 1];
            for (; j < strikes.Length && strikes[j].Item1 < mids[i]; j++) inMoney[i] += strikes[j].Item2;
        }

        foreach (var g in _table.Strikes)
            for (var i = 0; i < tr.Count; i++)
                if (mids[i] > (double)g.Strike) total += spreads[i] * g.Shares / inMoney[i];

        return total;
    }

    [Benchmark]
    public double Opm() => Core.Valuation.Opm.Value(_table, _a).Value is var r ? r.Total + r.Classes[^1].Value : 0;
}

/// <summary>Backsolve on the same table: Brent on the one class's tranches vs bisection on the full OPM.</summary>
[ShortRunJob]
public class ValuationBacksolveBenchmarks
{
    private OpmTable _table = null!;
    private readonly OpmAssumptions _a = new(0m, 0.6m, 3m, 0.04m);
    private decimal _price;

    [GlobalSetup]
    public void Setup()
    {
        _table = OpmTable.Build(PayoutCurve.Build(LiquidationData.ManySeries()));
        _price = (decimal)Core.Valuation.Opm.Value(_table, _a with { Equity = 2_000_000_000m }).Value.Class("S10").PerShare;
    }

    /// <summary>Naive: bisection to 1e-9 relative, each step a full OPM of every class.</summary>
    [Benchmark(Baseline = true)]
    public double NaiveBisection()
    {
        double lo = 0, hi = 1e9;
        while (Core.Valuation.Opm.Value(_table, _a with { Equity = (decimal)hi }).Value.Class("S10").PerShare < (double)_price) hi *= 2;
        while (hi - lo > 1e-9 * hi)
        {
            var mid = 0.5 * (lo + hi);
            if (Core.Valuation.Opm.Value(_table, _a with { Equity = (decimal)mid }).Value.Class("S10").PerShare < (double)_price) lo = mid;
            else hi = mid;
        }

        return hi;
    }

    [Benchmark]
    public decimal Brent() => Core.Valuation.Opm.Backsolve(_table, "S10", _price, _a).Value.Equity;
}

/// <summary>
/// The Monte Carlo cross-check, 1,000,000 lognormal paths through the waterfall: the tranche table in double on 2 threads
/// vs the exact decimal payout curve on one thread (demo cap table); and the fast path on 50 series and 10,000 strikes.
/// </summary>
[ShortRunJob]
public class ValuationMonteCarloBenchmarks
{
    private const int Paths = 1_000_000;
    private OpmTable _demo = null!;
    private OpmTable _many = null!;
    private readonly OpmAssumptions _a = new(250_000_000m, 0.55m, 2.5m, 0.04m);

    [GlobalSetup]
    public void Setup()
    {
        _demo = OpmTable.Build(PayoutCurve.Build(LiquidationData.Illustrative()));
        _many = OpmTable.Build(PayoutCurve.Build(LiquidationData.ManySeries()));
    }

    /// <summary>Naive: each draw through the exact decimal curve (binary search and decimal products), one thread.</summary>
    [Benchmark(Baseline = true)]
    public decimal NaiveDecimalCurve()
    {
        var curve = _demo.Curve;
        var rng = new Random(1);
        var row = new decimal[curve.ClassIds.Count];
        double sigma = 0.55, t = 2.5, r = 0.04;
        decimal sum = 0;
        for (var i = 0; i < Paths; i++)
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            var x = 250_000_000.0 * Math.Exp((r - sigma * sigma / 2) * t + sigma * Math.Sqrt(t) * z);
            curve.Evaluate(decimal.Round((decimal)x, 2), row);
            sum += row[0];
        }

        return sum / Paths;
    }

    [Benchmark]
    public double TwoThreads() => MonteCarlo.Run(_demo, _a, Paths, 1, threads: 2).Value.Classes[0].Mean;

    [Benchmark]
    public double TwoThreads_50Series10000Strikes() => MonteCarlo.Run(_many, _a with { Equity = 2_000_000_000m }, Paths, 1, threads: 2).Value.Classes[0].Mean;
}

/// <summary>
/// `--valuation-quick`: best-of-N wall-clock timings of the valuation targets with a Stopwatch, for a busy machine where
/// BenchmarkDotNet's short runs are noisy (the minimum is the figure least disturbed by other processes).
/// </summary>
internal static class ValuationQuick
{
    public static void Run()
    {
        var table = OpmTable.Build(PayoutCurve.Build(LiquidationData.ManySeries()));
        var a = new OpmAssumptions(2_000_000_000m, 0.6m, 3m, 0.04m);
        Console.WriteLine($"tranches: {table.TrancheCount:N0}, curve classes: {table.ClassIds.Count}, strike classes: {table.Strikes.Count:N0}");
        Console.WriteLine($"OPM (50 series, 10,000 strikes): best {Best(200, () => Opm.Value(table, a)):0.000} ms");
        var price = (decimal)Opm.Value(table, a).Value.Class("S10").PerShare;
        Console.WriteLine($"Backsolve S10: best {Best(50, () => Opm.Backsolve(table, "S10", price, a with { Equity = 0m })):0.000} ms, " +
                          $"iterations {Opm.Backsolve(table, "S10", price, a with { Equity = 0m }).Value.Iterations}");
        var demo = OpmTable.Build(PayoutCurve.Build(LiquidationData.Illustrative()));
        var d = new OpmAssumptions(250_000_000m, 0.55m, 2.5m, 0.04m);
        Console.WriteLine($"Monte Carlo 1,000,000 paths, demo, 2 threads: best {Best(5, () => MonteCarlo.Run(demo, d, 1_000_000, 1, 2)):0.0} ms");
        Console.WriteLine($"Monte Carlo 1,000,000 paths, 50 series + 10,000 strikes, 2 threads: best {Best(5, () => MonteCarlo.Run(table, a, 1_000_000, 1, 2)):0.0} ms");
    }

    private static double Best(int n, Func<object> f)
    {
        f();
        var best = double.MaxValue;
        for (var i = 0; i < n; i++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            GC.KeepAlive(f());
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }

        return best;
    }
}
