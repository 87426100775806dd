using System.IO.Compression;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;
using Charta.Ocf;

namespace Charta.Cli.Tests;

/// <summary>The repository's OCF fixtures (tests/fixtures/ocf), found by walking up from the test assembly.</summary>
public static class OcfSamples
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "tests", "fixtures", "ocf"))) return Path.Combine(dir.FullName, "tests", "fixtures", "ocf");
        throw new DirectoryNotFoundException("tests/fixtures/ocf not found above the test assembly");
    });

    public static string Sample(string name) => Path.Combine(Root.Value, "samples", name);

    public static string CopyOf(CliHarness h, string sample)
    {
        var dest = h.File(sample);
        Directory.CreateDirectory(dest);
        foreach (var f in Directory.EnumerateFiles(Sample(sample))) File.Copy(f, Path.Combine(dest, Path.GetFileName(f)));
        return dest;
    }

    /// <summary>
    /// Recomputes the manifest's md5s after a test edits a package file, so that the test reaches the defect it names
    /// rather than the md5 check (which refuses an edited file).
    /// </summary>
    public static void RefreshMd5(string dir)
    {
        var manifest = Path.Combine(dir, "Manifest.ocf.json");
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        foreach (var (_, list) in root.ToList())
        {
            if (list is not System.Text.Json.Nodes.JsonArray a) continue;
            foreach (var entry in a.OfType<System.Text.Json.Nodes.JsonObject>())
            {
                var name = ((string)entry["filepath"]!).TrimStart('.', '/');
                var file = Path.Combine(dir, name);
                if (File.Exists(file)) entry["md5"] = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(File.ReadAllBytes(file)));
            }
        }

        File.WriteAllText(manifest, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }
}

/// <summary>`charta import ocf` and `charta export ocf`.</summary>
public class OcfCliTests
{
    [Fact]
    public void ImportOptions_ThenCapTableJson_ShowsThePackagesHoldings()
    {
        using var h = new CliHarness();
        var r = h.Run("import", "ocf", OcfSamples.Sample("options"));
        Assert.Equal(0, r.ExitCode);
        Golden.Match("ocf-import-options.txt", r.Out.Replace(h.DbPath, "<db>"));
        // Warnings go to stderr: the sample's version, and the exercise result resolved by holder, class, date and quantity.
        Assert.Contains("~~~ SAMPLE ~~~", r.Err);
        Assert.Contains("taken as the result of this exercise", r.Err);
        Golden.Match("ocf-import-options-captable.json", h.Ok("captable", "--json"));
    }

    [Fact]
    public void Vesting_AfterImportingTheOptionsSample()
    {
        using var h = new CliHarness();
        h.Ok("import", "ocf", OcfSamples.Sample("options"));
        // 2024-01-31: 13/48 × 100,000 = 27,083 vested (cumulative rounding) − 25,000 exercised = 2,083; 72,917 unvested.
        Golden.Match("ocf-vesting-options.txt", h.Ok("vesting", "--as-of", "2024-01-31"));
        Assert.Contains("\"vested\": 2083", h.Ok("vesting", "--as-of", "2024-01-31", "--json"));
    }

    [Fact]
    public void ImportQuickstart_StrictRefusesWithTheManifestDefect_LenientImports()
    {
        using var h = new CliHarness();
        var strict = h.Run("import", "ocf", OcfSamples.Sample("quickstart"));
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains("error: Manifest.ocf.json at /stakeholders_files/0/filepath: names './Stakeholders.json'", strict.Err);
        Assert.Contains("nothing was written", strict.Err);
        Assert.False(File.Exists(h.DbPath));

        var lenient = h.Run("import", "ocf", OcfSamples.Sample("quickstart"), "--lenient");
        Assert.Equal(0, lenient.ExitCode);
        Assert.Contains("5,000", h.Ok("captable"));
    }

