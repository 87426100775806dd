using System.Diagnostics;
using Charta.Core.Ledger;
using Charta.Ledger;
using Charta.Views;

namespace Charta.Benchmarks;

/// <summary>
/// `-- --snapshot-profile [folder]`: one process, Stopwatch and CPU time per stage of reading the 1,000,000-event
/// ledger from its snapshot (decode, fold the tail, build the view, print) and of one write, beside the full replay.
/// The ledger file is kept in the folder between runs (built on first use).
/// </summary>
public static class SnapshotProfile
{
    public static void Run(string[] args)
    {
        if (args.Contains("--signature"))
        {
            Console.WriteLine(SnapshotCodec.Signature);
            return;
        }

        var folder = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Path.Combine(Path.GetTempPath(), "charta-snapprof");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "events.db");
        if (!File.Exists(path))
        {
            var events = SyntheticLedger.Build(1_000_000, 10_000);
            using var s = SqliteEventStore.Open(path, create: true);
            s.Write<int>((_, _) => global::Charta.Core.Result.Ok<(IReadOnlyList<RecordedEvent>, int)>((events, 0)));
        }

        var work = Path.Combine(folder, "work.db");
        File.Copy(path, work, overwrite: true);
        CapTable full;
        using (var store = SqliteEventStore.Open(work, create: false))
        {
            var all = Time("read 1M events", () => store.ReadAll());
            full = Time("fold 1M events", () => Fold.Replay(all));
            var (seq, hash) = store.Head();
            var image = Time("encode the snapshot", () => LedgerSnapshots.Encode(full));
            Console.WriteLine($"  image: {image.Length / 1024.0 / 1024.0:N1} MiB");
            Time("save the snapshot", () => { store.SaveSnapshot(new SnapshotKey(seq, hash!, LedgerSnapshots.LatestDate(all)), LedgerSnapshots.Codec, image); return 0; });
            for (var i = 0; i < 3; i++) Time("SHA-256 of the image", () => System.Security.Cryptography.SHA256.HashData(image));
            for (var i = 0; i < 3; i++) Time("decode the snapshot (histories unread)", () => LedgerSnapshots.Decode(image));
            var decoded = LedgerSnapshots.Decode(image);
            Time("  then read the conversion-price history", () => decoded.ConversionPriceHistory.Count(c => c.Inputs is not null));
            for (var i = 0; i < 2; i++) Time("encode a decoded state (histories unread: copied)", () => LedgerSnapshots.Encode(LedgerSnapshots.Decode(image)).Length);
            var again = LedgerSnapshots.Decode(image);
            Time("save a snapshot after a write (encode + store)", () =>
            {
                store.SaveSnapshot(new SnapshotKey(seq, hash!, LedgerSnapshots.LatestDate(all)), LedgerSnapshots.Codec, LedgerSnapshots.Encode(again));
                return 0;
            });
        }

        for (var i = 0; i < 3; i++)
        {
            var table = Time("open + snapshot + tail (CompanyLedger.CapTable)", () =>
            {
                using var s = SqliteEventStore.Open(work, create: false);
                return LedgerSnapshots.CapTable(s, null, out _).Value;
            });
            var view = Time("CapTableView.From", () => CapTableView.From(table));
            Time("print the text", () => { global::Charta.Cli.Commands.CapTableViewText.WriteText(view, TextWriter.Null); return 0; });
            Time("charta captable (in-process, whole verb)", () => Cli("captable", "--db", work));
        }

        for (var i = 0; i < 5; i++) Time("charta holder add (one write)", () => Cli("holder", "add", $"p-{Guid.NewGuid():N}", "--db", work));
    }

    private static int Cli(params string[] args) =>
        global::Charta.Cli.Cli.Run(args, TextWriter.Null, TextWriter.Null, _ => null, TimeProvider.System) is 0 ? 0 : throw new InvalidOperationException($"charta {string.Join(' ', args)} failed");

    private static T Time<T>(string what, Func<T> f)
    {
        using var p = Process.GetCurrentProcess();
        var cpu = p.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var r = f();
        sw.Stop();
        p.Refresh();
        Console.WriteLine($"{what,-50} wall {sw.Elapsed.TotalMilliseconds,9:N1} ms   cpu {(p.TotalProcessorTime - cpu).TotalMilliseconds,9:N1} ms");
        return r;
    }
}
