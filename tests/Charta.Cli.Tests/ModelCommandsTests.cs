using System.Text.Json;

namespace Charta.Cli.Tests;

/// <summary>`charta model round` and `charta model schema` on a real SQLite ledger.</summary>
public sealed class ModelCommandsTests
{
    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    /// <summary>The README walk-through company (Kleiner Perkins' B, Alice Founder's common and options, a 3:1 split).</summary>
    private static CliHarness Walkthrough()
    {
        var h = new CliHarness().WithCompany("1996-02-06", "Kleiner Perkins", "Alice Founder");
        h.Ok("issue", "--holder", "Alice Founder", "--security", "common", "--shares", "4000000", "--price", "0.01", "--date", "1996-02-06");
        h.Ok("issue", "--holder", "Kleiner Perkins", "--security", "B", "--shares", "3915308", "--price", "2.40", "--date", "1997-01-15");
        h.Ok("grant", "--holder", "Alice Founder", "--kind", "option", "--shares", "100000", "--price", "0.25", "--date", "1997-02-01",
            "--expires", "2007-02-01", "--exclusion", "employee-plan", "--approval", "Board minutes 1997-01-20");
        h.Ok("exercise", "--id", "G-1", "--shares", "25000", "--date", "1998-03-01");
        h.Ok("transfer", "--from", "Alice Founder", "--to", "Kleiner Perkins", "--security", "common", "--shares", "10000", "--date", "1998-04-01");
        h.Ok("split", "--ratio", "3:1", "--date", "1998-06-01");
        return h;
    }

