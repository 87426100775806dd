using System.Text.Json;
using System.Text.Json.Nodes;

namespace Charta.Cli.Tests;

/// <summary>
/// Session 20: `charta dividend pay-in-kind` and the charter's order of payment in `dividend declare` and `charter show`,
/// on nvca-2020-style with Series A paid in kind, arrears first, and dividend ranks (Series A before the Seed).
/// </summary>
public class DividendOrderCliTests
{
    private static CliHarness Known()
    {
        var h = new CliHarness();
        var doc = JsonNode.Parse(h.Ok("charter", "export", "--charter", "nvca-2020-style"))!.AsObject();
        doc["id"] = "nvca-orders";
        doc["series"]![1]!["dividend"]!["inKind"] = JsonNode.Parse("""{ "fractions": "round-down-pay-cash", "clause": "Article Fourth, Part B §1.1" }""");
        doc["series"]![0]!["dividend"]!["seniority"] = JsonNode.Parse("""{ "value": 1, "clause": "Article Fourth, Part B §1.2" }""");
        doc["series"]![1]!["dividend"]!["seniority"] = JsonNode.Parse("""{ "value": 2, "clause": "Article Fourth, Part B §1.2" }""");
        doc["dividends"]!["arrears"] = JsonNode.Parse("""{ "order": "before-current-period", "clause": "Article Fourth, Part B §1.1" }""");
        File.WriteAllText(h.File("c.json"), doc.ToJsonString());
        h.Ok("init", "--charter", h.File("c.json"), "--incorporated", "2020-01-01");
        h.Ok("holder", "add", "Fund A");
        h.Ok("holder", "add", "Seed Fund");
        h.Ok("issue", "--holder", "Fund A", "--security", "A", "--shares", "1001", "--price", "2.00", "--date", "2020-03-01");
        h.Ok("issue", "--holder", "Seed Fund", "--security", "Seed", "--shares", "1000", "--price", "1.00", "--date", "2020-03-01");
        return h;
    }

    [Fact]
    public void CharterShow_PrintsTheRanksAndTheArrearsTerm()
    {
        using var h = Known();
        var show = h.Ok("charter", "show");
        Assert.Contains("Dividend ranks (a senior rank is paid its arrears and rate first; pro rata within a rank): Series A; then Series Seed (Article Fourth, Part B §1.2).", show);
        Assert.Contains("Dividends in arrears:", show);
    }

    [Fact]
    public void PayInKind_DryRun_ThenRecorded_TheAccrualFalls()
    {
        using var h = Known();
        // To 2021-03-01, one year: 0.16 × 1,001 = $160.16 ÷ 2.00 = 80.08: 80 shares and $0.16 in cash.
        var dry = h.Ok("dividend", "pay-in-kind", "--series", "A", "--date", "2021-03-01", "--dry-run");
        Assert.Contains("Would pay Series A dividends in kind on 2021-03-01: 80 new shares at the Original Issue Price $2.00 (Article Fourth, Part B §1.1).", dry);
        Assert.DoesNotContain("dividend-paid-in-kind", h.Ok("log"));
        using (var doc = JsonDocument.Parse(h.Ok("dividend", "pay-in-kind", "--series", "A", "--date", "2021-03-01", "--json")))
        {
            var i = doc.RootElement.GetProperty("issued")[0];
            Assert.Equal("Fund A", i.GetProperty("holder").GetString());
            Assert.Equal(80, i.GetProperty("shares").GetInt64());
            Assert.Equal(0.16m, i.GetProperty("cash").GetDecimal());
        }

        Assert.Contains("Series A dividends paid in kind: 80 shares to 1 holder(s)", h.Ok("log"));
        Assert.Contains("$0.00", h.Ok("dividend", "accrued", "--as-of", "2021-03-01"));
        // Seed is not paid in kind: refused, exit 2, one line citing the Seed's dividend clause.
        var r = h.Run("dividend", "pay-in-kind", "--series", "Seed", "--date", "2021-03-01");
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.Contains("Article Fourth, Part B §1", r.Err);
    }

