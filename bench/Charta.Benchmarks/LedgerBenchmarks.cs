using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Benchmarks;

/// <summary>
/// Issue 2 targets: replay a 1,000,000-event ledger (10,000 holders) into the cap table in ≤ 2 s. The baseline is the
/// naive fold: one pure <see cref="Fold.Evolve"/> step per event, copying the state each time, on a 10,000-event
/// prefix (a full naive run would take hours); compare per-event cost.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private List<RecordedEvent> _events = [];
    private List<RecordedEvent> _prefix = [];

    [Params(1_000_000)] public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _events = SyntheticLedger.Build(Events, 10_000);
        _prefix = _events.Take(10_000).ToList();
    }

    [Benchmark(Description = "Replay (fold with validation) — full ledger")]
    public CapTable Replay() => Fold.Replay(_events);

    [Benchmark(Baseline = true, Description = "Naive: Evolve step by step — first 10,000 events")]
    public CapTable NaiveEvolvePrefix()
    {
        var sorted = LedgerOrder.Sort(_prefix);
        var state = Fold.Replay(sorted.Take(1));
        foreach (var r in sorted.Skip(1)) state = Fold.Evolve(state, r).Value;
        return state;
    }
}

/// <summary>Reads the whole 1,000,000-event ledger back from a SQLite file and folds it.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class StoreReplayBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"charta-bench-{Guid.NewGuid():N}.db");
        using var store = SqliteEventStore.Open(_path, create: true);
        var events = SyntheticLedger.Build(1_000_000, 10_000);
        store.Write<int>((_, _) => Charta.Core.Result.Ok<(IReadOnlyList<RecordedEvent>, int)>((events, 0)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(f);
    }

    [Benchmark(Description = "Open SQLite, read 1M events, fold")]
    public CapTable ReadAndFold()
    {
        using var store = SqliteEventStore.Open(_path, create: false);
        return Fold.Replay(store.ReadAll());
    }
}

/// <summary>
/// Append 100,000 events in one batch (validated by the fold, written in one transaction) to a fresh SQLite file.
/// The baseline appends the first 1,000 of them one command at a time (one validation and one transaction each),
/// which is how a naive store would take a batch.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class AppendBenchmarks
{
    private List<LedgerEvent> _batch = [];
    private string _path = "";

    [GlobalSetup]
    public void Setup() => _batch = SyntheticLedger.Build(100_000, 10_000).Select(r => r.Event).ToList();

    [IterationSetup]
    public void NewFile() => _path = Path.Combine(Path.GetTempPath(), $"charta-append-{Guid.NewGuid():N}.db");

    [IterationCleanup]
    public void DeleteFile()
    {
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(f);
    }

    [Benchmark(Description = "Append 100,000 events in one batch")]
    public CapTable AppendBatch()
    {
        using var store = SqliteEventStore.Open(_path, create: true);
        return new CompanyLedger(store, TimeProvider.System).Append(_batch).Value;
    }

    [Benchmark(Baseline = true, Description = "Naive: append the first 1,000 one at a time")]
    public CapTable AppendOneByOne()
    {
        using var store = SqliteEventStore.Open(_path, create: true);
        var ledger = new CompanyLedger(store, TimeProvider.System);
        CapTable? last = null;
        foreach (var e in _batch.Take(1_000)) last = ledger.Append(e).Value;
        return last!;
    }
}
