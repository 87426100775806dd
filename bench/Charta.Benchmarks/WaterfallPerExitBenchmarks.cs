using BenchmarkDotNet.Attributes;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Server;
using System.IO.Compression;

namespace Charta.Benchmarks;

/// <summary>
/// The server's waterfall at a new exit on a 10,000-holder ledger (the load test's, bench/Charta.Server.Load): the solve
/// and the JSON body. Baseline: the decimal split (Distribution.LargestRemainderDecimal) and the holder rows written by
/// Utf8JsonWriter (CachedResponses.WaterfallJsonReference), as before session 20; session 20: the integer split per
/// holding and the rows transcoded straight to UTF-8 from holder records; session 21: the split per group of like
/// holdings (CellGroups), the totals kept in cents (HolderPayouts) and the rows copied from the model's UTF-8 prefixes
/// with the totals written from the cents. All give the same cents and the same bytes (property-tested). The holders
/// are the load test's: 100 + i mod 100 common shares each (the demo charter's authorized and reserved common leave no
/// room for 10,000 distinct larger holdings), so 100 groups of like holdings.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class WaterfallPerExitBenchmarks
{
    private const decimal Exit = 250_000_000m;
    private LiquidationModel _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        var charter = CharterLoader.Default;
        var start = new DateOnly(1996, 2, 6);
        var events = IllustrativeCompany.Events(charter, CharterLoader.EmbeddedText(charter.Id)).ToList();
        for (var i = 0; i < 10_000; i++)
        {
            events.Add(new StakeholderAdded(start, $"Holder {i:D5}", "individual"));
            events.Add(new SharesIssued(start, $"Holder {i:D5}", "common", 100 + i % 100, 0.01m));
        }

        _model = LiquidationModel.From(Fold.Replay(events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e))));
    }

    [Benchmark(Baseline = true)]
    public int DecimalSplitAndWriterRows()
    {
        var w = Waterfall.Distribute(_model, Waterfall.Equilibrium(_model, Exit), Waterfall.Split.Decimal);
        return CachedResponses.WaterfallJsonReference(w with { Holders = [.. w.Holders] }, false).Length;
    }

    /// <summary>Session 20: the integer split per holding, holder records, rows transcoded per exit.</summary>
    [Benchmark]
    public int IntegerSplitAndDirectRows()
    {
        var w = Waterfall.Distribute(_model, Waterfall.Equilibrium(_model, Exit), Waterfall.Split.PerCell);
        return CachedResponses.WaterfallJson(w with { Holders = [.. w.Holders] }, false).Length;
    }

    /// <summary>Session 21: the split per group of like holdings, totals in cents, rows from the model's prefixes.</summary>
    [Benchmark]
    public int GroupedSplitAndCentsRows() => CachedResponses.WaterfallJson(Waterfall.Solve(_model, Exit).Value, false).Length;

    [Benchmark]
    public int DecimalSplitOnly() => Waterfall.Distribute(_model, Waterfall.Equilibrium(_model, Exit), Waterfall.Split.Decimal).Holders.Count;

    [Benchmark]
    public int IntegerSplitOnly() => Waterfall.Distribute(_model, Waterfall.Equilibrium(_model, Exit), Waterfall.Split.PerCell).Holders.Count;

    [Benchmark]
    public int GroupedSplitOnly() => Waterfall.Solve(_model, Exit).Value.Holders.Count;

    private WaterfallResult? _solved;
    private WaterfallResult? _records;

    [Benchmark]
    public int RowsFromRecords() => CachedResponses.WaterfallJson(_records ??= Records(), false).Length;

    [Benchmark]
    public int RowsFromCents() => CachedResponses.WaterfallJson(_solved ??= Waterfall.Solve(_model, Exit).Value, false).Length;

    [Benchmark]
    public int ShellOnly() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
        Charta.Views.LedgerViews.Waterfall((_solved ??= Waterfall.Solve(_model, Exit).Value) with { Holders = [] }, false), Charta.Views.ViewJson.Options).Length;

    private WaterfallResult Records()
    {
        var w = Waterfall.Solve(_model, Exit).Value;
        return w with { Holders = [.. w.Holders] };
    }

    private byte[]? _body;

    [Benchmark]
    public int Gzip() => Compress(_body ??= CachedResponses.WaterfallJson(Waterfall.Solve(_model, Exit).Value, false), s => new GZipStream(s, CompressionLevel.Fastest));

    [Benchmark]
    public int Brotli() => Compress(_body ??= CachedResponses.WaterfallJson(Waterfall.Solve(_model, Exit).Value, false), s => new BrotliStream(s, CompressionLevel.Fastest));

    private static int Compress(byte[] json, Func<Stream, Stream> encoder)
    {
        using var output = new MemoryStream(json.Length / 6 + 1024);
        using (var z = encoder(output)) z.Write(json);
        return output.ToArray().Length;
    }

    /// <summary>
    /// A few seconds, not a benchmark run: each method best of 200, the baseline and the new path interleaved in rounds
    /// so that a shared machine's load falls on both (dotnet run -c Release --project bench/Charta.Benchmarks -- --waterfall-quick).
    /// </summary>
    public static void Quick()
    {
        {
            var b = new WaterfallPerExitBenchmarks();
            b.Setup();
            (string Name, Func<int> Run)[] methods =
            [
                ("decimal split + writer rows (session 19)", b.DecimalSplitAndWriterRows), ("integer split + direct rows (session 20)", b.IntegerSplitAndDirectRows),
                ("grouped split + cents rows (session 21)", b.GroupedSplitAndCentsRows),
                ("decimal split only", b.DecimalSplitOnly), ("integer split only", b.IntegerSplitOnly), ("grouped split only (Solve)", b.GroupedSplitOnly),
                ("body from records (session 20)", b.RowsFromRecords), ("body from cents (session 21)", b.RowsFromCents), ("the body's shell alone", b.ShellOnly),
                ("gzip fastest of the body", b.Gzip), ("brotli fastest of the body", b.Brotli),
            ];
            var best = new double[methods.Length];
            Array.Fill(best, double.MaxValue);
            for (var round = 0; round < 10; round++)
                for (var k = 0; k < methods.Length; k++)
                    for (var i = 0; i < 20; i++)
                    {
                        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                        methods[k].Run();
                        best[k] = Math.Min(best[k], System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
                    }

            for (var k = 0; k < methods.Length; k++) Console.WriteLine($"{methods[k].Name}: {best[k]:F0} µs");
        }
    }
}

