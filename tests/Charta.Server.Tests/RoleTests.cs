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
        ("GET", "/api/captable/", "/api/captable", null, [HttpStatusCode.OK]),
        ("GET", "/api/waterfall", "/api/waterfall?exit=250000000&explain=true", null, [HttpStatusCode.OK]),
        ("GET", "/api/breakpoints", "/api/breakpoints", null, [HttpStatusCode.OK]),
        ("GET", "/api/charts/waterfall.svg", "/api/charts/waterfall.svg", null, [HttpStatusCode.OK]),
        ("GET", "/api/conversion-prices/", "/api/conversion-prices", null, [HttpStatusCode.OK]),
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
    public async Task A_viewer_reads_every_holder()
    {
        using var c = f.Client("viewer");
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/holders/" + BobPath)).StatusCode);
        var table = JsonNode.Parse(await c.GetStringAsync("/api/captable"))!;
        Assert.Contains(ServerFixture.Bob, table["holders"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()));
    }
}
