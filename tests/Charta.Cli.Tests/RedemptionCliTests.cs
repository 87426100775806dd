using System.Text.Json;

namespace Charta.Cli.Tests;

/// <summary>
/// Issue 12: `charta redeem request|pay|list` on nvca-2020-style (Part B §6.1, §6.2): Fund A holds 1,000 A issued
/// 2020-03-01 (its Original Issue Date); it may require redemption on or after 2025-03-01, in three annual instalments
/// from 60 days after the request.
/// </summary>
public class RedemptionCliTests
{
    private static CliHarness Known()
    {
        var h = new CliHarness();
        h.Ok("init", "--charter", "nvca-2020-style");
        h.Ok("holder", "add", "Fund A");
        h.Ok("issue", "--holder", "Fund A", "--security", "A", "--shares", "1000", "--price", "2.00", "--date", "2020-03-01");
        return h;
    }

    [Fact]
    public void Part_B_6_1_TooEarly_ExitsTwo_OneLine_NothingWritten()
    {
        using var h = Known();
        var log = h.Ok("log");
        var r = h.Run("redeem", "request", "--id", "RED-1", "--holder", "Fund A", "--series", "A", "--shares", "900", "--date", "2025-02-28");
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.Contains("2025-03-01", r.Err);
        Assert.Contains("(Article Fourth, Part B §6.1)", r.Err);
        Assert.Equal(log, h.Ok("log"));
    }

    [Fact]
    public void Part_B_6_2_RequestThenFirstInstalment_DryRunJson_ThenRecorded()
    {
        using var h = Known();
        var req = h.Ok("redeem", "request", "--id", "RED-1", "--holder", "Fund A", "--series", "A", "--shares", "900", "--date", "2025-03-01");
        // 2025-03-01 + 60 days = 2025-04-30, then yearly.
        Assert.Contains("Redemption Dates (Article Fourth, Part B §6.2): 2025-04-30, 2026-04-30, 2027-04-30.", req);

        var json = h.Ok("redeem", "pay", "--id", "RED-1", "--date", "2025-04-30", "--dry-run", "--json");
        using (var doc = JsonDocument.Parse(json))
        {
            Assert.True(doc.RootElement.GetProperty("dryRun").GetBoolean());
            Assert.Equal("redemption-instalment-paid", doc.RootElement.GetProperty("recorded")[0].GetProperty("type").GetString());
        }

        Assert.DoesNotContain("redemption-instalment-paid", h.Ok("log"));
        // 900 / 3 = 300 shares: 300 × $2.00 = $600.00; accrued 300 × 0.9773014947980… = 293.1904… → $293.19 (see
        // Part_B_6_RedemptionAtTheHoldersOption for the per-share figure); $893.19 in all.
        var text = h.Ok("redeem", "pay", "--id", "RED-1", "--date", "2025-04-30");
        Assert.Contains("Redeemed instalment 1 of 3 of RED-1 (due 2025-04-30): 300 A of Fund A for $893.19", text);
        Assert.Contains("600 shares of the request remain outstanding preferred", text);
        using var list = JsonDocument.Parse(h.Ok("redeem", "list", "--as-of", "2025-05-01", "--json"));
        var r = list.RootElement.GetProperty("requests")[0];
        Assert.Equal(300, r.GetProperty("redeemed").GetInt64());
        Assert.Equal("2026-04-30", r.GetProperty("nextRedemptionDate").GetString());
    }
}
