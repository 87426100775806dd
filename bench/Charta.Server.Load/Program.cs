using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;
using Charta.Server;

// A bounded loopback load test of `charta serve`: N readers and M writers for S seconds on a ledger of H holders.
// Usage: dotnet run -c Release --project bench/Charta.Server.Load -- [--holders 10000] [--readers 50] [--writers 5] [--seconds 30]
//        [--encoding "gzip, br"|gzip|br|identity] [--revalidate] [--rate R] [--warmup 10] [--endpoints a,b] [--new-exits]
// Without --rate every loop is closed: it sends its next request as soon as the last one is answered (a saturation
// test: with 55 loops on 2 cores the latency is mostly the queue, 55 ÷ throughput). With --rate R each loop is paced as a
// user is: it sends R requests a second on a fixed schedule (a random phase per loop), and a request's latency counts
// from the time it was scheduled, not sent, so a server that falls behind pays for the queue it causes (no coordinated
// omission).
// Every request goes to 127.0.0.1 on a port the server picked; the run stops by itself; the ledger is a temp file.
// The client shares the machine with the server, so it is kept cheap: one SocketsHttpHandler per loop, bodies read as
// they stream into one reused buffer (counted, not kept, not decompressed), no cookies, no automatic decompression.
var arg = (string name, int dflt) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : dflt;
int holders = arg("--holders", 10_000), readers = arg("--readers", 50), writers = arg("--writers", 5), seconds = arg("--seconds", 30);
if (seconds is < 1 or > 600 || readers is < 0 or > 500 || writers is < 0 or > 50) { Console.Error.WriteLine("bounds: seconds 1..600, readers 0..500, writers 0..50"); return 2; }
// What a browser sends by default (the server answers br); "identity" asks for the uncompressed bodies.
var acceptEncoding = args.SkipWhile(a => a != "--encoding").Skip(1).FirstOrDefault() ?? "gzip, br";
// Send If-None-Match with the entity tag of the reader's last answer for the same URL (a browser's revalidation).
var revalidate = args.Contains("--revalidate");
var rateText = args.SkipWhile(a => a != "--rate").Skip(1).FirstOrDefault();
var rate = rateText is null ? 0d : double.Parse(rateText, CultureInfo.InvariantCulture);
if (rate is < 0 or > 1000) { Console.Error.WriteLine("bounds: rate 0..1000 requests a second per loop (0: closed loops)"); return 2; }
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

