using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;

namespace Charta.Server.Tests;

/// <summary>
/// Roles: a stockholder sees company-level aggregates and its own holding only. Table-driven over EVERY endpoint the
/// server maps (the test fails when an endpoint is added without a row here).
/// </summary>
public sealed class Roles_Stockholder_Sees_Only_Itself(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static readonly string BobPath = Uri.EscapeDataString(ServerFixture.Bob);
    private static readonly string AlicePath = Uri.EscapeDataString(ServerFixture.Alice);

    /// <summary>Method, route pattern, the URL a stockholder (Alice) tries, a JSON body for writes, and the statuses allowed.</summary>
    public static readonly (string Method, string Pattern, string Url, object? Body, HttpStatusCode[] Allowed)[] Table =
    [
        ("GET", "/api/company/", "/api/company", null, [HttpStatusCode.OK]),
        ("GET", "/api/company/charter", "/api/company/charter", null, [HttpStatusCode.OK]),
        ("GET", "/api/holders/", "/api/holders", null, [HttpStatusCode.OK]),
        ("GET", "/api/holders/{name}", "/api/holders/" + BobPath, null, [HttpStatusCode.Forbidden]),
        ("POST", "/api/holders/", "/api/holders", new { name = "Eve" }, [HttpStatusCode.Forbidden]),
        ("GET", "/api/events/", "/api/events", null, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/issue", "/api/events/issue", new { holder = ServerFixture.Bob, security = "common", shares = 1, price = 1, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/grant", "/api/events/grant", new { holder = ServerFixture.Bob, kind = "option", shares = 1, price = 1, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/exercise", "/api/events/exercise", new { id = "POOL-1", shares = 1, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/transfer", "/api/events/transfer", new { from = ServerFixture.Bob, to = ServerFixture.Alice, security = "common", shares = 1, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/expire", "/api/events/expire", new { id = "POOL-1", date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/cancel", "/api/events/cancel", new { id = "POOL-1", shares = 1, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/repurchase", "/api/events/repurchase", new { holder = ServerFixture.Bob, shares = 1, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/split", "/api/events/split", new { ratio = "2:1", date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/void", "/api/events/void", new { @event = 5, reason = "test", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/reprice", "/api/events/reprice", new { id = "POOL-1", price = 0.1m, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/issue-mixed", "/api/events/issue-mixed", new { holder = ServerFixture.Bob, shares = 1, with = "x", total = 2m, allocated = 1m, approval = "Board", date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/conversion-vote", "/api/events/conversion-vote", new { sharesFor = 1, approval = "vote", marketPrice = 1m, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/distribute", "/api/events/distribute", new { security = "Spinco", perShare = 1m, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/reclassify", "/api/events/reclassify", new { @class = "Class A", perShare = 1m, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/convert", "/api/events/convert", new { holder = ServerFixture.Bob, lots = new[] { new { series = "A", shares = 1 } }, marketPrice = 1m, date = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/dividend-declare", "/api/events/dividend-declare", new { amount = 1000m, recordDate = "1999-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/dividend-pay", "/api/events/dividend-pay", new { id = "DIV-1", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/merger-close", "/api/events/merger-close", new { closing = "2004-06-30", cash = 1m, retainedVoting = 0m, approval = "Board", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/redeem-request", "/api/events/redeem-request", new { id = "R-1", holder = ServerFixture.Bob, series = "A", shares = 1, date = "2001-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/redeem-pay", "/api/events/redeem-pay", new { id = "R-1", date = "2001-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/dividend-pay-in-kind", "/api/events/dividend-pay-in-kind", new { series = "A", date = "2001-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/pay-to-play", "/api/events/pay-to-play", new { financing = "Next", designation = "Board", takeup = new[] { new { holder = ServerFixture.Bob, offered = 1, purchased = 0 } }, marketPrice = 1m, date = "2001-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/amend-authorized", "/api/events/amend-authorized", new { common = 200_000_000, approval = "Stockholders", date = "2001-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/amend-charter", "/api/events/amend-charter", new { charter = new { id = "x" }, reason = "r", approval = "a", date = "2001-01-01", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/events/ipo", "/api/events/ipo", new { price = 34m, proceeds = 68_000_000m, shares = 1_000, filed = "1999-02-09", reading = "any-series", dryRun = true }, [HttpStatusCode.Forbidden]),
        ("GET", "/api/votes", "/api/votes?recordDate=2001-01-01", null, [HttpStatusCode.OK]),
        ("GET", "/api/approvals", "/api/approvals?action=general&asOf=2001-01-01&consent=" + BobPath, null, [HttpStatusCode.Forbidden]),
        ("GET", "/api/valuation/opm", "/api/valuation/opm?equity=250000000&volatility=0.5&term=2&rate=0.04", null, [HttpStatusCode.OK]),
        ("POST", "/api/model/round", "/api/model/round", new { series = "E", price = 20m, investors = new[] { new { holder = "New Fund", amount = 1000000m } } }, [HttpStatusCode.Forbidden]),
        ("POST", "/api/model/round/commit", "/api/model/round/commit?dryRun=true&approval=board",
            new { series = "E", price = 20m, investors = new[] { new { holder = "New Fund", amount = 1000000m } }, consenting = new[] { ServerFixture.Bob } }, [HttpStatusCode.Forbidden]),
        // The Monte Carlo is class-level (no holder): a stockholder may run it, within the server's bound.
        ("GET", "/api/valuation/opm", "/api/valuation/opm?equity=250000000&volatility=0.5&term=2&rate=0.04&monteCarlo=1000", null, [HttpStatusCode.OK]),
        ("GET", "/api/captable/", "/api/captable", null, [HttpStatusCode.OK]),
        ("GET", "/api/waterfall", "/api/waterfall?exit=250000000&explain=true", null, [HttpStatusCode.OK]),
        ("GET", "/api/breakpoints", "/api/breakpoints", null, [HttpStatusCode.OK]),
        ("GET", "/api/charts/waterfall.svg", "/api/charts/waterfall.svg", null, [HttpStatusCode.OK]),
        ("GET", "/api/conversion-prices/", "/api/conversion-prices", null, [HttpStatusCode.OK]),
        ("GET", "/api/conversion-prices/certificates/{event}", "/api/conversion-prices/certificates/1?format=md", null, [HttpStatusCode.Forbidden]),
        ("GET", "/approvals", "/approvals?action=merger", null, [HttpStatusCode.OK]),
        ("GET", "/openapi/{documentName}.json", "/openapi/v1.json", null, [HttpStatusCode.OK]),
        ("GET", "/", "/", null, [HttpStatusCode.Redirect]),
        ("GET", "/signin", "/signin", null, [HttpStatusCode.OK]),
        ("POST", "/signin", "/signin", null, [HttpStatusCode.BadRequest]),
        ("POST", "/signout", "/signout", null, [HttpStatusCode.BadRequest]),
        ("GET", "/captable", "/captable", null, [HttpStatusCode.OK]),
        ("GET", "/ledger", "/ledger", null, [HttpStatusCode.Forbidden]),
        ("POST", "/ledger/issue", "/ledger/issue", null, [HttpStatusCode.BadRequest, HttpStatusCode.Forbidden]),
        ("POST", "/ledger/transfer", "/ledger/transfer", null, [HttpStatusCode.BadRequest, HttpStatusCode.Forbidden]),
        ("GET", "/waterfall", "/waterfall?exit=250000000", null, [HttpStatusCode.OK]),
        ("GET", "/conversion", "/conversion", null, [HttpStatusCode.OK]),
        ("GET", "/holders/{name}", "/holders/" + BobPath + "?exit=250000000", null, [HttpStatusCode.Forbidden]),
        ("GET", "/me", "/me", null, [HttpStatusCode.Redirect]),
    ];

    public static TheoryData<int> Rows() => [.. Enumerable.Range(0, Table.Length)];

    [Fact]
    public void The_table_covers_every_endpoint()
    {
        var mapped = ((IEndpointRouteBuilder)f.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        var covered = Table.Select(t => $"{t.Method} {t.Pattern}").ToHashSet();
        Assert.Empty(mapped.Except(covered));
        Assert.Empty(covered.Except(mapped));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task No_stockholder_token_reads_another_holder(int row)
    {
        var (method, _, url, body, allowed) = Table[row];
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var c = new HttpClient(handler) { BaseAddress = f.Address };
        c.DefaultRequestHeaders.Authorization = new("Bearer", f.Tokens["alice"]);
        using var r = method == "GET" ? await c.GetAsync(url)
            : body is null ? await c.PostAsync(url, new FormUrlEncodedContent([]))
            : await c.PostAsJsonAsync(url, body);
        Assert.Contains(r.StatusCode, allowed);
        var text = await r.Content.ReadAsStringAsync() + r.Headers.Location;
        foreach (var other in f.HolderNames.Where(h => h != ServerFixture.Alice))
        {
            Assert.DoesNotContain(other, text, StringComparison.Ordinal);
            Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(other), text, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(other), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_stockholder_reads_its_own_holding_and_the_aggregates()
    {
        using var c = f.Client("alice");
        var me = JsonNode.Parse(await c.GetStringAsync("/api/holders/" + AlicePath))!;
        Assert.Equal(100_000, me["positions"]![0]!["shares"]!.GetValue<long>());
        var table = JsonNode.Parse(await c.GetStringAsync("/api/captable"))!;
        Assert.Equal([ServerFixture.Alice], table["holders"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()));
        // Company-level aggregates stay whole: 20,000,000 founders' + 100,000 Alice + 200,000 Bob common.
        Assert.Equal(20_300_000, table["totals"]!["commonOutstanding"]!.GetValue<long>());
        var w = JsonNode.Parse(await c.GetStringAsync("/api/waterfall?exit=250000000"))!;
        var mine = Assert.Single(w["holders"]!.AsArray());
        Assert.Equal(ServerFixture.Alice, mine!["name"]!.GetValue<string>());
        Assert.True(mine["total"]!.GetValue<decimal>() > 0);
    }

    [Fact]
    public async Task A_stockholder_reads_the_required_approvals_and_its_own_votes_only()
    {
        using var c = f.Client("alice");
        var a = JsonNode.Parse(await c.GetStringAsync("/api/approvals?action=general&asOf=2001-01-01"))!;
        Assert.NotEmpty(a["approvals"]!.AsArray());
        var v = JsonNode.Parse(await c.GetStringAsync("/api/votes?recordDate=2001-01-01"))!;
        var mine = Assert.Single(v["holders"]!.AsArray());
        // Alice holds 100,000 common: one vote per share (FOURTH §7(a)).
        Assert.Equal(100_000, mine!["total"]!.GetValue<long>());
        Assert.True(v["totals"]!["total"]!.GetValue<long>() > 100_000);
    }

    /// <summary>Every endpoint that carries the write policy, read from the endpoint data source (so a new one is included).</summary>
    private IReadOnlyList<RouteEndpoint> WriteEndpoints() =>
        ((IEndpointRouteBuilder)f.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => a.Policy == Auth.WritePolicy)).ToList();

    [Fact]
    public void Every_api_verb_that_records_carries_the_write_policy()
    {
        // Every POST under /api/events and /api/holders records an event: each must demand admin or counsel.
        var posts = ((IEndpointRouteBuilder)f.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true
                        && (e.RoutePattern.RawText!.StartsWith("/api/events", StringComparison.Ordinal) || e.RoutePattern.RawText.StartsWith("/api/holders", StringComparison.Ordinal)))
            .Select(e => e.RoutePattern.RawText).ToHashSet();
        Assert.Equal(26, posts.Count);   // holders + issue, grant, exercise, transfer + the 14 verbs of WriteApis (ipo the 14th) + the 7 of ChartaWriteApis
        // ... and the one outside them that records: `model round --commit`.
        Assert.Equal([.. posts, "/api/model/round/commit"], WriteEndpoints().Select(e => e.RoutePattern.RawText).ToHashSet());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("alice")]
    public async Task Readers_cannot_write_through_any_endpoint(string user)
    {
        using var c = f.Client(user);
        var before = JsonNode.Parse(await c.GetStringAsync("/api/company"))!["lastSequence"]!.GetValue<long>();
        foreach (var e in WriteEndpoints())
        {
            var url = e.RoutePattern.RawText!.TrimEnd('/');
            // Not a dry run: were the role check missing, the write would be decided and might land.
            var row = Table.FirstOrDefault(t => t.Pattern == e.RoutePattern.RawText);
            var body = System.Text.Json.JsonSerializer.SerializeToNode(row.Body ?? new { })!.AsObject();
            body["dryRun"] = false;
            using var r = await c.PostAsJsonAsync(url, body);
            Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{user} POST {url}: {(int)r.StatusCode}");
        }

        Assert.Equal(before, JsonNode.Parse(await c.GetStringAsync("/api/company"))!["lastSequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_viewer_reads_every_holder()
    {
        using var c = f.Client("viewer");
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/holders/" + BobPath)).StatusCode);
        var table = JsonNode.Parse(await c.GetStringAsync("/api/captable"))!;
        Assert.Contains(ServerFixture.Bob, table["holders"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()));
    }
}
