using Charta.Cli;

namespace Charta.Cli.Tests;

/// <summary>
/// Bad input from a careless user or an attacker: exit 2 with one line naming the field, the value and the limit;
/// never exit 1, a stack trace or a .NET type name; the ledger is unchanged.
/// </summary>
public class Cli_HostileInput
{
    /// <summary>Runs a command that must be refused: exit 2, one line on stderr, nothing on stdout, the ledger unchanged.</summary>
    internal static string Refused(CliHarness h, params string[] args)
    {
        var before = File.Exists(h.DbPath) ? h.Run("log", "--json").Out : null;
        var r = h.Run(args);
        Assert.True(r.ExitCode == 2, $"charta {string.Join(' ', args.Select(a => a.Length > 40 ? a[..40] + "…" : a))} exited {r.ExitCode}: {r.Err}");
        var lines = r.Err.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"not one line: {r.Err}");
        Assert.StartsWith("error: ", r.Err);
        Assert.DoesNotContain("`1", r.Err);
        Assert.DoesNotContain("System.", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain('\u001b', r.Err);
        Assert.True(r.Err.Length < 1000, $"{r.Err.Length} characters of error");
        if (before is not null) Assert.Equal(before, h.Run("log", "--json").Out);
        return r.Err;
    }

    private static CliHarness Company() => new CliHarness().WithCompany("1999-01-01", "Alice");

    // ---- numbers -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("0.0123456789012345678901234567890123", "34 decimal places")]
    [InlineData("0.00000000000000000000000000001", "29 decimal places")]
    [InlineData("1e400", "larger than Charta holds exactly")]
    [InlineData("2000000000", "per share")]
    public void APriceADecimalCannotHoldOrPastTheLimit_IsRefusedNotRounded(string price, string why)
    {
        using var h = Company();
        var err = Refused(h, "issue", "--holder", "Alice", "--security", "common", "--shares", "100", "--price", price, "--date", "1999-02-01");
        Assert.Contains("--price", err);
        Assert.Contains(why, err);
    }

    [Theory]
    [InlineData("9223372036854775807")]   // 2^63 − 1
    [InlineData("9223372036854775808")]   // 2^63
    [InlineData("1000000000000001")]      // 10^15 + 1
    [InlineData("99999999999999999999999999999999")]
    public void SharesPastTheLimit_AreRefused(string shares)
    {
        using var h = Company();
        var err = Refused(h, "issue", "--holder", "Alice", "--security", "common", "--shares", shares, "--price", "1", "--date", "1999-02-01");
        Assert.Contains("1,000,000,000,000,000 shares", err);
    }

    [Theory]
    [InlineData("1e18")]
    [InlineData("1000000000000000000")]
    [InlineData("79228162514264337593543950335")]
    public void AnExitPastTheLimit_IsRefused(string exit)
    {
        using var h = Company();
        var err = Refused(h, "waterfall", "--exit", exit);
        Assert.Contains("1,000,000,000,000,000 dollars", err);
    }

    [Fact]
    public void TheLimitsThemselves_AreAccepted()
    {
        using var h = new CliHarness().WithCompany("1999-01-01", "Alice");
        // A price of 10^9 per share and an exit of 10^15 dollars are computed exactly: Alice's 1,000 common shares take
        // the whole exit, 10^15 ÷ 1,000 = 10^12 dollars a share.
        h.Ok("issue", "--holder", "Alice", "--security", "common", "--shares", "1000", "--price", "1000000000", "--date", "1999-02-01");
        var json = h.Ok("waterfall", "--exit", "1000000000000000", "--json");
        Assert.Contains("1000000000000000", json);
    }

    // ---- dates ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Year9999_IsRefusedForAnIssue()
    {
        using var h = Company();
        var err = Refused(h, "issue", "--holder", "Alice", "--security", "common", "--shares", "100", "--price", "1", "--date", "9999-12-31");
        Assert.Contains("--date = 9999-12-31: is outside the dates Charta accepts (1900-01-01 to 2200-12-31", err);
    }

    [Fact]
    public void Year0001_IsRefusedForNotices()
    {
        using var h = Company();
        Assert.Contains("--date = 0001-01-01", Refused(h, "notices", "record-date", "--date", "0001-01-01"));
    }