    [Fact]
    public void Declare_PrintsTheRanksAndTheArrearsPaid()
    {
        using var h = Known();
        // Record date 2022-06-01: A's arrears, accrued to 2022-01-01 (one anniversary, 2021-03-01, then 306 days,
        // compounding annually): 2.00 × (1.08 × (1 + 0.08 × 306 ÷ 365) − 1) = 0.3048679… a share, × 1,001 = 305.1728… →
        // $305.17. They come first (A is the senior rank): the $100.00 declared goes to them, nothing to A's rate or the Seed.
        var text = h.Ok("dividend", "declare", "--amount", "100.00", "--record-date", "2022-06-01", "--dry-run");
        Assert.Contains("Dividend ranks (Article Fourth, Part B §1.2): A; then Seed; pro rata within a rank.", text);
        Assert.Contains("Series A: arrears $305.17 (accrued and unpaid to 2022-01-01), $100.00 of them paid before the year's rate (Article Fourth, Part B §1.1).", text);

        // The same figures in --json: A (rank 0) has arrears 305.17, 100 of them paid; the Seed (rank 1) none.
        using var doc = JsonDocument.Parse(h.Ok("dividend", "declare", "--amount", "100.00", "--record-date", "2022-06-01", "--dry-run", "--json"));
        var lines = doc.RootElement.GetProperty("preferential").EnumerateArray().ToDictionary(l => l.GetProperty("series").GetString()!);
        Assert.Equal(305.17m, lines["A"].GetProperty("arrears").GetDecimal());
        Assert.Equal(100m, lines["A"].GetProperty("arrearsPaid").GetDecimal());
        Assert.Equal("Article Fourth, Part B §1.1", lines["A"].GetProperty("arrearsClause").GetString());
        Assert.Equal(0, lines["A"].GetProperty("rank").GetInt32());
        Assert.Equal(1, lines["Seed"].GetProperty("rank").GetInt32());
        Assert.Equal("Article Fourth, Part B §1.2", lines["Seed"].GetProperty("rankClause").GetString());
        Assert.Equal(0m, lines["Seed"].GetProperty("arrearsPaid").GetDecimal());
    }
}

/// <summary>Session 20: the common's catch-up ahead of a junior series in `charter show`, `waterfall --explain` and `breakpoints`.</summary>
public class CommonCatchUpCliTests
{
    [Fact]
    public void CatchUp_IsShown_AndPaidAheadOfTheJuniorSeries()
    {
        using var h = new CliHarness();
        // Juniper with Series A junior (seniority 1, the others 2) and $0.25 a common share to the common ahead of it.
        var doc = JsonNode.Parse(h.Ok("charter", "export", "--charter", "juniper-1999"))!.AsObject();
        doc["id"] = "juniper-catch-up";
        foreach (var s in doc["series"]!.AsArray()) s!["liquidation"]!["seniority"] = (string)s["id"]! == "A" ? 1 : 2;
        doc["series"]![0]!["liquidation"]!["commonCatchUp"] = JsonNode.Parse("""{ "perShare": 0.25, "clause": "FOURTH §4(a) (catch-up)" }""");
        File.WriteAllText(h.File("c.json"), doc.ToJsonString());
        h.Ok("init", "--charter", h.File("c.json"), "--incorporated", "1999-01-01");
        foreach (var n in new[] { "Founders", "Fund A", "Fund B" }) h.Ok("holder", "add", n);
        h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "4000000", "--price", "0.01", "--date", "1999-01-01");
        h.Ok("issue", "--holder", "Fund A", "--security", "A", "--shares", "1000000", "--price", "1.00", "--date", "1999-01-01");
        h.Ok("issue", "--holder", "Fund B", "--security", "B", "--shares", "1000000", "--price", "2.40", "--date", "1999-01-01");

        Assert.Contains("Common catch-up before Series A: after every senior rank is paid, the common receives 0.25 a common share outstanding before Series A's preference (FOURTH §4(a) (catch-up)).", h.Ok("charter", "show"));
        // $3,000,000: B's 2,400,000, then 600,000 of the common's 0.25 × 4,000,000 = 1,000,000 catch-up; A nothing.
        var w = h.Ok("waterfall", "--exit", "3000000", "--as-of", "1999-06-01", "--explain");
        Assert.Contains("Common catch-up ahead of Series A", w);
        Assert.Contains("600,000.00", w);
        var b = h.Ok("breakpoints", "--as-of", "1999-06-01");
        Assert.Contains("Common catch-up ahead of Series A paid in full", b);
        Assert.Contains("3,400,000.00", b);
    }
}