var dir = Path.Combine(Path.GetTempPath(), "charta-load-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
var db = Path.Combine(dir, "ledger.db");
var charter = CharterLoader.LoadEmbedded(CharterLoader.DefaultCharterId);
var start = new DateOnly(1996, 2, 6);
var sw = Stopwatch.StartNew();
using (var store = SqliteEventStore.Open(db, create: true))
{
    var events = IllustrativeCompany.Events(charter, CharterLoader.EmbeddedText(charter.Id)).ToList();
    for (var i = 0; i < holders; i++)
    {
        events.Add(new StakeholderAdded(start, $"Holder {i:D5}", "individual"));
        events.Add(new SharesIssued(start, $"Holder {i:D5}", "common", 100 + i % 100, 0.01m));
    }

    var r = new CompanyLedger(store, TimeProvider.System).Append(events);
    if (!r.IsOk) { Console.Error.WriteLine(r.Refusal); return 1; }
}

if (args.Contains("--profile"))
{
    using var st = SqliteEventStore.Open(db, create: false);
    // Best of 5, or of --runs N (the machine is shared: the minimum is the least disturbed run).
    var runs = arg("--runs", 5);
    if (runs is < 1 or > 1000) { Console.Error.WriteLine("bounds: runs 1..1000"); return 2; }
    void Time(string what, Action a)
    {
        var best = double.MaxValue;
        for (var i = 0; i < runs; i++) { var t0 = Stopwatch.GetTimestamp(); a(); best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds); }
        Console.WriteLine($"{what}: {best:F2} ms");
    }
    IReadOnlyList<RecordedEvent> evs = [];
    CapTable table = null!;
    Charta.Core.Liquidation.LiquidationModel model = null!;
    for (var k = 0; k < 1; k++)
    {
        Time("ReadAll", () => evs = st.ReadAll());
        Time("TryReplay", () => table = Fold.TryReplay(evs).Value);
        Charta.Views.CapTableView v = null!;
        Time("CapTableView.From", () => v = Charta.Views.CapTableView.From(table));
        Time("serialize", () => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(v, Charta.Views.ViewJson.Options));
        Time("LiquidationModel.From", () => model = Charta.Core.Liquidation.LiquidationModel.From(table));
        // Each write makes a new table: its positions by holder and classes as converted are regrouped once per state
        // (the time includes folding the one event, which the "Evolve" line below times alone).
        Time("LiquidationModel.From (a new state)", () => Charta.Core.Liquidation.LiquidationModel.From(Fold.EvolveDecided(table, new RecordedEvent(999_990, DateTimeOffset.UtcNow,
            new SharesIssued(new DateOnly(2000, 1, 1), "Holder 00001", "common", 100, 0.25m, "cash", "employee-plan", "x")))));
        // A server's write: the new state's figures and model derived from the state before's (the holder it touched read again).
        var touchedOne = new RecordedEvent(999_991, DateTimeOffset.UtcNow, new SharesIssued(new DateOnly(2000, 1, 1), "Holder 00001", "common", 100, 0.25m, "cash", "employee-plan", "x"));
        Time("LiquidationModel.From (a new state, derived from the model before)", () => Charta.Core.Liquidation.LiquidationModel.From(Fold.EvolveDecided(table, touchedOne), null, model));
        // What a write costs the readers after it: 1,000 states, each evolved by one issue, its model derived and its
        // cap-table document evolved and compressed (the mean per state; run under perf to see where it goes).
        {
            var (cur, mm, dd) = (table, model, CapTableDocument.From(table));
            var t0 = Stopwatch.GetTimestamp();
            for (var q = 0; q < 1_000; q++)
            {
                var ev = touchedOne with { Sequence = 2_000_000 + q };
                cur = Fold.EvolveDecided(cur, ev);
                mm = Charta.Core.Liquidation.LiquidationModel.From(cur, null, mm);
                dd = dd.Next(cur, [ev]);
                Compress(dd.Json, z => new System.IO.Compression.BrotliStream(z, System.IO.Compression.CompressionLevel.Fastest));
            }

            Console.WriteLine($"per state (evolve, model, document, brotli; mean of 1,000): {Stopwatch.GetElapsedTime(t0).TotalMilliseconds / 1_000:F2} ms");
        }
        Charta.Core.Liquidation.WaterfallResult w = null!;
        Time("Equilibrium (the allocation alone, no per-holder work)", () => Charta.Core.Liquidation.Waterfall.Equilibrium(model, 250_000_000m));
        Time("Solve", () => w = Charta.Core.Liquidation.Waterfall.Solve(model, 250_000_000m).Value);
        Time("waterfall JSON", () => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Charta.Views.LedgerViews.Waterfall(w, false), Charta.Views.ViewJson.Options));
        byte[] wj = [];
        Time("waterfall JSON (CachedResponses.WaterfallJson)", () => wj = CachedResponses.WaterfallJson(w, false));
        Time("per exit: Solve + WaterfallJson", () => CachedResponses.WaterfallJson(Charta.Core.Liquidation.Waterfall.Solve(model, 250_000_000m).Value, false));
        // Session 20's path for comparison: the same solve with its totals made into records, the rows transcoded per exit.
        Time("per exit, rows from records (session 20's body)", () =>
        {
            var r = Charta.Core.Liquidation.Waterfall.Solve(model, 250_000_000m).Value;
            CachedResponses.WaterfallJson(r with { Holders = [.. r.Holders] }, false);
        });
        Time("per exit: Solve + WaterfallJson + brotli q0 (what a new exit costs)", () =>
            System.IO.Compression.BrotliEncoder.TryCompress(CachedResponses.WaterfallJson(Charta.Core.Liquidation.Waterfall.Solve(model, 250_000_000m).Value, false), new byte[1 << 20], out _, 0, 22));
        var cj = CapTableDocument.From(table).Json;
        foreach (var (name, body) in new[] { ("cap table", cj), ("waterfall", wj) })
        {
            Time($"gzip (fastest) {name} {body.Length / 1024} KB", () => Compress(body, z => new System.IO.Compression.GZipStream(z, System.IO.Compression.CompressionLevel.Fastest)));
            Time($"brotli (fastest) {name} {body.Length / 1024} KB", () => Compress(body, z => new System.IO.Compression.BrotliStream(z, System.IO.Compression.CompressionLevel.Fastest)));
            Time($"brotli (quality 0) {name} {body.Length / 1024} KB", () => System.IO.Compression.BrotliEncoder.TryCompress(body, new byte[body.Length + 1024], out _, 0, 22));
        }
        Time("CapTableDocument.From", () => CapTableDocument.From(table));
        var doc = CapTableDocument.From(table);
        var next = Fold.EvolveDecided(table, new RecordedEvent(999_999, DateTimeOffset.UtcNow, new SharesIssued(new DateOnly(2000, 1, 1), "Holder 00001", "common", 100, 0.25m, "cash", "employee-plan", "x")));
        Time("CapTableDocument.Next (one issue)", () => doc.Next(next, [new RecordedEvent(999_999, DateTimeOffset.UtcNow, new SharesIssued(new DateOnly(2000, 1, 1), "Holder 00001", "common", 100, 0.25m, "cash", "employee-plan", "x"))]));
        Time("Evolve", () => Fold.Evolve(table, new RecordedEvent(999_999, DateTimeOffset.UtcNow, new SharesIssued(new DateOnly(2000, 1, 1), "Holder 00001", "common", 100, 0.25m, "cash", "employee-plan", "x"))));
        Time("Sort", () => LedgerOrder.Sort(evs));
    }
    return 0;

    static long Compress(byte[] body, Func<Stream, Stream> encoder)
    {
        using var output = new MemoryStream();
        using (var z = encoder(output)) z.Write(body);
        return output.ToArray().Length;
    }
}

