using System.Text.Json;
using System.Text.Json.Nodes;

namespace Charta.Ocf.Tests;

/// <summary>The v1.2.0 schemas, applied per object by object_type.</summary>
public class Ocf_Validation
{
    public static IEnumerable<object[]> ConformanceFiles() =>
        Directory.EnumerateFiles(SharedOcf.Samples("conformance"), "*.json").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(ConformanceFiles))]
    public void EveryConformanceItem_Validates(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedOcf.Samples("conformance"), file)));
        var root = doc.RootElement;
        if (root.GetProperty("file_type").GetString() == "OCF_MANIFEST_FILE")
        {
            Assert.Empty(OcfSchemas.Evaluate(OcfSchemas.ForFileType("OCF_MANIFEST_FILE")!, root));
            return;
        }

        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            var violations = OcfSchemas.ValidateObject(item);
            Assert.True(violations.Count == 0, $"{file} {item.GetProperty("id")}: {string.Join("; ", violations)}");
        }
    }

    [Fact]
    public void EveryObjectTypeOfTheEnum_HasASchema()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedOcf.Folder, "..", "..", "..", "src", "Charta.Ocf", "Schemas", "v1.2.0", "enums", "ObjectType.schema.json")));
        var all = doc.RootElement.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.True(all.Count >= 50);
        Assert.All(all, t => Assert.True(OcfSchemas.IsKnownObjectType(t), t));
    }

    [Theory]
    // A stakeholder without its required name; a stock class whose class_type is not in the enum; an issuance whose
    // quantity has 11 decimals (Numeric allows 10).
    [InlineData("Stakeholders.ocf.json", 0, "name", null, "be7d1e2e-0c9c-485b-a27d-a5c982c4e659", "/items/0", "required")]
    [InlineData("StockClasses.ocf.json", 1, "class_type", "ORDINARY", "e1d930f7-592d-4414-a3ab-a78fe4b932d1", "/items/1/class_type", "enum")]
    [InlineData("Transactions.ocf.json", 0, "quantity", "5000.00000000001", "issued-shares-to-jim", "/items/0/quantity", "pattern")]
    public void ABrokenItem_FailsWithItsIdAndPath(string file, int index, string field, string? value, string id, string path, string keyword)
    {
        using var tmp = new TempFolder();
        var dir = tmp.CopyOf("options");
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, file)))!;
        var item = node["items"]![index]!.AsObject();
        if (value is null) item.Remove(field);
        else item[field] = value;
        File.WriteAllText(Path.Combine(dir, file), node.ToJsonString());

        var r = OcfImporter.Import(dir, new OcfImportOptions());
        Assert.False(r.Ok);
        var e = Assert.Single(r.Errors);
        Assert.Equal((file, id, path), (e.File, e.ItemId, e.Path));
        Assert.Contains(keyword, e.Message);
        Assert.Contains($"item '{id}' at {path}", e.ToString());
    }

    [Fact]
    public void NumbersWhereStringsAreDue_AreErrors_ButLenientReadsThem()
    {
        using var tmp = new TempFolder();
        var dir = tmp.CopyOf("options");
        var file = Path.Combine(dir, "Transactions.ocf.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"quantity\": \"5000\"", "\"quantity\": 5000"));
        var strict = OcfImporter.Import(dir, new OcfImportOptions());
        Assert.Contains(strict.Errors, e => e.Path == "/items/0/quantity" && e.Message.Contains("'type'"));
        var lenient = OcfImporter.Import(dir, new OcfImportOptions { Lenient = true });
        Assert.True(lenient.Ok, string.Join("\n", lenient.Errors));
        Assert.Contains(lenient.Warnings, w => w.Path == "/items/0/quantity");
        Assert.Equal(5_000, lenient.CapTable!.SharesHeld("Jim Jangles", "0c21a4fd-f758-4e8a-b0ec-3fab5a5dc452"));
    }

    [Fact]
    public void OlderFieldNames_AreErrors_ButLenientRenamesThem()
    {
        using var tmp = new TempFolder();
        var dir = tmp.CopyOf("options");
        var file = Path.Combine(dir, "Transactions.ocf.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"shares_reserved\": \"8000000\"", "\"new_shares_reserved\": \"8000000\""));
        Assert.False(OcfImporter.Import(dir, new OcfImportOptions()).Ok);
        var lenient = OcfImporter.Import(dir, new OcfImportOptions { Lenient = true });
        Assert.True(lenient.Ok, string.Join("\n", lenient.Errors));
        Assert.Equal(8_000_000, lenient.CapTable!.Plans.Values.Single().Reserved);
    }
}
