using System.Text.Json;
using System.Xml;

namespace Charta.Cli.Tests;

public class LiquidationCommandsTests
{
    private static readonly (string Id, string Shares, string Price)[] Preferred =
        [("A", "1743751", "1.00"), ("B", "3915308", "2.40"), ("C", "5200000", "8.93"), ("D", "600000", "11.03"), ("D1", "2580000", "11.03")];

    /// <summary>Juniper with every series at its fixed size; optionally founders' common and an option grant.</summary>
    private static CliHarness Company(bool withCommon)
    {
        var h = new CliHarness().WithCompany(null, "Investors", "Founders", "Staff");
        foreach (var (id, shares, price) in Preferred)
            h.Ok("issue", "--holder", "Investors", "--security", id, "--shares", shares, "--price", price, "--date", "1999-01-01");
        if (withCommon)
        {
            h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "20000000", "--price", "0.01", "--date", "1999-01-01");
            h.Ok("grant", "--holder", "Staff", "--kind", "option", "--shares", "1000000", "--price", "5.00", "--date", "1999-01-01", "--id", "POOL");
        }

        return h;
    }

    [Fact]
    public void Fourth_6g_i_FractionInLiquidation_AggregatedPerHolder_PaidInCash()
    {
        using var h = Company(withCommon: true);
        // At $250M A, B and C convert (C's point is P = 3.97, about $211.5M). "Investors" holds all three:
        // 3,963,070 5/11 + 8,781,999 27/107 + 11,696,725 175/397 = 24,441,794 + 1.1476880 = 24,441,795.1476880 common,
        // so 24,441,795 whole shares (one more than rounding each series down) and 0.1476880 of a share in cash.
        using var doc = JsonDocument.Parse(h.Ok("waterfall", "--exit", "250000000", "--json"));
        var f = doc.RootElement.GetProperty("fractions").EnumerateArray().Single();
        Assert.Equal("Investors", f.GetProperty("holder").GetString());
        Assert.Equal(24_441_795, f.GetProperty("wholeShares").GetInt64());
        Assert.Equal(0.147688m, decimal.Round(f.GetProperty("fraction").GetDecimal(), 6));
        var p = doc.RootElement.GetProperty("commonPricePerShare").GetDecimal();
        Assert.Equal(decimal.Round(f.GetProperty("fraction").GetDecimal() * p, 2, MidpointRounding.AwayFromZero), f.GetProperty("cash").GetDecimal());
        Assert.Equal(250_000_000m, doc.RootElement.GetProperty("holders").EnumerateArray().Sum(x => x.GetProperty("total").GetDecimal()));
    }

    [Fact]
    public void Waterfall_OnlyPreferred_ExitOfOneDollar_AllToThePreferred()
    {
        using var h = Company(withCommon: false);
        var json = h.Ok("waterfall", "--exit", "1", "--json");
        using var doc = JsonDocument.Parse(json);
        var classes = doc.RootElement.GetProperty("classes").EnumerateArray().ToArray();
        var common = classes.Single(c => c.GetProperty("id").GetString() == "common");
        Assert.Equal(0m, common.GetProperty("total").GetDecimal());
        Assert.Equal(1m, classes.Sum(c => c.GetProperty("total").GetDecimal()));
        Assert.All(classes.Where(c => c.GetProperty("id").GetString() != "common"), c => Assert.Equal("preference", c.GetProperty("decision").GetString()));
        Assert.Equal(1m, doc.RootElement.GetProperty("exit").GetDecimal());
        Golden.Match("liquidation-waterfall-one-dollar.json", json);
    }

    [Fact]
    public void Waterfall_Explain_ShowsEachStepWithItsClause()
    {
        using var h = Company(withCommon: true);
        var text = h.Ok("waterfall", "--exit", "300000000", "--explain", "--by", "holder");
        Assert.Contains("FOURTH §6(a)(i)", text);
        Assert.Contains("FOURTH §4(c)", text);
        Golden.Match("liquidation-waterfall-explain.txt", text);
    }

    [Fact]
    public void Waterfall_ClassTotalsAddUpToTheExit()
    {
        using var h = Company(withCommon: true);
        foreach (var exit in new[] { "0", "0.01", "92651890.20", "101451891.21", "257284370", "999999999.99" })
        {
            using var doc = JsonDocument.Parse(h.Ok("waterfall", "--exit", exit, "--json"));
            var sum = doc.RootElement.GetProperty("classes").EnumerateArray().Sum(c => c.GetProperty("total").GetDecimal());
            Assert.Equal(decimal.Parse(exit, System.Globalization.CultureInfo.InvariantCulture), sum);
        }
    }

    [Fact]
    public void Waterfall_BadExit_IsRefusedWithExitCode2()
    {
        using var h = Company(withCommon: false);
        var r = h.Run("waterfall", "--exit", "1.005");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("whole cents", r.Err);
        Assert.Equal(2, h.Run("waterfall", "--exit", "-5").ExitCode);
    }

    [Fact]
    public void Breakpoints_TextAndJson()
    {
        using var h = Company(withCommon: true);
        Golden.Match("liquidation-breakpoints.txt", h.Ok("breakpoints"));
        using var doc = JsonDocument.Parse(h.Ok("breakpoints", "--json"));
        var first = doc.RootElement.GetProperty("breakpoints")[0];
        Assert.Equal(92_651_890.20m, first.GetProperty("exit").GetDecimal());
        Assert.Equal("FOURTH §4(a)", first.GetProperty("clause").GetString());
        Assert.True(doc.RootElement.GetProperty("tranches").GetArrayLength() >= 6);
    }

    [Fact]
    public void ChartWaterfall_WritesAValidPngAndAValidSvg()
    {
        using var h = Company(withCommon: true);
        var png = h.File("waterfall.png");
        var svg = h.File("waterfall.svg");
        h.Ok("chart", "waterfall", "--max", "600000000", "--out", png);
        h.Ok("chart", "waterfall", "--max", "600000000", "--out", svg, "--stacked");
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        var xml = new XmlDocument();
        xml.Load(svg);
        Assert.Equal("svg", xml.DocumentElement!.LocalName);
        Assert.Contains("Juniper Networks, Inc.", File.ReadAllText(svg));
        Assert.Equal(2, h.Run("chart", "waterfall", "--max", "10", "--out", h.File("x.gif")).ExitCode);
    }

    [Fact]
    public void Merger_AtFiftyPointZeroOnePercent_IsNotADeemedLiquidation()
    {
        using var h = Company(withCommon: true);
        var text = h.Ok("merger", "--closing", "2026-03-20", "--cash", "200000000", "--retained-voting", "50.01", "--first-notice", "2026-03-01");
        Assert.Contains("not a deemed liquidation", text);
    }

    [Fact]
    public void Merger_AtFiftyPercent_IsADeemedLiquidation_ValuedAndDistributed()
    {
        using var h = Company(withCommon: true);
        // Prices: $10 every weekday from 2026-02-13 to 2026-03-18; the window is 2026-02-16..2026-03-17 (22 weekdays);
        // 1,000,000 shares × $10 = 10,000,000 less a 10% discount = 9,000,000; with 200,000,000 cash, 209,000,000.
        var csv = h.File("prices.csv");
        var lines = new List<string> { "date,close" };
        for (var d = new DateOnly(2026, 2, 13); d <= new DateOnly(2026, 3, 18); d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) lines.Add($"{d:yyyy-MM-dd},10.00");
        File.WriteAllLines(csv, lines);
        var text = h.Ok("merger", "--closing", "2026-03-20", "--cash", "200000000", "--retained-voting", "50",
            "--security", $"Acquirer common,1000000,market=exchange,prices={csv},discount=10", "--first-notice", "2026-03-01");
        Assert.Contains("Deemed liquidation? YES", text);
        Assert.Contains("$209,000,000.00", text);
        Golden.Match("liquidation-merger.txt", text.Replace(csv, "prices.csv"));
    }

    [Fact]
    public void Merger_MissingPriceDay_IsRefused()
    {
        using var h = Company(withCommon: true);
        var csv = h.File("prices.csv");
        File.WriteAllLines(csv, ["2026-02-16,10", "2026-02-17,10"]);
        var r = h.Run("merger", "--closing", "2026-03-20", "--cash", "0", "--retained-voting", "10",
            "--security", $"X,100,market=exchange,prices={csv}", "--first-notice", "2026-03-01");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("2026-02-18", r.Err);
        Assert.Contains("FOURTH §4(d)(ii)(A)(1)", r.Err);
    }

    [Fact]
    public void Merger_LateNotice_ReportsNonComplianceAndNoPayout_UnlessShortenedByConsent()
    {
        using var h = Company(withCommon: true);
        string[] args = ["merger", "--closing", "2026-03-20", "--cash", "200000000", "--retained-voting", "40", "--first-notice", "2026-03-15", "--json"];
        using (var doc = JsonDocument.Parse(h.Ok(args)))
        {
            Assert.False(doc.RootElement.GetProperty("notices").GetProperty("complies").GetBoolean());
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("waterfall").ValueKind);
        }

        using (var doc = JsonDocument.Parse(h.Ok([.. args, "--shortened-by-consent"])))
        {
            Assert.True(doc.RootElement.GetProperty("notices").GetProperty("complies").GetBoolean());
            Assert.Equal(200_000_000m, doc.RootElement.GetProperty("waterfall").GetProperty("exit").GetDecimal());
        }
    }

    [Fact]
    public void Demo_PrintsTheWaterfallAndWritesTheChart()
    {
        using var h = new CliHarness();
        var chart = h.File("demo.png");
        var r = h.Run("demo", "--chart", chart);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("liquidation waterfall at an exit of $1,000,000,000.00", r.Out);
        Assert.True(new FileInfo(chart).Length > 1000);
    }
}
