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
/// The round as a user runs it: `charta model round --scenario FILE` in process on a real SQLite file holding the same
/// 10,000-holder ledger, from the ledger's snapshot (the state stored beside the events) beside the same command on a
/// copy without a snapshot (the replay of every event), in the same run.
/// </summary>
[Config(typeof(InProcessMonitoring))]
public class ModelRoundLedgerBenchmarks
{
    private string _snapshotted = "";
    private string _plain = "";
    private string _scenario = "";

    /// <summary>The scenario of <see cref="ModelRoundBenchmarks.Scenario"/> as a scenario file.</summary>
    public const string ScenarioJson = """
        {
          "series": "E", "closing": "1997-01-01", "preMoney": 100000000,
          "investors": [ { "holder": "holder-000001", "amount": 15000000 }, { "holder": "Fund E", "amount": 5000000 } ],
          "pool": { "targetPercent": 10, "timing": "pre" },
          "notes": [ { "holder": "Angel", "principal": 1000000, "issued": "1996-06-01", "ratePercent": 8, "cap": 40000000, "discountPercent": 20 } ],
          "safes": [ { "holder": "Seed Fund", "amount": 2000000, "kind": "post-money", "cap": 60000000 } ],
          "antiDilutionReading": "preferred-stock"
        }
        """;

    [GlobalSetup]
    public void Setup() => (_snapshotted, _plain, _scenario) = Files();

    public static (string Snapshotted, string Plain, string Scenario) Files()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"charta-model-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var plain = Path.Combine(folder, "plain.db");
        var snapshotted = Path.Combine(folder, "snapshotted.db");
        var scenario = Path.Combine(folder, "round.json");
        File.WriteAllText(scenario, ScenarioJson);
        var events = SyntheticLedger.Build(50_000, 10_000);
        using (var store = Charta.Ledger.SqliteEventStore.Open(plain, create: true))
            store.Write<int>((_, _) => Charta.Core.Result.Ok<(IReadOnlyList<RecordedEvent>, int)>((events, 0)));
        File.Copy(plain, snapshotted);
        using (var store = Charta.Ledger.SqliteEventStore.Open(snapshotted, create: false))
        {
            var (seq, hash) = store.Head();
            store.SaveSnapshot(new Charta.Ledger.SnapshotKey(seq, hash!, Charta.Ledger.LedgerSnapshots.LatestDate(events)),
                Charta.Ledger.LedgerSnapshots.Codec, Charta.Ledger.LedgerSnapshots.Encode(Fold.Replay(events)));
        }

        return (snapshotted, plain, scenario);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(Path.GetDirectoryName(_plain)!, recursive: true);

    public static int Round(string db, string scenario) =>
        Charta.Cli.Cli.Run(["model", "round", "--scenario", scenario, "--db", db], TextWriter.Null, TextWriter.Null, _ => null, TimeProvider.System) is 0
            ? 0 : throw new InvalidOperationException($"charta model round --db {db} failed");

    [Benchmark(Baseline = true, Description = "charta model round, 10,000 holders, replay of every event (no snapshot)")]
    public int RoundFullReplay() => Round(_plain, _scenario);

    [Benchmark(Description = "charta model round, 10,000 holders, from the ledger's snapshot")]
    public int RoundFromSnapshot() => Round(_snapshotted, _scenario);
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

        var (snapshotted, plain, file) = ModelRoundLedgerBenchmarks.Files();
        Report("charta model round from the ledger's snapshot (SQLite)", 5, () => ModelRoundLedgerBenchmarks.Round(snapshotted, file));
        Report("  of which: open the ledger, state from the snapshot", 5, () =>
        {
            using var store = Charta.Ledger.SqliteEventStore.Open(snapshotted, create: false);
            var ledger = new Charta.Ledger.CompanyLedger(store, TimeProvider.System);
            return Charta.Ledger.LedgerModelBase.Of(ledger, null).Value;
        });
        Report("  of which: the last dated event's date (SQL)", 5, () =>
        {
            using var store = Charta.Ledger.SqliteEventStore.Open(snapshotted, create: false);
            return store.LatestDate(Charta.Ledger.LedgerModelBase.UndatedTypes, null)!;
        });
        Report("  of which: open the store, find the snapshot, read its image", 5, () =>
        {
            using var store = Charta.Ledger.SqliteEventStore.Open(snapshotted, create: false);
            var key = store.Snapshots(Charta.Ledger.LedgerSnapshots.Codec)[0];
            return store.SnapshotImage(key.Sequence)!;
        });
        Report("  charta model round --json", 5, () => Charta.Cli.Cli.Run(["model", "round", "--scenario", file, "--db", snapshotted, "--json"], TextWriter.Null, TextWriter.Null, _ => null, TimeProvider.System));
        Report("  of which: decode the snapshot image", 5, () =>
        {
            using var store = Charta.Ledger.SqliteEventStore.Open(snapshotted, create: false);
            var image = store.SnapshotImage(store.Head().Sequence)!;
            return Charta.Ledger.LedgerSnapshots.Decode(image);
        });
        Report("charta model round, replay of every event (SQLite, no snapshot)", 3, () => ModelRoundLedgerBenchmarks.Round(plain, file));
        Directory.Delete(Path.GetDirectoryName(plain)!, recursive: true);
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
