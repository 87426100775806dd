using System.Text.Json;

namespace Charta.Cli.Tests;

/// <summary>
/// The ledger of record from the command line: --dry-run on every verb that records, --json that only changes the
/// output, `charta void`, and --restate of a back-dated event that changes a stored conversion (FOURTH §6(a)(i), §6(d)).
/// </summary>
public sealed class LedgerOfRecordCliTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    private int EventCount()
    {
        using var doc = JsonDocument.Parse(_h.Ok("log", "--json"));
        return doc.RootElement.GetProperty("events").GetArrayLength();
    }

    /// <summary>A company with something for every verb to act on (events 1-8; the option G-1 is event 7).</summary>
    private void Company()
    {
        _h.WithCompany("1996-01-01", "Founder", "Investor", "Emp");
        _h.Ok("issue", "--holder", "Founder", "--security", "common", "--shares", "1000000", "--price", "0.01", "--date", "1996-02-01");
        _h.Ok("issue", "--holder", "Investor", "--security", "A", "--shares", "1000000", "--price", "1.00", "--date", "1996-03-01");
        _h.Ok("grant", "--holder", "Emp", "--kind", "option", "--shares", "10000", "--price", "0.25", "--date", "1996-04-01", "--expires", "2006-04-01",
            "--exclusion", "employee-plan", "--approval", "Board plan");
        _h.Ok("dividend", "declare", "--amount", "1000", "--record-date", "1997-01-01", "--id", "DIV-1");
    }

    public static TheoryData<string[]> WriteVerbs() => new()
    {
        new[] { "holder", "add", "Newbie" },
        new[] { "issue", "--holder", "Founder", "--security", "common", "--shares", "100", "--price", "0.50", "--date", "1997-02-01" },
        new[] { "grant", "--holder", "Emp", "--kind", "option", "--shares", "100", "--price", "0.25", "--date", "1997-02-01", "--exclusion", "employee-plan", "--approval", "Board" },
        new[] { "exercise", "--id", "G-1", "--shares", "100", "--date", "1997-02-01" },
        new[] { "expire", "--id", "G-1", "--date", "2006-04-02" },
        new[] { "cancel", "--id", "G-1", "--shares", "100", "--date", "1997-02-01" },
        new[] { "transfer", "--from", "Founder", "--to", "Investor", "--security", "common", "--shares", "100", "--date", "1997-02-01" },
        new[] { "repurchase", "--holder", "Founder", "--shares", "100", "--date", "1997-02-01" },
        new[] { "split", "--ratio", "2:1", "--date", "1997-02-01" },
        new[] { "convert", "--holder", "Investor", "--series", "A", "--shares", "100", "--date", "1997-02-01", "--market-price", "1" },
        new[] { "convert", "--holder", "Investor", "--series", "A", "--shares", "100", "--date", "1997-02-01", "--market-price", "1", "--json" },
        new[] { "ipo", "--price", "34", "--proceeds", "68000000", "--shares", "2000000", "--filed", "1999-02-09" },
        new[] { "conversion-vote", "--shares-for", "1000000", "--approval", "Written consent", "--market-price", "1", "--date", "1997-02-01" },
        new[] { "distribute", "--security", "Spinco common", "--per-share", "0.1", "--date", "1997-02-01" },
        new[] { "reclassify", "--class", "Class A common", "--per-share", "1", "--date", "1997-02-01" },
        new[] { "issue-mixed", "--holder", "Founder", "--shares", "100", "--with", "warrants", "--total", "100", "--allocated", "50", "--approval", "Board", "--date", "1997-02-01" },
        new[] { "reprice", "--id", "G-1", "--price", "0.10", "--date", "1997-02-01" },
        new[] { "dividend", "declare", "--amount", "100", "--record-date", "1997-02-01", "--allow-second" },
        new[] { "dividend", "pay", "--id", "DIV-1", "--date", "1997-02-01" },
        new[] { "repurchase", "--holder", "Investor", "--security", "A", "--shares", "100", "--price", "1", "--approval", "Board", "--reading", "approval-only", "--date", "1997-02-01" },
        new[] { "amend", "authorized", "--common", "80000000", "--date", "1997-02-01", "--approval", "Stockholders" },
        new[] { "void", "--event", "7", "--reason", "granted in error" },
    };

    [Theory]
    [MemberData(nameof(WriteVerbs))]
    public void EveryWriteVerb_WithDryRun_PrintsWhatItWouldRecord_AndWritesNothing(string[] args)
    {
        Company();
        var before = EventCount();
        var log = _h.Ok("log");
        var r = _h.Run([.. args, "--dry-run"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal("", r.Err);
        if (args.Contains("--json")) Assert.True(JsonDocument.Parse(r.Out).RootElement.GetProperty("dryRun").GetBoolean());
        else Assert.StartsWith("Dry run: nothing was recorded. Would record:\n  #9 ", r.Out);
        Assert.Equal(before, EventCount());
        Assert.Equal(log, _h.Ok("log"));
        // Without --dry-run the same command records (so the dry run above could not pass by doing nothing at all).
        _h.Ok(args);
        Assert.True(EventCount() > before);
    }

    [Fact]
    public void Init_WithDryRun_CreatesNoFile()
    {
        Assert.Contains("Would create", _h.Ok("init", "--dry-run"));
        Assert.False(File.Exists(_h.DbPath));
    }

    [Fact]
    public void ConvertWithJson_RecordsOnce_AndJsonOnlyChangesTheFormat()
    {
        Company();
        var before = EventCount();
        using var doc = JsonDocument.Parse(_h.Ok("convert", "--holder", "Investor", "--series", "A", "--shares", "1000", "--date", "1997-02-01", "--market-price", "1", "--json"));
        // 1,000 A × 1.00 ÷ 0.44 = 2,272.7272…: 2,272 common stored in the event; $0.73 for the fraction at $1.
        var stored = doc.RootElement.GetProperty("recorded")[0].GetProperty("event");
        Assert.Equal(2_272, stored.GetProperty("commonIssued").GetInt64());
        Assert.Equal(0.73m, stored.GetProperty("cashForFraction").GetDecimal());
        Assert.False(doc.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(before + 1, EventCount());
    }

    private int Transactions(string file)
    {
        using var doc = JsonDocument.Parse(_h.Ok("export", "ocf", "--out", _h.File(file), "--skip-validation", "--json"));
        return doc.RootElement.GetProperty("transactions").GetInt32();
    }

    [Fact]
    public void Void_MarksTheEventInTheLog_AndItNoLongerFolds()
    {
        Company();
        _h.Ok("issue", "--holder", "Founder", "--security", "common", "--shares", "500", "--price", "0.50", "--date", "1997-02-01");   // 9
        var transactionsBefore = Transactions("before.ocf.zip");
        Assert.Contains("Voided event 9 (shares-issued, 1997-02-01: 500 common to Founder at $0.50): entered twice.", _h.Ok("void", "--event", "9", "--reason", "entered twice"));
        var log = _h.Ok("log");
        Assert.Contains("[VOIDED by #10] 500 common to Founder", log);
        Assert.Contains("voids event 9: entered twice", log);
        using var doc = JsonDocument.Parse(_h.Ok("log", "--json"));
        Assert.Equal(10, doc.RootElement.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("sequence").GetInt64() == 9).GetProperty("voidedBy").GetInt64());
        Assert.Contains("1,000,000", _h.Ok("captable"));   // Founder's common without the voided 500
        Assert.DoesNotContain("1,000,500", _h.Ok("captable"));
        // The export leaves the voided issuance out (one transaction fewer than before the void).
        Assert.Equal(transactionsBefore - 1, Transactions("after.ocf.zip"));
    }

    [Fact]
    public void Void_IsRefused_WhileALaterEventDependsOnIt_NamingIt()
    {
        Company();
        _h.Ok("issue", "--holder", "Emp", "--security", "common", "--shares", "500", "--price", "0.50", "--date", "1997-02-01");        // 9
        _h.Ok("transfer", "--from", "Emp", "--to", "Investor", "--security", "common", "--shares", "400", "--date", "1997-03-01"); // 10
        var before = EventCount();
        var r = _h.Run("void", "--event", "9", "--reason", "wrong holder");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: event = 9: voiding it would make event 10 (shares-transferred, 1997-03-01) invalid: shares = 400: Emp holds only 0 shares of Common Stock on 1997-03-01\n", r.Err);
        Assert.Equal(before, EventCount());
        var unknown = _h.Run("void", "--event", "99", "--reason", "x");
        Assert.Equal("error: event = 99: is not an event of this ledger (see 'charta log')\n", unknown.Err);
    }

    /// <summary>Events 1-7: Investor converts 100,000 A on 1999-06-01 after the D1 closing of 1999-02-01.</summary>
    private void Converted()
    {
        _h.WithCompany(null, "Investor", "D1 Fund", "Newco");
        _h.Ok("issue", "--holder", "Investor", "--security", "A", "--shares", "1000000", "--price", "1.00", "--date", "1999-01-01");
        _h.Ok("issue", "--holder", "D1 Fund", "--security", "D1", "--shares", "1000", "--price", "11.03", "--date", "1999-02-01");
        // 100,000 × 1.00 ÷ 0.44 = 227,272.7272…: 227,272 common; 0.7272… × $5 = $3.64.
        Assert.Contains("Common issued (rounded down over the whole conversion, FOURTH §6(g)(i)): 227,272",
            _h.Ok("convert", "--holder", "Investor", "--series", "A", "--shares", "100000", "--date", "1999-06-01", "--market-price", "5"));
    }

    // A back-dated 1,000,000 common at $0.22 on 1999-03-01 (after the Original Issue Date 1999-02-01). Before it
    // A = 1,000,000 A × 1.00 ÷ 0.44 = 2,272,727 (rounded down) + 1,000 D1 × 11.03 ÷ 11.03 = 1,000: 2,273,727, so
    // Series A's price becomes (0.44 × 2,273,727 + 220,000) ÷ 3,273,727 = 1,220,439.88 ÷ 3,273,727 = 0.3728… → 0.37,
    // and the conversion would give 100,000 ÷ 0.37 = 270,270.27…: 270,270 common and 0.27… × $5 = $1.35.
    private static readonly string[] BackDatedIssue =
        ["issue", "--holder", "Newco", "--security", "common", "--shares", "1000000", "--price", "0.22", "--date", "1999-03-01"];

    [Fact]
    public void ABackDatedIssue_ThatWouldChangeADeliveredConversion_IsRefused_AndTheConversionKeepsItsCommon()
    {
        Converted();
        var r = _h.Run(BackDatedIssue);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: date = 1999-03-01: would change event 7 (preferred-converted, 1999-06-01): common issued to Investor 227,272 → 270,270, "
                     + "cash for Investor's fraction $3.64 → $1.35; record it with --restate to add a correction\n", r.Err);
        Assert.Equal(7, EventCount());
        Assert.Contains("227,272 common issued", _h.Ok("log"));
    }

    [Fact]
    public void Restate_ShowsTheCorrection_ThenRecordsIt_AndTheHolderIsOwedTheDifference()
    {
        Converted();
        // 270,270 − 227,272 = 42,998 more common; $1.35 − $3.64 = −$2.29 for the fraction.
        var dry = _h.Ok([.. BackDatedIssue, "--restate", "--dry-run"]);
        Assert.Contains("#9 1999-06-01 conversion-corrected: correction of event 7: 42,998 more common to Investor", dry);
        Assert.Equal(7, EventCount());
        var text = _h.Ok([.. BackDatedIssue, "--restate"]);
        Assert.StartsWith("Restated: the back-dated event changes outcomes already recorded; recording these corrections with it:\n  #9 1999-06-01 conversion-corrected: correction of event 7: 42,998 more common to Investor", text);
        Assert.Equal(9, EventCount());
        using var doc = JsonDocument.Parse(_h.Ok("log", "--json"));
        var conversion = doc.RootElement.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("sequence").GetInt64() == 7).GetProperty("event");
        Assert.Equal(227_272, conversion.GetProperty("commonIssued").GetInt64());   // the stored fact did not move
        var correction = doc.RootElement.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("sequence").GetInt64() == 9).GetProperty("event");
        Assert.Equal(-2.29m, correction.GetProperty("cashAdjustment").GetDecimal());
    }

    /// <summary>
    /// docs/interpretations.md, "Expired instruments": G-1 expires 2006-04-01 with no expiry recorded; the next write
    /// dated after it records the expiry, dated 2006-04-01, with it (so §6(i) and §6(d)(iii)(C) run on it).
    /// </summary>
    [Fact]
    public void AnOptionPastItsExpiryDate_IsRecordedAsExpired_WithTheNextWriteDatedAfterIt()
    {
        Company();
        var onTheDay = _h.Ok("issue", "--holder", "Founder", "--security", "common", "--shares", "100", "--price", "0.50", "--date", "2006-04-01");
        Assert.DoesNotContain("instrument-expired", onTheDay);
        var text = _h.Ok("issue", "--holder", "Founder", "--security", "common", "--shares", "100", "--price", "0.50", "--date", "2006-05-01");
        Assert.Contains("Recorded with it: the expiry of each instrument that lapsed unexercised before its date:\n  #11 2006-04-01 instrument-expired", text);
        using var doc = JsonDocument.Parse(_h.Ok("log", "--json"));
        var expired = doc.RootElement.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("sequence").GetInt64() == 11);
        Assert.Equal("G-1", expired.GetProperty("event").GetProperty("grantId").GetString());
    }
}