    [Fact]
    public void Year0001_IsRefusedForAMerger()
    {
        using var h = Company();
        Assert.Contains("--closing = 0001-01-01", Refused(h, "merger", "--closing", "0001-01-01", "--cash", "1000", "--retained-voting", "10"));
        Assert.Contains("--meeting = 0001-01-01", Refused(h, "merger", "--closing", "2000-01-01", "--cash", "1000", "--retained-voting", "10", "--meeting", "0001-01-01"));
    }

    // ---- names ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("Al\nice", "U+000A")]
    [InlineData("Alice\0", "U+0000")]
    [InlineData("Al\u0007ice", "U+0007")]
    [InlineData("\u001b[2J\u001b[31mAlice", "U+001B")]
    [InlineData("Alice\u202eecilA", "U+202E")]
    public void ANameWithControlOrBidiCharacters_IsRefused(string name, string named)
    {
        using var h = Company();
        var err = Refused(h, "holder", "add", name);
        Assert.Contains(named, err);
        Assert.DoesNotContain("Added", h.Run("holder", "list").Out.Replace("Alice", ""));
    }

    [Fact]
    public void AHundredThousandCharacterName_IsRefused()
    {
        using var h = Company();
        var err = Refused(h, "holder", "add", new string('x', 100_000));
        Assert.Contains("100,000 characters", err);
    }

    [Fact]
    public void A201CharacterName_IsRefused_200Accepted()
    {
        using var h = Company();
        Assert.Contains("a name has at most 200", Refused(h, "holder", "add", new string('y', 201)));
        h.Ok("holder", "add", new string('y', 200));
    }

    [Fact]
    public void ComposedAndDecomposedAlice_AreOneHolder()
    {
        using var h = new CliHarness().WithCompany("1999-01-01", "\u00c1lice");
        Assert.Contains("already exists", Refused(h, "holder", "add", "A\u0301lice"));
        // Shares issued to the decomposed spelling land with the composed holder.
        h.Ok("issue", "--holder", "A\u0301lice", "--security", "common", "--shares", "100", "--price", "1", "--date", "1999-02-01");
        var list = h.Ok("holder", "list", "--json");
        Assert.Contains("\u00c1lice", list);
        Assert.DoesNotContain("A\u0301lice", list);
    }

    // ---- files, ledgers, I/O -------------------------------------------------------------------------------------

    [Fact]
    public void ALedgerPathThatIsAFolder_IsRefused()
    {
        using var h = new CliHarness();
        var err = new StringWriter();
        var r = Cli.Run(["captable", "--db", h.Folder], new StringWriter(), err, _ => null, h.Clock);
        Assert.Equal(2, r);
        Assert.StartsWith("error: ", err.ToString());
    }

    [Fact]
    public void ALedgerFileThatIsNotALedger_IsRefusedInOneLine()
    {
        using var h = new CliHarness();
        File.WriteAllText(h.DbPath, "this is not a SQLite database, just text that happens to be long enough to have a header.");
        var err = Refused(h, "captable");
        Assert.Contains("is a text file", err);
        Assert.Contains("not a Charta ledger", err);
    }

    [Fact]
    public void ACharterFileThatIsAFolder_OrMissing_OrNotUtf8_IsRefused()
    {
        using var h = new CliHarness();
        Refused(h, "charter", "validate", h.Folder);
        Assert.Contains("is neither an embedded charter", Refused(h, "charter", "validate", h.File("nope.json")));
        File.WriteAllBytes(h.File("latin1.json"), [0x7b, 0x22, 0xe9, 0x22, 0x7d]);   // {"é"} in Latin-1
        Assert.Contains("is not UTF-8", Refused(h, "charter", "validate", h.File("latin1.json")));
        Assert.False(File.Exists(h.DbPath));
    }

    [Fact]
    public void ACharterWithAFractionAboveOne_IsRefusedByValidateAndInit()
    {
        using var h = new CliHarness();
        var text = Core.Charter.CharterLoader.EmbeddedText("juniper-1999");
        var i = text.IndexOf("\"fraction\": \"2/3\"", StringComparison.Ordinal);
        Assert.True(i > 0);
        File.WriteAllText(h.File("c.json"), text[..i] + "\"fraction\": \"5/3\"" + text[(i + "\"fraction\": \"2/3\"".Length)..]);
        Assert.Contains("5/3", Refused(h, "charter", "validate", h.File("c.json")));
        Assert.Contains("5/3", Refused(h, "init", "--charter", h.File("c.json")));
        Assert.False(File.Exists(h.DbPath) && new FileInfo(h.DbPath).Length > 0);
    }

