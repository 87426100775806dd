using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace Charta.Ocf.Tests;

/// <summary>Shared helpers: the rich test package in memory, edited as text, with its md5s kept right.</summary>
internal static class HostilePackage
{
    public static Dictionary<string, byte[]> Rich() =>
        Directory.EnumerateFiles(Ocf_Import.Rich).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    public static Dictionary<string, byte[]> Edit(string file, Func<string, string> edit, bool refreshMd5 = true)
    {
        var files = Rich();
        var before = Encoding.UTF8.GetString(files[file]);
        var after = edit(before);
        Assert.NotEqual(before, after);   // the edit took: the test cannot pass vacuously
        files[file] = Encoding.UTF8.GetBytes(after);
        if (refreshMd5) OcfTestPackages.RefreshMd5(files);
        return files;
    }

    public static OcfIssue OnlyError(OcfImportResult r)
    {
        Assert.False(r.Ok);
        Assert.Empty(r.Events);
        return Assert.Single(r.Errors);
    }
}

/// <summary>
/// docs/cli.md "Limits", OCF package: a zip bomb is refused from the central directory before anything is inflated,
/// and again while inflating when the directory lies; memory stays bounded either way.
/// </summary>
public class OcfPackage_ZipLimits
{
    /// <summary>Writes a zip whose one entry is <paramref name="bytes"/> zeros, streamed (never held in memory).</summary>
    private static void ZerosZip(string path, string entryName, long bytes)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        var entry = zip.CreateEntry(entryName, CompressionLevel.SmallestSize);
        using var s = entry.Open();
        var chunk = new byte[1 << 20];
        for (long written = 0; written < bytes; written += chunk.Length) s.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
    }

    [Fact]
    public void OneGiBEntryOfZeros_IsRefusedFromTheCentralDirectory_WithBoundedMemory()
    {
        using var tmp = new TempFolder();
        var zip = tmp.File("bomb.ocf.zip");
        ZerosZip(zip, "Manifest.ocf.json", 1L << 30);
        Assert.True(new FileInfo(zip).Length < 5_000_000, $"the bomb is small on disk ({new FileInfo(zip).Length:N0} bytes)");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var r = OcfImporter.Import(zip, new OcfImportOptions());
        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var e = HostilePackage.OnlyError(r);
        Assert.Equal("Manifest.ocf.json", e.File);
        Assert.Contains("states 1,073,741,824 bytes inflated", e.Message);
        Assert.Contains("nothing was inflated", e.Message);
        // The limit is 300 MB in the issue; refusing from the directory allocates next to nothing.
        Assert.True(allocated < 50_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void AnEntryWhoseHeaderUnderstatesItsSize_IsStoppedWhileInflating()
    {
        using var tmp = new TempFolder();
        var zip = tmp.File("liar.ocf.zip");
        const long real = 100L << 20;   // 100 MiB of zeros: past the 64 MiB entry limit and a ~1000:1 ratio
        ZerosZip(zip, "Manifest.ocf.json", real);

        // Rewrite the stated inflated size (central directory and local header) to 1,000 bytes.
        var bytes = File.ReadAllBytes(zip);
        var patched = 0;
        for (var i = 0; i + 30 < bytes.Length; i++)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02) { BitConverter.GetBytes(1000).CopyTo(bytes, i + 24); patched++; }
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x03 && bytes[i + 3] == 0x04) { BitConverter.GetBytes(1000).CopyTo(bytes, i + 22); patched++; }
        }

        Assert.Equal(2, patched);
        File.WriteAllBytes(zip, bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var r = OcfImporter.Import(zip, new OcfImportOptions());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Either the inflater stops at the stated size (the JSON is then cut short) or the counting read stops it:
        // both are a refusal, and memory stays bounded by the limits, never by the real size.
        Assert.False(r.Ok);
        Assert.Empty(r.Events);
        Assert.True(allocated < 300_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void TheSameNameTwiceInAZip_IsRefused()
    {
        using var tmp = new TempFolder();
        var zip = tmp.File("dup.ocf.zip");
        using (var z = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var f in Directory.EnumerateFiles(Ocf_Import.Rich)) z.CreateEntryFromFile(f, Path.GetFileName(f));
            z.CreateEntryFromFile(Path.Combine(Ocf_Import.Rich, "Stakeholders.ocf.json"), "Stakeholders.ocf.json");
        }

        var e = HostilePackage.OnlyError(OcfImporter.Import(zip, new OcfImportOptions()));
        Assert.Equal("Stakeholders.ocf.json", e.File);
        Assert.Contains("is in the zip twice", e.Message);
    }

    [Fact]
    public void TheSameFileUnderTwoSpellings_IsRefused()
    {
        var files = HostilePackage.Rich();
        files["./Stakeholders.ocf.json"] = files["Stakeholders.ocf.json"];
        var e = HostilePackage.OnlyError(OcfImporter.Import(files, new OcfImportOptions()));
        Assert.Contains("is in the package twice", e.Message);
    }

    [Fact]
    public void TheRichPackageAsAZip_StillImports()
    {
        using var tmp = new TempFolder();
        var zip = tmp.File("rich.ocf.zip");
        ZipFile.CreateFromDirectory(Ocf_Import.Rich, zip);
        var r = OcfImporter.Import(zip, new OcfImportOptions());
        Assert.True(r.Ok, string.Join("\n", r.Errors));
    }
}

