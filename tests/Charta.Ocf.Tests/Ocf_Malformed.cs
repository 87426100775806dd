using System.IO.Compression;

namespace Charta.Ocf.Tests;

/// <summary>Malformed packages: each gives a clear, located error and no cap table.</summary>
public class Ocf_Malformed
{
    private static OcfIssue OnlyError(OcfImportResult r)
    {
        Assert.False(r.Ok);
        Assert.Empty(r.Events);
        return Assert.Single(r.Errors);
    }

    [Fact]
    public void ATruncatedZip()
    {
        using var tmp = new TempFolder();
        var zip = tmp.File("options.ocf.zip");
        ZipFile.CreateFromDirectory(SharedOcf.Samples("options"), zip);
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(bytes.Length / 2)]);
        var e = OnlyError(OcfImporter.Import(zip, new OcfImportOptions()));
        Assert.Equal("options.ocf.zip", e.File);
        Assert.Contains("not a readable .ocf.zip", e.Message);
    }

    [Fact]
    public void AWholeZip_Imports()
    {
        using var tmp = new TempFolder();
        var zip = tmp.File("options.ocf.zip");
        ZipFile.CreateFromDirectory(SharedOcf.Samples("options"), zip);
        Assert.True(OcfImporter.Import(zip, new OcfImportOptions()).Ok);
    }

    [Fact]
    public void InvalidJson()
    {
        using var tmp = new TempFolder();
        var dir = tmp.CopyOf("options");
        OcfTestPackages.WriteAllText(Path.Combine(dir, "Stakeholders.ocf.json"), "{ \"file_type\": \"OCF_STAKEHOLDERS_FILE\", \"items\": [ { \"id\": ");
        var e = OnlyError(OcfImporter.Import(dir, new OcfImportOptions()));
        Assert.Equal("Stakeholders.ocf.json", e.File);
        Assert.Contains("is not valid JSON (line 1", e.Message);
    }

    [Fact]
    public void AManifestNamingAMissingFile()
    {
        using var tmp = new TempFolder();
        var dir = tmp.CopyOf("options");
        File.Delete(Path.Combine(dir, "StockPlans.ocf.json"));
        var e = OnlyError(OcfImporter.Import(dir, new OcfImportOptions()));
        Assert.Equal(("Manifest.ocf.json", "/stock_plans_files/0/filepath"), (e.File, e.Path));
        Assert.Contains("'./StockPlans.ocf.json', which is not in the package", e.Message);
    }

    [Fact]
    public void ATransactionReferringToAnUnknownSecurity()
    {
        using var tmp = new TempFolder();
        var dir = tmp.CopyOf("options");
        var file = Path.Combine(dir, "Transactions.ocf.json");
        OcfTestPackages.WriteAllText(file, File.ReadAllText(file).Replace("\"security_id\": \"c0ebbb49-8499-4863-bf27-279bc842bf20\",\n      \"date\": \"2024-01-31\"", "\"security_id\": \"no-such-security\",\n      \"date\": \"2024-01-31\""));
        var r = OcfImporter.Import(dir, new OcfImportOptions());
        Assert.False(r.Ok);
        var e = Assert.Single(r.Errors, x => x.Path == "/items/5/security_id");
        Assert.Equal(("Transactions.ocf.json", "8efcfd8f-80fc-4f89-ae4f-1fd2c3c5cc2d"), (e.File, e.ItemId));
        Assert.Contains("'no-such-security' is not a security of the package", e.Message);
    }

    [Fact]
    public void ANumericWithElevenDecimals()
    {
        using var tmp = new TempFolder();
        var dir = tmp.CopyOf("options");
        var file = Path.Combine(dir, "StockClasses.ocf.json");
        OcfTestPackages.WriteAllText(file, File.ReadAllText(file).Replace("\"100000.00\"", "\"100000.00000000001\""));
        var e = OnlyError(OcfImporter.Import(dir, new OcfImportOptions()));
        Assert.Equal(("StockClasses.ocf.json", "0c21a4fd-f758-4e8a-b0ec-3fab5a5dc452", "/items/0/initial_shares_authorized"), (e.File, e.ItemId, e.Path));
        Assert.Contains("pattern", e.Message);
    }

    [Fact]
    public void ATransactionTheCharterRefuses_NamesTheItem()
    {
        using var tmp = new TempFolder();
        var dir = tmp.CopyOf("options");
        var file = Path.Combine(dir, "Transactions.ocf.json");
        // 200,000 preferred shares where the class authorizes 100,000.
        OcfTestPackages.WriteAllText(file, File.ReadAllText(file).Replace("\"quantity\": \"5000\"", "\"quantity\": \"200000\""));
        var e = OnlyError(OcfImporter.Import(dir, new OcfImportOptions()));
        Assert.Equal(("Transactions.ocf.json", "issued-shares-to-jim"), (e.File, e.ItemId));
        Assert.Contains("the charter refuses it", e.Message);
        Assert.Contains("fixed number of 100,000", e.Message);
    }
}