var users = new UserStore(UserStore.PathFor(db));
var admin = users.Add("load-admin", Role.Admin, null, DateTimeOffset.UtcNow).Value;
var viewer = users.Add("load-viewer", Role.Viewer, null, DateTimeOffset.UtcNow).Value;
Console.WriteLine($"ledger: {holders:N0} holders, {2 * holders + 15:N0} events, built in {sw.Elapsed.TotalSeconds:F1} s");

await using var app = ChartaServer.Build(new ServerOptions(db, 0, TimeProvider.System));
await app.StartAsync();
var address = ChartaServer.Address(app);
HttpClient Client(string token)
{
    var c = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 200, AutomaticDecompression = DecompressionMethods.None, UseCookies = false, UseProxy = false })
        { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return c;
}

// Warm up each endpoint once (JIT, first fold).
using (var w = Client(viewer))
    foreach (var u in new[] { "/api/captable", "/api/waterfall?exit=250000000", "/api/holders/Holder%2000001", "/api/events?offset=0&limit=100" })
        (await w.GetAsync(u)).EnsureSuccessStatusCode();

var samples = new System.Collections.Concurrent.ConcurrentBag<(string Endpoint, double Ms, bool Ok, long Bytes, bool NotModified)>();
// The loops run a warm-up first (--warmup seconds, default 10, at the same load): the JIT's tiered recompilation and the
// first states' caches happen there, not in the figures; only requests scheduled after it are counted.
var warmup = arg("--warmup", 10);
if (warmup is < 0 or > 120) { Console.Error.WriteLine("bounds: warmup 0..120 seconds"); return 2; }
var measureFrom = Stopwatch.GetTimestamp() + warmup * Stopwatch.Frequency;
var stop = DateTime.UtcNow.AddSeconds(warmup + seconds);
void Sample(string kind, long t, bool ok, long bytes, bool notModified)
{
    if (t >= measureFrom) samples.Add((kind, Stopwatch.GetElapsedTime(t).TotalMilliseconds, ok, bytes, notModified));
}
var rng = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId));
// --endpoints a,b: the read endpoints the readers take turns at (default all four), to measure one alone.
string[] readEndpoints = args.SkipWhile(a => a != "--endpoints").Skip(1).FirstOrDefault()?.Split(',') ?? ["captable", "waterfall", "holder", "events"];
if (readEndpoints.Except(["captable", "waterfall", "holder", "events"]).Any()) { Console.Error.WriteLine("--endpoints: a comma-separated list of captable, waterfall, holder, events"); return 2; }
// --new-exits: each waterfall at a random exit in cents ($10M to $1B: practically never the same twice, so every answer
// is made, not kept); without it, one of 990 round exits (about a third kept once the state's budget is full).
var newExits = args.Contains("--new-exits");
var date = new DateOnly(2000, 1, 1);
var dayCounter = 0;

