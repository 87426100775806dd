using System.Text;
using System.Text.Json.Nodes;

namespace Charta.Ocf.Tests;

/// <summary>
/// Thousands of packages mutated from the samples (bytes and JSON values): every outcome is a successful import or
/// a typed, reported error. Any other exception fails the test with the seed that reproduces it.
/// </summary>
public class Ocf_Fuzz
{
    /// <summary>A few thousand in CI; CHARTA_FUZZ_CASES=N for a long run (docs/reliability.md).</summary>
    private static int Cases(int ci) =>
        int.TryParse(Environment.GetEnvironmentVariable("CHARTA_FUZZ_CASES"), out var n) && n > 0 ? n : ci;

    private static readonly JsonNode?[] Values =
    [
        null, true, false, 0, -1, 1.5, "", "x", "-5", "0", "1e3", "99999999999999999999999", "0.00000000001", "5000.5",
        "2021-02-30", "9999-12-31", "0001-01-01", "2021-06-01", new JsonObject(), new JsonArray(), "TX_STOCK_ISSUANCE",
        "TX_STOCK_TRANSFER", "COMMON", "PREFERRED", "UNLIMITED", "s-alice", "opt-bob", "sa", "cs", "plan1", "start",
        "1000000000000000000", "-0", "+7", "5/3", "Al\nice", "Alice\u0000", "\u001b[31mAlice", "Alice\u202e", "A\u0301lice", "\u00c1lice",
        new string('x', 5_000), "1899-12-31", "2201-01-01", "0.0123456789012345678901234567890123", "123456789012345678901234567890",
        new JsonObject { ["amount"] = "1.00", ["currency"] = "EUR" }, new JsonObject { ["amount"] = "0", ["currency"] = "USD" },
        new JsonObject { ["numerator"] = "5", ["denominator"] = "3" }, new JsonArray("no-such-legend"), "00000000000000000000000000000000",
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
        Parallel.For(0, Cases(1000), seed =>
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
        Assert.True(outcomes[0] > outcomes.Sum() / 60, $"{outcomes[0]} imported");
        Assert.True(outcomes[1] > outcomes.Sum() / 6, $"{outcomes[1]} refused");
    }

    /// <summary>
    /// Zip-level mutations of the same packages, read from a real .ocf.zip file: duplicate entries, "./" and folder
    /// prefixes, symbolic-link entries, a highly compressible entry (a small zip bomb), corrupted and truncated zip
    /// bytes. Every outcome is an import or typed errors; allocation per case stays bounded.
    /// </summary>
    [Fact]
    public void MutatedZips_ImportOrFailWithTypedErrors_WithBoundedMemory()
    {
        var sources = new[] { Load(SharedOcf.Samples("options")), Load(Ocf_Import.Rich) };
        var folder = Path.Combine(Path.GetTempPath(), "charta-ocf-fuzz", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var outcomes = new int[2];
        try
        {
            Parallel.For(0, Cases(400), new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed =>
            {
                var rng = new Random(seed);
                var files = new Dictionary<string, byte[]>(sources[seed % sources.Length]);
                if (rng.Next(3) == 0) { Mutate(files, rng); OcfTestPackages.RefreshMd5(files); }
                var path = Path.Combine(folder, $"{seed}.ocf.zip");
                File.WriteAllBytes(path, ZipOf(files, rng));
                var before = GC.GetAllocatedBytesForCurrentThread();
                OcfImportResult result;
                try
                {
                    result = OcfImporter.Import(path, new OcfImportOptions { Lenient = rng.Next(2) == 0 });
                }
                catch (Exception ex)
                {
                    throw new Xunit.Sdk.XunitException($"seed {seed}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
                }
                finally
                {
                    File.Delete(path);
                }

                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < 300_000_000, $"seed {seed}: allocated {allocated:N0} bytes");
                if (result.Ok) Interlocked.Increment(ref outcomes[0]);
                else
                {
                    Assert.NotEmpty(result.Errors);
                    Assert.Empty(result.Events);
                    Interlocked.Increment(ref outcomes[1]);
                }
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Assert.True(outcomes[0] > 0, $"{outcomes[0]} imported");
        Assert.True(outcomes[1] > 0, $"{outcomes[1]} refused");
    }

    private static byte[] ZipOf(Dictionary<string, byte[]> files, Random rng)
    {
        using var ms = new MemoryStream();
        var kind = rng.Next(10);
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var names = files.Keys.Order(StringComparer.Ordinal).ToArray();
            foreach (var name in names)
            {
                var entryName = kind == 1 && rng.Next(2) == 0 ? "./" + name : kind == 2 && rng.Next(3) == 0 ? "sub/" + name : name;
                var e = zip.CreateEntry(entryName);
                if (kind == 3 && rng.Next(3) == 0) e.ExternalAttributes = unchecked((int)(0xA1FFu << 16));   // a symbolic link
                using var s = e.Open();
                s.Write(files[name]);
            }

            if (kind == 4)   // the same name twice
            {
                var name = names[rng.Next(names.Length)];
                using var s = zip.CreateEntry(name).Open();
                s.Write(files[name]);
            }

            if (kind == 5)   // a small zip bomb: 2 MiB of zeros, ~1000:1
            {
                using var s = zip.CreateEntry(rng.Next(2) == 0 ? "Extra.ocf.json" : names[0], System.IO.Compression.CompressionLevel.SmallestSize).Open();
                s.Write(new byte[2 << 20]);
            }

            if (kind == 6) zip.CreateEntry("folder/");
        }

        var bytes = ms.ToArray();
        if (kind == 7) bytes[rng.Next(bytes.Length)] ^= (byte)(1 + rng.Next(255));   // a corrupted byte anywhere
        if (kind == 8) bytes = bytes[..rng.Next(bytes.Length)];                        // cut short
        return bytes;
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
            case 3: // a key given twice (text level: JsonNode cannot hold it)
            {
                var text = Encoding.UTF8.GetString(bytes);
                var at = text.IndexOf("\"id\"", StringComparison.Ordinal);
                if (at >= 0) files[name] = Encoding.UTF8.GetBytes(text[..at] + "\"id\": \"dup\", " + text[at..]);
                return;
            }
        }

        JsonNode? root;
        var nodes = new List<(JsonNode Parent, string? Key, int Index)>();
        try
        {
            root = JsonNode.Parse(bytes);
            if (root is null) return;
            Collect(root, nodes);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return;   // not JSON, or a duplicate key JsonNode cannot hold: left as it is
        }

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
