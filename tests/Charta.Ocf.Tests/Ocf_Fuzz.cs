using System.Text;
using System.Text.Json.Nodes;

namespace Charta.Ocf.Tests;

/// <summary>
/// Thousands of packages mutated from the samples (bytes and JSON values): every outcome is a successful import or
/// a typed, reported error. Any other exception fails the test with the seed that reproduces it.
/// </summary>
public class Ocf_Fuzz
{
    private const int Cases = 3000;

    private static readonly JsonNode?[] Values =
    [
        null, true, false, 0, -1, 1.5, "", "x", "-5", "0", "1e3", "99999999999999999999999", "0.00000000001", "5000.5",
        "2021-02-30", "9999-12-31", "0001-01-01", "2021-06-01", new JsonObject(), new JsonArray(), "TX_STOCK_ISSUANCE",
        "TX_STOCK_TRANSFER", "COMMON", "PREFERRED", "UNLIMITED", "s-alice", "opt-bob", "sa", "cs", "plan1", "start",
        "1000000000000000000", "-0", "+7",
    ];

    private static readonly (string, string) Juniper =
        (Core.Charter.CharterLoader.DefaultCharterId, Core.Charter.CharterLoader.EmbeddedText(Core.Charter.CharterLoader.DefaultCharterId));

    private static readonly Dictionary<string, string> JuniperMap = new()
    {
        ["0c21a4fd-f758-4e8a-b0ec-3fab5a5dc452"] = "A", ["sa"] = "B",
    };

    private static Dictionary<string, byte[]> Load(string folder) =>
        Directory.EnumerateFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void MutatedPackages_ImportOrFailWithTypedErrors()
    {
        var sources = new[] { Load(SharedOcf.Samples("options")), Load(SharedOcf.Samples("quickstart")), Load(Ocf_Import.Rich) };
        var outcomes = new int[2];
        Parallel.For(0, Cases, seed =>
        {
            var rng = new Random(seed);
            var files = new Dictionary<string, byte[]>(sources[seed % sources.Length]);
            var mutations = 1 + rng.Next(3);
            for (var m = 0; m < mutations; m++) Mutate(files, rng);
            // Most cases keep the manifest's md5s right, so the mutation reaches the reader and mapper behind the md5 check.
            if (rng.Next(8) != 0) OcfTestPackages.RefreshMd5(files);
            var options = new OcfImportOptions
            {
                Lenient = rng.Next(2) == 0,
                // A quarter of the cases run on the Juniper charter, mapping the samples' classes to its series.
                Charter = seed % 4 == 3 ? Juniper : null,
                ClassMap = seed % 4 == 3 ? JuniperMap : new Dictionary<string, string>(),
            };
            OcfImportResult result;
            try
            {
                result = OcfImporter.Import(files, options);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }

            if (result.Ok)
            {
                Assert.NotNull(result.CapTable);
                Assert.NotEmpty(result.Events);
                Interlocked.Increment(ref outcomes[0]);
            }
            else
            {
                Assert.NotEmpty(result.Errors);
                Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
                Assert.Empty(result.Events);
                Interlocked.Increment(ref outcomes[1]);
            }
        });

        // Both outcomes occur: the fuzzer neither breaks everything nor changes nothing.
        Assert.True(outcomes[0] > 50, $"{outcomes[0]} imported");
        Assert.True(outcomes[1] > 500, $"{outcomes[1]} refused");
    }

    private static void Mutate(Dictionary<string, byte[]> files, Random rng)
    {
        var names = files.Keys.Order(StringComparer.Ordinal).ToArray();
        var name = names[rng.Next(names.Length)];
        var bytes = files[name];
        switch (rng.Next(10))
        {
            case 0: // truncate
                files[name] = bytes[..rng.Next(bytes.Length)];
                return;
            case 1: // flip a byte
            {
                var copy = (byte[])bytes.Clone();
                copy[rng.Next(copy.Length)] = (byte)rng.Next(32, 127);
                files[name] = copy;
                return;
            }

            case 2: // drop a file
                files.Remove(name);
                return;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes);
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        if (root is null) return;
        var nodes = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, nodes);
        if (nodes.Count == 0) return;
        var (parent, key, index) = nodes[rng.Next(nodes.Count)];
        var op = rng.Next(4);
        if (parent is JsonObject o && key is not null)
        {
            if (op == 0) o.Remove(key);
            else o[key] = Values[rng.Next(Values.Length)]?.DeepClone();
        }
        else if (parent is JsonArray a)
        {
            if (op == 0) a.RemoveAt(index);
            else if (op == 1) a.Add(a[index]?.DeepClone());
            else a[index] = Values[rng.Next(Values.Length)]?.DeepClone();
        }

        files[name] = Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> into)
    {
        if (node is JsonObject o)
        {
            foreach (var kv in o.ToList())
            {
                into.Add((o, kv.Key, -1));
                if (kv.Value is not null) Collect(kv.Value, into);
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                into.Add((a, null, i));
                if (a[i] is { } child) Collect(child, into);
            }
        }
    }
}