    [Fact]
    public void ACharterWithADuplicateKey_IsRefused()
    {
        using var h = new CliHarness();
        var text = Core.Charter.CharterLoader.EmbeddedText("juniper-1999");
        var i = text.IndexOf("\"company\"", StringComparison.Ordinal);
        File.WriteAllText(h.File("c.json"), text[..i] + "\"company\": \"Mallory\", " + text[i..]);
        Assert.Contains("given twice", Refused(h, "charter", "validate", h.File("c.json")));
    }

    [Fact]
    public void BallotsWithADuplicateKey_AreRefusedNamingThePath()
    {
        using var h = Company();
        File.WriteAllText(h.File("b.json"), "[{\"holder\": \"Alice\", \"vote\": \"for\", \"vote\": \"against\"}]");
        var err = Refused(h, "tally", "--record-date", "1999-06-01", "--ballots", h.File("b.json"));
        Assert.Contains("/0/vote", err);
        Assert.Contains("given twice", err);
        File.WriteAllText(h.File("o.json"), "{\"Alice\": \"for\", \"Alice\": \"against\"}");
        Assert.Contains("/Alice", Refused(h, "tally", "--record-date", "1999-06-01", "--ballots", h.File("o.json")));
    }

    [Fact]
    public void BallotsNamingAHolderWithAControlCharacter_AreRefused()
    {
        using var h = Company();
        File.WriteAllText(h.File("b.csv"), "holder,vote\n\"Al\u001bice\",for\n");
        Assert.Contains("U+001B", Refused(h, "tally", "--record-date", "1999-06-01", "--ballots", h.File("b.csv")));
    }

    // ---- split ---------------------------------------------------------------------------------------------------

    [Fact]
    public void ASplitTheFoldRefuses_PrintsTheRatioGiven()
    {
        using var h = Company();
        h.Ok("issue", "--holder", "Alice", "--security", "common", "--shares", "1000000", "--price", "1", "--date", "1999-02-01");
        var err = Refused(h, "split", "--ratio", "1000000:1", "--date", "1999-03-01");
        Assert.Contains("--ratio = 1000000:1", err);
        Assert.DoesNotContain("ratio = 0", err);
    }

    [Theory]
    [InlineData("0:1")]
    [InlineData("3:0")]
    [InlineData("-1:1")]
    [InlineData("1:1:1")]
    [InlineData("9999999999:1")]
    public void ABadSplitRatio_IsRefusedNamingIt(string ratio)
    {
        using var h = Company();
        Assert.Contains($"--ratio = {ratio}", Refused(h, "split", "--ratio", ratio, "--date", "1999-03-01"));
    }

    // ---- OCF import options ----------------------------------------------------------------------------------------

    [Fact]
    public void ImportInAnotherCurrency_RefusesEveryUsdAmount_AndABadCodeIsRefused()
    {
        using var h = new CliHarness();
        var r = h.Run("import", "ocf", OcfSamples.Sample("options"), "--currency", "EUR");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is USD, but this import is in EUR; Charta converts no currency", r.Err);
        Assert.Contains("nothing was written", r.Err);
        Assert.False(File.Exists(h.DbPath));
        Assert.Contains("--currency = eur", Refused(h, "import", "ocf", OcfSamples.Sample("options"), "--currency", "eur"));
    }

    [Fact]
    public void InitOrImportIntoAFolder_IsRefusedByName()
    {
        using var h = new CliHarness();
        foreach (var args in new[] { new[] { "init", "--db", h.Folder }, ["import", "ocf", OcfSamples.Sample("options"), "--db", h.Folder] })
        {
            var err = new StringWriter();
            Assert.Equal(2, Cli.Run(args, new StringWriter(), err, _ => null, h.Clock));
            Assert.Contains("is a folder", err.ToString());
        }
    }

    [Fact]
    public void AScenarioFileWithADuplicateKey_IsRefused()
    {
        using var h = Company();
        File.WriteAllText(h.File("s.json"), "{\"scenarios\": [], \"scenarios\": []}");
        var err = Refused(h, "value", "pwerm", "--scenarios", h.File("s.json"));
        Assert.Contains("#/scenarios", err);
        Assert.Contains("given twice", err);
    }
}
