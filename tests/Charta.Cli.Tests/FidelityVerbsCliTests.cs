using System.Text.Json;

namespace Charta.Cli.Tests;

/// <summary>
/// Issue 11 verbs end to end: `repurchase` of preferred and `amend authorized` with `--consent` (FOURTH §8 at write
/// time), `dividend declare --allow-second` (§3 per annum), `--dry-run` and `--json` on every write verb, exit 2 with one
/// line and nothing written on a refusal. Known(): Ace 440 A, Dee 400 D, Don 60 D1 (900 preferred), Cal 1,000 common.
///   more than 1/2 of 900 = 451 shares; at least 2/3 of 900 = 600 shares.
/// </summary>
public class FidelityVerbsCliTests
{
    private static CliHarness Known()
    {
        var h = new CliHarness().WithCompany(null, "Ace", "Dee", "Don", "Cal");
        h.Ok("issue", "--holder", "Ace", "--security", "A", "--shares", "440", "--price", "1.00", "--date", "1999-01-04");
        h.Ok("issue", "--holder", "Dee", "--security", "D", "--shares", "400", "--price", "11.03", "--date", "1999-01-04");
        h.Ok("issue", "--holder", "Don", "--security", "D1", "--shares", "60", "--price", "11.03", "--date", "1999-01-04");
        h.Ok("issue", "--holder", "Cal", "--security", "common", "--shares", "1000", "--price", "20.00", "--date", "1999-01-04");
        return h;
    }

    private static string[] Repurchase(params string[] more) =>
        ["repurchase", "--holder", "Dee", "--security", "D", "--shares", "100", "--price", "12.00", "--date", "1999-03-01", "--approval", "Board 1999-02-25", .. more];

    /// <summary>
    /// Amending a series' terms is a ledger event (`amend charter`), read as adverse to the series, so the adverse-amendment
    /// covenant (Juniper FOURTH §8(a)(i): more than 1/2 of the 900 preferred, 451) is checked at write time. Series D's
    /// liquidation multiple goes from 1 to 2; with Ace and Don consenting (440 + 60 = 500 ≥ 451) it is recorded, and the
    /// waterfall reads it: at a $10,000 exit D takes 400 × 11.03 × 2 = $8,824.00, D1 60 × 11.03 = $661.80, A its $440.00
    /// (converting would give 440 × (10,000 − 8,824 − 661.80) / 1,440 = $157.11), and common the rest, $74.20.
    /// </summary>
    [Fact]
    public void Fourth_8a_AmendingASeriesTerms_NeedsTheAdverseAmendmentConsent_AndTakesEffect()
    {
        using var h = Known();
        var node = System.Text.Json.Nodes.JsonNode.Parse(h.Ok("charter", "export"))!;
        var d = node["series"]!.AsArray().Single(x => x!["id"]!.GetValue<string>() == "D")!;
        d["liquidation"]!["multiple"] = 2;
        File.WriteAllText(h.File("amended.json"), node.ToJsonString());
        string[] Amend(params string[] more) =>
            ["amend", "charter", "--file", h.File("amended.json"), "--reason", "Series D liquidation multiple 2x", "--date", "1999-03-01",
                "--approval", "Stockholders 1999-02-26; filed 1999-03-01", .. more];

        var log = h.Ok("log");
        var refused = h.Run(Amend());
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("adverse-amendment needs the consent of more than 1/2 of the 900 preferred shares outstanding (451); 0 consent, 451 short", refused.Err);
        Assert.Equal(log, h.Ok("log"));

        Assert.Contains("Amended the charter on 1999-03-01: Series D liquidation multiple 2x, with the consent of Ace, Don", h.Ok(Amend("--consent", "Written consent 1999-02-26: Ace; Don")));
        var w = h.Ok("waterfall", "--exit", "10000", "--as-of", "1999-06-01");
        Assert.Contains("$8,824.00", w);
        Assert.Contains("$74.20", w);
    }

    private static string[] MergerClose(params string[] more) =>
        ["merger-close", "--closing", "1999-06-30", "--cash", "10000", "--retained-voting", "0", "--meeting", "1999-06-20", "--first-notice", "1999-05-01",
            "--approval", "Board 1999-04-20; stockholders 1999-06-20", .. more];

