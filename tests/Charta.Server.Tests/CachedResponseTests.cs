using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Ledger;
using Charta.Views;

namespace Charta.Server.Tests;

/// <summary>
/// The per-state response cache (<see cref="CachedResponses"/>): a kept, compressed or revalidated answer is the
/// uncached view byte for byte, scoped per reader, and a write makes a new state whose answers show it.
/// </summary>
public sealed class Cached_Responses(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static readonly JsonSerializerOptions Web = ViewJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private CapTable Stored()
    {
        using var store = SqliteEventStore.Open(f.LedgerPath, create: false);
        return new CompanyLedger(store, TimeProvider.System).CapTable().Value;
    }

    private static User UserFor(string name) => name switch
    {
        "alice" => new User("", "alice", Role.Stockholder, ServerFixture.Alice),
        "bob" => new User("", "bob", Role.Stockholder, ServerFixture.Bob),
        _ => new User("", name, Role.Viewer, null),
    };

    /// <summary>The answer rendered without the cache: the view of a fresh fold of the stored ledger, scoped, serialized.</summary>
    private string UncachedCapTable(string user) => JsonSerializer.Serialize(Access.Scope(CapTableView.From(Stored()), UserFor(user)), Web);

    private string UncachedWaterfall(string user, decimal exit, bool explain)
    {
        var u = UserFor(user);
        var w = Waterfall.Solve(LiquidationModel.From(Stored()), exit).Value;
        return JsonSerializer.Serialize(LedgerViews.Waterfall(Access.Scope(w, u), Access.Explain(explain, u)), Web);
    }

    private static async Task<byte[]> Raw(HttpClient c, string url, string? acceptEncoding = null, string? ifNoneMatch = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        using var r = await c.SendAsync(request);
        Assert.Equal(expected, r.StatusCode);
        return await r.Content.ReadAsByteArrayAsync();
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("alice")]
    [InlineData("bob")]
    public async Task Kept_cap_table_and_waterfall_are_the_uncached_views_byte_for_byte(string user)
    {
        using var c = f.Client(user);
        // Twice each: the first answer makes and keeps the body, the second is the kept one.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(UncachedCapTable(user), Encoding.UTF8.GetString(await Raw(c, "/api/captable")));
            Assert.Equal(UncachedWaterfall(user, 250_000_000m, explain: false), Encoding.UTF8.GetString(await Raw(c, "/api/waterfall?exit=250000000")));
            // Explain is a viewer's tool: a stockholder's request for it gets the answer without steps (Access.Explain).
            Assert.Equal(UncachedWaterfall(user, 40_000_000.50m, explain: true), Encoding.UTF8.GetString(await Raw(c, "/api/waterfall?exit=40000000.50&explain=true")));
        }

        var asOf = JsonSerializer.Serialize(Access.Scope(CapTableView.From(Fold.TryReplay(Events(), new DateOnly(1999, 12, 31)).Value), UserFor(user)), Web);
        Assert.Equal(asOf, Encoding.UTF8.GetString(await Raw(c, "/api/captable?asOf=1999-12-31")));
    }

    private IReadOnlyList<RecordedEvent> Events()
    {
        using var store = SqliteEventStore.Open(f.LedgerPath, create: false);
        return store.ReadAll();
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br, zstd", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("identity", null)]
    public async Task A_compressed_answer_decompresses_to_the_uncompressed_one(string accept, string? encoding)
    {
        // The latest cap table is kept in runs of rows gzipped apart (CapTableDocument, GzipSegments): gzip is chosen
        // over br when both are accepted; a client that takes br only gets br.
        using var c = f.Client("viewer");
        var identity = await Raw(c, "/api/captable");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/captable");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
        using var r = await c.SendAsync(request);   // the test's HttpClient does not decompress: the bytes as sent
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(encoding is null ? [] : [encoding], r.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", r.Headers.Vary);
        var sent = await r.Content.ReadAsByteArrayAsync();
        using var input = new MemoryStream(sent);
        using Stream z = encoding switch
        {
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            _ => input,
        };
        using var output = new MemoryStream();
        await z.CopyToAsync(output);
        Assert.Equal(identity, output.ToArray());
        if (encoding is not null) Assert.True(sent.Length < identity.Length, $"{sent.Length} bytes compressed against {identity.Length}");
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task A_compressed_waterfall_decompresses_to_the_uncompressed_one(string encoding)
    {
        // A body per exit is compressed at brotli's quality 0 (BodyCompression.Cheapest): still brotli, still smaller.
        using var c = f.Client("viewer");
        var identity = await Raw(c, "/api/waterfall?exit=123456789.01");
        var sent = await Raw(c, "/api/waterfall?exit=123456789.01", acceptEncoding: encoding);
        using var input = new MemoryStream(sent);
        using Stream z = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        await z.CopyToAsync(output);
        Assert.Equal(identity, output.ToArray());
        Assert.True(sent.Length < identity.Length, $"{sent.Length} bytes compressed against {identity.Length}");
    }

    [Fact]
    public async Task An_etag_is_answered_304_until_a_write_and_a_read_after_the_write_sees_it()
    {
        using var viewer = f.Client("viewer");
        using var alice = f.Client("alice");
        using var admin = f.Client("admin");
        using var first = await viewer.GetAsync("/api/captable");
        var etag = first.Headers.ETag!.ToString();
        Assert.StartsWith("W/\"", etag);
        Assert.True(first.Headers.CacheControl is { Private: true, NoCache: true }, first.Headers.CacheControl?.ToString());

        // Same state, same request: 304 with the same tag and no body; in a list of tags too.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/captable"))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", $"W/\"0-none\", {etag}");
            using var r = await viewer.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, r.StatusCode);
            Assert.Equal(etag, r.Headers.ETag!.ToString());
            Assert.Empty(await r.Content.ReadAsByteArrayAsync());
        }

        // The tag names the scope: a stockholder presenting the viewer's tag gets its own answer, not a 304.
        Assert.NotEmpty(await Raw(alice, "/api/captable", ifNoneMatch: etag));
        // Another request (an exit) has another tag.
        using var w1 = await viewer.GetAsync("/api/waterfall?exit=250000000");
        var wtag = w1.Headers.ETag!.ToString();
        Assert.NotEqual(etag, wtag);
        await Raw(viewer, "/api/waterfall?exit=250000000", ifNoneMatch: wtag, expected: HttpStatusCode.NotModified);
        await Raw(viewer, "/api/waterfall?exit=250000001", ifNoneMatch: wtag);
        var aliceBefore = JsonNode.Parse(await Raw(alice, "/api/waterfall?exit=250000000"))!;

        // A write (1,000 common to Alice, an employee-plan issue excluded from §6(d)) makes a new state.
        var post = await admin.PostAsJsonAsync("/api/events/issue", new
        {
            holder = ServerFixture.Alice, security = "common", shares = 1_000, price = 0.25m, date = "2000-01-01",
            exclusion = "employee-plan", approval = "Board-approved plan",
        });
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);

        // The old tags are stale: 200 with a new tag, and the body shows the write.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/captable"))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            using var r = await viewer.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.NotEqual(etag, r.Headers.ETag!.ToString());
            var body = await r.Content.ReadAsStringAsync();
            Assert.Equal(UncachedCapTable("viewer"), body);
            var row = JsonNode.Parse(body)!["holders"]!.AsArray().Single(h => h!["name"]!.GetValue<string>() == ServerFixture.Alice)!;
            // Alice: 100,000 common at the start + 1,000 issued = 101,000.
            Assert.Equal(101_000, row["positions"]!.AsArray().Single(p => p!["security"]!.GetValue<string>() == "common")!["shares"]!.GetValue<long>());
        }

        await Raw(viewer, "/api/waterfall?exit=250000000", ifNoneMatch: wtag);
        // Alice's payout at the same exit moved with her 1,000 more common (her own answer, after the write).
        var aliceAfterText = Encoding.UTF8.GetString(await Raw(alice, "/api/waterfall?exit=250000000"));
        Assert.Equal(UncachedWaterfall("alice", 250_000_000m, explain: false), aliceAfterText);
        var aliceAfter = JsonNode.Parse(aliceAfterText)!;
        Assert.True(aliceAfter["holders"]![0]!["total"]!.GetValue<decimal>() > aliceBefore["holders"]![0]!["total"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_refused_request_is_a_problem_not_a_kept_body()
    {
        using var c = f.Client("viewer");
        // Not in whole cents: refused by the waterfall (FOURTH §4 distributes cents), twice the same, never kept.
        for (var i = 0; i < 2; i++)
        {
            using var r = await c.GetAsync("/api/waterfall?exit=100.001");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            Assert.Null(r.Headers.ETag);
        }
    }

    [Fact]
    public void The_fast_waterfall_body_is_the_serialized_view_byte_for_byte()
    {
        // Names that need escaping, one that spells the spliced property, and a stockholder-scoped empty list.
        var w = new WaterfallResult("Juniper \"Co\" <Ünï>", new DateOnly(2001, 2, 3), 1_000.00m, 0.5m, [], [],
            [new HolderPayout("A ,\"holders\":[] B", 1.50m), new HolderPayout("Ünï <b>&'", 0.01m), new HolderPayout("C\\D\n", 998.49m)],
            [new ExplainStep("step", 1m, "FOURTH §4(a)")]);
        foreach (var explain in new[] { false, true })
        {
            Assert.Equal(JsonSerializer.Serialize(LedgerViews.Waterfall(w, explain), Web), Encoding.UTF8.GetString(CachedResponses.WaterfallJson(w, explain)));
            var none = w with { Holders = [] };
            Assert.Equal(JsonSerializer.Serialize(LedgerViews.Waterfall(none, explain), Web), Encoding.UTF8.GetString(CachedResponses.WaterfallJson(none, explain)));
        }
    }
}

public sealed class Cached_Responses_FastRows
{
    private static readonly JsonSerializerOptions Web = Charta.Views.ViewJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public void The_fast_rows_are_the_serialized_view_byte_for_byte_on_random_names_and_totals()
    {
        // Names of random characters (ASCII, quotes, backslashes, controls, Latin, CJK, emoji) and totals at random
        // scales (cents, 0.00, 1.500, 28 digits, negative): every row as the serializer writes it.
        var rng = new Random(15);
        string[] pieces = ["a", "Z", " ", "\"", "\\", "\n", "\t", "<", ">", "&", "'", "+", "é", "Ü", "中", "😀", "\u2028", "\u007f", "0"];
        for (var round = 0; round < 200; round++)
        {
            var rows = Enumerable.Range(0, rng.Next(0, 40)).Select(_ =>
            {
                var name = string.Concat(Enumerable.Range(0, rng.Next(1, 12)).Select(_ => pieces[rng.Next(pieces.Length)]));
                var total = rng.Next(4) switch
                {
                    0 => Distribution.FromCents(rng.NextInt64(0, 10_000_000_000_000)),
                    1 => new decimal(rng.Next(), rng.Next(), rng.Next(), rng.Next(5) == 0, (byte)rng.Next(0, 29)),
                    2 => new decimal(0, 0, 0, false, (byte)rng.Next(0, 29)),
                    _ => new decimal(rng.Next(), rng.Next(), 0, false, (byte)rng.Next(0, 29)),
                };
                return new HolderPayout(name, total);
            }).ToArray();
            var w = new WaterfallResult("Co", null, 1m, 0.5m, [], [], rows, []);
            var expected = JsonSerializer.Serialize(LedgerViews.Waterfall(w, false), Web);
            Assert.Equal(expected, Encoding.UTF8.GetString(CachedResponses.WaterfallJson(w, false)));
            Assert.Equal(expected, Encoding.UTF8.GetString(CachedResponses.WaterfallJsonReference(w, false)));
        }
    }

    [Fact]
    public void Rows_from_cents_are_the_serialized_view_byte_for_byte_on_random_names_and_totals()
    {
        // The session-21 path: totals kept in cents (HolderPayouts), each row's name written once per list of payees.
        // Names needing escaping (quotes, backslashes, controls, <, >, &, non-ASCII, emoji, U+2028) and totals of
        // 0, a cent, whole dollars, negative, and up to the largest long.
        var rng = new Random(21);
        string[] pieces = ["a", "Z", " ", "\"", "\\", "\n", "\t", "<", ">", "&", "'", "+", "é", "Ü", "中", "😀", "\u2028", "\u007f", "0"];
        for (var round = 0; round < 300; round++)
        {
            var n = rng.Next(0, 40);
            var names = Enumerable.Range(0, n).Select(_ => string.Concat(Enumerable.Range(0, rng.Next(1, 12)).Select(_ => pieces[rng.Next(pieces.Length)]))).ToArray();
            var cents = Enumerable.Range(0, n).Select(_ => rng.Next(7) switch
            {
                0 => 0L,
                1 => 1L,
                2 => rng.NextInt64(0, 1_000_000) * 100,
                3 => -rng.NextInt64(1, 1_000_000),
                4 => rng.NextInt64(long.MaxValue / 2, long.MaxValue) * (rng.Next(2) == 0 ? 1 : -1),
                _ => rng.NextInt64(0, 10_000_000_000_000),
            }).ToArray();
            var w = new WaterfallResult("Co", null, 1m, 0.5m, [], [], new HolderPayouts(names, cents), []);
            foreach (var explain in new[] { false, true })
                Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(LedgerViews.Waterfall(w, explain), Apis.Json), CachedResponses.WaterfallJson(w, explain));
        }
    }

    [Fact]
    public void A_solved_waterfall_with_names_needing_escaping_is_the_serialized_view_byte_for_byte()
    {
        // A model whose payees' names need escaping, solved at exits with and without leftover cents, and its steps.
        string[] names = ["A \"quoted\" holder", "<script>", "Zoë & Åsa", "李", "C\\D\n", "emoji 😀", "A ,\"holders\":[] B", "plain"];
        var holdings = names.Select((n, i) => new Holding(n, "common", 100 + i % 3, 100 + i % 3)).ToArray();
        var m = new LiquidationModel("Juniper \"Co\" <Ünï>", "common", holdings.Sum(h => h.Shares), [], [new OptionClaim("G-1", "<script>", "common", 50, 0.10m)], holdings, "preference-amount", null);
        foreach (var exit in new[] { 0m, 0.01m, 1_000m, 1_000.07m, 250_000_000m })
        {
            var r = Waterfall.Solve(m, exit).Value;
            Assert.IsType<HolderPayouts>(r.Holders);
            foreach (var explain in new[] { false, true })
                Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(LedgerViews.Waterfall(r, explain), Apis.Json), CachedResponses.WaterfallJson(r, explain));
        }

        // The rows' names are made once per list of payees: every exit of the model shares them.
        var names1 = ((HolderPayouts)Waterfall.Solve(m, 10m).Value.Holders).Names;
        var names2 = ((HolderPayouts)Waterfall.Solve(m, 20m).Value.Holders).Names;
        Assert.Same(CachedResponses.HolderRowPrefixes.For(names1), CachedResponses.HolderRowPrefixes.For(names2));
    }

    [Fact]
    public void The_digits_of_a_number_are_counted_at_every_power_of_ten()
    {
        Assert.Equal(1, CachedResponses.DigitCount(0));
        ulong p = 1;
        for (var k = 1; k <= 19; k++)
        {
            // 10^(k−1) has k digits, 10^k − 1 has k digits.
            Assert.Equal(k, CachedResponses.DigitCount(p));
            Assert.Equal(k, CachedResponses.DigitCount(p * 10 - 1));
            p *= 10;
        }

        Assert.Equal(20, CachedResponses.DigitCount(p));
        Assert.Equal(20, CachedResponses.DigitCount(ulong.MaxValue));
    }

    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(1L, "0.01")]
    [InlineData(10L, "0.10")]
    [InlineData(99L, "0.99")]
    [InlineData(100L, "1.00")]
    [InlineData(150L, "1.50")]
    [InlineData(100_000_000L, "1000000.00")]
    [InlineData(123_456_789L, "1234567.89")]
    [InlineData(-1L, "-0.01")]
    [InlineData(-150L, "-1.50")]
    [InlineData(-100_000L, "-1000.00")]
    [InlineData(long.MaxValue, "92233720368547758.07")]
    [InlineData(-long.MaxValue, "-92233720368547758.07")]
    public void Cents_are_written_as_the_serializer_writes_the_amount(long cents, string text)
    {
        // Distribution.FromCents gives a decimal of scale 2; the serializer writes it with its scale ("G").
        Assert.Equal(text, JsonSerializer.Serialize(Distribution.FromCents(cents), Apis.Json));
        Span<byte> buffer = stackalloc byte[32];
        var n = CachedResponses.WriteCents(cents, buffer);
        Assert.Equal(CachedResponses.CentsLength(cents), n);
        Assert.Equal(text, Encoding.UTF8.GetString(buffer[..n]));
    }

    [Theory]
    [InlineData("0.00")]
    [InlineData("0.05")]
    [InlineData("1.50")]
    [InlineData("998.49")]
    [InlineData("12")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("18446744073709551615")]
    [InlineData("1844674407370955161.5")]
    public void A_total_is_written_as_the_invariant_culture_writes_it(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Span<byte> buffer = stackalloc byte[64];
        Assert.True(CachedResponses.TryFormatDecimal(value, buffer, out var n));
        Assert.Equal(text, Encoding.UTF8.GetString(buffer[..n]));
    }
}
