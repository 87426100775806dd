namespace Charta.Ocf.Tests;

/// <summary>
/// The OCF reference data the tests use: the repository's own copy under <c>tests/fixtures/ocf</c> (samples from the
/// OCF repository, with its licence), found by walking up from the test assembly. Nothing outside the repository is read.
/// </summary>
public static class SharedOcf
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Folder => Root.Value;

    public static string Samples(string name) => Path.Combine(Folder, "samples", name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "ocf");
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException("tests/fixtures/ocf not found above the test assembly");
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "charta-ocf-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies a shared sample package into a subfolder and returns its path.</summary>
    public string CopyOf(string sample, string? name = null)
    {
        var dest = File(name ?? sample);
        Directory.CreateDirectory(dest);
        foreach (var f in Directory.EnumerateFiles(SharedOcf.Samples(sample)))
            System.IO.File.Copy(f, System.IO.Path.Combine(dest, System.IO.Path.GetFileName(f)));
        return dest;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // harmless
        }
    }
}

/// <summary>
/// Edits of a package in a test keep its manifest's md5s right, so that a test of a broken item tests that item and
/// not the md5 check (which has its own tests, Ocf_ManifestMd5).
/// </summary>
public static class OcfTestPackages
{
    /// <summary>Writes a package file, then recomputes the md5s of the manifest beside it (if any).</summary>
    public static void WriteAllText(string path, string text)
    {
        File.WriteAllText(path, text);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (Path.GetFileName(path) != "Manifest.ocf.json" && File.Exists(Path.Combine(dir, "Manifest.ocf.json"))) RefreshMd5(dir);
    }

    public static void RefreshMd5(string dir)
    {
        var manifest = Path.Combine(dir, "Manifest.ocf.json");
        var files = Directory.EnumerateFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        RefreshMd5(files);
        File.WriteAllBytes(manifest, files["Manifest.ocf.json"]);
    }

    /// <summary>Recomputes every md5 of the in-memory package's manifest for the files it holds.</summary>
    public static void RefreshMd5(IDictionary<string, byte[]> files)
    {
        if (!files.TryGetValue("Manifest.ocf.json", out var bytes)) return;
        System.Text.Json.Nodes.JsonNode? root;
        try
        {
            root = System.Text.Json.Nodes.JsonNode.Parse(bytes);
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        if (root is not System.Text.Json.Nodes.JsonObject o) return;
        List<KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>> lists;
        try
        {
            lists = o.ToList();
        }
        catch (ArgumentException)
        {
            return;   // a duplicate key: the manifest is left as it is
        }

        foreach (var (_, list) in lists)
        {
            if (list is not System.Text.Json.Nodes.JsonArray a) continue;
            foreach (var entry in a.OfType<System.Text.Json.Nodes.JsonObject>())
            {
                if (entry["filepath"] is not System.Text.Json.Nodes.JsonValue fp || !fp.TryGetValue<string>(out var p)) continue;
                var name = p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p;
                if (files.TryGetValue(name, out var content))
                    entry["md5"] = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(content));
            }
        }

        files["Manifest.ocf.json"] = System.Text.Encoding.UTF8.GetBytes(o.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }
}