/// <summary>A folder package holds plain files only: no symbolic link (inside or out of it), no device, no FIFO.</summary>
public class OcfPackage_FolderEntries
{
    private static string CopyRich(TempFolder tmp)
    {
        var dir = tmp.File("pkg");
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.EnumerateFiles(Ocf_Import.Rich)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    [Fact]
    public void ASymlinkToDevZero_IsRefusedWithoutReadingIt()
    {
        using var tmp = new TempFolder();
        var dir = CopyRich(tmp);
        File.Delete(Path.Combine(dir, "Stakeholders.ocf.json"));
        File.CreateSymbolicLink(Path.Combine(dir, "Stakeholders.ocf.json"), "/dev/zero");
        var e = HostilePackage.OnlyError(OcfImporter.Import(dir, new OcfImportOptions()));
        Assert.Equal("Stakeholders.ocf.json", e.File);
        Assert.Contains("is a symbolic link (to '/dev/zero')", e.Message);
    }

    [Fact]
    public void ASymlinkEscapingTheFolder_IsRefused()
    {
        using var tmp = new TempFolder();
        var dir = CopyRich(tmp);
        var outside = tmp.File("outside.json");
        File.Copy(Path.Combine(dir, "Stakeholders.ocf.json"), outside);
        File.Delete(Path.Combine(dir, "Stakeholders.ocf.json"));
        File.CreateSymbolicLink(Path.Combine(dir, "Stakeholders.ocf.json"), "../outside.json");
        var e = HostilePackage.OnlyError(OcfImporter.Import(dir, new OcfImportOptions()));
        Assert.Contains("is a symbolic link (to '../outside.json')", e.Message);
        Assert.Contains("nothing is read from outside it", e.Message);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MkFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [Fact]
    public void AFifo_IsRefusedWithoutOpeningIt()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var tmp = new TempFolder();
        var dir = CopyRich(tmp);
        Assert.Equal(0, MkFifo(Path.Combine(dir, "Extra.ocf.json"), 0x1A4));   // 0644
        // Opening a FIFO for reading would block until a writer comes: the import must refuse it from its type.
        var e = HostilePackage.OnlyError(OcfImporter.Import(dir, new OcfImportOptions()));
        Assert.Equal("Extra.ocf.json", e.File);
        Assert.Contains("is a fifo, not a plain file", e.Message);
    }
}

/// <summary>The manifest's md5 of each file is checked: 32 zeros (or any stale value) is an error; --lenient warns.</summary>
public class Ocf_ManifestMd5
{
    private static Dictionary<string, byte[]> ZeroMd5() =>
        HostilePackage.Edit("Manifest.ocf.json", t => System.Text.RegularExpressions.Regex.Replace(t, "(\"filepath\": \"./Stakeholders.ocf.json\",\\s*\"md5\": \")[0-9a-f]{32}", "${1}00000000000000000000000000000000"), refreshMd5: false);

