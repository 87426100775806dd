using System.Text.Json;

namespace Charta.Cli.Tests;

/// <summary>`charta conversion-prices`, `convert`, `ipo`, `certificate`, `notices record-date` (FOURTH §6).</summary>
public class ConversionCliTests
{
    /// <summary>Juniper with founders' common and the five series issued at their fixed sizes; D1 (the OID) on 1998-11-01.</summary>
    private static CliHarness FiveSeries()
    {
        var h = new CliHarness().WithCompany(null, "Founders", "Series A investors", "Series B investors", "Series C investors", "Series D investors", "Series D1 investors");
        h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "20000000", "--price", "0.01", "--date", "1996-02-06");
        h.Ok("issue", "--holder", "Series A investors", "--security", "A", "--shares", "1743751", "--price", "1.00", "--date", "1996-03-01");
        h.Ok("issue", "--holder", "Series B investors", "--security", "B", "--shares", "3915308", "--price", "2.40", "--date", "1996-11-01");
        h.Ok("issue", "--holder", "Series C investors", "--security", "C", "--shares", "5200000", "--price", "8.93", "--date", "1997-07-01");
        h.Ok("issue", "--holder", "Series D investors", "--security", "D", "--shares", "600000", "--price", "11.03", "--date", "1998-03-01");
        h.Ok("issue", "--holder", "Series D1 investors", "--security", "D1", "--shares", "2580000", "--price", "11.03", "--date", "1998-11-01");
        return h;
    }

    [Fact]
    public void ConversionPrices_OnlyTheFiveSeries_AreTheCharterPrices()
    {
        using var h = FiveSeries();
        using var doc = JsonDocument.Parse(h.Ok("conversion-prices", "--json"));
        var prices = doc.RootElement.GetProperty("series").EnumerateArray().Select(s => (s.GetProperty("id").GetString(), s.GetProperty("conversionPrice").GetDecimal())).ToArray();
        Assert.Equal([("A", 0.44m), ("B", 1.07m), ("C", 3.97m), ("D", 11.03m), ("D1", 11.03m)], prices);
        Assert.All(doc.RootElement.GetProperty("series").EnumerateArray(), s => Assert.Equal(0, s.GetProperty("history").GetArrayLength()));
        Assert.Equal("1998-11-01", doc.RootElement.GetProperty("originalIssueDate").GetString());
        Golden.Match("conversion-prices.txt", h.Ok("conversion-prices"));
    }

    [Fact]
    public void Ipo_DryRun_ResetsD1To2890_AndConvertsAllFive_WritingNothing()
    {
        using var h = FiveSeries();
        var before = h.Ok("log");
        // OID 1998-11-01 + 100 days = 1999-02-09; 85% × 34 = 28.90
        var json = h.Ok("ipo", "--price", "34", "--proceeds", "68000000", "--shares", "2000000", "--filed", "1999-02-09", "--dry-run", "--json");
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        Assert.Equal(28.90m, r.GetProperty("d1Reset").GetProperty("newPrice").GetDecimal());
        Assert.Equal(28.90m, r.GetProperty("conversionPricesAtClosing").GetProperty("D1").GetDecimal());
        Assert.Equal(["A", "B", "C", "D", "D1"], r.GetProperty("converting").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(before, h.Ok("log"));
        Golden.Match("ipo-dry-run.json", json);
    }

    [Fact]
    public void Ipo_Recorded_ConvertsTheLedger()
    {
        using var h = FiveSeries();
        var text = h.Ok("ipo", "--price", "34", "--proceeds", "68000000", "--shares", "2000000", "--filed", "1999-02-09", "--closing", "1999-03-15");
        Golden.Match("ipo.txt", text);
        using var cp = JsonDocument.Parse(h.Ok("conversion-prices", "--json"));
        var d1 = cp.RootElement.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "D1");
        Assert.Equal(28.90m, d1.GetProperty("conversionPrice").GetDecimal());
        Assert.Equal("FOURTH §6(c)", d1.GetProperty("history")[0].GetProperty("clause").GetString());
        // D1 holders: 2,580,000 × 11.03 / 28.90 = 984,685.12… → 984,685 common
        Assert.Contains("public-offering-closed", h.Ok("log"));
    }

    [Fact]
    public void Ipo_ReadingOverride_EachSeries()
    {
        using var h = FiveSeries();
        // $10 with no qualifying filing: A, B, C pass; D and D1 (11.03) do not.
        using var doc = JsonDocument.Parse(h.Ok("ipo", "--price", "10", "--proceeds", "20000000", "--shares", "2000000", "--filed", "2001-01-01", "--reading", "each-series", "--dry-run", "--json"));
        Assert.Equal(["A", "B", "C"], doc.RootElement.GetProperty("converting").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(5, doc.RootElement.GetProperty("readings").GetProperty("anySeries").GetArrayLength());
    }

    [Fact]
    public void Fourth_6a_ii_a_AsTheCaseMayBe_NoReading_TheReadingsDiffer_IsRefused_ShowingBoth()
    {
        using var h = FiveSeries();
        var before = h.Ok("log");
        // $10 with no qualifying filing: any-series converts all five (A's bar 3 × 0.44 = 1.32 is met); each-series
        // only A, B, C (D and D1 need 11.03). The charter names no reading: refused, both outcomes shown, nothing written.
        var r = h.Run("ipo", "--price", "10", "--proceeds", "20000000", "--filed", "2001-01-01", "--shares", "2000000");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("any-series converts A, B, C, D, D1, each-series converts A, B, C", r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Contains("Converting under any-series: A, B, C, D, D1; under each-series: A, B, C.", r.Out);
        Assert.Equal(before, h.Ok("log"));
        // With a reading it is recorded.
        h.Ok("ipo", "--price", "10", "--proceeds", "20000000", "--filed", "2001-01-01", "--shares", "2000000", "--reading", "each-series");
        Assert.Contains("public-offering-closed", h.Ok("log"));
    }

    [Fact]
    public void Ipo_AnS8Registration_ConvertsNothing_AndDoesNotResetD1()
    {
        using var h = FiveSeries();
        using var doc = JsonDocument.Parse(h.Ok("ipo", "--price", "34", "--proceeds", "68000000", "--shares", "2000000", "--filed", "1999-02-09", "--kind", "employee-plan", "--dry-run", "--json"));
        Assert.Equal(0, doc.RootElement.GetProperty("converting").GetArrayLength());
        Assert.False(doc.RootElement.GetProperty("kindQualifies").GetBoolean());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("d1Reset").ValueKind);
        Assert.Equal(11.03m, doc.RootElement.GetProperty("conversionPricesAtClosing").GetProperty("D1").GetDecimal());
    }

    [Fact]
    public void Convert_ThousandSeriesA_GivesTwoThousandTwoHundredSeventyTwo_PlusCash()
    {
        using var h = FiveSeries();
        // 1,000 × 1.00 / 0.44 = 2,272.7272…; 0.7272… × $5.00 = $3.636… → $3.64
        var json = h.Ok("convert", "--holder", "Series A investors", "--series", "A", "--shares", "1000", "--date", "1999-06-01", "--market-price", "5.00", "--json");
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(2272, doc.RootElement.GetProperty("conversion").GetProperty("commonIssued").GetInt64());
        Assert.Equal(3.64m, doc.RootElement.GetProperty("conversion").GetProperty("cashForFraction").GetDecimal());
        var text = h.Ok("convert", "--holder", "Series A investors", "--series", "A", "--shares", "1000", "--date", "1999-06-02", "--market-price", "5.00");
        Golden.Match("convert.txt", text);
    }

    [Fact]
    public void Convert_MoreThanHeld_IsRefused()
    {
        using var h = FiveSeries();
        var r = h.Run("convert", "--holder", "Founders", "--series", "A", "--shares", "1", "--date", "1999-06-01", "--market-price", "5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("holds only 0 shares", r.Err);
    }

    /// <summary>
    /// The certificate speaks the charter in use: on simple-seed every fact cites that charter's clauses (its
    /// anti-dilution clause Article IV, Part B §4.4, its certificate clause §4.9), never Juniper's numbering.
    ///   A = 8,000,000 common + 2,000,000 Seed × 1.00 / 1.00 = 10,000,000; B = $500,000 / 1.00 = 500,000; C = 1,000,000.
    ///   New price = 1.00 × 10,500,000 / 11,000,000 = 0.954545… → 0.95 to the nearest cent.
    /// </summary>
    [Fact]
    public void Certificate_OnAnotherCharter_CitesThatChartersClauses()
    {
        using var h = new CliHarness();
        h.Ok("init", "--charter", "simple-seed");
        h.Ok("holder", "add", "Founder");
        h.Ok("holder", "add", "Fund");
        h.Ok("issue", "--holder", "Founder", "--security", "common", "--shares", "8000000", "--price", "0.0001", "--date", "2024-01-02");
        h.Ok("issue", "--holder", "Fund", "--security", "Seed", "--shares", "2000000", "--price", "1.00", "--date", "2024-03-01");
        h.Ok("issue", "--holder", "Founder", "--security", "common", "--shares", "1000000", "--price", "0.50", "--date", "2024-06-01");
        var md = h.Ok("certificate", "--event", "6");
        Assert.Contains("pursuant to Article IV, Part B §4.9", md);
        Assert.Contains("= 0.954545 → **0.95** to the nearest cent (Article IV, Part B §4.4)", md);
        Assert.Contains("in effect immediately before the issue (Article IV, Part B §4.4)", md);
        Assert.DoesNotContain("FOURTH", md);
        Assert.DoesNotContain("FOURTH", h.Ok("conversion-prices", "--explain"));
    }

    [Fact]
    public void Certificate_ShowsTheFormulaWithItsFigures()
    {
        using var h = FiveSeries();
        h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "1000000", "--price", "2.00", "--date", "1999-01-01");
        // A = 20,000,000 + 1,743,751 / 0.44 (3,963,070) + 3,915,308 × 2.40 / 1.07 (8,781,999) + 5,200,000 × 8.93 / 3.97 (11,696,725)
        //     + 600,000 + 2,580,000 = 47,621,794
        // D: (11.03 × 47,621,794 + 2,000,000) / 48,621,794 = 527,268,387.82 / 48,621,794 = 10.844281… → 10.84
        var md = h.Ok("certificate", "--event", "14", "--holder", "Series D investors");
        Assert.Contains("**47,621,794**", md);
        Assert.Contains("10.844281 → **10.84**", md);
        Golden.Match("certificate.md", md);
        Golden.Match("conversion-prices-explain.txt", h.Ok("conversion-prices", "--explain"));
        Golden.Match("certificate.html", h.Ok("certificate", "--event", "14", "--format", "html"));
        h.Ok("certificate", "--event", "14", "--format", "pdf", "--output", h.File("c.pdf"));
        var pdf = File.ReadAllText(h.File("c.pdf"));
        Assert.StartsWith("%PDF-1.4", pdf);
        // Typeset: headings in Helvetica-Bold, the arrow from the Symbol font (code 0xAE = octal 256), × and ÷ in
        // WinAnsi (0xD7 = 327, 0xF7 = 367); nothing left as '?'.
        Assert.Contains("/BaseFont /Helvetica-Bold", pdf);
        Assert.Contains("/F2 16 Tf 56 762 Td (Certificate ) Tj", pdf);
        Assert.Contains("(\\256) Tj", pdf);
        Assert.Contains("\\327", pdf);
        Assert.Contains("\\367", pdf);
        Assert.DoesNotContain("?", string.Concat(pdf.Split('\n').Where(l => l.EndsWith(") Tj ET", StringComparison.Ordinal))));
        var none = h.Run("certificate", "--event", "8");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("FOURTH §6(g)(ii)", none.Err);
    }

    [Fact]
    public void Fourth_6h_NoticeDocument_StatesTheAmountAndCharacter_AndFlagsADistributionInsideItsPeriod()
    {
        using var h = FiveSeries();
        // A dividend in common with record date 1999-06-05; a notice for a record date 1999-06-10 mailed 1999-05-30
        // (deemed given 06-02, 8 days before: late) covers 05-30..06-10, which holds 06-05 (its own notice was due
        // by 06-05 − 10 − 3 = 05-23).
        h.Ok("dividend", "declare", "--kind", "common-stock", "--amount", "1", "--per", "10", "--record-date", "1999-06-05");
        var md = h.Ok("notices", "document", "--record-date", "1999-06-10", "--kind", "non-cash-dividend", "--action", "a dividend payable in common stock",
            "--amount", "one share of Common Stock for every ten shares held", "--terms", "payable 1999-07-01", "--mailed", "1999-05-30");
        Assert.Contains("| Amount and character | one share of Common Stock for every ten shares held |", md);
        Assert.Contains("**LATE**", md);
        Assert.Contains("it needs its own notice, mailed by 1999-05-23", md);
        Golden.Match("notice-document.md", md);
        Assert.Contains("<table>", h.Ok("notices", "document", "--record-date", "1999-06-10", "--action", "a distribution", "--amount", "rights", "--format", "html"));
        var written = h.Ok("notices", "document", "--record-date", "1999-06-10", "--action", "a distribution", "--amount", "rights", "--format", "pdf", "--output", h.File("n.pdf"));
        Assert.Contains("FLAG: event", written);
        Assert.StartsWith("%PDF-1.4", File.ReadAllText(h.File("n.pdf")));
        var missing = h.Run("notices", "document", "--record-date", "1999-06-10", "--action", "a distribution", "--amount", "rights", "--format", "pdf");
        Assert.Equal(2, missing.ExitCode);
    }

    [Fact]
    public void Reprice_RecomputesTheDeemedIssue_AndTheCertificateShowsTheCap()
    {
        using var h = FiveSeries();
        h.Ok("holder", "add", "Lender");
        h.Ok("grant", "--holder", "Lender", "--kind", "warrant", "--shares", "1000000", "--price", "1.00", "--date", "1999-01-01", "--expires", "2004-01-01", "--id", "W-1");
        var t = h.Ok("reprice", "--id", "W-1", "--price", "2.00", "--date", "1999-06-01");
        Assert.Contains("Repriced W-1", t);
        using var doc = JsonDocument.Parse(h.Ok("conversion-prices", "--json"));
        var d = doc.RootElement.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "D").GetProperty("history");
        Assert.Equal(2, d.GetArrayLength());
        Assert.Equal("FOURTH §6(d)(iii)(B)", d[1].GetProperty("clause").GetString());
        // Events: init 1, six holders 2-7, six issues 8-13, Lender 14, grant 15, the reprice 16.
        Golden.Match("certificate-reprice.md", h.Ok("certificate", "--event", "16"));
    }

    [Fact]
    public void ConversionVote_BelowTwoThirds_IsRefused()
    {
        using var h = FiveSeries();
        // preferred outstanding 14,039,059; 2/3 = 9,359,372.67 → at least 9,359,373. After: 20,000,000 + 3,963,070 + 8,781,999
        // + 11,696,725 + 600,000 + 2,580,000 = 47,621,794 common.
        var r = h.Run("conversion-vote", "--shares-for", "9359372", "--approval", "Consent", "--market-price", "5", "--date", "1999-06-01");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("9,359,373 needed", r.Err);
        Assert.Contains("common outstanding 47,621,794", h.Ok("conversion-vote", "--shares-for", "9359373", "--approval", "Consent", "--market-price", "5", "--date", "1999-06-01"));
    }

    [Fact]
    public void NoticesRecordDate_LastMailingDay()
    {
        using var h = FiveSeries();
        // 2000-06-20 − 10 days (§6(h)) − 3 days (§6(j)) = 2000-06-07
        var json = h.Ok("notices", "record-date", "--date", "2000-06-20", "--json");
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("2000-06-07", doc.RootElement.GetProperty("lastMailingDay").GetString());
        Golden.Match("notices-record-date.txt", h.Ok("notices", "record-date", "--date", "2000-06-20"));
    }
}

