using System.Text;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Ocf.Tests;

/// <summary>Charta → OCF: valid, resolvable, deterministic.</summary>
public class Ocf_Export
{
    private static (IReadOnlyList<RecordedEvent> Events, CapTable Table) Juniper()
    {
        var ledger = new CompanyLedger(new InMemoryEventStore(), TimeProvider.System);
        var appended = ledger.Append(Ocf_RoundTrip.JuniperWithAdjustments());
        Assert.True(appended.IsOk, appended.Refusal?.ToString());
        var table = appended.Value;
        return (ledger.Events(), table);
    }

    [Fact]
    public void TheJuniperDemoCompany_ExportsAPackageThatValidates()
    {
        var (events, table) = Juniper();
        var export = OcfExporter.Export(events, table, DateTimeOffset.UnixEpoch);
        Assert.Empty(OcfExporter.Validate(export));
        var classes = Encoding.UTF8.GetString(export.Files[OcfExporter.StockClassesFile]);
        foreach (var s in new[] { "A", "B", "C", "D", "D1" }) Assert.Contains($"\"id\": \"{s}\"", classes);
        // The anti-dilution adjustment and the reset are ratio adjustments carrying OIP / CP, the price and the rounding.
        var txs = Encoding.UTF8.GetString(export.Files[OcfExporter.TransactionsFile]);
        Assert.Equal(2, CountOf(txs, "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT"));
        Assert.Contains("\"clause: FOURTH §6(d)(iv)\"", txs);
        Assert.Contains("\"rounding_type\": \"FLOOR\"", txs);
    }

    [Fact]
    public void ExportIsDeterministic_OnlyGeneratedAtChanges()
    {
        var (events, table) = Juniper();
        var a = OcfExporter.Export(events, table, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var b = OcfExporter.Export(events, table, new DateTimeOffset(2027, 6, 30, 8, 15, 0, TimeSpan.Zero));
        Assert.Equal(a.Files.Keys, b.Files.Keys);
        foreach (var name in a.Files.Keys.Where(n => n != OcfPackageReader.ManifestName))
            Assert.Equal(a.Files[name], b.Files[name]);
        var ma = Encoding.UTF8.GetString(a.Files[OcfPackageReader.ManifestName]).Split('\n');
        var mb = Encoding.UTF8.GetString(b.Files[OcfPackageReader.ManifestName]).Split('\n');
        var differing = ma.Zip(mb).Where(p => p.First != p.Second).ToList();
        var line = Assert.Single(differing);
        Assert.Contains("generated_at", line.First);
        Assert.Contains("2026-01-01T00:00:00Z", line.First);
    }

    [Fact]
    public void ConversionsExercisesAndCancellations_FollowTheSecurityIdLifecycle()
    {
        var first = OcfImporter.Import(Ocf_Import.Rich, new OcfImportOptions());
        var export = OcfExporter.Export(Snapshot.Recorded(first.Events), first.CapTable!, DateTimeOffset.UnixEpoch);
        Assert.Empty(OcfExporter.Validate(export)); // every resulting and balance id names an issuance of the package
        var txs = Encoding.UTF8.GetString(export.Files[OcfExporter.TransactionsFile]);
        Assert.Contains("TX_STOCK_CONVERSION", txs);
        Assert.Contains("TX_EQUITY_COMPENSATION_EXERCISE", txs);
        Assert.Contains("\"balance_security_id\": \"opt-bob-b1\"", txs);
        Assert.Contains("\"resulting_security_ids\"", txs);
    }

    [Fact]
    public void AReferenceThatResolvesNowhere_IsReported()
    {
        // The options sample with its second legend template renamed: the transaction's "common_legend_id" dangles.
        var files = Directory.EnumerateFiles(SharedOcf.Samples("options")).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        files["StockLegends.ocf.json"] = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(files["StockLegends.ocf.json"]).Replace("\"common_legend_id\"", "\"another_legend\""));
        OcfTestPackages.RefreshMd5(files);
        var issues = new List<OcfIssue>();
        var package = OcfPackageReader.Read("options", files, lenient: false, issues)!;
        var refs = OcfReferences.Check(package);
        Assert.Contains(refs, i => i.Path.EndsWith("/stock_legend_ids/0", StringComparison.Ordinal) && i.Message.Contains("common_legend_id"));
        Assert.Contains(refs, i => i.Path.EndsWith("/resulting_security_ids/0", StringComparison.Ordinal) && i.Message.Contains("resultant-security-id-1"));
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;
}