    [Fact]
    public void ThirtyTwoZeros_Fails()
    {
        var e = HostilePackage.OnlyError(OcfImporter.Import(ZeroMd5(), new OcfImportOptions()));
        Assert.Equal(("Manifest.ocf.json", "/stakeholders_files/0/md5"), (e.File, e.Path));
        Assert.Contains("is 00000000000000000000000000000000, but 'Stakeholders.ocf.json' has md5", e.Message);
    }

    [Fact]
    public void Lenient_WarnsAndReads()
    {
        var r = OcfImporter.Import(ZeroMd5(), new OcfImportOptions { Lenient = true });
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Contains(r.Warnings, w => w.Path == "/stakeholders_files/0/md5");
    }

    [Fact]
    public void AFileChangedAfterTheManifest_Fails()
    {
        var files = HostilePackage.Edit("Stakeholders.ocf.json", t => t.Replace("Alice Founder", "Alice Foundress"), refreshMd5: false);
        var e = HostilePackage.OnlyError(OcfImporter.Import(files, new OcfImportOptions()));
        Assert.EndsWith("/md5", e.Path);
    }
}

/// <summary>Duplicate JSON keys are an error naming the path, never "the last one wins".</summary>
public class Ocf_DuplicateKeys
{
    [Fact]
    public void ADuplicateKeyInAnItem_IsRefusedNamingItsPath()
    {
        var files = HostilePackage.Edit("Stakeholders.ocf.json", t => t.Replace("\"legal_name\": \"Alice Founder\"", "\"legal_name\": \"Alice Founder\", \"legal_name\": \"Mallory\""));
        var e = HostilePackage.OnlyError(OcfImporter.Import(files, new OcfImportOptions()));
        Assert.Equal("Stakeholders.ocf.json", e.File);
        Assert.Equal("/items/0/name/legal_name", e.Path);
        Assert.Contains("given twice", e.Message);
    }

    [Fact]
    public void ADuplicateKeyInTheManifest_IsRefused()
    {
        var files = HostilePackage.Edit("Manifest.ocf.json", t => t.Replace("\"file_type\": \"OCF_MANIFEST_FILE\"", "\"file_type\": \"OCF_MANIFEST_FILE\", \"file_type\": \"OCF_MANIFEST_FILE\""));
        var r = OcfImporter.Import(files, new OcfImportOptions());
        Assert.False(r.Ok);
        Assert.Contains(r.Errors, e => e.Path == "/file_type" && e.Message.Contains("given twice"));
    }
}

/// <summary>Every monetary amount is in the import's currency (USD unless --currency): no conversion, only consistency.</summary>
public class Ocf_Currency
{
    [Fact]
    public void ASharePriceInEur_IsRefused()
    {
        var files = HostilePackage.Edit("Transactions.ocf.json", t => ReplaceFirst(t, "\"currency\": \"USD\"", "\"currency\": \"EUR\""));
        var e = HostilePackage.OnlyError(OcfImporter.Import(files, new OcfImportOptions()));
        Assert.Equal("Transactions.ocf.json", e.File);
        Assert.EndsWith("/currency", e.Path);
        Assert.Contains("is EUR, but this import is in USD; Charta converts no currency", e.Message);
    }

    [Fact]
    public void EveryAmountInEur_ImportsWithCurrencyEur_AndIsRefusedInUsd()
    {
        var files = HostilePackage.Rich();
        foreach (var k in files.Keys.ToList())
            files[k] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(files[k]).Replace("\"USD\"", "\"EUR\""));
        OcfTestPackages.RefreshMd5(files);
        var eur = OcfImporter.Import(files, new OcfImportOptions { Currency = "EUR" });
        Assert.True(eur.Ok, string.Join("\n", eur.Errors));
        var usd = OcfImporter.Import(files, new OcfImportOptions());
        Assert.False(usd.Ok);
        Assert.All(usd.Errors, e => Assert.Contains("is EUR, but this import is in USD", e.Message));
    }

