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
