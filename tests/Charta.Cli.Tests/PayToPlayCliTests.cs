using System.Text.Json;

namespace Charta.Cli.Tests;

/// <summary>
/// `charta pay-to-play` and `charta conversion-vote --series` on the embedded nvca-2020-style charter (its Article
/// Fourth, Part B §5.4 and §5.1(b)): Fund A holds 1,000,000 Series A, Angel 250,000 Series A and 500,000 Seed, Seed Fund
/// 500,000 Seed, all issued 2021-06-01 at their Original Issue Prices ($2.00, $1.00), no adjustment since.
/// </summary>
public class PayToPlayCliTests
{
    private static CliHarness Company()
    {
        var h = new CliHarness();
        h.Ok("init", "--charter", "nvca-2020-style", "--incorporated", "2020-01-02");
        foreach (var n in new[] { "Founders", "Fund A", "Angel", "Seed Fund" }) h.Ok("holder", "add", n);
        h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "7500000", "--price", "0.0001", "--date", "2020-01-02");
        h.Ok("issue", "--holder", "Fund A", "--security", "A", "--shares", "1000000", "--price", "2.00", "--date", "2021-06-01");
        h.Ok("issue", "--holder", "Angel", "--security", "A", "--shares", "250000", "--price", "2.00", "--date", "2021-06-01");
        h.Ok("issue", "--holder", "Angel", "--security", "Seed", "--shares", "500000", "--price", "1.00", "--date", "2021-06-01");
        h.Ok("issue", "--holder", "Seed Fund", "--security", "Seed", "--shares", "500000", "--price", "1.00", "--date", "2021-06-01");
        return h;
    }

    private static readonly string[] Financing =
        ["pay-to-play", "--financing", "Series B", "--designation", "Board resolution 2022-02-20", "--market-price", "0.50", "--date", "2022-03-01",
         "--takeup", "Fund A=400000:400000; Angel=150000:100000; Seed Fund=100000:100000"];

    [Fact]
    public void PayToPlay_DryRun_ShowsAngelConverting_AndWritesNothing()
    {
        using var h = Company();
        var before = h.Ok("log");
        // Angel: 250,000 × 2.00 / 2.00 + 500,000 × 1.00 / 1.00 = 750,000 common; 7,500,000 + 750,000 = 8,250,000 outstanding.
        var text = h.Ok([.. Financing, "--dry-run"]);
        Assert.Contains("Dry run: nothing was recorded", text);
        Assert.Contains("Angel: offered 150,000, bought 100,000: did not play: converted into common", text);
        Assert.Contains("Common outstanding 8,250,000 (Article Fourth, Part B §5.4)", text);
        Assert.Equal(before, h.Ok("log"));
    }

    /// <summary>
    /// The same company on nvca-2020-style with a Shadow Series A (A1: Series A without its anti-dilution) named by
    /// payToPlay.shadowSeries: Angel's 250,000 Series A become 250,000 A1; its 500,000 Seed become 500,000 common
    /// (500,000 × 1.00 / 1.00); 7,500,000 + 500,000 = 8,000,000 common outstanding.
    /// </summary>
    [Fact]
    public void PayToPlay_IntoAShadowSeries_ConvertsShareForShare_AndTheCharterSaysSo()
    {
        using var h = new CliHarness();
        var doc = System.Text.Json.Nodes.JsonNode.Parse(Charta.Core.Charter.CharterLoader.EmbeddedText("nvca-2020-style"))!.AsObject();
        var series = doc["series"]!.AsArray();
        var a1 = series[1]!.DeepClone().AsObject();
        a1["id"] = "A1";
        a1["name"] = "Shadow Series A Preferred Stock";
        a1.Remove("antiDilution");
        series.Add(a1);
        foreach (var k in new[] { "preferred", "total" })
            doc["authorized"]![k]!["value"] = doc["authorized"]![k]!["value"]!.GetValue<long>() + 5_000_000;
        doc["payToPlay"]!["shadowSeries"] = System.Text.Json.Nodes.JsonNode.Parse("""[ { "series": "A", "shadow": "A1", "clause": "Article Fourth, Part B §5.4.2" } ]""");
        File.WriteAllText(h.File("shadow.json"), doc.ToJsonString());
        h.Ok("init", "--charter", h.File("shadow.json"), "--incorporated", "2020-01-02");
        Assert.Contains("Series A converts instead share for share into its shadow series, Series A1, at the Series A conversion price in effect when first issued (Article Fourth, Part B §5.4.2).", h.Ok("charter", "show"));
        foreach (var n in new[] { "Founders", "Fund A", "Angel", "Seed Fund" }) h.Ok("holder", "add", n);
        h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "7500000", "--price", "0.0001", "--date", "2020-01-02");
        h.Ok("issue", "--holder", "Fund A", "--security", "A", "--shares", "1000000", "--price", "2.00", "--date", "2021-06-01");
        h.Ok("issue", "--holder", "Angel", "--security", "A", "--shares", "250000", "--price", "2.00", "--date", "2021-06-01");
        h.Ok("issue", "--holder", "Angel", "--security", "Seed", "--shares", "500000", "--price", "1.00", "--date", "2021-06-01");
        h.Ok("issue", "--holder", "Seed Fund", "--security", "Seed", "--shares", "500000", "--price", "1.00", "--date", "2021-06-01");
        var text = h.Ok(Financing);
        Assert.Contains("Angel: offered 150,000, bought 100,000: did not play: converted into common and 250,000 Shadow Series A Preferred Stock", text);
        Assert.Contains("Common outstanding 8,000,000 (Article Fourth, Part B §5.4)", text);
    }

    [Fact]
    public void PayToPlay_Recorded_StoresTheConversion_AsJson()
    {
        using var h = Company();
        using var doc = JsonDocument.Parse(h.Ok([.. Financing, "--json"]));
        var recorded = doc.RootElement.GetProperty("recorded")[0];
        Assert.Equal("qualified-financing-closed", recorded.GetProperty("type").GetString());
        var conversion = recorded.GetProperty("payload").GetProperty("conversions")[0];
        Assert.Equal("Angel", conversion.GetProperty("holder").GetString());
        Assert.Equal(750_000, conversion.GetProperty("commonIssued").GetInt64());
        Assert.Contains("qualified-financing-closed", h.Ok("log"));
    }

    [Fact]
    public void PayToPlay_AHolderLeftOut_IsRefused_WithOneLine_AndNothingWritten()
    {
        using var h = Company();
        var before = h.Ok("log");
        var r = h.Run("pay-to-play", "--financing", "Series B", "--designation", "Board", "--market-price", "0.50", "--date", "2022-03-01", "--takeup", "Fund A=400000:0");
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Contains("Angel", r.Err);
        Assert.Contains("Article Fourth, Part B §5.4", r.Err);
        Assert.Equal(before, h.Ok("log"));
    }

    [Fact]
    public void ConversionVote_OfSeriesAAlone_ConvertsSeriesA()
    {
        using var h = Company();
        // 1,000,000 of 1,250,000 Series A (more than 1/2): Fund A 1,000,000 and Angel 250,000 common; 7,500,000 + 1,250,000 = 8,750,000.
        var text = h.Ok("conversion-vote", "--series", "A", "--shares-for", "1000000", "--approval", "Written consent 2022-02-28", "--market-price", "0.50", "--date", "2022-03-01");
        Assert.Contains("Series A converted on 2022-03-01 (Article Fourth, Part B §5.1(b)); common outstanding 8,750,000.", text);
    }
}
