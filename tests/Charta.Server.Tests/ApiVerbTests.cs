using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Charta.Server.Tests;

/// <summary>The CLI's other write verbs over HTTP: each decided by the core, refused with its clause, recorded with the user.</summary>
public sealed class Api_Write_Verbs(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static async Task<JsonNode> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!;

    private static decimal Price(JsonNode cp, string series) =>
        cp["series"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == series)!["conversionPrice"]!.GetValue<decimal>();

    [Fact]
    public async Task A_1_for_2_combination_doubles_every_conversion_price_and_void_restores_it_FOURTH_6e_i()
    {
        using var c = f.Client("admin");
        var before = await Json(await c.GetAsync("/api/conversion-prices"));
        var common = (await Json(await c.GetAsync("/api/captable")))["totals"]!["commonOutstanding"]!.GetValue<long>();

        var dry = await c.PostAsJsonAsync("/api/events/split", new { ratio = "1:2", date = "2003-01-01", dryRun = true });
        Assert.True(dry.StatusCode == HttpStatusCode.OK, await dry.Content.ReadAsStringAsync());
        Assert.Equal("stock-split", (await Json(dry))["events"]![0]!["type"]!.GetValue<string>());

        var r = await c.PostAsJsonAsync("/api/events/split", new { ratio = "1:2", date = "2003-01-01" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var written = await Json(r);
        var seq = written["lastSequence"]!.GetValue<long>();
        // The user is on the event itself (and so in its chain hash), not only in a side table.
        Assert.Equal("admin", written["events"]![0]!["recordedBy"]!.GetValue<string>());
        var log = await Json(await c.GetAsync("/api/events?offset=0&limit=1000"));
        var stored = log["events"]!.AsArray().Single(e => e!["sequence"]!.GetValue<long>() == seq)!;
        Assert.Equal("admin", stored["recordedBy"]!.GetValue<string>());

        var after = await Json(await c.GetAsync("/api/conversion-prices"));
        foreach (var s in before["series"]!.AsArray())
        {
            var id = s!["id"]!.GetValue<string>();
            // A 1-for-2 combination: each conversion price × 2/1 (FOURTH §6(e)(i)), e.g. 1.00 → 2.00.
            Assert.Equal(Price(before, id) * 2m, Price(after, id));
        }

        // Two common shares become one: about half the common outstanding before (20,300,000 → 10,150,000 before any rounding per holder).
        Assert.InRange((await Json(await c.GetAsync("/api/captable")))["totals"]!["commonOutstanding"]!.GetValue<long>(), common / 2 - 100, common / 2 + 100);

        var v = await c.PostAsJsonAsync("/api/events/void", new { @event = seq, reason = "entered in error" });
        Assert.Equal(HttpStatusCode.Created, v.StatusCode);
        Assert.Equal(common, (await Json(await c.GetAsync("/api/captable")))["totals"]!["commonOutstanding"]!.GetValue<long>());
        Assert.Equal(Price(before, "A"), Price(await Json(await c.GetAsync("/api/conversion-prices")), "A"));
    }

    [Fact]
    public async Task A_bad_ratio_is_400_and_cancelling_more_than_outstanding_is_422()
    {
        using var c = f.Client("counsel");
        var bad = await c.PostAsJsonAsync("/api/events/split", new { ratio = "3-1", date = "2003-01-01", dryRun = true });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("ratio = 3-1: must be a ratio NEW:OLD of positive whole numbers, e.g. 3:1 (split) or 1:2 (combination)", (await Json(bad))["detail"]!.GetValue<string>());

        var unknown = await c.PostAsJsonAsync("/api/events/expire", new { id = "NO-SUCH", date = "2003-01-01", dryRun = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("NO-SUCH", (await Json(unknown))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_split_short_of_authorized_common_is_422_naming_the_ratio_given_FOURTH_6i()
    {
        using var c = f.Client("counsel");
        // 2:1 doubles the common but not the authorized: the reserve for conversion falls short (FOURTH §6(i)).
        var r = await c.PostAsJsonAsync("/api/events/split", new { ratio = "2:1", date = "2003-01-01", dryRun = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var p = await Json(r);
        Assert.Equal("FOURTH §6(i)", p["clause"]!.GetValue<string>());
        Assert.StartsWith("ratio = 2:1: would leave ", p["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cash_dividend_dry_run_allocates_every_cent_FOURTH_3()
    {
        using var c = f.Client("counsel");
        var r = await c.PostAsJsonAsync("/api/events/dividend-declare", new { amount = 1_000_000.00m, recordDate = "2002-06-30", dryRun = true });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await Json(r);
        Assert.Equal("dividend-declared", body["events"]![0]!["type"]!.GetValue<string>());
        var result = body["result"]!;
        Assert.Equal(1_000_000.00m, result["amount"]!.GetValue<decimal>());
        // Every dollar is paid to some holder of record: Σ holders' totals = $1,000,000.00 exactly.
        Assert.Equal(1_000_000.00m, result["holders"]!.AsArray().Sum(h => h!["total"]!.GetValue<decimal>()));
        // The preferential part plus the excess is the whole amount.
        var preferential = result["preferential"]!.AsArray().Sum(p => p!["total"]!.GetValue<decimal>());
        Assert.Equal(1_000_000.00m, preferential + result["excess"]!["total"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Convert_dry_run_quotes_OIP_over_CP_rounded_down_FOURTH_6a_i_and_6g_i()
    {
        using var c = f.Client("admin");
        var table = await Json(await c.GetAsync("/api/captable"));
        var holder = table["holders"]!.AsArray().First(h => h!["positions"]!.AsArray().Any(p => p!["security"]!.GetValue<string>() == "A"))!;
        var name = holder["name"]!.GetValue<string>();
        var cp = await Json(await c.GetAsync("/api/conversion-prices"));
        var a = cp["series"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "A")!;
        var oip = a["originalIssuePrice"]!.GetValue<decimal>();
        var price = a["conversionPrice"]!.GetValue<decimal>();
        var r = await c.PostAsJsonAsync("/api/events/convert", new { holder = name, lots = new[] { new { series = "A", shares = 1_001 } }, marketPrice = 2m, date = "2002-07-01", dryRun = true });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var q = (await Json(r))["result"]!["conversion"]!;
        // 1,001 × OIP ÷ CP common, rounded down once; the fraction × $2.00 in cash.
        var exact = 1_001m * oip / price;
        Assert.Equal((long)decimal.Floor(exact), q["commonIssued"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_note_is_granted_with_its_terms()
    {
        using var c = f.Client("admin");
        var r = await c.PostAsJsonAsync("/api/events/grant", new { holder = ServerFixture.Alice, kind = "note", amount = 500_000m, cap = 50_000_000m, discount = 20m, rate = 8m, date = "2002-03-01", dryRun = true });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var e = (await Json(r))["events"]![0]!;
        Assert.Equal("convertible-issued", e["type"]!.GetValue<string>());
        Assert.Equal(500_000m, e["event"]!["amount"]!.GetValue<decimal>());
    }
}

/// <summary>Votes, approvals, the OPM and the round model: reads in the CLI's JSON shapes.</summary>
public sealed class Api_Governance_And_Analysis(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static async Task<JsonNode> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task Votes_add_up_one_per_common_share_and_preferred_as_converted_FOURTH_7a()
    {
        using var c = f.Client("viewer");
        var v = await Json(await c.GetAsync("/api/votes?recordDate=2001-01-01"));
        var totals = v["totals"]!;
        // 20,000,000 founders' + 100,000 Alice + 200,000 Bob common = 20,300,000 common votes.
        Assert.Equal(20_300_000, totals["common"]!.GetValue<long>());
        Assert.Equal(totals["common"]!.GetValue<long>() + totals["preferredVotes"]!.GetValue<long>(), totals["total"]!.GetValue<long>());
        Assert.Equal(totals["total"]!.GetValue<long>(), v["holders"]!.AsArray().Sum(h => h!["total"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("/api/votes?recordDate=2001-02-30")).StatusCode);
    }

    [Fact]
    public async Task Approvals_cite_the_charter_and_an_unknown_action_is_refused()
    {
        using var c = f.Client("viewer");
        var a = await Json(await c.GetAsync("/api/approvals?action=force-conversion&asOf=2001-01-01"));
        var approvals = a["approvals"]!.AsArray();
        Assert.NotEmpty(approvals);
        Assert.All(approvals, x => Assert.False(string.IsNullOrEmpty(x!["clause"]!.GetValue<string>())));
        var unknown = await c.GetAsync("/api/approvals?action=coup");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("action", (await Json(unknown))["field"]!.GetValue<string>().TrimStart('-'));
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("/api/approvals")).StatusCode);
    }

    [Fact]
    public async Task The_OPM_allocates_the_whole_equity_and_the_backsolve_returns_the_round_price()
    {
        using var c = f.Client("alice");   // class-level only: a stockholder may read it
        var r = await Json(await c.GetAsync("/api/valuation/opm?equity=250000000&volatility=0.5&term=2&rate=0.04"));
        // The classes' values add up to the total equity (each dollar of equity belongs to some tranche), to display rounding.
        var sum = r["classes"]!.AsArray().Sum(x => x!["value"]!.GetValue<decimal>());
        Assert.InRange(sum, 250_000_000m - 1m, 250_000_000m + 1m);
        var a = r["classes"]!.AsArray().Single(x => x!["id"]!.GetValue<string>() == "A")!["perShare"]!.GetValue<decimal>();
        var back = await Json(await c.GetAsync($"/api/valuation/opm?backsolve=A={a.ToString(System.Globalization.CultureInfo.InvariantCulture)}&volatility=0.5&term=2&rate=0.04"));
        // Solving for A's per-share value from the equity of $250,000,000 finds that equity again (to the solver's tolerance).
        Assert.InRange(back["backsolve"]!["equity"]!.GetValue<decimal>(), 250_000_000m * 0.999m, 250_000_000m * 1.001m);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("/api/valuation/opm?volatility=0.5&term=2&rate=0.04")).StatusCode);
    }

    [Fact]
    public async Task A_round_is_modelled_from_a_scenario_body_and_nothing_is_recorded()
    {
        using var c = f.Client("viewer");
        var seq = (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>();
        var r = await c.PostAsJsonAsync("/api/model/round?exit=500000000", new
        {
            series = "E", closing = "2000-01-01", preMoney = 200_000_000m, antiDilutionReading = "convertible-security",
            investors = new[] { new { holder = "Fund E", amount = 30_000_000m } },
        });
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var body = await Json(r);
        // Fund E's $30,000,000 buys whole shares at the round price: shares × price ≤ 30,000,000 < (shares + 1) × price.
        var price = body["pricePerShare"]!.GetValue<decimal>();
        var shares = body["newSeries"]!["investors"]![0]!["shares"]!.GetValue<long>();
        Assert.InRange(30_000_000m, shares * price, (shares + 1) * price);
        // The price is the $200,000,000 pre-money over the pre-money shares, rounded; the pre-money stated is that price × those shares.
        Assert.Equal(price * body["preMoneyShares"]!["shares"]!.GetValue<long>(), body["preMoney"]!.GetValue<decimal>());
        Assert.Equal(seq, (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>());
        var bad = await c.PostAsync("/api/model/round", new StringContent("{\"series\": 5}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}

/// <summary>
/// §3 "per annum … payable annually" over HTTP, as on the CLI: a second cash dividend with a record date in a year that
/// already has one is refused unless allowSecond is given (its own server, since it records a dividend).
/// </summary>
public sealed class Api_Dividend_PerAnnum(ServerFixture f) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_second_cash_dividend_in_the_year_needs_allowSecond_FOURTH_3()
    {
        using var c = f.Client("counsel");
        var first = await c.PostAsJsonAsync("/api/events/dividend-declare", new { amount = 100_000.00m, recordDate = "2002-03-31" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var second = await c.PostAsJsonAsync("/api/events/dividend-declare", new { amount = 100_000.00m, recordDate = "2002-09-30", dryRun = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("allow-second", (await second.Content.ReadAsStringAsync()).Replace("allowSecond", "allow-second", StringComparison.Ordinal), StringComparison.Ordinal);
        var allowed = await c.PostAsJsonAsync("/api/events/dividend-declare", new { amount = 100_000.00m, recordDate = "2002-09-30", dryRun = true, allowSecond = true });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        // A reading without allowSecond is bad input.
        var reading = await c.PostAsJsonAsync("/api/events/dividend-declare", new { amount = 100_000.00m, recordDate = "2003-09-30", dryRun = true, reading = "each-declaration" });
        Assert.Equal(HttpStatusCode.BadRequest, reading.StatusCode);
    }
}

/// <summary>The write verbs added after the first server (repurchase of preferred, redemption, PIK, pay-to-play, amendments) over HTTP.</summary>
public sealed class Api_Later_Write_Verbs(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static async Task<JsonNode> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task Repurchase_of_preferred_needs_the_consent_the_charter_asks_and_common_is_the_default_FOURTH_5_and_8a_i()
    {
        using var c = f.Client("counsel");
        // Common by default (the charter's first class): Bob's 1,000 common cancelled.
        var common = await c.PostAsJsonAsync("/api/events/repurchase", new { holder = ServerFixture.Bob, shares = 1_000, date = "2003-01-01", dryRun = true });
        Assert.True(common.StatusCode == HttpStatusCode.OK, await common.Content.ReadAsStringAsync());
        Assert.Equal("shares-cancelled", (await Json(common))["events"]![0]!["type"]!.GetValue<string>());

        // Series A bought back by agreement at $1.00 with the Board's approval but no consent: refused, naming the consent.
        var a = "Series A investors (illustrative)";
        var refused = await c.PostAsJsonAsync("/api/events/repurchase", new { holder = a, security = "A", shares = 1_000, price = 1.00m, approval = "Board 2003-01-01", date = "2003-01-01", dryRun = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("consent", (await Json(refused))["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // With the written consent of the holders of A, B, C and D (every series but D1: more than half the preferred).
        var consent = new { text = "Written consent 2003-01-01", holders = new[] { "A", "B", "C", "D" }.Select(x => new { holder = $"Series {x} investors (illustrative)" }).ToArray() };
        var ok = await c.PostAsJsonAsync("/api/events/repurchase", new { holder = a, security = "A", shares = 1_000, price = 1.00m, approval = "Board 2003-01-01", consent, date = "2003-01-01", dryRun = true });
        Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        Assert.Equal("preferred-repurchased", (await Json(ok))["events"]![0]!["type"]!.GetValue<string>());

        // A price on a repurchase of common is bad input (it applies to preferred only).
        var bad = await c.PostAsJsonAsync("/api/events/repurchase", new { holder = ServerFixture.Bob, shares = 1, price = 1m, date = "2003-01-01", dryRun = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
    }

    [Fact]
    public async Task The_later_verbs_are_decided_by_the_core_over_http_with_the_charters_refusals()
    {
        using var c = f.Client("admin");
        // Juniper's authorized common 100,000,000 → 120,000,000: more common alone needs no consent.
        var amend = await c.PostAsJsonAsync("/api/events/amend-authorized", new { common = 120_000_000, approval = "Stockholders 2003-01-01; filed", date = "2003-01-02", dryRun = true });
        Assert.True(amend.StatusCode == HttpStatusCode.OK, await amend.Content.ReadAsStringAsync());
        Assert.Equal("authorized-shares-amended", (await Json(amend))["events"]![0]!["type"]!.GetValue<string>());

        // Juniper's preferred is not redeemable, pays no dividend in kind and has no pay-to-play: each refused by the core (422).
        foreach (var (url, body) in new (string, object)[]
                 {
                     ("/api/events/redeem-request", new { id = "R-1", holder = "Series A investors (illustrative)", series = "A", shares = 1_000, date = "2003-01-01", dryRun = true }),
                     ("/api/events/dividend-pay-in-kind", new { series = "A", date = "2003-01-01", dryRun = true }),
                     ("/api/events/pay-to-play", new { financing = "Series E", designation = "Board", takeup = new[] { new { holder = "Series A investors (illustrative)", offered = 10, purchased = 0 } }, marketPrice = 1m, date = "2003-01-01", dryRun = true }),
                     ("/api/events/redeem-pay", new { id = "NO-SUCH", date = "2003-01-01", dryRun = true }),
                 })
        {
            var r = await c.PostAsJsonAsync(url, body);
            Assert.True(r.StatusCode == HttpStatusCode.UnprocessableEntity, $"{url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }

        // Bad input is 400 and names the field.
        var noCharter = await c.PostAsJsonAsync("/api/events/amend-charter", new { reason = "r", approval = "a", date = "2003-01-01", dryRun = true });
        Assert.Equal(HttpStatusCode.BadRequest, noCharter.StatusCode);
        Assert.StartsWith("charter = (missing)", (await Json(noCharter))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var noTakeup = await c.PostAsJsonAsync("/api/events/pay-to-play", new { financing = "E", designation = "Board", marketPrice = 1m, date = "2003-01-01", dryRun = true });
        Assert.Equal(HttpStatusCode.BadRequest, noTakeup.StatusCode);
    }

    [Fact]
    public async Task Merger_close_needs_the_merger_consent_and_stores_every_payout_FOURTH_4d_and_8a_ii()
    {
        using var c = f.Client("counsel");
        object Body(object? consent) => new
        {
            closing = "2004-06-30", cash = 250_000_000m, retainedVoting = 0m, meeting = "2004-06-20", firstNotice = "2004-05-01",
            approval = "Board 2004-04-20; stockholders 2004-06-20", consent, dryRun = true,
        };

        // No consent: the charter's merger covenant (more than half the preferred) refuses it, with its clause (422).
        var refused = await c.PostAsJsonAsync("/api/events/merger-close", Body(null));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("consent", (await Json(refused))["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // With the written consent of the A, B, C and D holders: the $250,000,000 are paid out as the waterfall says and
        // each holder's cents are stored on the event; they add up to the consideration.
        var consent = new { text = "Written consent 2004-06-01", holders = new[] { "A", "B", "C", "D" }.Select(x => new { holder = $"Series {x} investors (illustrative)" }).ToArray() };
        var ok = await c.PostAsJsonAsync("/api/events/merger-close", Body(consent));
        Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var e = (await Json(ok))["events"]![0]!;
        Assert.Equal("deemed-liquidation-closed", e["type"]!.GetValue<string>());
        var payouts = e["payload"]?["payouts"] ?? e["event"]?["payouts"];
        Assert.NotNull(payouts);
        Assert.Equal(250_000_000m, payouts!.AsArray().Sum(p => p!["total"]!.GetValue<decimal>()));

        // A market other than exchange, otc or none is bad input (400), naming the field.
        var bad = await c.PostAsJsonAsync("/api/events/merger-close", new
        {
            closing = "2004-06-30", cash = 1m, retainedVoting = 0m, approval = "Board", securities = new[] { new { name = "Acquirer", shares = 10, market = "nasdaq" } }, dryRun = true,
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("securities[0].market = nasdaq", (await Json(bad))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
