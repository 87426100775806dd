using System.Text.Json;

namespace Charta.Cli.Tests;

/// <summary>The foundation verbs end to end: init, charter show, issue, grant, captable, log, demo, exit codes.</summary>
public sealed class FoundationCliTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void CharterShowJson_ReportsTheFiveSeries_OipsConversionPricesAndAuthorized()
    {
        using var doc = JsonDocument.Parse(_h.Ok("charter", "show", "--json"));
        var series = doc.RootElement.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["A", "B", "C", "D", "D1"], series.Select(s => s.GetProperty("id").GetString()));
        // FOURTH §4(a)(i): 1.00 / 2.40 / 8.93 / 11.03 / 11.03; §6(a)(i): 0.44 / 1.07 / 3.97 / 11.03 / 11.03
        Assert.Equal(["1.00", "2.40", "8.93", "11.03", "11.03"], series.Select(s => s.GetProperty("originalIssuePrice").GetRawText()));
        Assert.Equal(["0.44", "1.07", "3.97", "11.03", "11.03"], series.Select(s => s.GetProperty("conversionPrice").GetRawText()));
        Assert.Equal([1_743_751L, 3_915_308L, 5_200_000L, 600_000L, 2_580_000L], series.Select(s => s.GetProperty("fixedShares").GetInt64()));
        Assert.Equal(["0.05", "0.12", "0.45", "0.55", "0.55"], series.Select(s => s.GetProperty("dividendRate").GetRawText()));
        var a = doc.RootElement.GetProperty("authorized");
        Assert.Equal((85_039_059L, 71_000_000L, 14_039_059L), (a.GetProperty("total").GetInt64(), a.GetProperty("common").GetInt64(), a.GetProperty("preferred").GetInt64()));
    }

    [Fact]
    public void IssuingOneMoreSeriesBThanFixed_ExitsTwo_AndTheLogIsUnchanged()
    {
        _h.WithCompany(null, "KP");
        var before = _h.Ok("log");
        var r = _h.Run("issue", "--holder", "KP", "--security", "B", "--shares", "3915309", "--price", "2.40", "--date", "1997-01-15");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: shares = 3,915,309: would bring Series B Preferred Stock to 3,915,309 shares issued, retired or reserved, over its fixed number of 3,915,308 by 1 (FOURTH §2)\n", r.Err);
        Assert.Equal("", r.Out);
        Assert.Equal(before, _h.Ok("log"));
    }

    [Fact]
    public void BadInput_NamesTheOptionAndValue_ExitsTwo()
    {
        _h.WithCompany(null, "KP");
        var r = _h.Run("issue", "--holder", "KP", "--security", "B", "--shares", "lots", "--price", "2.40", "--date", "1997-01-15");
        Assert.Equal((2, "error: --shares = lots: must be a whole number of shares\n"), (r.ExitCode, r.Err));
        r = _h.Run("issue", "--holder", "KP", "--security", "B", "--shares", "10", "--price", "2,40", "--date", "1997-01-15");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: --price = 2,40:", r.Err);
        r = _h.Run("issue", "--holder", "KP", "--security", "B", "--shares", "10", "--price", "2.40", "--date", "15/01/1997");
        Assert.Equal((2, "error: --date = 15/01/1997: must be a date YYYY-MM-DD\n"), (r.ExitCode, r.Err));
        r = _h.Run("issue", "--holder", "KP", "--security", "B");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--shares", r.Err);
        Assert.DoesNotContain("   at ", r.Err); // never a stack trace
    }

    [Fact]
    public void Captable_ListsInstrumentsUpToAHundred_BeyondThatTheirNumber_AndEveryOneWithInstrumentsOrJson()
    {
        // docs/cli.md "Reading the ledger": a text cap table lists each option only when there are at most 100 of them;
        // the holders' "Options etc." and the totals count every one either way; --instruments and --json list them all.
        _h.WithCompany("1996-02-06", "Alice Founder", "Bob Engineer");
        for (var i = 1; i <= 101; i++)
            _h.Ok("grant", "--holder", "Bob Engineer", "--kind", "option", "--shares", "1000", "--price", "0.25", "--date", "1997-02-01",
                "--expires", "2030-02-01", "--exclusion", "employee-plan", "--approval", "Board minutes 1997-01-20");
        var text = _h.Ok("captable", "--as-of", "1998-01-01");
        Assert.Contains("Options, warrants and convertibles: 101, not listed (more than 100)", text);
        Assert.DoesNotContain("G-101", text);
        // 101 options × 1,000 common = 101,000 options outstanding, Bob's and in total.
        Assert.Contains("  Options, warrants, conv.            101,000", text);
        var listed = _h.Ok("captable", "--as-of", "1998-01-01", "--instruments");
        Assert.Contains("G-101", listed);
        Assert.Contains("G-1 ", listed);
        Assert.DoesNotContain("not listed", listed);
        using var doc = JsonDocument.Parse(_h.Ok("captable", "--as-of", "1998-01-01", "--json"));
        Assert.Equal(101, doc.RootElement.GetProperty("instruments").GetArrayLength());
        Assert.Equal(101_000, doc.RootElement.GetProperty("totals").GetProperty("instrumentsOutstanding").GetInt64());
    }

    [Fact]
    public void NoLedger_IsBadInput_NotAnEmptyLedger()
    {
        var r = _h.Run("captable");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no ledger here", r.Err);
        Assert.False(File.Exists(_h.DbPath));
    }

    [Fact]
    public void InitTwice_IsRefused()
    {
        _h.Ok("init");
        var r = _h.Run("init");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("already exists", r.Err);
    }

    [Fact]
    public void MalformedCharterFile_NamesTheFieldAndTheSchemaRule_AndWritesNothing()
    {
        var path = _h.File("bad-charter.json");
        File.WriteAllText(path, Core.Charter.CharterLoader.EmbeddedText("juniper-1999").Replace("\"value\": 3915308", "\"value\": \"3915308\""));
        var r = _h.Run("init", "--charter", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: bad-charter/series/1/fixedShares/value = \"3915308\": fails schema rule 'type': Value is \"string\" but should be \"integer\"\n", r.Err);
        Assert.False(File.Exists(_h.DbPath));
    }

    [Fact]
    public void EventBeforeIncorporation_IsRefused()
    {
        _h.WithCompany("1996-02-06", "F");
        var r = _h.Run("issue", "--holder", "F", "--security", "common", "--shares", "1", "--price", "0.01", "--date", "1996-02-05");
        Assert.Equal((2, "error: date = 1996-02-05: is before the incorporation date 1996-02-06\n"), (r.ExitCode, r.Err));
    }

    [Fact]
    public void CapTable_TextAndJson_Golden()
    {
        _h.WithCompany("1996-02-06", "Alice Founder", "Kleiner Perkins", "Bob Engineer");
        _h.Ok("issue", "--holder", "Alice Founder", "--security", "common", "--shares", "4,000,000", "--price", "0.01", "--date", "1996-02-06");
        _h.Ok("issue", "--holder", "Kleiner Perkins", "--security", "A", "--shares", "1743751", "--price", "1.00", "--date", "1996-03-01");
        _h.Ok("issue", "--holder", "Kleiner Perkins", "--security", "B", "--shares", "3915308", "--price", "2.40", "--date", "1997-01-15");
        _h.Ok("grant", "--holder", "Bob Engineer", "--kind", "option", "--shares", "100000", "--price", "0.25", "--date", "1997-02-01",
            "--expires", "2007-02-01", "--exclusion", "employee-plan", "--approval", "Board minutes 1997-01-20");
        _h.Ok("exercise", "--id", "G-1", "--shares", "25000", "--date", "1998-03-01");
        _h.Ok("transfer", "--from", "Alice Founder", "--to", "Kleiner Perkins", "--security", "common", "--shares", "10000", "--date", "1998-04-01");

        var text = _h.Ok("captable");
        Golden.Match("captable.txt", text);
        Golden.Match("captable.json", _h.Ok("captable", "--json"));
        Golden.Match("captable-as-of-1997-12-31.json", _h.Ok("captable", "--as-of", "1997-12-31", "--json"));
        Golden.Match("log.txt", _h.Ok("log"));

        // Independent checks of the golden figures:
        // A as converted: 1,743,751 × 1.00 / 0.44 = 3,963,070.45 → 3,963,070
        // B as converted: 3,915,308 × 2.40 / 1.07 = 8,781,999.25 → 8,781,999
        // common: 4,000,000 + 25,000 exercised = 4,025,000; options left 75,000, expiring 2007-02-01
        // The read's date is today (the harness clock, 2026-11-25, shown): G-1 is past its expiry, so not outstanding,
        // although no expire event was recorded: fully diluted 4,025,000 + 3,963,070 + 8,781,999 = 16,770,069.
        using var doc = JsonDocument.Parse(_h.Ok("captable", "--json"));
        Assert.Equal("2026-11-25", doc.RootElement.GetProperty("asOf").GetString());
        var totals = doc.RootElement.GetProperty("totals");
        Assert.Equal(4_025_000, totals.GetProperty("commonOutstanding").GetInt64());
        Assert.Equal(4_025_000 + 3_963_070 + 8_781_999, totals.GetProperty("asConverted").GetInt64());
        Assert.Equal(16_770_069, totals.GetProperty("fullyDiluted").GetInt64());
        Assert.Contains("G-1 (Bob Engineer): 75,000 shares, expired 2007-02-01", text);
        // On its expiry date it is still outstanding ("after its expiry date" lapses it): + 75,000 = 16,845,069.
        using var before = JsonDocument.Parse(_h.Ok("captable", "--as-of", "2007-02-01", "--json"));
        Assert.Equal(16_845_069, before.RootElement.GetProperty("totals").GetProperty("fullyDiluted").GetInt64());
        using var after = JsonDocument.Parse(_h.Ok("captable", "--as-of", "2007-02-02", "--json"));
        Assert.Equal(16_770_069, after.RootElement.GetProperty("totals").GetProperty("fullyDiluted").GetInt64());
        var kp = doc.RootElement.GetProperty("holders").EnumerateArray().Single(h => h.GetProperty("name").GetString() == "Kleiner Perkins");
        Assert.Equal(["common", "A", "B"], kp.GetProperty("positions").EnumerateArray().Select(p => p.GetProperty("security").GetString()));
    }

    [Fact]
    public void Demo_PrintsTheIllustrativeCapTable_Golden()
    {
        var chart = _h.File("demo-waterfall.png");
        var r = _h.Run("demo", "--chart", chart);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("ILLUSTRATIVE", r.Out);
        Golden.Match("demo.txt", r.Out.Replace(_h.Folder, "<folder>"));
        Assert.True(new FileInfo(chart).Length > 0);
        // Every series at its fixed number (FOURTH §2): 1,743,751 + 3,915,308 + 5,200,000 + 600,000 + 2,580,000 = 14,039,059
        Assert.Contains("Preferred outstanding            14,039,059", r.Out);
        Assert.False(File.Exists(_h.DbPath)); // the demo writes no ledger
    }

    [Fact]
    public void CharterShow_Text_Golden() => Golden.Match("charter-show.txt", _h.Ok("charter", "show"));
}

