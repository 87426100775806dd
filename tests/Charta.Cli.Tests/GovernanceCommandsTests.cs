using System.Text.Json;

namespace Charta.Cli.Tests;

/// <summary>`charta dividend`, `votes`, `tally`, `approvals`, `election` end to end on a real ledger file.</summary>
public class GovernanceCommandsTests
{
    /// <summary>One share of each series and nothing else.</summary>
    private static CliHarness OneShareOfEachSeries()
    {
        var h = new CliHarness().WithCompany(null, "Investor");
        foreach (var (s, price) in new[] { ("A", "1.00"), ("B", "2.40"), ("C", "8.93"), ("D", "11.03"), ("D1", "11.03") })
            h.Ok("issue", "--holder", "Investor", "--security", s, "--shares", "1", "--price", price, "--date", "1999-01-04");
        return h;
    }

    /// <summary>Ace 440 A (1,000 votes), Dee 400 D (400 votes), Don 60 D1 (60 votes), Cal 1,000 common (at $20, above every conversion price).</summary>
    private static CliHarness Known()
    {
        var h = new CliHarness().WithCompany(null, "Ace", "Dee", "Don", "Cal");
        h.Ok("issue", "--holder", "Ace", "--security", "A", "--shares", "440", "--price", "1.00", "--date", "1999-01-04");
        h.Ok("issue", "--holder", "Dee", "--security", "D", "--shares", "400", "--price", "11.03", "--date", "1999-01-04");
        h.Ok("issue", "--holder", "Don", "--security", "D1", "--shares", "60", "--price", "11.03", "--date", "1999-01-04");
        h.Ok("issue", "--holder", "Cal", "--security", "common", "--shares", "1000", "--price", "20.00", "--date", "1999-01-04");
        return h;
    }

    [Fact]
    public void DividendDeclareDryRun_OfTheFullPreferentialAmount_PaysEachSeriesItsRate_AndCommonNothing()
    {
        // $1.72 = 0.05 + 0.12 + 0.45 + 0.55 + 0.55, one share of each series.
        using var h = OneShareOfEachSeries();
        var json = h.Ok("dividend", "declare", "--amount", "1.72", "--record-date", "1999-06-01", "--dry-run", "--json");
        Golden.Match("governance-dividend-dry-run.json", json);
        using var doc = JsonDocument.Parse(json);
        var rates = new Dictionary<string, decimal> { ["A"] = 0.05m, ["B"] = 0.12m, ["C"] = 0.45m, ["D"] = 0.55m, ["D1"] = 0.55m };
        foreach (var line in doc.RootElement.GetProperty("preferential").EnumerateArray())
        {
            var series = line.GetProperty("series").GetString()!;
            Assert.Equal(rates[series], line.GetProperty("total").GetDecimal());
            Assert.Equal(rates[series], line.GetProperty("perShare").GetDecimal());
            Assert.Equal(100m, line.GetProperty("percentOfRate").GetDecimal());
        }

        Assert.Equal(0m, doc.RootElement.GetProperty("excess").GetProperty("total").GetDecimal());
        // a dry run records nothing
        Assert.DoesNotContain("dividend-declared", h.Ok("log"));
    }

    [Fact]
    public void DividendDeclareThenPay_IsRecorded_AndShownInTheLog()
    {
        using var h = Known();
        Golden.Match("governance-dividend-declare.txt",
            h.Ok("dividend", "declare", "--amount", "100.00", "--record-date", "1999-06-01", "--pay-date", "1999-07-01"));
        Assert.Contains("Paid DIV-1 on 1999-07-01.", h.Ok("dividend", "pay", "--id", "DIV-1"));
        var log = h.Ok("log");
        Assert.Contains("DIV-1: $100.00 cash dividend, payable 1999-07-01", log);
        Assert.Contains("DIV-1: paid", log);
        var again = h.Run("dividend", "pay", "--id", "DIV-1");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already paid", again.Err);
    }

    [Fact]
    public void Votes_PerHolderAndTotals()
    {
        using var h = Known();
        Golden.Match("governance-votes.txt", h.Ok("votes", "--record-date", "1999-06-01"));
    }

