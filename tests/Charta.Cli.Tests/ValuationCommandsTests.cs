using System.Text.Json;

namespace Charta.Cli.Tests;

/// <summary>`charta value opm | pwerm | dlom | report` on the demo-style cap table (Juniper terms, founders' common, an option pool).</summary>
public class ValuationCommandsTests
{
    private static readonly (string Id, string Shares, string Price)[] Preferred =
        [("A", "1743751", "1.00"), ("B", "3915308", "2.40"), ("C", "5200000", "8.93"), ("D", "600000", "11.03"), ("D1", "2580000", "11.03")];

    /// <summary>Every series at its fixed size, 20,000,000 founders' common and 8,000,000 options at $0.50 (as `charta demo`).</summary>
    private static CliHarness Company()
    {
        var h = new CliHarness().WithCompany(null, "Investors", "Founders", "Staff");
        foreach (var (id, shares, price) in Preferred)
            h.Ok("issue", "--holder", "Investors", "--security", id, "--shares", shares, "--price", price, "--date", "1999-01-01");
        h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "20000000", "--price", "0.01", "--date", "1999-01-01");
        h.Ok("grant", "--holder", "Staff", "--kind", "option", "--shares", "8000000", "--price", "0.50", "--date", "1999-01-01", "--id", "POOL");
        return h;
    }

    private static readonly string[] Inputs = ["--volatility", "55%", "--term", "2.5", "--rate", "0.04"];

    [Fact]
    public void Opm_Text_Golden()
    {
        using var h = Company();
        var text = h.Ok(["value", "opm", "--equity", "250000000", .. Inputs]);
        Assert.Contains("Value per class:", text);
        Assert.Contains("options at 0.50", text);
        Golden.Match("value-opm.txt", text);
    }

    [Fact]
    public void Opm_Json_ClassesAddUpToTheEquity()
    {
        using var h = Company();
        var json = h.Ok(["value", "opm", "--equity", "250000000", .. Inputs, "--json"]);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var sum = root.GetProperty("classes").EnumerateArray().Sum(c => c.GetProperty("value").GetDecimal());
        Assert.True(Math.Abs(sum - 250_000_000m) < 0.01m, $"{sum}");
        Assert.Equal(0.55m, root.GetProperty("inputs").GetProperty("volatility").GetDecimal());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("backsolve").ValueKind);
        var first = root.GetProperty("tranches")[0];
        Assert.Equal(250_000_000m, first.GetProperty("callAtFrom").GetDecimal());
        Golden.Match("value-opm.json", json);
    }

    /// <summary>Series D's round at $11.03 a share: the solved equity gives $11.03 back.</summary>
    [Fact]
    public void Opm_Backsolve_ReturnsTheRoundPrice()
    {
        using var h = Company();
        using var doc = JsonDocument.Parse(h.Ok(["value", "opm", "--backsolve", "D=11.03", .. Inputs, "--json"]));
        var d = doc.RootElement.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "D");
        Assert.Equal(11.03m, decimal.Round(d.GetProperty("perShare").GetDecimal(), 4));
        var b = doc.RootElement.GetProperty("backsolve");
        Assert.True(b.GetProperty("iterations").GetInt32() > 0);
        Assert.Equal(b.GetProperty("equity").GetDecimal(), doc.RootElement.GetProperty("inputs").GetProperty("equity").GetDecimal());
        Assert.Contains("Backsolve: D at $11.03", h.Ok(["value", "opm", "--backsolve", "D=11.03", .. Inputs]));
    }

    [Fact]
    public void Opm_MonteCarlo_WithinThreeStandardErrors()
    {
        using var h = Company();
        using var doc = JsonDocument.Parse(h.Ok(["value", "opm", "--equity", "250000000", .. Inputs, "--monte-carlo", "100000", "--seed", "42", "--json"]));
        var mc = doc.RootElement.GetProperty("monteCarlo");
        Assert.Equal(100_000, mc.GetProperty("paths").GetInt64());
        Assert.All(mc.GetProperty("classes").EnumerateArray(), c => Assert.True(Math.Abs(c.GetProperty("z").GetDouble()) <= 3, c.ToString()));
    }

    [Theory]
    [InlineData(new[] { "value", "opm", "--volatility", "0.5", "--term", "2", "--rate", "0.04" }, "--equity")]
    [InlineData(new[] { "value", "opm", "--equity", "1000", "--backsolve", "D=11.03", "--volatility", "0.5", "--term", "2", "--rate", "0.04" }, "either --equity or --backsolve")]
    [InlineData(new[] { "value", "opm", "--equity", "1000", "--volatility", "0", "--term", "2", "--rate", "0.04" }, "--volatility = 0")]
    [InlineData(new[] { "value", "opm", "--equity", "1000", "--volatility", "abc", "--term", "2", "--rate", "0.04" }, "--volatility = abc")]
    [InlineData(new[] { "value", "opm", "--backsolve", "Z=1", "--volatility", "0.5", "--term", "2", "--rate", "0.04" }, "names no class")]
    [InlineData(new[] { "value", "opm", "--backsolve", "D", "--volatility", "0.5", "--term", "2", "--rate", "0.04" }, "SERIES=PRICE")]
    [InlineData(new[] { "value", "report", "--out", "r.docx", "--equity", "1000", "--volatility", "0.5", "--term", "2", "--rate", "0.04" }, "--out = r.docx")]
    [InlineData(new[] { "value", "pwerm", "--scenarios", "missing.json" }, "no such file")]
    public void BadInput_OneLine_ExitCode2(string[] args, string expected)
    {
        using var h = Company();
        var r = h.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("Exception", r.Err);
    }

    private const string Scenarios = """
        {
          "valuationDate": "2026-11-25",
          "discountRate": 0.25,
          "scenarios": [
            { "name": "IPO", "kind": "ipo", "probability": 0.25, "date": "2028-06-30", "equity": 900000000 },
            { "name": "Strategic sale", "kind": "sale", "probability": 0.35, "date": "2027-12-31", "equity": 300000000 },
            { "name": "Dissolution", "kind": "dissolution", "probability": 0.10, "date": "2027-06-30", "equity": 40000000 },
            { "name": "Stay private", "kind": "opm", "probability": 0.30, "equity": 250000000, "volatility": 0.55, "term": 2.5, "rate": 0.04 }
          ]
        }
        """;

    [Fact]
    public void Pwerm_Hybrid_Golden()
    {
        using var h = Company();
        File.WriteAllText(h.File("scenarios.json"), Scenarios);
        var text = h.Ok("value", "pwerm", "--scenarios", h.File("scenarios.json"));
        Assert.Contains("hybrid method", text);
        Golden.Match("value-pwerm.txt", text.Replace(h.Folder, "<tmp>"));
        using var doc = JsonDocument.Parse(h.Ok("value", "pwerm", "--scenarios", h.File("scenarios.json"), "--json"));
        Assert.True(doc.RootElement.GetProperty("hybrid").GetBoolean());
        Assert.Equal(4, doc.RootElement.GetProperty("scenarios").GetArrayLength());
    }

    [Fact]
    public void Dlom_Golden()
    {
        using var h = Company();
        var text = h.Ok("value", "dlom", "--volatility", "0.5", "--term", "1", "--rate", "0.05");
        // Finnerty (2012) at σ = 50%, T = 1: 11.24% (worked in the core tests); Chaffe at r = 5%: see Valuation_Dlom.
        Assert.Contains("DLOM 11.24%", text);
        Golden.Match("value-dlom.txt", text);
    }

    [Theory]
    [InlineData("report.html")]
    [InlineData("report.md")]
    [InlineData("report.pdf")]
    public void Report_IsWritten_WithEverySection(string name)
    {
        using var h = Company();
        File.WriteAllText(h.File("scenarios.json"), Scenarios);
        var path = h.File(name);
        var said = h.Ok(["value", "report", "--out", path, "--backsolve", "D=11.03", .. Inputs, "--scenarios", h.File("scenarios.json"), "--dlom", "chaffe"]);
        Assert.Contains("concluded value per common share $", said);
        Assert.True(File.Exists(path));
        if (name.EndsWith(".pdf", StringComparison.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
            Assert.True(bytes.Length > 10_000);
            return;
        }

        var text = File.ReadAllText(path);
        foreach (var section in new[] { "Inputs", "Breakpoints", "Allocation", "Values per class", "Scenarios", "Discount for lack of marketability", "Conclusion", "Payout chart" })
            Assert.Contains(section, text);
        Assert.Contains("Chaffe (1993) protective put", text);
        Assert.Contains("backsolved: Series D at $11.03", text);
        Assert.Contains("Series D preference paid in full", text);
        if (name.EndsWith(".html", StringComparison.Ordinal))
        {
            Assert.Contains("<table>", text);
            Assert.Contains("data:image/png;base64,", text);
        }
        else
        {
            Assert.True(File.Exists(h.File("report-chart.png")));
            Assert.Contains("](report-chart.png)", text);
        }
    }

    /// <summary>The sample scenario file the README uses (docs/samples/scenarios.json) is read and valued.</summary>
    [Fact]
    public void Pwerm_TheReadmeSample_Runs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docs", "samples", "scenarios.json"))) dir = dir.Parent;
        Assert.NotNull(dir);
        using var h = Company();
        var text = h.Ok("value", "pwerm", "--scenarios", Path.Combine(dir!.FullName, "docs", "samples", "scenarios.json"));
        Assert.Contains("hybrid method", text);
        Assert.Contains("Stay private", text);
        // The YAML sample states the same scenarios: the same figures.
        Assert.Equal(text, h.Ok("value", "pwerm", "--scenarios", Path.Combine(dir.FullName, "docs", "samples", "scenarios.yaml")));
        File.WriteAllText(h.File("bad.yaml"), "scenarios: [ {");
        var bad = h.Run("value", "pwerm", "--scenarios", h.File("bad.yaml"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("is not valid YAML", bad.Err);
    }
}
