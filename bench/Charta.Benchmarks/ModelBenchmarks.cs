using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Charta.Core.Ledger;
using Charta.Core.Model;
using Charta.Core.Money;

namespace Charta.Benchmarks;

/// <summary>
/// Issue 13 targets: a modelled round on a 10,000-holder ledger in ≤ 200 ms, and a 3×3 sensitivity grid in ≤ 1 s.
/// The round has a pre-money pool top-up, a note and a post-money SAFE, so the price is a fixed point. The naive
/// baseline finds the same price by bisection over the price, each step a full priced solve (two folds).
/// </summary>
/// <summary>Monitoring, in process (no generated project to build: the shared machine's build of one times out).</summary>
public sealed class InProcessMonitoring : ManualConfig
{
    public InProcessMonitoring() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
        .WithToolchain(InProcessEmitToolchain.Instance));
}

[Config(typeof(InProcessMonitoring))]
[MemoryDiagnoser]
public class ModelRoundBenchmarks
{
    private List<RecordedEvent> _ledger = [];
    private RoundScenario _scenario = null!;

    [Params(10_000)] public int Holders { get; set; }

    public static RoundScenario Scenario() => new()
    {
        Series = "E", Closing = new DateOnly(1997, 1, 1), PreMoney = 100_000_000m,
        Investors = [new Investment("holder-000001", 15_000_000m), new Investment("Fund E", 5_000_000m)],
        Pool = new PoolTerms { TargetPercent = 10m, Timing = "pre" },
        Notes = [new NoteTerms { Holder = "Angel", Principal = 1_000_000m, Issued = new DateOnly(1996, 6, 1), RatePercent = 8m, Cap = 40_000_000m, DiscountPercent = 20m }],
        Safes = [new SafeTerms { Holder = "Seed Fund", Amount = 2_000_000m, Kind = "post-money", Cap = 60_000_000m }],
        AntiDilutionReading = AntiDilutionReading.PreferredStock,
    };

    [GlobalSetup]
    public void Setup()
    {
        _ledger = SyntheticLedger.Build(50_000, Holders);
        _scenario = Scenario();
        var r = RoundModel.Solve(_ledger, _scenario, new ModelOutputs([], null));
        if (!r.IsOk) throw new InvalidOperationException(r.Refusal!.ToString());
        Console.WriteLine($"// fixed point: {r.Value.Solver.Iterations} iterations, {r.Value.Solver.Folds} folds, price {r.Value.PricePerShare}");
    }

    [Benchmark(Description = "Model round: fixed point (share-count map, the fold for the post-money count)")]
    public decimal FixedPoint() => RoundModel.Solve(_ledger, _scenario, new ModelOutputs([], null)).Value.PricePerShare;

    [Benchmark(Baseline = true, Description = "Naive: bisection over the price, a full priced solve per step")]
    public decimal Bisection()
    {
        // The price p solves p = ⌊pre-money ÷ pre-money shares(p)⌋₄; the share count rises as p falls, so f(p) = p − that is increasing.
        decimal lo = 0.0001m, hi = 1000m;
        while (hi - lo > 0.0001m)
        {
            var mid = Rounding.ModelPricePerShare((lo + hi) / 2m);
            if (mid <= lo) mid = lo + 0.0001m;
            var r = RoundModel.Solve(_ledger, _scenario with { PreMoney = null, Price = mid }, new ModelOutputs([], null)).Value;
            var implied = Rounding.ModelPricePerShare(_scenario.PreMoney!.Value / r.PreMoneyShares);
            if (implied > mid) lo = mid;
            else hi = mid;
        }

        return lo;
    }
}

/// <summary>The 3×3 grid (pre-money × raise) on the same ledger, beside the naive grid: each cell solved with no reading chosen (both readings folded).</summary>
[Config(typeof(InProcessMonitoring))]
[MemoryDiagnoser]
public class ModelGridBenchmarks
{
    private List<RecordedEvent> _ledger = [];
    private readonly GridAxis[] _axes =
    [
        new("pre-money", [80_000_000m, 100_000_000m, 120_000_000m]),
        new("raise", [15_000_000m, 20_000_000m, 25_000_000m]),
    ];

    [GlobalSetup]
    public void Setup() => _ledger = SyntheticLedger.Build(50_000, 10_000);

    [Benchmark(Description = "3×3 grid, reading chosen")]
    public int Grid() => Sensitivity.Grid(_ledger, ModelRoundBenchmarks.Scenario(), _axes, 500_000_000m, null).Value.Count;

    [Benchmark(Baseline = true, Description = "Naive: 3×3 grid, each cell folded under both readings")]
    public int GridBothReadings() => Sensitivity.Grid(_ledger, ModelRoundBenchmarks.Scenario() with { AntiDilutionReading = null }, _axes, 500_000_000m, null).Value.Count;
}

/// <summary>
/// `--model-quick`: best-of-N wall time and process CPU time of the issue-13 workloads, for a machine where a full
/// BenchmarkDotNet run is too slow (the BenchmarkDotNet classes above remain the record).
/// </summary>
internal static class ModelQuick
{
    public static void Run(bool solveOnly = false, bool gridOnly = false)
    {
        var ledger = SyntheticLedger.Build(50_000, 10_000);
        var scenario = ModelRoundBenchmarks.Scenario();
        var outputs = new ModelOutputs([], null);
        GridAxis[] axes =
        [
            new("pre-money", [80_000_000m, 100_000_000m, 120_000_000m]),
            new("raise", [15_000_000m, 20_000_000m, 25_000_000m]),
        ];
        var prepared = RoundModel.Prepare(ledger).Value;
        if (gridOnly)
        {
            Report("3x3 grid, reading chosen", 5, () => Sensitivity.Grid(ledger, scenario, axes, 500_000_000m, null));
            return;
        }

        if (solveOnly)
        {
            Report("Solve on the folded base", 10, () => RoundModel.Solve(prepared, scenario, outputs));
            return;
        }

        Report("Prepare (fold the base ledger)", 5, () => RoundModel.Prepare(ledger));
        Report("Solve on the folded base", 5, () => RoundModel.Solve(prepared, scenario, outputs));
        Report("Model round end to end", 5, () => RoundModel.Solve(ledger, scenario, outputs));
        Report("3x3 grid, reading chosen", 3, () => Sensitivity.Grid(ledger, scenario, axes, 500_000_000m, null));
    }

    private static void Report(string name, int n, Func<object> f)
    {
        f();
        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        using var p = System.Diagnostics.Process.GetCurrentProcess();
        for (var i = 0; i < n; i++)
        {
            p.Refresh();
            var cpu0 = p.TotalProcessorTime;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            GC.KeepAlive(f());
            var wall = sw.Elapsed.TotalMilliseconds;
            p.Refresh();
            best = Math.Min(best, wall);
            bestCpu = Math.Min(bestCpu, (p.TotalProcessorTime - cpu0).TotalMilliseconds);
        }

        Console.WriteLine($"{name}: best wall {best:N0} ms, best CPU {bestCpu:N0} ms (of {n})");
    }
}