// The next scheduled send of a paced loop (waits for it) or, closed, now. Returns the timestamp latency counts from.
async Task<long> NextSlot(Random phase, long[] slot)
{
    if (rate <= 0) return Stopwatch.GetTimestamp();
    var period = (long)(Stopwatch.Frequency / rate);
    slot[0] = slot[0] == 0 ? Stopwatch.GetTimestamp() + (long)(phase.NextDouble() * period) : slot[0] + period;
    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), slot[0]);
    if (wait > TimeSpan.Zero) await Task.Delay(wait);
    return slot[0];
}

async Task Reader(int id)
{
    var phase = new Random(id);
    var slot = new long[1];
    using var c = Client(viewer);
    var buffer = new byte[64 * 1024];
    var etags = new Dictionary<string, string>(StringComparer.Ordinal);
    var n = id;
    while (DateTime.UtcNow < stop)
    {
        var kind = readEndpoints[n++ % readEndpoints.Length];
        var url = kind switch
        {
            "captable" => "/api/captable",
            "waterfall" => newExits ? $"/api/waterfall?exit={rng.Value!.NextInt64(1_000_000_000, 100_000_000_000) / 100m}" : $"/api/waterfall?exit={rng.Value!.Next(10, 1000) * 1_000_000}",
            "holder" => $"/api/holders/Holder%20{rng.Value!.Next(holders):D5}",
            _ => $"/api/events?offset={rng.Value!.Next(holders)}&limit=100",
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding != "identity") request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        if (revalidate && etags.TryGetValue(url, out var tag)) request.Headers.TryAddWithoutValidation("If-None-Match", tag);
        var t = await NextSlot(phase, slot);
        if (DateTime.UtcNow >= stop) break;
        try
        {
            using var r = await c.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            long bytes = 0;
            await using (var body = await r.Content.ReadAsStreamAsync())
                for (int k; (k = await body.ReadAsync(buffer)) > 0;) bytes += k;
            var notModified = r.StatusCode == HttpStatusCode.NotModified;
            Sample(kind, t, r.IsSuccessStatusCode || notModified, bytes, notModified);
            if (revalidate && r.Headers.ETag is { } e) etags[url] = e.ToString();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // A request that times out (30 s) is an error of the run, counted, not a crash of the harness.
            Sample(kind, t, false, 0, false);
        }
    }
}

async Task Writer(int id)
{
    var phase = new Random(1000 + id);
    var slot = new long[1];
    using var c = Client(admin);
    while (DateTime.UtcNow < stop)
    {
        var d = date.AddDays(Interlocked.Increment(ref dayCounter) / 50);
        var body = new { holder = $"Holder {rng.Value!.Next(holders):D5}", security = "common", shares = 100, price = 0.25m, date = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), exclusion = "employee-plan", approval = "Board-approved plan (load test)" };
        var t = await NextSlot(phase, slot);
        if (DateTime.UtcNow >= stop) break;
        try
        {
            using var r = await c.PostAsJsonAsync("/api/events/issue", body);
            Sample("write (issue)", t, r.IsSuccessStatusCode, 0, false);
            if (!r.IsSuccessStatusCode && samples.Count(s => !s.Ok) < 3) Console.Error.WriteLine(await r.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Sample("write (issue)", t, false, 0, false);
        }
    }
}

