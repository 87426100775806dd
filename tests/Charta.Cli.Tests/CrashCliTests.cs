using System.Diagnostics;
using System.Text.Json;
using Charta.Ledger;

namespace Charta.Cli.Tests;

/// <summary>
/// Issue 9 item 4: `kill -9` during `init`, `issue` and `import ocf` leaves the ledger absent or complete, `verify`
/// passes, and a retry succeeds. The built `charta` runs as a child process; the test watches the folder for the
/// moment the write is under way (the temporary file of a creation, the rollback journal of a write) and sends
/// SIGKILL then, or a few milliseconds later. Bounded: a handful of processes per verb.
/// </summary>
public sealed class CrashCliTests
{
    private static readonly int[] Delays = [0, 2, 10];

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } p && File.Exists(p) ? p : "dotnet";

    /// <summary>Starts `charta ARGS --db DB` and kills it (SIGKILL) <paramref name="delayMs"/> after <paramref name="underWay"/> sees the write begin. True if it died mid-run.</summary>
    private static bool RunAndKill(CliHarness h, Func<bool> underWay, int delayMs, params string[] args)
    {
        var psi = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "charta.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--db");
        psi.ArgumentList.Add(h.DbPath);
        using var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!p.HasExited && !underWay() && deadline.Elapsed < TimeSpan.FromSeconds(20)) Thread.Yield();
        if (delayMs > 0) Thread.Sleep(delayMs);
        var midway = !p.HasExited;
        if (midway) p.Kill(); // SIGKILL on Unix: no finally blocks, no disposal, like kill -9
        p.WaitForExit();
        return midway && p.ExitCode != 0;
    }

    private static bool Creating(CliHarness h) => Directory.EnumerateFiles(h.Folder, ".charta.db.*.creating*").Any();

    private static int EventCount(CliHarness h)
    {
        using var doc = JsonDocument.Parse(h.Ok("log", "--json"));
        return doc.RootElement.GetProperty("events").GetArrayLength();
    }

    /// <summary>The ledger is absent, or it is whole: `verify` passes.</summary>
    private static bool AbsentOrComplete(CliHarness h)
    {
        if (!File.Exists(h.DbPath)) return false;
        Assert.StartsWith("Verified ", h.Ok("verify"));
        return true;
    }

    [Fact]
    public void KillDuringInit_LeavesNoLedgerOrAWholeOne_AndARetrySucceeds()
    {
        var midway = 0;
        foreach (var delay in Delays)
        {
            using var h = new CliHarness();
            if (RunAndKill(h, () => Creating(h), delay, "init")) midway++;
            if (!AbsentOrComplete(h)) h.Ok("init");
            Assert.StartsWith("Verified ", h.Ok("verify"));
            Assert.Equal(1, EventCount(h));
            Assert.Empty(Directory.EnumerateFiles(h.Folder, ".charta.db.*")); // the dead process's temporary file is gone
        }

        Assert.True(midway > 0, "no kill landed while init was running");
    }

    [Fact]
    public void KillDuringImportOcf_LeavesNoLedgerOrAWholeOne_AndARetrySucceeds()
    {
        var midway = 0;
        int? expected = null;
        foreach (var delay in Delays)
        {
            using var h = new CliHarness();
            if (RunAndKill(h, () => Creating(h), delay, "import", "ocf", OcfSamples.Sample("options"))) midway++;
            if (!AbsentOrComplete(h)) h.Ok("import", "ocf", OcfSamples.Sample("options"));
            var count = EventCount(h);
            expected ??= count;
            Assert.Equal(expected, count); // whole: every event of the package, never a prefix
            Assert.Empty(Directory.EnumerateFiles(h.Folder, ".charta.db.*"));
        }

        Assert.True(midway > 0, "no kill landed while the import was running");
    }

    [Fact]
    public void KillDuringIssue_LeavesTheLedgerBeforeOrAfterTheIssue_AndARetrySucceeds()
    {
        var midway = 0;
        foreach (var delay in Delays)
        {
            using var h = new CliHarness().WithCompany("1996-02-06", "Alice");
            var before = EventCount(h);
            if (RunAndKill(h, () => File.Exists(h.DbPath + "-journal"), delay,
                    "issue", "--holder", "Alice", "--security", "common", "--shares", "1000", "--price", "0.01", "--date", "1999-01-01"))
                midway++;
            Assert.True(AbsentOrComplete(h)); // an interrupted write is rolled back from its journal on the next open
            var after = EventCount(h);
            Assert.InRange(after, before, before + 1);
            Assert.Equal(LedgerFileKind.Ledger, LedgerFile.Inspect(h.DbPath).Kind);
            h.Ok("issue", "--holder", "Alice", "--security", "common", "--shares", "10", "--price", "0.01", "--date", "1999-02-01");
            Assert.Equal(after + 1, EventCount(h));
            Assert.StartsWith("Verified ", h.Ok("verify"));
        }

        Assert.True(midway > 0, "no kill landed while issue was running");
    }
}