    internal static string ReplaceFirst(string text, string what, string with)
    {
        var i = text.IndexOf(what, StringComparison.Ordinal);
        return i < 0 ? text : text[..i] + with + text[(i + what.Length)..];
    }
}

/// <summary>Conversion terms: a price and a ratio that disagree are refused with both values; a zero price is refused, not replaced.</summary>
public class Ocf_ConversionTerms
{
    [Fact]
    public void ContradictoryPriceAndRatioOnTheClass_AreRefusedWithBothValues()
    {
        // Original issue price 1.00, conversion price 1.00 (ratio 1), but the ratio says 2/1.
        var files = HostilePackage.Edit("StockClasses.ocf.json", t => t.Replace("\"numerator\": \"1\",\n              \"denominator\": \"1\"", "\"numerator\": \"2\",\n              \"denominator\": \"1\""));
        var e = HostilePackage.OnlyError(OcfImporter.Import(files, new OcfImportOptions()));
        Assert.Contains("conversion price 1.00", e.Message);
        Assert.Contains("ratio 2/1", e.Message);
        Assert.Contains("disagree", e.Message);
    }

    [Fact]
    public void ContradictoryAdjustment_IsRefusedWithBothValues()
    {
        // 1.00 ÷ 0.40 = 2.5, but the ratio says 1/0.5 = 2.
        var files = HostilePackage.Edit("Transactions.ocf.json", t => t.Replace("\"denominator\": \"0.4\"", "\"denominator\": \"0.5\""));
        var e = HostilePackage.OnlyError(OcfImporter.Import(files, new OcfImportOptions()));
        Assert.Equal("cp-adj", e.ItemId);
        Assert.Contains("conversion price 0.40 and ratio 1/0.5", e.Message);
    }

    [Fact]
    public void AZeroConversionPrice_IsRefusedNotReplaced()
    {
        var files = HostilePackage.Edit("StockClasses.ocf.json", t => t.Replace("\"conversion_price\": {\n              \"amount\": \"1.00\"", "\"conversion_price\": {\n              \"amount\": \"0\""));
        var e = HostilePackage.OnlyError(OcfImporter.Import(files, new OcfImportOptions()));
        Assert.EndsWith("/conversion_price/amount", e.Path);
        Assert.Contains("0 is not a conversion price", e.Message);
    }

    [Fact]
    public void AZeroAdjustedConversionPrice_IsRefused()
    {
        var files = HostilePackage.Edit("Transactions.ocf.json", t => t.Replace("\"amount\": \"0.40\"", "\"amount\": \"0\""));
        var r = OcfImporter.Import(files, new OcfImportOptions());
        Assert.False(r.Ok);
        Assert.Contains(r.Errors, e => e.ItemId == "cp-adj" && e.Message.Contains("is not a conversion price"));
    }
}

/// <summary>References: a stock_legend_ids entry that names no legend template is refused (a warning with --lenient).</summary>
public class Ocf_DanglingReferences
{
    [Fact]
    public void ADanglingLegendId_IsRefused_LenientWarns()
    {
        var files = HostilePackage.Rich();
        var tx = Encoding.UTF8.GetString(files["Transactions.ocf.json"]);
        Assert.Contains("stock_legend_ids", tx);
        files["StockLegends.ocf.json"] = Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(
            Encoding.UTF8.GetString(files["StockLegends.ocf.json"]), "\"id\": \"([^\"]+)\"", "\"id\": \"renamed-$1\""));
        OcfTestPackages.RefreshMd5(files);
        var strict = OcfImporter.Import(files, new OcfImportOptions());
        Assert.False(strict.Ok);
        Assert.All(strict.Errors, e => Assert.Contains("names no stock legend template of the package", e.Message));
        var lenient = OcfImporter.Import(files, new OcfImportOptions { Lenient = true });
        Assert.True(lenient.Ok, string.Join("\n", lenient.Errors));
        Assert.Contains(lenient.Warnings, w => w.Path.Contains("/stock_legend_ids/"));
    }
}

