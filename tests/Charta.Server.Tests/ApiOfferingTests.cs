using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Charta.Server.Tests;

/// <summary>
/// `ipo`, `model round --commit` and `value opm --monte-carlo` over HTTP: the same core functions as the CLI, the same
/// refusal text and clause, bounded where a server must be.
/// </summary>
public sealed class Api_Offering_Commit_MonteCarlo(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static async Task<JsonNode> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task An_ipo_where_the_readings_differ_is_422_with_both_outcomes_FOURTH_6a_ii_a()
    {
        using var c = f.Client("counsel");
        var seq = (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>();
        // $10 clears A (3 × 0.44 = 1.32), B (3 × 1.07 = 3.21) and C (1.5 × 3.97 = 5.955) but not D or D1 (1 × 11.03):
        // any-series converts all five, each-series A, B and C; the charter names no reading.
        var r = await c.PostAsJsonAsync("/api/events/ipo", new { price = 10m, proceeds = 20_000_000m, shares = 2_000_000, filed = "2001-01-01", dryRun = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var p = await Json(r);
        Assert.Equal("--reading", p["field"]!.GetValue<string>());
        Assert.Equal("FOURTH §6(a)(ii)(a)", p["clause"]!.GetValue<string>());
        Assert.StartsWith("--reading = (none): the readings of \"as the case may be\" differ: any-series converts A, B, C, D, D1, each-series converts A, B, C", p["detail"]!.GetValue<string>());
        Assert.Equal(["A", "B", "C", "D", "D1"], p["readings"]!["anySeries"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(["A", "B", "C"], p["readings"]!["eachSeries"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(seq, (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>());

        // With a reading chosen, the dry run shows the plan and the events, and writes nothing.
        var dry = await c.PostAsJsonAsync("/api/events/ipo", new { price = 10m, proceeds = 20_000_000m, shares = 2_000_000, filed = "2001-01-01", reading = "each-series", dryRun = true });
        Assert.True(dry.StatusCode == HttpStatusCode.OK, await dry.Content.ReadAsStringAsync());
        var plan = (await Json(dry))["result"]!;
        Assert.Equal(["A", "B", "C"], plan["converting"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal("splits-only", plan["barAdjustment"]!.GetValue<string>());
        Assert.Equal(seq, (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>());

        var bad = await c.PostAsJsonAsync("/api/events/ipo", new { price = 10m, proceeds = 20_000_000m, shares = 2_000_000, filed = "2001-01-01", bars = "sometimes", dryRun = true });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_round_commit_is_refused_without_its_consents_and_a_dry_run_shows_its_events()
    {
        using var c = f.Client("admin");
        var seq = (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>();
        object Scenario(string[] consenting) => new
        {
            series = "E", closing = "2002-01-01", preMoney = 200_000_000m, antiDilutionReading = "convertible-security",
            investors = new[] { new { holder = "Fund E", amount = 30_000_000m } }, consenting,
        };
        var refused = await c.PostAsJsonAsync("/api/model/round/commit?approval=board", Scenario([]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("name them with --consent", (await Json(refused))["detail"]!.GetValue<string>());

        // Every holder of shares consents: the consents are met. The dry run shows the events, the amendment first, and writes nothing.
        var everyone = (await Json(await c.GetAsync("/api/captable")))["holders"]!.AsArray()
            .Where(h => h!["positions"]!.AsArray().Count > 0).Select(h => h!["name"]!.GetValue<string>()).ToArray();
        var dry = await c.PostAsJsonAsync("/api/model/round/commit?approval=board&dryRun=true", Scenario(everyone));
        Assert.True(dry.StatusCode == HttpStatusCode.OK, await dry.Content.ReadAsStringAsync());
        var body = await Json(dry);
        Assert.False(body["result"]!["committed"]!.GetValue<bool>());
        Assert.Equal("charter-amended", body["events"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(seq, (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>());

        var done = await c.PostAsJsonAsync("/api/model/round/commit?approval=board", Scenario(everyone));
        Assert.True(done.StatusCode == HttpStatusCode.Created, await done.Content.ReadAsStringAsync());
        var written = await Json(done);
        Assert.True(written["result"]!["committed"]!.GetValue<bool>());
        Assert.Equal(seq + written["events"]!.AsArray().Count, written["lastSequence"]!.GetValue<long>());
        Assert.Equal("admin", written["events"]![0]!["recordedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_monte_carlo_is_bounded_and_named_when_refused()
    {
        using var c = f.Client("viewer");
        const string Opm = "/api/valuation/opm?equity=250000000&volatility=0.5&term=2&rate=0.04";
        var big = await c.GetAsync(Opm + "&monteCarlo=200001");
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Contains("at most 200,000 paths", (await Json(big))["detail"]!.GetValue<string>());
        var r = await c.GetAsync(Opm + "&monteCarlo=2000&seed=7");
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var mc = (await Json(r))["monteCarlo"]!;
        Assert.Equal(2000, mc["paths"]!.GetValue<long>());
        Assert.Equal(7, mc["seed"]!.GetValue<int>());
    }
}
