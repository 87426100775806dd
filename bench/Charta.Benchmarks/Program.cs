using System.Diagnostics;
using BenchmarkDotNet.Running;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["--peak-memory", ..])
        {
            PeakMemory();
            return;
        }

        if (args is ["--model-quick", ..])
        {
            ModelQuick.Run(args is [_, "solve", ..], args is [_, "grid", ..]);
            return;
        }

        if (args is ["--snapshot-profile", ..])
        {
            SnapshotProfile.Run(args);
            return;
        }

        if (args is ["--waterfall-quick", ..])
        {
            if (args is [_, "parts", ..]) WaterfallQuickParts.Parts();
            else if (args is [_, "compression", ..]) WaterfallQuickParts.Compression();
            else WaterfallPerExitBenchmarks.Quick();
            return;
        }

        if (args is ["--valuation-quick", ..])
        {
            ValuationQuick.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    /// <summary>
    /// Peak memory of the issue-2 workload in a fresh process (BenchmarkDotNet reports allocations, not the peak):
    /// write a 1,000,000-event ledger to SQLite, then read it back and fold it.
    /// </summary>
    private static void PeakMemory()
    {
        var path = Path.Combine(Path.GetTempPath(), $"charta-peak-{Guid.NewGuid():N}.db");
        try
        {
            using (var store = SqliteEventStore.Open(path, create: true))
            {
                var events = SyntheticLedger.Build(1_000_000, 10_000);
                store.Write<int>((_, _) => Charta.Core.Result.Ok<(IReadOnlyList<RecordedEvent>, int)>((events, 0)));
            }

            GC.Collect(2, GCCollectionMode.Aggressive, true, true);
            var sw = Stopwatch.StartNew();
            using (var store = SqliteEventStore.Open(path, create: false))
            {
                var events = store.ReadAll();
                var read = sw.ElapsedMilliseconds;
                var table = Fold.Replay(events);
                Console.WriteLine($"read {events.Count:N0} events in {read:N0} ms; folded them ({table.Holders.Count:N0} holders) in {sw.ElapsedMilliseconds - read:N0} ms");
            }

            using var p = Process.GetCurrentProcess();
            p.Refresh();
            Console.WriteLine($"peak working set: {p.PeakWorkingSet64 / (1024 * 1024):N0} MiB");
        }
        finally
        {
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        }
    }
}