Console.WriteLine($"running {readers} readers and {writers} writers for {warmup} s of warm-up and {seconds} s measured against {address} (Accept-Encoding: {acceptEncoding}{(revalidate ? ", If-None-Match" : "")}; {(rate > 0 ? $"paced, {rate.ToString(CultureInfo.InvariantCulture)} requests a second per loop, latency from the scheduled time" : "closed loops")})");
using var gcReasons = args.Contains("--gc-reasons") ? new GcReasons() : null;
var me = Process.GetCurrentProcess();
var loops = Task.WhenAll(Enumerable.Range(0, readers).Select(Reader).Concat(Enumerable.Range(0, writers).Select(Writer)));
await Task.Delay(TimeSpan.FromSeconds(warmup));
var loadBefore = LoadAverage();
me.Refresh();
var cpuBefore = me.TotalProcessorTime;
var gen2Before = GC.CollectionCount(2);
var (jitBefore, jitTimeBefore) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
var pauseBefore = GC.GetTotalPauseDuration();
var wall = Stopwatch.StartNew();
await loops;
wall.Stop();
me.Refresh();
var cpu = me.TotalProcessorTime - cpuBefore;
var gen2 = GC.CollectionCount(2) - gen2Before;
var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore, System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore);
var paused = GC.GetTotalPauseDuration() - pauseBefore;
var loadAfter = LoadAverage();
await app.StopAsync();

Console.WriteLine();
Console.WriteLine($"load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}; {samples.Count / wall.Elapsed.TotalSeconds:F0} requests/s");
// CPU time of this process (server and client together) per request: what a request costs, whatever else runs.
Console.WriteLine($"process CPU {cpu.TotalSeconds:F1} s in {wall.Elapsed.TotalSeconds:F1} s ({cpu.TotalMilliseconds / samples.Count:F2} ms per request, server and client); {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, {gen2} gen-2 collections, paused {paused.TotalMilliseconds:F0} ms; JIT {jitMethods:N0} methods in {jitTime.TotalMilliseconds:F0} ms");
if (gcReasons is not null) Console.WriteLine("gen-2 collections by reason: " + string.Join("; ", gcReasons.Gen2.Select(kv => $"{kv.Key}: {kv.Value}")));
Console.WriteLine("| Endpoint | Requests | Errors | p50 (ms) | p99 (ms) | max (ms) | mean body (KB) | 304 |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var g in samples.GroupBy(s => s.Endpoint).OrderBy(g => g.Key, StringComparer.Ordinal))
{
    var ms = g.Select(s => s.Ms).Order().ToArray();
    double P(double q) => ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(q * ms.Length) - 1)];
    Console.WriteLine($"| {g.Key} | {ms.Length:N0} | {g.Count(s => !s.Ok)} | {P(0.50):F1} | {P(0.99):F1} | {ms[^1]:F1} | {g.Average(s => s.Bytes) / 1024:F0} | {g.Count(s => s.NotModified)} |");
}

Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(dir, recursive: true);
return samples.Any(s => !s.Ok) ? 1 : 0;

/// <summary>Tallies the runtime's reasons for gen-2 collections (GCStart events) while enabled: what makes them.</summary>
sealed class GcReasons : System.Diagnostics.Tracing.EventListener
{
    public readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Gen2 = new();

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Informational, (System.Diagnostics.Tracing.EventKeywords)0x1);
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName is not { } name || !name.StartsWith("GCStart", StringComparison.Ordinal) || e.Payload is null) return;
        var depth = Convert.ToInt32(e.Payload[e.PayloadNames!.IndexOf("Depth")], CultureInfo.InvariantCulture);
        if (depth < 2) return;
        var reason = Convert.ToInt32(e.Payload[e.PayloadNames!.IndexOf("Reason")], CultureInfo.InvariantCulture);
        var type = Convert.ToInt32(e.Payload[e.PayloadNames!.IndexOf("Type")], CultureInfo.InvariantCulture);
        // Reasons (GCReason): 0 small alloc, 1 induced, 2 low memory, 3 empty, 4 large alloc, 5 OOS small, 6 OOS large, ...
        Gen2.AddOrUpdate($"reason {reason}, type {type}", 1, (_, n) => n + 1);
    }
}