/// <summary>Numbers, dates and names from a package are held to the same limits as on the command line.</summary>
public class Ocf_ValuesWithinLimits
{
    [Fact]
    public void ADateIn9999_IsRefused()
    {
        var files = HostilePackage.Edit("Transactions.ocf.json", t => t.Replace("\"expiration_date\": \"2030-04-01\"", "\"expiration_date\": \"9999-12-31\""));
        var r = OcfImporter.Import(files, new OcfImportOptions());
        Assert.False(r.Ok);
        Assert.Contains(r.Errors, e => e.Path.EndsWith("/expiration_date", StringComparison.Ordinal) && e.Message.Contains("1900-01-01 to 2200-12-31"));
    }

    [Theory]
    [InlineData("Alice\\nFounder", "U+000A")]
    [InlineData("Alice\\u0000", "U+0000")]
    [InlineData("\\u001b[31mAlice\\u001b[0m", "U+001B")]
    [InlineData("Alice\\u202erednuoF", "U+202E")]
    public void ANameWithControlOrBidiCharacters_IsRefused(string jsonName, string named)
    {
        var files = HostilePackage.Edit("Stakeholders.ocf.json", t => t.Replace("\"Alice Founder\"", $"\"{jsonName}\""));
        var r = OcfImporter.Import(files, new OcfImportOptions());
        Assert.False(r.Ok);
        Assert.Contains(r.Errors, e => e.Path == "/items/0/name/legal_name" && e.Message.Contains(named));
        Assert.All(r.Errors, e => Assert.DoesNotContain('\u001b', e.Message));
    }

    [Fact]
    public void AHugeName_IsRefusedAndNotEchoed()
    {
        var huge = new string('x', 5_000_000);
        var files = HostilePackage.Edit("Stakeholders.ocf.json", t => t.Replace("\"Alice Founder\"", $"\"{huge}\""));
        var r = OcfImporter.Import(files, new OcfImportOptions());
        Assert.False(r.Ok);
        var e = Assert.Single(r.Errors, e => e.Path == "/items/0/name/legal_name");
        Assert.Contains("5,000,000 characters", e.Message);
        Assert.True(e.Message.Length < 400, "the name is not echoed whole");
    }

    [Fact]
    public void ComposedAndDecomposedNames_AreOneName()
    {
        // "Álice" composed (U+00C1) in one stakeholder, decomposed (A + U+0301) in another: one name, so the second
        // is told apart by its id, as any two stakeholders of the same name are.
        var files = HostilePackage.Edit("Stakeholders.ocf.json", t => t.Replace("\"Alice Founder\"", "\"\\u00c1lice\"").Replace("\"Bob Employee\"", "\"A\\u0301lice\""));
        var r = OcfImporter.Import(files, new OcfImportOptions());
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Contains(r.Warnings, w => w.Message.Contains("another stakeholder is also named 'Álice'"));
        Assert.Contains("\u00c1lice", r.CapTable!.Holders);
        Assert.DoesNotContain("A\u0301lice", r.CapTable.Holders);
    }

    [Fact]
    public void AnAmountWithMoreDigitsThanADecimalHolds_IsRefused()
    {
        var files = HostilePackage.Edit("StockClasses.ocf.json", t => t.Replace("\"amount\": \"1.00\"", "\"amount\": \"123456789012345678901234567890.5\""));
        var r = OcfImporter.Import(files, new OcfImportOptions());
        Assert.False(r.Ok);
        Assert.Contains(r.Errors, e => e.Path.EndsWith("/amount", StringComparison.Ordinal));
    }
}