    /// <summary>A small company after its D1 closing (2000-03-01), fully diluted exactly 10,000,000 (as Core's AntiDilution.Company).</summary>
    private static CliHarness Small()
    {
        var h = new CliHarness().WithCompany("2000-01-01", "Founders", "A holders", "B holders", "C holders", "D holders", "D1 holders");
        h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "2707000", "--price", "0.01", "--date", "2000-01-02");
        h.Ok("issue", "--holder", "A holders", "--security", "A", "--shares", "1100000", "--price", "1.00", "--date", "2000-01-03");
        h.Ok("issue", "--holder", "B holders", "--security", "B", "--shares", "1070000", "--price", "2.40", "--date", "2000-01-03");
        h.Ok("issue", "--holder", "C holders", "--security", "C", "--shares", "397000", "--price", "8.93", "--date", "2000-01-03");
        h.Ok("issue", "--holder", "D holders", "--security", "D", "--shares", "500000", "--price", "11.03", "--date", "2000-01-03");
        h.Ok("issue", "--holder", "D1 holders", "--security", "D1", "--shares", "1000000", "--price", "11.03", "--date", "2000-03-01");
        return h;
    }

    /// <summary>
    /// A round on a ledger that keeps a snapshot starts from the stored state (with the events after it folded on) and
    /// gives exactly what a replay of every event gives: the same price, shares, sequence numbers and closing checks.
    /// </summary>
    [Fact]
    public void Round_from_the_snapshot_equals_the_round_from_a_replay()
    {
        using var h = Walkthrough();
        string[] round = ["model", "round", "--scenario", Path.Combine(Repo(), "samples", "round.yaml"), "--exit", "250000000", "--json"];
        var replayed = h.Ok(round);
        var replayedAsOf = h.Ok([.. round, "--as-of", "1998-05-01"]);
        long last;
        using (var store = Charta.Ledger.SqliteEventStore.Open(h.DbPath, create: false))
        {
            // The snapshot after the 3:1 split (the last event); a later event is then folded on from it.
            var all = store.ReadAll();
            var (seq, hash) = store.Head();
            last = seq;
            store.SaveSnapshot(new Charta.Ledger.SnapshotKey(seq, hash!, Charta.Ledger.LedgerSnapshots.LatestDate(all)),
                Charta.Ledger.LedgerSnapshots.Codec, Charta.Ledger.LedgerSnapshots.Encode(Charta.Core.Ledger.Fold.Replay(all)));
        }

        Assert.Equal(replayed, h.Ok(round));
        Assert.Equal(replayedAsOf, h.Ok([.. round, "--as-of", "1998-05-01"]));

        // The base's last dated event bounds the closing either way: the split on 1998-06-01.
        var r = h.Run("model", "round", "--series", "E", "--price", "5.00", "--investor", "Fund E=5000000", "--closing", "1998-05-31");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is before the last event of the base ledger (1998-06-01)", r.Err);
        using var opened = Charta.Ledger.SqliteEventStore.Open(h.DbPath, create: false);
        var ledger = new Charta.Ledger.CompanyLedger(opened, TimeProvider.System);
        var b = Charta.Ledger.LedgerModelBase.Of(ledger, null).Value;
        Assert.Equal(new Charta.Ledger.LedgerSnapshots.Use(last, 0), ledger.LastUse);
        Assert.Equal((last + 1, new DateOnly(1998, 6, 1)), (b.NextSequence, b.LastDated));
    }

    [Fact]
    public void Schema_is_published_and_names_the_format()
    {
        using var h = new CliHarness();
        var schema = JsonDocument.Parse(h.Ok("model", "schema"));
        Assert.Equal("Charta round scenario", schema.RootElement.GetProperty("title").GetString());
        Assert.True(schema.RootElement.GetProperty("properties").TryGetProperty("safes", out _));
    }

    [Fact]
    public void Down_round_from_flags_matches_the_golden_text()
    {
        // 1,000,000 E at $5.00 under the convertible-security reading: D and D1 go to
        // (11.03 × 10,000,000 + 5,000,000) / 11,000,000 = 10.4818… → 10.48 (FOURTH §6(d)(iv)); A, B, C are below $5.
        using var h = Small();
        var text = h.Ok("model", "round", "--series", "E", "--price", "5.00", "--investor", "Fund E=5000000", "--closing", "2001-01-01",
            "--anti-dilution-reading", "convertible-security", "--consent", "D1 holders", "--exit", "100000000");
        Assert.Contains("D        11.03  10.48", text);
        Golden.Match("model-round-down.txt", text);
    }

    [Fact]
    public void Without_a_reading_the_down_round_is_refused_showing_both()
    {
        using var h = Small();
        var r = h.Run("model", "round", "--series", "E", "--price", "5.00", "--investor", "Fund E=5000000", "--closing", "2001-01-01");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Err.TrimEnd().Split('\n'));
        Assert.Contains("'preferred-stock'", line);
        Assert.Contains("D 10.48, D1 10.48", line);
    }

    [Fact]
    public void Sample_scenario_as_json_has_the_documented_keys()
    {
        using var h = Walkthrough();
        var json = h.Ok("model", "round", "--scenario", Path.Combine(Repo(), "samples", "round.yaml"), "--exit", "250000000", "--exit-date", "2004-01-01", "--json");
        var root = JsonDocument.Parse(json).RootElement;
        foreach (var key in new[] { "pricePerShare", "preMoney", "postMoney", "newSeries", "pool", "convertibles", "tender", "conversionPrices", "consents", "ownership", "waterfall", "returns" })
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        Assert.Equal("E", root.GetProperty("newSeries").GetProperty("id").GetString());
        foreach (var key in new[] { "before", "topUp", "after" }) Assert.True(root.GetProperty("pool").TryGetProperty(key, out _));
        var c = root.GetProperty("convertibles")[0];
        foreach (var key in new[] { "holder", "kind", "shares", "price", "branch" }) Assert.True(c.TryGetProperty(key, out _));
        foreach (var key in new[] { "shares", "price", "sellers" }) Assert.True(root.GetProperty("tender").TryGetProperty(key, out _));
        // The 3:1 split before the round does not reach the new series: it converts one for one at its own price.
        var e = root.GetProperty("waterfall")[0].GetProperty("classes").EnumerateArray().Single(k => k.GetProperty("id").GetString() == "E");
        Assert.Equal(e.GetProperty("shares").GetInt64(), e.GetProperty("asConverted").GetInt64());
        // The price settles: one more step of the map reproduces it.
        Assert.Contains("reproduces", root.GetProperty("solver").GetProperty("checks")[0].GetString());
    }

    [Fact]
    public void Two_scenarios_side_by_side_and_every_table_to_xlsx_and_csv()
    {
        using var h = Walkthrough();
        var a = Path.Combine(Repo(), "samples", "round.yaml");
        var b = Path.Combine(Repo(), "samples", "round-low.yaml");
        var text = h.Ok("model", "round", "--scenario", a, "--scenario", b, "--exit", "250000000");
        Assert.Contains("Series E at $200M pre", text);
        Assert.Contains("Series E at $150M pre", text);
        var xlsx = h.File("round.xlsx");
        h.Ok("model", "round", "--scenario", a, "--exit", "250000000", "--out", xlsx);
        using (var book = new ClosedXML.Excel.XLWorkbook(xlsx))
        {
            var names = book.Worksheets.Select(w => w.Name).ToArray();
            foreach (var n in new[] { "summary", "captable", "convertibles", "conversion-prices", "consents", "authorized", "tender", "waterfall", "returns" })
                Assert.Contains(n, names);
        }

        var csv = h.File("round.csv");
        h.Ok("model", "round", "--scenario", a, "--out", csv);
        Assert.StartsWith("table,Figure,Value\nsummary,pricePerShare,", File.ReadAllText(csv));
    }

    [Fact]
    public void Grid_of_three_by_three_and_the_pre_money_solver()
    {
        using var h = Small();
        var grid = h.Ok("model", "round", "--series", "E", "--investor", "Fund E=10000000", "--closing", "2001-01-01", "--pre-money", "50000000",
            "--anti-dilution-reading", "preferred-stock", "--grid", "pre-money=40000000,50000000,60000000", "--grid", "raise=5000000,10000000,15000000", "--exit", "200000000");
        // pre-money 50M on 10,000,000 fully diluted (no pool, no convertibles): $5.00.
        Assert.Contains("$50,000,000.00  $10,000,000.00  $5.00", grid);
        Assert.Equal(9 + 2, grid.TrimEnd().Split('\n').Length);
        // Fund E's $10M buys 10M / p shares of E; at a $200M exit E converts and gets 200M × s/(10M + s), so 3x needs
        // s/(10M + s) ≥ 0.15 → s ≥ 1,764,705.9 → p ≤ 5.6666 → pre-money ≤ about $56.67M.
        var solved = h.Ok("model", "round", "--series", "E", "--investor", "Fund E=10000000", "--closing", "2001-01-01", "--pre-money", "50000000",
            "--anti-dilution-reading", "preferred-stock", "--solve-pre-money-for", "Fund E=3x@200000000");
        Assert.Contains("up to a pre-money of $56,66", solved);
    }

    [Fact]
    public void Bad_input_is_one_line_naming_the_field()
    {
        using var h = Small();
        var r = h.Run("model", "round", "--series", "E", "--price", "5.00", "--investor", "Fund E", "--closing", "2001-01-01");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --investor = Fund E: must be NAME=AMOUNT", r.Err.TrimEnd());
        var s = h.Run("model", "round", "--series", "A", "--price", "5.00", "--investor", "Fund E=1", "--closing", "2001-01-01");
        Assert.Equal(2, s.ExitCode);
        Assert.Contains("series = A: is already a class", s.Err);
    }
}