public sealed class Fourth_6d_v_A_3_MixedConsiderationCli : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    private void FiveSeriesAndFounders()
    {
        _h.WithCompany(null, "Founders", "Inv", "Partner");
        _h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "20000000", "--price", "0.01", "--date", "1996-02-06");
        foreach (var (s, n, p) in new[] { ("A", "1743751", "1.00"), ("B", "3915308", "2.40"), ("C", "5200000", "8.93"), ("D", "600000", "11.03"), ("D1", "2580000", "11.03") })
            _h.Ok("issue", "--holder", "Inv", "--security", s, "--shares", n, "--price", p, "--date", "1998-11-01");
    }

    [Fact]
    public void TheBoardsAllocation_IsThePriceTested_AndAdjustsOnlyTheSeriesAboveIt()
    {
        FiveSeriesAndFounders();
        // 1,000,000 common with warrants for $5,000,000; the Board allocates $3,000,000 to the common: $3.00 a share.
        // $3.00 < A 0.44? no. < B 1.07? no. < C 3.97: yes. < D, D1 11.03: yes. So C, D and D1 adjust; A and B do not.
        // A (broad-based) = 20,000,000 common + as converted: A 3,963,070 + B 8,781,999 + C 11,696,725 + D 600,000 + D1 2,580,000
        //   = 47,621,794. C: B = 3,000,000 / 3.97 = 755,667.50…; 3.97 × (47,621,794 + 755,667.50) / (47,621,794 + 1,000,000)
        //   = 3.97 × 48,377,461.50 / 48,621,794 = 3.9500… → 3.95
        var outText = _h.Ok("issue-mixed", "--holder", "Partner", "--shares", "1000000", "--with", "warrants for 200,000 common",
            "--total", "5000000", "--allocated", "3000000", "--approval", "Board resolution 1999-05-02", "--date", "1999-05-03");
        Assert.Contains("  A    0.44", outText);
        Assert.Contains("  B    1.07", outText);
        Assert.Contains("  C    3.95", outText);
        Assert.DoesNotContain("  D    11.03", outText);
    }

    [Fact]
    public void AnAllocationAboveTheTotal_IsRefused()
    {
        FiveSeriesAndFounders();
        var r = _h.Run("issue-mixed", "--holder", "Partner", "--shares", "10", "--with", "a licence", "--total", "100", "--allocated", "101",
            "--approval", "Board", "--date", "1999-05-03");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("(FOURTH §6(d)(v)(A)(3))", r.Err);
    }
}