    /// <summary>
    /// A deemed liquidation (FOURTH §4(d)) recorded at its closing needs the §8(a)(ii) consent of more than 1/2 of the
    /// 900 preferred (451): Dee's 400 alone are 51 short; Dee and Don (460) suffice. The $10,000 are distributed as the
    /// waterfall says and stored per holder:
    ///   preferences D 400 × 11.03 = 4,412.00 and D1 60 × 11.03 = 661.80 stay; A converts (440 common): the common's pool
    ///   is 10,000 − 4,412 − 661.80 = 4,926.20 over 1,440 shares = 3.420972… a share (A's preference would be only $440);
    ///   Cal 1,000 and Ace 440 share the 4,926.20. Afterwards nothing may be dated later, and a back-dated issue that
    ///   would change a payout is refused, naming the closing.
    /// </summary>
    [Fact]
    public void Fourth_4d_And_8_MergerClose_NeedsTheConsent_StoresThePayouts_AndClosesTheLedger()
    {
        using var h = Known();
        var log = h.Ok("log");
        var refused = h.Run(MergerClose("--consent", "Written consent 1999-06-01: Dee"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("merger needs the consent of more than 1/2 of the 900 preferred shares outstanding (451); 400 consent (Dee), 51 short", refused.Err);
        Assert.Single(refused.Err.TrimEnd('\n').Split('\n'));
        Assert.Equal(log, h.Ok("log"));

        var closed = h.Ok(MergerClose("--consent", "Written consent 1999-06-01: Dee; Don"));
        Assert.Contains("Closed the deemed liquidation on 1999-06-30: $10,000.00 distributed to 4 holders, with the consent of Dee, Don", closed);
        Assert.Contains("  Dee: $4,412.00", closed);
        Assert.Contains("  Don: $661.80", closed);
        using var json = System.Text.Json.JsonDocument.Parse(h.Ok("log", "--json"));
        var e = json.RootElement.GetProperty("events").EnumerateArray().Last();
        Assert.Equal("deemed-liquidation-closed", e.GetProperty("type").GetString());
        var payouts = e.GetProperty("event").GetProperty("payouts").EnumerateArray().ToDictionary(p => p.GetProperty("holder").GetString()!, p => p.GetProperty("total").GetDecimal());
        Assert.Equal(4_926.20m, payouts["Cal"] + payouts["Ace"]);
        Assert.Equal(10_000m, payouts.Values.Sum());

        var later = h.Run("issue", "--holder", "Cal", "--security", "common", "--shares", "10", "--price", "20.00", "--date", "1999-07-01");
        Assert.Equal(2, later.ExitCode);
        Assert.Contains("when the company's deemed liquidation closed (event 10)", later.Err);
        var earlier = h.Run("issue", "--holder", "Cal", "--security", "common", "--shares", "100", "--price", "20.00", "--date", "1999-02-01");
        Assert.Equal(2, earlier.ExitCode);
        Assert.Contains("would change event 10 (deemed-liquidation-closed, 1999-06-30): ", earlier.Err);
        Assert.Contains("void event 10", h.Run("issue", "--holder", "Cal", "--security", "common", "--shares", "100", "--price", "20.00", "--date", "1999-02-01", "--restate").Err);
    }

    [Fact]
    public void Fourth_5_RepurchaseOfPreferred_WithoutTheConsent_ExitsTwo_OneLine_NothingWritten()
    {
        using var h = Known();
        var log = h.Ok("log");
        var r = h.Run(Repurchase());
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.Contains("more than 1/2 of the 900 preferred shares outstanding (451)", r.Err);
        Assert.Contains("(FOURTH §8(a)(i))", r.Err);
        Assert.Equal(log, h.Ok("log"));

        // Ace alone: 440 < 451, 11 short.
        var shortOf = h.Run(Repurchase("--consent", "Written consent 1999-02-26: Ace"));
        Assert.Equal(2, shortOf.ExitCode);
        Assert.Contains("440 consent (Ace), 11 short", shortOf.Err);
    }

    [Fact]
    public void Fourth_8a_RepurchaseWithAMajority_DryRunJson_ThenRecorded()
    {
        // Ace and Don: 440 + 60 = 500 ≥ 451.
        using var h = Known();
        var json = h.Ok(Repurchase("--consent", "Written consent 1999-02-26: Ace; Don", "--dry-run", "--json"));
        using (var doc = JsonDocument.Parse(json))
        {
            Assert.True(doc.RootElement.GetProperty("dryRun").GetBoolean());
            var e = doc.RootElement.GetProperty("recorded")[0];
            Assert.Equal("preferred-repurchased", e.GetProperty("type").GetString());
            Assert.Equal(2, e.GetProperty("payload").GetProperty("consent").GetProperty("holders").GetArrayLength());
        }

        Assert.DoesNotContain("preferred-repurchased", h.Ok("log"));
        var text = h.Ok(Repurchase("--consent", "Written consent 1999-02-26: Ace; Don"));
        Assert.Contains("Repurchased 100 D from Dee at $12.00 a share on 1999-03-01, with the consent of Ace, Don", text);
        Assert.Contains("preferred-repurchased", h.Ok("log"));
        Assert.Contains("300", h.Ok("captable"));
    }

    [Fact]
    public void Fourth_8b_AmendAuthorizedPreferred_NeedsTwoThirds_CommonAloneNeedsNone()
    {
        using var h = Known();
        var refused = h.Run("amend", "authorized", "--preferred", "20000000", "--date", "1999-03-01", "--approval", "Stockholders 1999-02-28");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("at least 2/3 of the 900 preferred shares outstanding (600)", refused.Err);
        Assert.Contains("(FOURTH §8(b)(i))", refused.Err);

        // Ace and Dee: 840 ≥ 600. Juniper: preferred 14,039,059 → 20,000,000; total 85,039,059 + 5,960,941 = 91,000,000.
        var ok = h.Ok("amend", "authorized", "--preferred", "20000000", "--date", "1999-03-01", "--approval", "Stockholders 1999-02-28",
            "--consent", "Written consent 1999-02-27: Ace; Dee");
        Assert.Contains("common 71,000,000, preferred 20,000,000, total 91,000,000", ok);
        Assert.Contains("common 81,000,000", h.Ok("amend", "authorized", "--common", "81000000", "--date", "1999-03-02", "--approval", "Stockholders"));
    }

    [Fact]
    public void BadInput_ExitsTwo_WithOneLine()
    {
        using var h = Known();
        foreach (var args in new[]
        {
            new[] { "amend", "authorized", "--common", "lots", "--date", "1999-03-01", "--approval", "x" },
            new[] { "amend", "authorized", "--date", "1999-03-01", "--approval", "x" },
            Repurchase("--reading", "sometimes"),
            Repurchase("--consent", "no colon here"),
            new[] { "repurchase", "--holder", "Dee", "--security", "D", "--shares", "100", "--date", "1999-03-01" },
        })
        {
            var r = h.Run(args);
            Assert.True(r.ExitCode == 2, string.Join(' ', args) + ": " + r.Err);
            Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
            Assert.StartsWith("error: ", r.Err);
        }
    }

    [Fact]
    public void Fourth_3_ASecondDividendInTheYear_NeedsAllowSecond()
    {
        using var h = Known();
        h.Ok("dividend", "declare", "--amount", "100", "--record-date", "1999-06-01");
        var r = h.Run("dividend", "declare", "--amount", "100", "--record-date", "1999-11-01");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("per annum, payable annually", r.Err);
        Assert.Contains("Declared DIV-2", h.Ok("dividend", "declare", "--amount", "100", "--record-date", "1999-11-01", "--allow-second"));
    }

    [Fact]
    public void EveryWriteVerb_TakesJson_FormatOnly()
    {
        using var h = Known();
        var json = h.Ok("transfer", "--from", "Cal", "--to", "Ace", "--security", "common", "--shares", "10", "--date", "1999-03-01", "--json");
        using var doc = JsonDocument.Parse(json);
        Assert.False(doc.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal("shares-transferred", doc.RootElement.GetProperty("recorded")[0].GetProperty("type").GetString());
        Assert.Contains("shares-transferred", h.Ok("log"));
    }
}
