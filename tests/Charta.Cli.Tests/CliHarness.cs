using Charta.Cli;

namespace Charta.Cli.Tests;

/// <summary>A clock fixed at one instant, so that CLI output is deterministic.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly FixedClock Default = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>The outcome of one `charta` invocation.</summary>
public sealed record CliRun(int ExitCode, string Out, string Err);

/// <summary>
/// Runs the real `charta` command in-process against a real SQLite file in a fresh temporary folder.
/// Dispose deletes the folder.
/// </summary>
public sealed class CliHarness : IDisposable
{
    public CliHarness(TimeProvider? clock = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "charta-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DbPath = Path.Combine(Folder, "charta.db");
        Clock = clock ?? FixedClock.Default;
    }

    public string Folder { get; }
    public string DbPath { get; }
    public TimeProvider Clock { get; }

    /// <summary>Runs `charta ARGS --db &lt;temp&gt;`.</summary>
    public CliRun Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = Cli.Run([.. args, "--db", DbPath], stdout, stderr, _ => null, Clock);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs `charta ARGS --db &lt;temp&gt;` with <paramref name="stdin"/> as standard input.</summary>
    public CliRun RunWithInput(string stdin, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = Cli.Run([.. args, "--db", DbPath], stdout, stderr, _ => null, Clock, new StringReader(stdin));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a command that must succeed, and returns its stdout.</summary>
    public string Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"charta {string.Join(' ', args)} exited {r.ExitCode}: {r.Err}");
        return r.Out;
    }

    /// <summary>A ledger on the embedded Juniper charter, with the given holders.</summary>
    public CliHarness WithCompany(string? incorporated = null, params string[] holders)
    {
        Ok(incorporated is null ? ["init"] : ["init", "--incorporated", incorporated]);
        foreach (var h in holders) Ok("holder", "add", h);
        return this;
    }

    public string File(string name) => Path.Combine(Folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>
/// Golden files: expected CLI output kept under tests/Charta.Cli.Tests/Golden. Set CHARTA_UPDATE_GOLDEN=1 to rewrite
/// them after a deliberate change, then review the diff like any other code change.
/// </summary>
public static class Golden
{
    public static void Match(string name, string actual)
    {
        var path = Path.Combine(SourceFolder(), "Golden", name);
        if (Environment.GetEnvironmentVariable("CHARTA_UPDATE_GOLDEN") == "1")
        {
            System.IO.File.WriteAllText(path, actual);
            return;
        }

        Assert.True(System.IO.File.Exists(path), $"missing golden file {path}; run with CHARTA_UPDATE_GOLDEN=1 and review it");
        var expected = System.IO.File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.Equal(expected, actual.Replace("\r\n", "\n"));
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetDirectoryName(here)!;
}
