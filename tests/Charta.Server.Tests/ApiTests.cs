using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Charta.Core.Ledger;
using Charta.Ledger;
using Charta.Views;

namespace Charta.Server.Tests;

/// <summary>The HTTP API: the CLI's JSON shapes, problem details with the clause, the status mapping, dry runs, concurrency.</summary>
public sealed class Api_StatusMapping_And_Shapes(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static async Task<JsonNode> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task CapTable_is_the_CLI_captable_json()
    {
        using var c = f.Client("viewer");
        var body = await Json(await c.GetAsync("/api/captable"));
        // The CLI prints CapTableView.From(table) with ViewJson.Options; the API must print the same document.
        using var store = SqliteEventStore.Open(f.LedgerPath, create: false);
        var table = new CompanyLedger(store, TimeProvider.System).CapTable().Value;
        var cli = JsonNode.Parse(JsonSerializer.Serialize(CapTableView.From(table), ViewJson.Options))!;
        Assert.True(JsonNode.DeepEquals(cli, body), body.ToJsonString());
        // Illustrative company: 20,000,000 founders' common + Alice 100,000 + Bob 200,000 = 20,300,000 common outstanding.
        Assert.Equal(20_300_000, body["totals"]!["commonOutstanding"]!.GetValue<long>());
    }

    [Fact]
    public async Task Over_the_fixed_number_is_422_with_the_CLI_text_and_clause()
    {
        using var c = f.Client("counsel");
        var r = await c.PostAsJsonAsync("/api/events/issue", new { holder = ServerFixture.Alice, security = "B", shares = 1, price = 2.40m, date = "1999-01-01", dryRun = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var p = await Json(r);
        // Series B is issued at its fixed 3,915,308 shares (FOURTH §2); one more is 3,915,309, over by 1 — the README's example line.
        Assert.Equal("shares = 1: would bring Series B Preferred Stock to 3,915,309 shares issued, retired or reserved, over its fixed number of 3,915,308 by 1 (FOURTH §2)",
            p["detail"]!.GetValue<string>());
        Assert.Equal("FOURTH §2", p["clause"]!.GetValue<string>());
        Assert.Equal("shares", p["field"]!.GetValue<string>());
        Assert.Equal(422, p["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Bad_input_is_400_naming_the_field()
    {
        using var c = f.Client("counsel");
        var r = await c.PostAsJsonAsync("/api/events/issue", new { holder = ServerFixture.Alice, security = "common", shares = 10, price = 1m, date = "1999-13-01", dryRun = true });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var p = await Json(r);
        Assert.Equal("date = 1999-13-01: must be a date YYYY-MM-DD", p["detail"]!.GetValue<string>());

        var neg = await c.PostAsJsonAsync("/api/events/issue", new { holder = ServerFixture.Alice, security = "common", shares = -5, price = 1m, date = "1999-01-01", dryRun = true });
        Assert.Equal(HttpStatusCode.BadRequest, neg.StatusCode);
        Assert.Equal("shares", (await Json(neg))["field"]!.GetValue<string>());

        var exit = await c.GetAsync("/api/waterfall?exit=lots");
        Assert.Equal(HttpStatusCode.BadRequest, exit.StatusCode);
        Assert.Equal("exit", (await Json(exit))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_holder_is_404()
    {
        using var c = f.Client("viewer");
        var r = await c.GetAsync("/api/holders/" + Uri.EscapeDataString("Nobody Here"));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("name", (await Json(r))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Not_signed_in_is_401_and_a_bad_token_too()
    {
        using var anon = f.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/captable")).StatusCode);
        using var bad = new HttpClient { BaseAddress = f.Address };
        bad.DefaultRequestHeaders.Authorization = new("Bearer", f.Tokens["admin"][..^2] + "xx");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bad.GetAsync("/api/captable")).StatusCode);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("alice")]
    public async Task Readers_may_not_write(string user)
    {
        using var c = f.Client(user);
        var r = await c.PostAsJsonAsync("/api/events/issue", new { holder = ServerFixture.Alice, security = "common", shares = 10, price = 1m, date = "1999-01-01" });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Fact]
    public async Task Dry_run_decides_but_writes_nothing()
    {
        using var c = f.Client("admin");
        var before = (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>();
        var r = await c.PostAsJsonAsync("/api/events/transfer", new { from = ServerFixture.Bob, to = ServerFixture.Alice, security = "common", shares = 1_000, date = "1999-02-01", dryRun = true });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await Json(r);
        Assert.True(body["dryRun"]!.GetValue<bool>());
        Assert.Equal("shares-transferred", body["events"]![0]!["type"]!.GetValue<string>());
        var after = (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_write_records_the_user_and_shows_in_the_log()
    {
        using var c = f.Client("counsel");
        var r = await c.PostAsJsonAsync("/api/holders", new { name = "Carol Later", kind = "individual" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var body = await Json(r);
        var seq = body["lastSequence"]!.GetValue<long>();
        Assert.Equal("counsel", body["recordedBy"]!.GetValue<string>());
        Assert.Equal("counsel", f.Users.RecordedBy(seq));
        // On the stored event itself, inside its chain hash: read the SQLite file, not the server's cache.
        using (var store = SqliteEventStore.Open(f.LedgerPath, create: false))
        {
            Assert.Equal("counsel", store.ReadAll(withIntegrity: true).Single(e => e.Sequence == seq).RecordedBy);
            Assert.True(store.VerifyChain().IsOk);
        }

        using var v = f.Client("viewer");
        var log = await Json(await v.GetAsync("/api/events?offset=0&limit=1000"));
        Assert.Contains(log["events"]!.AsArray(), e => e!["sequence"]!.GetValue<long>() == seq);
    }

    [Fact]
    public async Task Events_are_paged()
    {
        using var c = f.Client("viewer");
        var page = await Json(await c.GetAsync("/api/events?offset=2&limit=3"));
        Assert.Equal(3, page["events"]!.AsArray().Count);
        Assert.Equal(2, page["offset"]!.GetValue<int>());
        Assert.True(page["total"]!.GetValue<int>() >= 5);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("/api/events?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Two_writers_on_the_same_sequence_one_gets_409_and_retries()
    {
        using var a = f.Client("admin");
        using var b = f.Client("counsel");
        var seq = (await Json(await a.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>();
        var ra = a.PostAsJsonAsync("/api/holders", new { name = "Writer A", expectedSequence = seq });
        var rb = b.PostAsJsonAsync("/api/holders", new { name = "Writer B", expectedSequence = seq });
        var results = await Task.WhenAll(ra, rb);
        // Both decided on the same ledger: exactly one is written, the other is told the ledger moved on.
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        var loser = Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("expectedSequence", (await Json(loser))["field"]!.GetValue<string>());
        // The loser re-reads, decides again and retries.
        var fresh = (await Json(await b.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>();
        Assert.Equal(seq + 1, fresh);
        var name = results[0].StatusCode == HttpStatusCode.Conflict ? "Writer A" : "Writer B";
        var retry = await b.PostAsJsonAsync("/api/holders", new { name, expectedSequence = fresh });
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
    }

    [Fact]
    public async Task Waterfall_and_breakpoints_are_the_CLI_views()
    {
        using var c = f.Client("viewer");
        var w = await Json(await c.GetAsync("/api/waterfall?exit=250000000"));
        // The classes and options add up to the exit to the cent (FOURTH §4: every dollar distributed).
        var total = w["classes"]!.AsArray().Sum(x => x!["total"]!.GetValue<decimal>());
        Assert.Equal(250_000_000m, total);
        var bp = await Json(await c.GetAsync("/api/breakpoints"));
        Assert.NotEmpty(bp["breakpoints"]!.AsArray());
        var svg = await c.GetAsync("/api/charts/waterfall.svg?max=500000000");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", (await svg.Content.ReadAsStringAsync()).TrimStart());
        var cp = await Json(await c.GetAsync("/api/conversion-prices"));
        Assert.Equal(5, cp["series"]!.AsArray().Count);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        using var c = f.Client(null);
        var doc = await Json(await c.GetAsync("/openapi/v1.json"));
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var p in new[]
                 {
                     "/api/captable", "/api/waterfall", "/api/events", "/api/events/issue", "/api/holders/{name}", "/api/conversion-prices",
                     "/api/events/split", "/api/events/void", "/api/events/convert", "/api/events/dividend-declare", "/api/votes", "/api/approvals",
                     "/api/valuation/opm", "/api/model/round",
                 })
            Assert.Contains(p, paths);
        // A refusal is listed as a problem answer: 422 with application/problem+json.
        var split = doc["paths"]!["/api/events/split"]!["post"]!["responses"]!;
        Assert.NotNull(split["422"]!["content"]!["application/problem+json"]);
        Assert.NotNull(split["409"]);
    }
}

/// <summary>The server keeps the folded state between requests and evolves it on its own writes; it must equal a fresh fold.</summary>
public sealed class Api_Cached_State(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static async Task<JsonNode> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task After_writes_the_served_state_is_a_fresh_fold_of_the_stored_ledger()
    {
        using var c = f.Client("admin");
        await c.GetAsync("/api/captable");   // the server now holds a folded state; the writes below evolve it
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsJsonAsync("/api/events/issue",
            new { holder = ServerFixture.Alice, security = "common", shares = 7_000, price = 0.50m, date = "2001-06-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsJsonAsync("/api/events/transfer",
            new { from = ServerFixture.Bob, to = ServerFixture.Alice, security = "common", shares = 3_000, date = "2001-06-02" })).StatusCode);
        var served = await Json(await c.GetAsync("/api/captable"));
        using var store = SqliteEventStore.Open(f.LedgerPath, create: false);
        var fresh = JsonNode.Parse(JsonSerializer.Serialize(CapTableView.From(Fold.TryReplay(store.ReadAll()).Value), ViewJson.Options))!;
        Assert.True(JsonNode.DeepEquals(fresh, served), served.ToJsonString());
        var alice = await Json(await c.GetAsync("/api/holders/" + Uri.EscapeDataString(ServerFixture.Alice)));
        // 100,000 + 7,000 issued + 3,000 transferred in = 110,000 common, 
        Assert.Equal(110_000, alice["positions"]![0]!["shares"]!.GetValue<long>());
    }
}