public sealed class CharterTextCliTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void CharterText_PrintsTheWordsOfAClause()
    {
        var r = _h.Run("charter", "text", "FOURTH §6(d)(ii)");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("FOURTH §6(d)(ii): (ii) No Adjustment of Conversion Price.", r.Out);
    }

    [Fact]
    public void CharterText_ReadsTheLedgersOwnCharter_OrSaysThereIsNone()
    {
        // A ledger on a charter file (not an embedded charter) has no text shipped with it.
        var json = Charta.Core.Charter.CharterLoader.EmbeddedText("juniper-1999").Replace("\"id\": \"juniper-1999\"", "\"id\": \"acme-2001\"", StringComparison.Ordinal);
        File.WriteAllText(_h.File("acme.json"), json);
        _h.Ok("init", "--charter", _h.File("acme.json"));
        var r = _h.Run("charter", "text", "FOURTH §6(d)(ii)");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("the charter 'acme-2001' comes with no text", r.Err);
        Assert.StartsWith("FOURTH §6(d)(ii):", _h.Ok("charter", "text", "FOURTH §6(d)(ii)", "--charter", "juniper-1999"));
    }

    [Fact]
    public void CharterText_UnknownCitation_ExitsTwo()
    {
        var r = _h.Run("charter", "text", "Section 5(c)(ii)(B)");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("CITATION = Section 5(c)(ii)(B)", r.Err);
    }
}
