using BenchmarkDotNet.Attributes;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Server;

namespace Charta.Benchmarks;

/// <summary>
/// The server's waterfall at a new exit on a 10,000-holder ledger (the load test's, bench/Charta.Server.Load): the solve
/// and the JSON body. Baseline: the decimal split (Distribution.LargestRemainderDecimal) and the holder rows written by
/// Utf8JsonWriter (CachedResponses.WaterfallJsonReference), as before session 20; against the integer split and the rows
/// written straight to UTF-8. Both give the same cents and the same bytes (property-tested). The holders are the load
/// test's: 100 + i mod 100 common shares each (the demo charter's authorized and reserved common leave no room for
/// 10,000 distinct larger holdings).
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
        var w = Waterfall.Distribute(_model, Waterfall.Equilibrium(_model, Exit), decimalSplit: true);
        return CachedResponses.WaterfallJsonReference(w, false).Length;
    }

    [Benchmark]
    public int IntegerSplitAndDirectRows() => CachedResponses.WaterfallJson(Waterfall.Solve(_model, Exit).Value, false).Length;

    [Benchmark]
    public int DecimalSplitOnly() => Waterfall.Distribute(_model, Waterfall.Equilibrium(_model, Exit), decimalSplit: true).Holders.Count;

    [Benchmark]
    public int IntegerSplitOnly() => Waterfall.Solve(_model, Exit).Value.Holders.Count;

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
                ("decimal split + writer rows (before)", b.DecimalSplitAndWriterRows), ("integer split + direct rows (after)", b.IntegerSplitAndDirectRows),
                ("decimal split only (before)", b.DecimalSplitOnly), ("integer split only (after)", b.IntegerSplitOnly),
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