    [Fact]
    public void Import_RefusesAnExistingLedger()
    {
        using var h = new CliHarness().WithCompany();
        var r = h.Run("import", "ocf", OcfSamples.Sample("options"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("a ledger already exists here", r.Err);
    }

    [Fact]
    public void DryRun_ReportsAndWritesNothing()
    {
        using var h = new CliHarness();
        var r = h.Run("import", "ocf", OcfSamples.Sample("options"), "--dry-run", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\"written\": false", r.Out);
        Assert.Contains("\"instrument-granted\": 1", r.Out);
        Assert.False(File.Exists(h.DbPath));
    }

    public static IEnumerable<object[]> Malformed() =>
    [
        ["truncated zip"], ["invalid JSON"], ["missing file"], ["unknown security"], ["11 decimals"],
    ];

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedInput_ClearErrorNonZeroExitNothingWritten(string defect)
    {
        using var h = new CliHarness();
        var dir = OcfSamples.CopyOf(h, "options");
        string Path_(string f) => Path.Combine(dir, f);
        var target = dir;
        string expected;
        switch (defect)
        {
            case "truncated zip":
                target = h.File("p.ocf.zip");
                ZipFile.CreateFromDirectory(dir, target);
                File.WriteAllBytes(target, File.ReadAllBytes(target)[..200]);
                expected = "error: p.ocf.zip: is not a readable .ocf.zip";
                break;
            case "invalid JSON":
                File.WriteAllText(Path_("StockClasses.ocf.json"), "{ \"items\": [");
                expected = "error: StockClasses.ocf.json: is not valid JSON";
                break;
            case "missing file":
                File.Delete(Path_("VestingTerms.ocf.json"));
                expected = "error: Manifest.ocf.json at /vesting_terms_files/0/filepath: names './VestingTerms.ocf.json', which is not in the package";
                break;
            case "unknown security":
                File.WriteAllText(Path_("Transactions.ocf.json"), File.ReadAllText(Path_("Transactions.ocf.json"))
                    .Replace("\"security_id\": \"688f67dd", "\"security_id_x\": \"688f67dd").Replace("\"security_id\": \"c0ebbb49-8499-4863-bf27-279bc842bf20\",\n      \"vesting_condition_id\"", "\"security_id\": \"ghost\",\n      \"vesting_condition_id\""));
                expected = "item '688f67dd-6e89-4dbc-b2e8-a9511a7cffff' at /items/3/security_id: 'ghost' is not a security of the package";
                break;
            default:
                File.WriteAllText(Path_("Transactions.ocf.json"), File.ReadAllText(Path_("Transactions.ocf.json")).Replace("\"quantity\": \"25000\"", "\"quantity\": \"25000.12345678901\""));
                expected = "item '505bc49d-cd87-44cb-87cb-7a6dfe486fe5' at /items/4/quantity: fails schema rule 'pattern'";
                break;
        }

        if (target == dir) OcfSamples.RefreshMd5(dir);
        var r = h.Run("import", "ocf", target);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Err);
        Assert.Contains("nothing was written", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(File.Exists(h.DbPath));
    }

    [Fact]
    public void ExportOcf_OnTheJuniperDemoCompany_ProducesAPackageThatValidates()
    {
        using var h = new CliHarness();
        var json = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);
        using (var store = SqliteEventStore.Open(h.DbPath, create: true))
        {
            var events = IllustrativeCompany.Events(CharterLoader.Default, json).ToList();
            events.Add(new ConversionPriceSet(new DateOnly(1998, 6, 1), "B", 1.02m, "FOURTH §6(d)(iv)", "broad-based weighted average"));
            Assert.True(new CompanyLedger(store, h.Clock).Append(events).IsOk);
        }

        var zip = h.File("juniper.ocf.zip");
        var r = h.Run("export", "ocf", "--out", zip);
        Assert.Equal(0, r.ExitCode);
        Golden.Match("ocf-export-juniper.txt", r.Out.Replace(zip, "<out>"));

        var issues = new List<OcfIssue>();
        var package = OcfPackageReader.Read(zip, lenient: false, issues);
        Assert.NotNull(package);
        Assert.Empty(issues);
        Assert.Empty(OcfReferences.Check(package));
        Assert.Contains(package.Items, i => i.ObjectType == "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT" && i.Json.GetRawText().Contains("FOURTH §6(d)(iv)"));

        // The same ledger exported again is byte-identical (the clock is fixed).
        var again = h.File("again.ocf.zip");
        h.Ok("export", "ocf", "--out", again);
        Assert.Equal(File.ReadAllBytes(zip), File.ReadAllBytes(again));
    }

    [Fact]
    public void ImportThenExportThenImport_SameCapTable()
    {
        using var h = new CliHarness();
        h.Ok("import", "ocf", OcfSamples.Sample("options"));
        var out1 = h.File("out1");
        h.Ok("export", "ocf", "--out", out1);
        using var h2 = new CliHarness();
        h2.Ok("import", "ocf", out1);
        // Equal but for the clauses, which cite the OCF class ids (the export names the common class "common").
        static string WithoutClauses(string json) => string.Join("\n", json.Split('\n').Where(l => !l.Contains("\"clause\"")));
        Assert.Equal(WithoutClauses(h.Ok("captable", "--json")), WithoutClauses(h2.Ok("captable", "--json")));
    }
}