/// <summary>`charta model round --commit`: refused without the §8(b)(i) consent; with it, the amendment and the round are recorded.</summary>
public sealed class ModelCommitTests
{
    [Fact]
    public void Commit_is_refused_without_consents_and_records_the_round_with_them()
    {
        using var h = new CliHarness().WithCompany("2000-01-01", "Founders", "D holders", "D1 holders");
        h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "2707000", "--price", "0.01", "--date", "2000-01-02");
        h.Ok("issue", "--holder", "D holders", "--security", "D", "--shares", "500000", "--price", "11.03", "--date", "2000-01-03");
        h.Ok("issue", "--holder", "D1 holders", "--security", "D1", "--shares", "1000000", "--price", "11.03", "--date", "2000-03-01");
        string[] round = ["model", "round", "--series", "E", "--price", "5.00", "--investor", "Fund E=5000000", "--closing", "2001-01-01",
            "--anti-dilution-reading", "convertible-security", "--commit"];
        // §8(b)(i): at least 2/3 of the 1,500,000 preferred = 1,000,000; D1 holders alone have exactly 1,000,000.
        var refused = h.Run([.. round, "--consent", "D holders"]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("consenting holders have 500,000", refused.Err);
        Assert.DoesNotContain("Fund E", h.Ok("captable"));

        var ok = h.Ok([.. round, "--consent", "D1 holders", "--approval", "Written consent of the D1 holders, 2000-12-20"]);
        Assert.Contains("Recorded 5 events", ok);
        var json = System.Text.Json.JsonDocument.Parse(h.Ok("conversion-prices", "--json")).RootElement.ToString();
        // A = 2,707,000 + 500,000 + 1,000,000 = 4,207,000; D, D1: (11.03 × 4,207,000 + 5,000,000) / 5,207,000 = 9.8718… → 9.87.
        Assert.Contains("9.87", json);
        Assert.Contains("Fund E", h.Ok("captable"));
        // The new series is protected after its closing: a later common issue below $5.00 adjusts E.
        h.Ok("holder", "add", "Newco");
        h.Ok("issue", "--holder", "Newco", "--security", "common", "--shares", "100000", "--price", "1.00", "--date", "2001-02-01");
        var series = System.Text.Json.JsonDocument.Parse(h.Ok("conversion-prices", "--json")).RootElement.GetProperty("series").EnumerateArray()
            .ToDictionary(x => x.GetProperty("id").GetString()!, x => x.GetProperty("conversionPrice").GetDecimal());
        Assert.True(series["E"] < 5.00m, $"E should be adjusted below 5.00, is {series["E"]}");
        Assert.True(series["D1"] < 9.87m);
    }
}

