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
        // --quick: the CLI stages only, on the work file (and its snapshot) of an earlier run.
        var quick = args.Contains("--quick") && File.Exists(work);
        if (!quick) File.Copy(path, work, overwrite: true);
        CapTable full;
        if (!quick)
        using (var store = SqliteEventStore.Open(work, create: false))
        {
            var all = Time("read 1M events", () => store.ReadAll());
            full = Time("fold 1M events", () => Fold.Replay(all));
            var (seq, hash) = store.Head();
            var image = Time("encode the snapshot", () => LedgerSnapshots.Encode(full));
            Console.WriteLine($"  image: {image.Length / 1024.0 / 1024.0:N1} MiB: " + string.Join(", ", SnapshotCodec.SectionLengths(image).Select(x => $"{x.Section} {x.Bytes / 1024.0:N0} KiB")));
            Time("save the snapshot", () => { store.SaveSnapshot(new SnapshotKey(seq, hash!, LedgerSnapshots.LatestDate(all)), LedgerSnapshots.Codec, image); return 0; });
            for (var i = 0; i < 3; i++) Time("SHA-256 of the image", () => System.Security.Cryptography.SHA256.HashData(image));
            for (var i = 0; i < 3; i++) Time("decode the image in memory (all hashes checked)", () => LedgerSnapshots.Decode(image));
            for (var i = 0; i < 2; i++)
            {
                var d = LedgerSnapshots.Decode(image);
                Time("  then the positions (first use)", () => d.Positions.Count);
                Time("  then the instruments (first use)", () => d.Instruments.Count);
            }

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
            var table = Time("open + head + first sections + tail (LedgerSnapshots.CapTable)", () =>
            {
                using var s = SqliteEventStore.Open(work, create: false);
                return LedgerSnapshots.CapTable(s, null, out _).Value;
            });
            Time("  then the positions (read, checked, decoded)", () => table.Positions.Count);
            Time("  then the instruments listed (read, checked, decoded; no map)", () => table.InstrumentCount);
            Time("  [probe] pass over the instruments", () => { long n = 0; foreach (var x in table.InstrumentList) n += table.OutstandingOf(x); return n; });
            Time("  [probe] instruments on preferred", () => table.InstrumentList.Count(x => !table.Charter.IsCommon(x.Underlying)));
            Time("  [probe] class as converted", () => table.Charter.Series.Sum(x => table.ClassAsConverted(x.Id)));
            Time("  [probe] positions of each holder", () => { long n = 0; foreach (var h in table.Holders) foreach (var q in table.PositionsOf(h)) n += table.AsConvertedPosition(q.Security, q.Shares); return n; });
            var view = Time("CapTableView.From (totals only)", () => CapTableView.From(table, instrumentRows: false));
            Time("print the text (totals only)", () =>
            {
                var w = new StringWriter();
                global::Charta.Cli.Commands.CapTableViewText.WriteText(view, w, table.Charter, table.InstrumentCount);
                return w.GetStringBuilder().Length;
            });
            Time("charta captable (in-process, whole verb)", () => Cli("captable", "--db", work));
        }

        Time("charta captable --instruments (in-process, whole verb)", () => Cli("captable", "--instruments", "--db", work));
        for (var i = 0; i < 5; i++) Time("charta holder add (one write)", () => Cli("holder", "add", $"p-{Guid.NewGuid():N}", "--db", work));
        for (var i = 0; i < 3; i++) Time("charta issue 1 common (one write, touches positions)", () => Cli("issue", "--holder", "holder-000001", "--security", "common", "--shares", "1", "--price", "5.00", "--date", Today, "--db", work));
        for (var i = 0; i < 3; i++) Time("charta transfer 1 common (one write, touches positions)", () => Cli("transfer", "--from", "holder-000001", "--to", "holder-000002", "--security", "common", "--shares", "1", "--date", Today, "--db", work));
        for (var i = 0; i < 3; i++) Time("charta grant (one write, touches instruments)", () => Cli("grant", "--holder", "holder-000001", "--kind", "option", "--shares", "1", "--price", "5.00", "--date", Today, "--db", work));
        Time("take a snapshot now (encode, unread parts copied; store)", () =>
        {
            using var s = SqliteEventStore.Open(work, create: false);
            var t = LedgerSnapshots.CapTable(s, null, out _).Value;
            var (seq, hash) = s.Head();
            var newest = s.Snapshots(LedgerSnapshots.Codec)[0];
            var through = LedgerSnapshots.LatestDate(s.ReadAfter(newest.Sequence)) is { } d && d > newest.Through ? d : newest.Through;
            s.SaveSnapshot(new SnapshotKey(seq, hash!, through), LedgerSnapshots.Codec, LedgerSnapshots.Encode(t));
            return 0;
        });
    }

    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static int Cli(params string[] args)
    {
        var err = new StringWriter();
        return global::Charta.Cli.Cli.Run(args, TextWriter.Null, err, _ => null, TimeProvider.System) is 0 ? 0 : throw new InvalidOperationException($"charta {string.Join(' ', args)} failed: {err}");
    }

    private static T Time<T>(string what, Func<T> f)
    {
        using var p = Process.GetCurrentProcess();
        var cpu = p.TotalProcessorTime;
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var pause = GC.GetTotalPauseDuration();
        var sw = Stopwatch.StartNew();
        var r = f();
        sw.Stop();
        p.Refresh();
        Console.WriteLine($"{what,-50} wall {sw.Elapsed.TotalMilliseconds,9:N1} ms   cpu {(p.TotalProcessorTime - cpu).TotalMilliseconds,9:N1} ms   " +
                          $"GCs {GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}, paused {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:N0} ms");
        return r;
    }
}
