using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Benchmarks;

/// <summary>
/// Issue 9 item 5 targets, through the real `charta` command run in-process on real SQLite files holding the
/// 1,000,000-event synthetic ledger: print the cap table ≤ 0.5 s, and one write ≤ 100 ms of work after start-up.
/// Beside each, the same verb on a copy of the file without snapshots (the full replay), in the same run.
/// </summary>
[Config(typeof(InProcessMonitoring))]
public class SnapshotBenchmarks
{
    /// <summary>
    /// In this process (no generated project to build on a loaded machine), 1 warm-up and 3 measured runs of each verb;
    /// the in-process time limit raised (a full replay takes about a minute on the shared machine).
    /// </summary>
    private sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() =>
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
                .WithToolchain(new BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: false)));
    }

    private string _snapshotted = "";
    private string _plain = "";
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"charta-snap-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        _snapshotted = Path.Combine(folder, "snapshotted.db");
        _plain = Path.Combine(folder, "plain.db");
        var events = SyntheticLedger.Build(1_000_000, 10_000);
        using (var store = SqliteEventStore.Open(_plain, create: true))
            store.Write<int>((_, _) => global::Charta.Core.Result.Ok<(IReadOnlyList<RecordedEvent>, int)>((events, 0)));
        File.Copy(_plain, _snapshotted);
        using (var store = SqliteEventStore.Open(_snapshotted, create: false))
        {
            var state = Fold.Replay(events);
            var (seq, hash) = store.Head();
            store.SaveSnapshot(new SnapshotKey(seq, hash!, LedgerSnapshots.LatestDate(events)), LedgerSnapshots.Codec, LedgerSnapshots.Encode(state));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(Path.GetDirectoryName(_plain)!, recursive: true);

    private static int Run(params string[] args) =>
        global::Charta.Cli.Cli.Run(args, TextWriter.Null, TextWriter.Null, _ => null, TimeProvider.System) is 0 ? 0 : throw new InvalidOperationException($"charta {string.Join(' ', args)} failed");

    [Benchmark(Baseline = true, Description = "charta captable, 1M events, full replay (no snapshot)")]
    public int CapTableFullReplay() => Run("captable", "--db", _plain);

    [Benchmark(Description = "charta captable, 1M events, from the snapshot")]
    public int CapTableFromSnapshot() => Run("captable", "--db", _snapshotted);

    /// <summary>A write on the plain file takes a snapshot (the newest is 1,000+ events old): remove it so every measured write is a full replay.</summary>
    [IterationSetup(Target = nameof(WriteFullReplay))]
    public void NoSnapshotInThePlainFile()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_plain};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM snapshots";
        cmd.ExecuteNonQuery();
    }

    [Benchmark(Description = "charta holder add (one write), 1M events, full replay (no snapshot)")]
    public int WriteFullReplay() => Run("holder", "add", $"plain-{++_n}", "--db", _plain);

    [Benchmark(Description = "charta holder add (one write), 1M events, from the snapshot")]
    public int WriteFromSnapshot() => Run("holder", "add", $"snap-{++_n}", "--db", _snapshotted);

    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An issue of common: positions, the §6(d) issue steps (one appended, the 250,000 earlier ones unread).</summary>
    [Benchmark(Description = "charta issue 1 common (one write), 1M events, from the snapshot")]
    public int IssueFromSnapshot() => Run("issue", "--holder", "holder-000001", "--security", "common", "--shares", "1", "--price", "5.00", "--date", Today, "--db", _snapshotted);

    /// <summary>A grant with the next free id: the instruments read by id (one block of the 246,769), a step appended.</summary>
    [Benchmark(Description = "charta grant 1 option (one write), 1M events, from the snapshot")]
    public int GrantFromSnapshot() => Run("grant", "--holder", "holder-000001", "--kind", "option", "--shares", "1", "--price", "5.00", "--date", Today, "--db", _snapshotted);

    [Benchmark(Description = "charta transfer 1 common (one write), 1M events, from the snapshot")]
    public int TransferFromSnapshot() => Run("transfer", "--from", "holder-000001", "--to", "holder-000002", "--security", "common", "--shares", "1", "--date", Today, "--db", _snapshotted);
}