/// <summary>Notes and SAFEs held in the ledger with their terms (`grant --kind note|safe`) convert in a modelled round.</summary>
public sealed class LedgerConvertiblesInTheModel
{
    [Fact]
    public void A_note_granted_in_the_ledger_converts_at_its_cap_and_is_closed()
    {
        using var h = new CliHarness().WithCompany("2000-01-01", "Founders", "Angel");
        h.Ok("issue", "--holder", "Founders", "--security", "common", "--shares", "10000000", "--price", "0.01", "--date", "2000-01-02");
        var granted = h.Ok("grant", "--kind", "note", "--holder", "Angel", "--amount", "1000000", "--cap", "20000000", "--discount", "20",
            "--date", "2000-06-01", "--id", "N-1");
        Assert.Contains("Issued N-1: note for $1,000,000.00 to Angel, cap $20,000,000.00, discount 20%", granted);
        // Price $5.00 on 10,000,000 common; cap price 20M / 10M = 2.00 < discount price 4.00 → 500,000 shares.
        var json = System.Text.Json.JsonDocument.Parse(h.Ok("model", "round", "--series", "E", "--price", "5.00", "--investor", "Fund E=5000000",
            "--closing", "2001-01-01", "--json")).RootElement;
        var note = json.GetProperty("convertibles")[0];
        Assert.Equal(("N-1", "cap", 500_000L), (note.GetProperty("id").GetString(), note.GetProperty("branch").GetString(), note.GetProperty("shares").GetInt64()));
        Assert.Contains(json.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "convertible-closed");
        // A note needs its amount; an option still needs shares and a price.
        Assert.Equal(2, h.Run("grant", "--kind", "note", "--holder", "Angel", "--date", "2000-06-01").ExitCode);
        Assert.Contains("--shares = (none)", h.Run("grant", "--kind", "option", "--holder", "Angel", "--price", "1", "--date", "2000-06-01").Err);
    }
}
