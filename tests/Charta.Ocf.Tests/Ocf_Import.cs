using Charta.Core.Ledger;

namespace Charta.Ocf.Tests;

/// <summary>OCF → Charta: the tutorial samples and a richer package, with cap tables worked out by hand from the JSON.</summary>
public class Ocf_Import
{
    public static string Rich => Path.Combine(AppContext.BaseDirectory, "Packages", "rich");

    [Fact]
    public void OptionsSample_ImportsInTheDefaultMode()
    {
        var r = OcfImporter.Import(SharedOcf.Samples("options"), new OcfImportOptions());
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        var t = r.CapTable!;
        // Stakeholders.ocf.json: one stakeholder, Jim Jangles.
        Assert.Equal(["Jim Jangles"], t.Holders);
        // TX_STOCK_ISSUANCE "issued-shares-to-jim": 5,000 Preferred Shares (class 0c21a4fd…) at 1.00.
        Assert.Equal(5_000, t.SharesHeld("Jim Jangles", "0c21a4fd-f758-4e8a-b0ec-3fab5a5dc452"));
        // TX_PLAN_SECURITY_EXERCISE of 25,000; its resulting id is not in the package, so the 25,000 common issued to Jim
        // the same day (505bc49d…) is its result: 25,000 common, not 50,000.
        Assert.Equal(25_000, t.SharesHeld("Jim Jangles", "common"));
        Assert.Equal(25_000, t.Outstanding("common"));
        // TX_PLAN_SECURITY_ISSUANCE of 100,000 at 0.10, 25,000 exercised → 75,000 outstanding.
        var option = t.Instruments["c0ebbb49-8499-4863-bf27-279bc842bf20"];
        Assert.Equal((75_000L, 25_000L, 0.10m, "common"), (option.Outstanding, option.Exercised, option.ExercisePrice, option.Underlying));
        Assert.Equal(new DateOnly(2032, 12, 31), option.Expires);
        // Pool: 10,000,000 initially, 8,000,000 after TX_STOCK_PLAN_POOL_ADJUSTMENT on 2023-01-01.
        Assert.Equal(8_000_000, t.Plans["257e5da9-5268-465c-84be-f6d4d4703a9b"].Reserved);
        // Charter built from the classes: common 10,000,000 and preferred 100,000 authorized; preferred seniority 2 (paid first).
        Assert.Equal(10_000_000, t.Charter.Authorized.Common.Value);
        Assert.Equal(100_000, t.Charter.Series.Single().FixedShares.Value);
        Assert.Equal(2, t.Charter.Series.Single().Liquidation.Seniority);
        // Fully diluted: 25,000 + 5,000 (1:1, no conversion rights stated) + 75,000 = 105,000.
        Assert.Equal(105_000, t.FullyDilutedTotal());
    }

    [Fact]
    public void OptionsSample_VestingIsRecorded_FourYearsWithOneYearCliff()
    {
        var t = OcfImporter.Import(SharedOcf.Samples("options"), new OcfImportOptions()).CapTable!;
        const string id = "c0ebbb49-8499-4863-bf27-279bc842bf20";
        // Start 2022-12-31; cliff 12/48 × 100,000 = 25,000 on 2023-12-31; then 1/48 a month, cumulative rounding:
        // 2024-01-31: 13/48 × 100,000 = 27,083.33 → 27,083 vested.
        Assert.Equal(0, t.VestedShares(id, new DateOnly(2023, 12, 30)));
        Assert.Equal(25_000, t.VestedShares(id, new DateOnly(2023, 12, 31)));
        Assert.Equal(27_083, t.VestedShares(id, new DateOnly(2024, 1, 31)));
        // 2024-02-29 (start day 31 → last day of February): 14/48 × 100,000 = 29,166.67 → 29,167.
        Assert.Equal(29_167, t.VestedShares(id, new DateOnly(2024, 2, 29)));
        Assert.Equal(100_000, t.VestedShares(id, new DateOnly(2026, 12, 31)));
        // On 2024-01-31, of 75,000 outstanding: vested 27,083 − 25,000 exercised = 2,083; unvested 72,917.
        var v = Assert.Single(t.VestingOn(new DateOnly(2024, 1, 31)));
        Assert.Equal((75_000L, 2_083L, 72_917L), (v.Outstanding, v.Vested, v.Unvested));
    }