    [Fact]
    public void ElectionThreshold_OneOfFiveSeatsOn1200Shares_Is201()
    {
        using var h = new CliHarness().WithCompany();
        Assert.StartsWith("201 of 1,200", h.Ok("election", "threshold", "--seats", "5", "--want", "1", "--shares", "1200"));
        using var doc = JsonDocument.Parse(h.Ok("election", "threshold", "--seats", "5", "--want", "1", "--shares", "1200", "--json"));
        Assert.Equal(201, doc.RootElement.GetProperty("minimumShares").GetInt64());
        // the reverse: 600 of 1,200 guarantee 2 of 5 seats, 601 guarantee 3
        Assert.StartsWith("600 of 1,200 voting shares guarantee 2 of 5", h.Ok("election", "threshold", "--seats", "5", "--bloc", "600", "--shares", "1200"));
    }

    [Fact]
    public void Approvals_IssueSeniorSecurity_IsSection8bi_TwoThirdsOfPreferredShares()
    {
        using var h = Known();
        var json = h.Ok("approvals", "--action", "issue-senior-security", "--json");
        Golden.Match("governance-approvals-senior.json", json);
        using var doc = JsonDocument.Parse(json);
        var first = doc.RootElement.GetProperty("approvals")[0];
        Assert.Equal("FOURTH §8(b)(i)", first.GetProperty("clause").GetString());
        Assert.Equal("preferred-shares", first.GetProperty("base").GetString());
        Assert.Equal("66 2/3%", first.GetProperty("threshold").GetProperty("percent").GetString());
        Assert.Equal(600, first.GetProperty("needed").GetInt64());   // 2/3 of 900
    }

    [Fact]
    public void Approvals_WithConsents_SaysHowFarShortOrOver()
    {
        using var h = Known();
        File.WriteAllText(h.File("consents.csv"), "holder,shares,votes\nAce,,\nDee,159,\n");
        Golden.Match("governance-approvals-consents.txt", h.Ok("approvals", "--action", "issue-senior-security", "--consents", h.File("consents.csv")));
    }

    [Fact]
    public void Tally_AppliesTheMattersThreshold()
    {
        using var h = Known();
        File.WriteAllText(h.File("ballots.json"), """{ "Ace": "for", "Dee": "against", "Don": "abstain", "Cal": "for" }""");
        Golden.Match("governance-tally.txt", h.Ok("tally", "--record-date", "1999-06-01", "--ballots", h.File("ballots.json"), "--matter", "adverse-amendment"));
    }

    [Fact]
    public void Election_ReportsATieAtTheCutOff()
    {
        using var h = Known();
        // Cal 1,000 votes × 2 seats = 2,000; Ace 1,000 × 2 = 2,000. X 1,500; Y 500 and Z 500 tie for the second seat.
        File.WriteAllText(h.File("ballots.csv"), "holder,candidate,votes\nCal,X,1500\nCal,Y,500\nAce,Z,500\n");
        Golden.Match("governance-election-tie.txt", h.Ok("election", "--seats", "2", "--record-date", "1999-06-01", "--ballots", h.File("ballots.csv")));
    }

    [Fact]
    public void Election_RefusesAHolderCastingTooMany_NamingTheHolder()
    {
        using var h = Known();
        File.WriteAllText(h.File("ballots.csv"), "Cal,X,1500\nCal,Y,501\n");
        var r = h.Run("election", "--seats", "2", "--record-date", "1999-06-01", "--ballots", h.File("ballots.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: ballots = Cal: casts 2,001 votes but may cast only 2,000 (1,000 votes × 2 directors) (SEVENTH)\n", r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void ADividendInCommon_IsASubdivisionWhenPaid()
    {
        // 1 new common per 10 held = 11:10. D conversion price 11.03 × 10 / 11 = 10.027272… → 10.0272727273;
        // A 0.44 × 10 / 11 = 0.4 exactly. Cal's 1,000 common → 1,100.
        using var h = Known();
        var declared = h.Ok("dividend", "declare", "--kind", "common-stock", "--amount", "1", "--per", "10", "--record-date", "1999-06-01");
        Assert.StartsWith("Declared DIV-1: 1 new common for every 10 common held, record date 1999-06-01", declared);
        var paid = h.Ok("dividend", "pay", "--id", "DIV-1", "--date", "1999-06-15");
        Assert.Contains("  A    0.40", paid);
        Assert.Contains("  D    10.0272727273", paid);
        using var doc = JsonDocument.Parse(h.Ok("votes", "--record-date", "1999-06-15", "--json"));
        Assert.Equal(1_100, doc.RootElement.GetProperty("totals").GetProperty("common").GetInt64());
    }
}