/// <summary>
/// The per-exit body's pieces timed apart (`-- --waterfall-quick parts`: best of 1,200 each) and the compression of the
/// 383 KB body at each brotli quality and window and gzip level (`-- --waterfall-quick compression`: time and size).
/// </summary>
public static class WaterfallQuickParts
{
    public static void Parts()
    {
        var b = new WaterfallPerExitBenchmarks();
        b.Setup();
        var model = (Charta.Core.Liquidation.LiquidationModel)typeof(WaterfallPerExitBenchmarks).GetField("_model", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(b)!;
        var r = Charta.Core.Liquidation.Waterfall.Solve(model, 250_000_000m).Value;
        var h = (Charta.Core.Liquidation.HolderPayouts)r.Holders;
        var cents = h.Cents.ToArray();
        var scratch = new byte[400_000];
        var alloc = Charta.Core.Liquidation.Waterfall.Equilibrium(model, 250_000_000m);
        // The worst case for the grouping: the same model with every holding of a different size (no two alike).
        var distinct = new Charta.Core.Liquidation.LiquidationModel(model.Company, model.CommonId, 0, model.Series, model.Options,
            [.. model.Holdings.Select((h, i) => h.ClassId == model.CommonId ? h with { Shares = 100 + i, AsConverted = 100 + i } : h)], model.ShortfallBasis, model.AsOf, model.Clauses);
        distinct = new Charta.Core.Liquidation.LiquidationModel(model.Company, model.CommonId, distinct.Holdings.Where(h => h.ClassId == model.CommonId).Sum(h => h.Shares), model.Series, model.Options,
            distinct.Holdings, model.ShortfallBasis, model.AsOf, model.Clauses);
        var distinctAlloc = Charta.Core.Liquidation.Waterfall.Equilibrium(distinct, 250_000_000m);
        var prefixes = CachedResponses.HolderRowPrefixes.For(h.Names);
        (string, Func<int>)[] methods =
        [
            ("alloc 392 KB uninitialized", () => GC.AllocateUninitializedArray<byte>(392_667).Length),
            ("alloc 392 KB zeroed", () => new byte[392_667].Length),
            ("count lengths", () => { var n = 0; foreach (var c in cents) n += CachedResponses.CentsLength(c); return n; }),
            ("write cents only", () => { var n = 0; foreach (var c in cents) n += CachedResponses.WriteCents(c, scratch.AsSpan(n)); return n; }),
            ("copy prefixes only", () => { var n = 0; for (var i = 0; i < cents.Length; i++) { var f = prefixes.Offsets[i]; var k = prefixes.Offsets[i + 1] - f; prefixes.Bytes.AsSpan(f, k).CopyTo(scratch.AsSpan(n)); n += k; } return n; }),
            ("copy 310 KB in one", () => { prefixes.Bytes.AsSpan().CopyTo(scratch); return 1; }),
            ("whole body", () => CachedResponses.WaterfallJson(r, false).Length),
            ("Explain (by reflection)", () => ((System.Collections.ICollection)typeof(Charta.Core.Liquidation.Waterfall).GetMethod("Explain", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.Invoke(null, [model, alloc])!).Count),
            ("Solve, 10,000 distinct holdings (Auto: per holding)", () => Charta.Core.Liquidation.Waterfall.Solve(distinct, 250_000_000m).Value.Holders.Count),
            ("Distribute, 10,000 distinct holdings, per holding (session 20)", () => Charta.Core.Liquidation.Waterfall.Distribute(distinct, distinctAlloc, Charta.Core.Liquidation.Waterfall.Split.PerCell).Holders.Count),
            ("CellGroups.Of (once per model)", () => Charta.Core.Liquidation.CellGroups.Of(model).Count),
            ("HolderRowPrefixes.Make (once per model)", () => CachedResponses.HolderRowPrefixes.Make(h.Names).Offsets.Length),
            ("Equilibrium", () => Charta.Core.Liquidation.Waterfall.Equilibrium(model, 250_000_000m).Converted.Count),
            ("Solve", () => Charta.Core.Liquidation.Waterfall.Solve(model, 250_000_000m).Value.Holders.Count),
            ("brotli q0 of the body", () => { var body = CachedResponses.WaterfallJson(r, false); var dest = System.Buffers.ArrayPool<byte>.Shared.Rent(body.Length + 1024); System.IO.Compression.BrotliEncoder.TryCompress(body, dest, out var w, 0, 22); System.Buffers.ArrayPool<byte>.Shared.Return(dest); return w; }),
        ];
        var best = new double[methods.Length];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < 60; round++)
            for (var k = 0; k < methods.Length; k++)
                for (var i = 0; i < 20; i++)
                {
                    var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    methods[k].Item2();
                    best[k] = Math.Min(best[k], System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
                }
        for (var k = 0; k < methods.Length; k++) Console.WriteLine($"{methods[k].Item1}: {best[k]:F1} µs");
    }

    public static void Compression()
    {
        var b = new WaterfallPerExitBenchmarks();
        b.Setup();
        var body = Charta.Server.CachedResponses.WaterfallJson(Charta.Core.Liquidation.Waterfall.Solve(
            (Charta.Core.Liquidation.LiquidationModel)typeof(WaterfallPerExitBenchmarks).GetField("_model", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(b)!, 250_000_000m).Value, false);
        var dest = new byte[body.Length + 1024];
        var methods = new List<(string, Func<int>)>();
        foreach (var q in new[] { 0, 1, 2, 3, 4 })
            foreach (var w in new[] { 10, 16, 22 })
            {
                var (qq, ww) = (q, w);
                methods.Add(($"brotli q{q} w{w}", () => System.IO.Compression.BrotliEncoder.TryCompress(body, dest, out var n, qq, ww) ? n : -1));
            }
        foreach (var level in new[] { 1, 2, 3, 6 })
            foreach (var strategy in new[] { System.IO.Compression.ZLibCompressionStrategy.Default, System.IO.Compression.ZLibCompressionStrategy.Filtered, System.IO.Compression.ZLibCompressionStrategy.RunLengthEncoding })
            {
                var (l, st) = (level, strategy);
                methods.Add(($"gzip level {level} {strategy}", () =>
                {
                    using var output = new MemoryStream(body.Length / 4);
                    using (var z = new System.IO.Compression.GZipStream(output, new System.IO.Compression.ZLibCompressionOptions { CompressionLevel = l, CompressionStrategy = st }, leaveOpen: true)) z.Write(body);
                    return (int)output.Length;
                }));
            }
        methods.Add(("gzip Fastest (stream)", () =>
        {
            using var output = new MemoryStream(body.Length / 4);
            using (var z = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) z.Write(body);
            return (int)output.Length;
        }));
        methods.Add(("brotli Fastest (stream)", () =>
        {
            using var output = new MemoryStream(body.Length / 4);
            using (var z = new System.IO.Compression.BrotliStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) z.Write(body);
            return (int)output.Length;
        }));
        var best = new double[methods.Count];
        var size = new int[methods.Count];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < 5; round++)
            for (var k = 0; k < methods.Count; k++)
                for (var i = 0; i < 20; i++)
                {
                    var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    size[k] = methods[k].Item2();
                    best[k] = Math.Min(best[k], System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
                }
        Console.WriteLine($"body {body.Length} bytes");
        for (var k = 0; k < methods.Count; k++) Console.WriteLine($"{methods[k].Item1}: {best[k]:F0} µs, {size[k]} bytes");
    }
}