    [Fact]
    public void QuickstartSample_StrictModeReportsTheManifestDefect()
    {
        var r = OcfImporter.Import(SharedOcf.Samples("quickstart"), new OcfImportOptions());
        Assert.False(r.Ok);
        // The upstream sample's md5s are stale too (tests/fixtures/ocf/README.md): each is its own error in strict mode.
        Assert.All(r.Errors.Where(x => x.Path != "/stakeholders_files/0/filepath"), x => Assert.EndsWith("/md5", x.Path));
        var e = Assert.Single(r.Errors, x => x.Path == "/stakeholders_files/0/filepath");
        Assert.Equal("Manifest.ocf.json", e.File);
        Assert.Equal("/stakeholders_files/0/filepath", e.Path);
        Assert.Contains("./Stakeholders.json", e.Message);
        Assert.Contains("Stakeholders.ocf.json", e.Message);
    }

    [Fact]
    public void QuickstartSample_ImportsWithLenient()
    {
        var r = OcfImporter.Import(SharedOcf.Samples("quickstart"), new OcfImportOptions { Lenient = true });
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        var t = r.CapTable!;
        // One issuance: 5,000 Preferred Shares to Jim Jangles at 1.00; no common class, so none authorized.
        Assert.Equal(5_000, t.SharesHeld("Jim Jangles", "0c21a4fd-f758-4e8a-b0ec-3fab5a5dc452"));
        Assert.Equal(0, t.Charter.Authorized.Common.Value);
        // The price per share is not stated: the first issuance price (1.00) is the original issue price, with a warning.
        Assert.Equal(1.00m, t.Charter.Series.Single().OriginalIssuePrice.Value);
        Assert.Contains(r.Warnings, w => w.Path.EndsWith("/price_per_share", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.Path == "/ocf_version");
    }

    [Fact]
    public void RichPackage_EveryMappedTransaction_HandWorkedCapTable()
    {
        var r = OcfImporter.Import(Rich, new OcfImportOptions());
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        var t = r.CapTable!;
        // Common: Alice 3,000,000 × 2 (split 2:1) − 500,000 transferred to Carol = 5,500,000;
        // Carol 500,000 − 100,000 repurchased = 400,000; Bob 120,000 exercised; Angel 50,000 (warrant) + 500,000 (conversion).
        Assert.Equal(5_500_000, t.SharesHeld("Alice Founder", "common"));
        Assert.Equal(400_000, t.SharesHeld("Carol Buyer", "common"));
        Assert.Equal(120_000, t.SharesHeld("Bob Employee", "common"));
        Assert.Equal(550_000, t.SharesHeld("Angel Investor", "common"));
        Assert.Equal(6_570_000, t.Outstanding("common"));
        // Series A: VC 1,000,000 (reissued, unchanged); Angel 200,000 + 100,000 (SAFE) − 200,000 converted = 100,000.
        Assert.Equal(1_000_000, t.SharesHeld("Venture Fund LP", "sa"));
        Assert.Equal(100_000, t.SharesHeld("Angel Investor", "sa"));
        Assert.Equal(200_000, t.RetiredByConversion["sa"]);
        // Conversion price 1.00 → 0.50 (the 2:1 split) → 0.40 (ratio adjustment). 200,000 × 1.00 / 0.40 = 500,000 common.
        Assert.Equal(0.40m, t.ConversionPrice("sa"));
        Assert.Equal([1.00m, 0.50m], t.ConversionPriceHistory.Select(h => h.From));
        Assert.Equal([0.50m, 0.40m], t.ConversionPriceHistory.Select(h => h.To));
        Assert.Equal("OCF TX_STOCK_CLASS_SPLIT (conversion prices move inversely with the common)", t.ConversionPriceHistory[0].Clause);
        Assert.Equal("board resolution 2020-03-15", t.ConversionPriceHistory[1].Clause);
        // Instruments: Bob 480,000 − 120,000 exercised − 60,000 cancelled = 300,000; Carol 10,000; warrants exercised / expired.
        Assert.Equal((300_000L, 120_000L, 60_000L), (t.Instruments["opt-bob"].Outstanding, t.Instruments["opt-bob"].Exercised, t.Instruments["opt-bob"].Cancelled));
        Assert.Equal(10_000, t.Instruments["opt-carol"].Outstanding);
        Assert.Equal((0L, 50_000L), (t.Instruments["w-angel"].Outstanding, t.Instruments["w-angel"].Exercised));
        Assert.Equal((0L, 10_000L), (t.Instruments["w-old"].Outstanding, t.Instruments["w-old"].Expired));
        // Authorized amended on 2021-09-01: common 12,000,000, total 14,000,000.
        Assert.Equal(12_000_000, t.Charter.Authorized.Common.Value);
        Assert.Equal(14_000_000, t.Charter.Authorized.Total.Value);
        Assert.Equal(1_500_000, t.Plans["plan1"].Reserved);
        Assert.Equal("converted", t.Convertibles["safe-1"].Outcome);
        // As converted: 6,570,000 + 1,100,000 × 2.5 = 9,320,000; fully diluted + 310,000 options = 9,630,000.
        Assert.Equal(9_320_000, t.AsConvertedTotal());
        Assert.Equal(9_630_000, t.FullyDilutedTotal());
    }

    [Fact]
    public void RichPackage_VestedAndUnvestedOptions()
    {
        var t = OcfImporter.Import(Rich, new OcfImportOptions()).CapTable!;
        var on = t.VestingOn(new DateOnly(2021, 12, 31)).ToDictionary(v => v.GrantId);
        // Bob (480,000, start 2020-04-01): cliff 120,000 on 2021-04-01, then 10,000 monthly May–Dec (8) = 200,000;
        // + 30,000 accelerated = 230,000 vested; − 120,000 exercised = 110,000 vested of 300,000 outstanding.
        Assert.Equal((110_000L, 190_000L), (on["opt-bob"].Vested, on["opt-bob"].Unvested));
        // Carol (10,000): the milestone event vests 1/2 = 5,000 on 2021-10-15.
        Assert.Equal((5_000L, 5_000L), (on["opt-carol"].Vested, on["opt-carol"].Unvested));
        Assert.Equal(0, t.VestedShares("opt-carol", new DateOnly(2021, 10, 14)));
    }

    [Fact]
    public void AgainstAGivenCharter_ConflictsAreRefused_UnlessLenientLetsTheCharterWin()
    {
        // The options sample's preferred class states seniority 2; map it to Juniper's Series A (seniority 1, OIP 1.00).
        var charter = (Core.Charter.CharterLoader.DefaultCharterId, Core.Charter.CharterLoader.EmbeddedText(Core.Charter.CharterLoader.DefaultCharterId));
        var map = new Dictionary<string, string> { ["0c21a4fd-f758-4e8a-b0ec-3fab5a5dc452"] = "A" };
        var strict = OcfImporter.Import(SharedOcf.Samples("options"), new OcfImportOptions { Charter = charter, ClassMap = map });
        Assert.False(strict.Ok);
        Assert.Contains(strict.Errors, e => e.Path.EndsWith("/seniority", StringComparison.Ordinal) && e.Message.Contains("FOURTH §4(a)"));
        Assert.Contains(strict.Errors, e => e.Path.EndsWith("/initial_shares_authorized", StringComparison.Ordinal) && e.Message.Contains("FOURTH §2"));

        var lenient = OcfImporter.Import(SharedOcf.Samples("options"), new OcfImportOptions { Charter = charter, ClassMap = map, Lenient = true });
        Assert.True(lenient.Ok, string.Join("\n", lenient.Errors));
        Assert.Equal(5_000, lenient.CapTable!.SharesHeld("Jim Jangles", "A"));
        Assert.Equal(1, lenient.CapTable.Charter.FindSeries("A")!.Liquidation.Seniority);
    }

    [Fact]
    public void UnsupportedTransactionType_IsAClearError()
    {
        using var tmp = new TempFolder();
        var dir = tmp.CopyOf("options");
        var tx = Path.Combine(dir, "Transactions.ocf.json");
        OcfTestPackages.WriteAllText(tx, File.ReadAllText(tx).Replace("\"items\": [", """
            "items": [
                {"object_type": "TX_EQUITY_COMPENSATION_TRANSFER", "id": "eq-transfer", "security_id": "c0ebbb49-8499-4863-bf27-279bc842bf20",
                 "date": "2023-06-01", "quantity": "1000", "resulting_security_ids": ["x"]},
            """));
        var r = OcfImporter.Import(dir, new OcfImportOptions());
        var e = Assert.Single(r.Errors);
        Assert.Equal("eq-transfer", e.ItemId);
        Assert.Contains("TX_EQUITY_COMPENSATION_TRANSFER is not mapped", e.Message);
    }
}
