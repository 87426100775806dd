using Charta.Core.Tests.Charter;

namespace Charta.Cli.Tests;

/// <summary>
/// Session 20: a ledger on a charter with two classes of common (the Core tests' <see cref="TwoCommonClassesCharter"/>:
/// Class A 1 vote, Class B 10 votes), driven through the CLI: the class named with --class, the votes per class, the
/// approvals of each series separately, the waterfall's rows per class, and OCF export refused (exit 2).
/// </summary>
public sealed class TwoClassesOfCommonCliTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    private void Company()
    {
        File.WriteAllText(_h.File("two.json"), TwoCommonClassesCharter.Json);
        _h.Ok("init", "--charter", _h.File("two.json"), "--incorporated", "2024-01-02");
        foreach (var h in new[] { "Founder", "Angel", "Seed Fund", "A Fund" }) _h.Ok("holder", "add", h);
        _h.Ok("issue", "--holder", "Founder", "--class", "class-b", "--shares", "1000000", "--price", "0.001", "--date", "2024-01-02");
        _h.Ok("issue", "--holder", "Angel", "--security", "class-a", "--shares", "500000", "--price", "0.10", "--date", "2024-01-02");
        _h.Ok("issue", "--holder", "Seed Fund", "--class", "Seed", "--shares", "1000000", "--price", "1.00", "--date", "2024-01-02");
        _h.Ok("issue", "--holder", "A Fund", "--class", "A", "--shares", "1500000", "--price", "2.00", "--date", "2024-01-02");
    }

    [Fact]
    public void Votes_ListEachClassOfCommon_AndCountClassBAtTenVotesAShare()
    {
        Company();
        var text = _h.Ok("votes", "--record-date", "2024-01-03");
        // 1,000,000 Class B × 10 = 10,000,000; 500,000 Class A × 1 = 500,000.
        Assert.Contains("  Class A Common Stock (class-a): 1 vote a share (Article IV, Part A §2(a)); 500,000 shares, 500,000 votes.\n", text);
        Assert.Contains("  Class B Common Stock (class-b): 10 votes a share (Article IV, Part A §2(b)); 1,000,000 shares, 10,000,000 votes.\n", text);
        Assert.Matches(@"Founder\s+10,000,000\s+0\s+0\s+0\s+10,000,000", text);
        Assert.Matches(@"Total\s+10,500,000\s+2,500,000\s+2,500,000\s+13,000,000", text);
        var json = _h.Ok("votes", "--record-date", "2024-01-03", "--json");
        Assert.Contains("\"votesPerShare\": 10", json);
    }

    [Fact]
    public void Repurchase_WithoutSecurity_CancelsTheChartersFirstClassOfCommon_NotALiteralCommon()
    {
        Company();
        // The charter's first common class is class-a (no class is called "common"): Angel's 500,000 - 100,000 = 400,000.
        var text = _h.Ok("repurchase", "--holder", "Angel", "--shares", "100000", "--date", "2024-02-01");
        Assert.Contains("Repurchased and cancelled 100,000 class-a of Angel on 2024-02-01.", text);
        Assert.Matches(@"Angel\s+class-a\s+400,000", _h.Ok("captable", "--as-of", "2024-02-02"));
    }

    [Fact]
    public void Approvals_OfAMerger_AreOneVotePerSeries()
    {
        Company();
        var text = _h.Ok("approvals", "--action", "merger", "--as-of", "2024-01-03");
        Assert.Contains("holders of Series Seed Preferred Stock, each series voting separately", text);
        Assert.Contains("holders of Series A Preferred Stock, each series voting separately", text);
    }

    [Fact]
    public void Waterfall_ShowsARowPerClassOfCommon_AtOnePricePerShare()
    {
        Company();
        // $5,100,000: preferences $1,000,000 + $3,000,000 leave $1,100,000 for 1,500,000 common: $0.7333… a share;
        // Class A 500,000 → $366,666.67, Class B 1,000,000 → $733,333.33 (the cents add up to $1,100,000.00).
        var text = _h.Ok("waterfall", "--exit", "5100000", "--as-of", "2024-01-03");
        Assert.Matches(@"class-a\s+common\s+500,000\s+500,000\s+0\.7333\s+\$366,666\.67", text);
        Assert.Matches(@"class-b\s+common\s+1,000,000\s+1,000,000\s+0\.7333\s+\$733,333\.33", text);
    }

    [Fact]
    public void IssueOverAClassesOwnAuthorizedNumber_IsRefused_Exit2()
    {
        Company();
        var r = _h.Run("issue", "--holder", "Founder", "--class", "class-b", "--shares", "1000001", "--price", "0.001", "--date", "2024-01-02");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: shares = 1,000,001: would bring Class B Common Stock outstanding to 2,000,001, over the 2,000,000 authorized by 1 (Article IV, Part A §1)\n", r.Err);
    }

    [Fact]
    public void CharterShow_ListsEachClassOfCommon_ItsAuthorizedNumberAndVotes()
    {
        Company();
        var text = _h.Ok("charter", "show");
        Assert.Contains("    Class B Common Stock (class-b) 2,000,000 (Article IV, Part A §1), 10 votes a share (Article IV, Part A §2(b))\n", text);
        Assert.Contains("  The preferred converts into Class A Common Stock (Article IV, Part B §4.1).\n", text);
        Assert.Contains("merger                 Article IV, Part B §3.4 more-than 1/2 of the preferred-shares, each series voting separately", text);
        using var doc = System.Text.Json.JsonDocument.Parse(_h.Ok("charter", "show", "--json"));
        var classes = doc.RootElement.GetProperty("commonClasses").EnumerateArray()
            .Select(k => (k.GetProperty("id").GetString(), k.GetProperty("authorized").GetInt64(), k.GetProperty("votesPerShare").GetInt64())).ToArray();
        Assert.Equal([("class-a", 10_000_000L, 1L), ("class-b", 2_000_000L, 10L)], classes);
        Assert.Equal("class-a", doc.RootElement.GetProperty("convertsInto").GetString());
    }

    [Fact]
    public void ExportOcf_OfATwoClassLedger_IsRefused_Exit2()
    {
        Company();
        var r = _h.Run("export", "ocf", "--out", _h.File("out.ocf.zip"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: charter = class-a, class-b: has several classes of common; OCF export writes one common class", r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(_h.File("out.ocf.zip")));
    }
}
