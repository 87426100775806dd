using System.Security.Cryptography;
using CsCheck;

namespace Charta.Cli.Tests;

/// <summary>How many cases each fuzz test runs: a few thousand in CI; CHARTA_FUZZ_CASES=N for a long run (docs/reliability.md).</summary>
internal static class FuzzCases
{
    public static long Count(long ci) =>
        long.TryParse(Environment.GetEnvironmentVariable("CHARTA_FUZZ_CASES"), out var n) && n > 0 ? n : ci;
}

/// <summary>
/// Argument vectors built from the verbs' own options with valid and hostile values (issue 10's list and more), run
/// through the real CLI in-process against a real ledger. The property: exit 0, or exit 2 with exactly one line on
/// stderr and the ledger file unchanged; never exit 1 (a bug), never an exception, bounded allocation per run.
/// </summary>
public class Fuzz_CliArguments
{
    private static readonly string[] Hostile =
    [
        "", " ", "0", "-1", "1", "100", "1,000", "2,40", "1e18", "1e400", "NaN", "9223372036854775807", "9223372036854775808",
        "1000000000000001", "99999999999999999999999999999999", "0.0123456789012345678901234567890123", "0.00000000000000000000000000001",
        "1.07", "$1.07", "-0", "1_000", "0001-01-01", "9999-12-31", "1899-12-31", "2200-12-31", "2201-01-01", "1999-02-30", "1999-05-01",
        "2000-01-01", "Al\nice", "Alice\0", "\u001b[31mAlice", "Alice\u202e", "A\u0301lice", "\u00c1lice", "Alice", "Bob", "Nobody",
        new string('x', 5000), new string('y', 201), "common", "A", "D1", "Z", "3:1", "1:2", "0:1", "1:0", "1:1", "1000000:1", "x:y",
        "option", "warrant", "G-1", "G-2", "../../etc/passwd", "/dev/zero", "/", "%s%n", "'; DROP TABLE events; --", "\ud800", "50%",
        "150%", "3/5", "5/3", "{}", "[]", "true",
    ];

    private static readonly (string[] Verb, string[] Options)[] Verbs =
    [
        (["issue"], ["--holder", "--security", "--shares", "--price", "--date"]),
        (["grant"], ["--holder", "--kind", "--shares", "--price", "--date", "--expires", "--id"]),
        (["exercise"], ["--id", "--shares", "--date"]),
        (["transfer"], ["--from", "--to", "--security", "--shares", "--date"]),
        (["split"], ["--ratio", "--date"]),
        (["holder", "add"], []),
        (["holder", "list"], ["--json"]),
        (["captable"], ["--as-of", "--json"]),
        (["waterfall"], ["--exit", "--as-of"]),
        (["notices", "record-date"], ["--date"]),
        (["merger"], ["--closing", "--cash", "--retained-voting", "--meeting", "--first-notice"]),
        (["vesting"], ["--as-of"]),
        (["conversion-prices"], ["--as-of"]),
        (["log"], ["--json"]),
    ];

    private static readonly Gen<string> Value = Gen.OneOfConst(Hostile);

    private static readonly Gen<string[]> Args =
        from v in Gen.Int[0, Verbs.Length - 1]
        from count in Gen.Int[0, 6]
        from picks in Gen.Int[0, 99].Array[count]
        from values in Value.Array[count]
        from positional in Value
        from stray in Gen.Int[0, 9]
        select Build(v, picks, values, positional, stray);

    private static string[] Build(int verb, int[] picks, string[] values, string positional, int stray)
    {
        var (words, options) = Verbs[verb];
        var args = new List<string>(words);
        if (words is ["holder", "add"]) args.Add(positional);
        for (var i = 0; i < picks.Length; i++)
        {
            // Mostly the verb's own options; sometimes an option of another verb or a bare value.
            var name = options.Length > 0 && picks[i] < 85 ? options[picks[i] % options.Length] : picks[i] < 95 ? "--exit" : values[i];
            args.Add(name);
            if (name.StartsWith("--", StringComparison.Ordinal) && name != "--json") args.Add(values[i]);
        }

        if (stray == 0) args.Add(positional);
        return [.. args];
    }

    private static byte[] Fingerprint(string db)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in new[] { db, db + "-wal" })
            if (File.Exists(f)) md5.AppendData(File.ReadAllBytes(f));
        return md5.GetHashAndReset();
    }

    [Fact]
    public void ArgumentVectors_ExitZeroOrOneLineRefusal_LedgerUnchangedOnRefusal()
    {
        var harnesses = new System.Collections.Concurrent.ConcurrentBag<CliHarness>();
        var local = new ThreadLocal<CliHarness>(() =>
        {
            var h = new CliHarness().WithCompany("1999-01-01", "Alice", "Bob");
            h.Ok("issue", "--holder", "Alice", "--security", "common", "--shares", "100000", "--price", "0.01", "--date", "1999-02-01");
            h.Ok("issue", "--holder", "Bob", "--security", "A", "--shares", "1000", "--price", "0.44", "--date", "1999-03-01");
            h.Ok("grant", "--holder", "Bob", "--kind", "option", "--shares", "500", "--price", "0.1", "--date", "1999-03-02", "--id", "G-1");
            harnesses.Add(h);
            return h;
        });
        long runs = 0, refused = 0;
        try
        {
            Args.Sample(args =>
            {
                var h = local.Value!;
                var before = Fingerprint(h.DbPath);
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var r = h.Run(args);
                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                Interlocked.Increment(ref runs);
                Assert.True(r.ExitCode is 0 or 2, $"exit {r.ExitCode}: {r.Err}");
                Assert.True(allocated < 256_000_000, $"allocated {allocated:N0} bytes");
                if (r.ExitCode == 2)
                {
                    Interlocked.Increment(ref refused);
                    var lines = r.Err.TrimEnd('\n').Split('\n');
                    Assert.True(lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), $"not one error line: {r.Err}");
                    Assert.DoesNotContain('\u001b', r.Err);
                    Assert.DoesNotContain("`1", r.Err);
                    Assert.True(before.AsSpan().SequenceEqual(Fingerprint(h.DbPath)), "a refused command changed the ledger");
                }
            }, iter: FuzzCases.Count(2000), print: a => string.Join(" | ", a.Select(x => x.Length > 30 ? x[..30] + $"…({x.Length})" : x)));
        }
        finally
        {
            foreach (var h in harnesses) h.Dispose();
        }

        // Both outcomes occur: the fuzzer neither breaks everything nor accepts everything.
        Assert.True(refused > runs / 4, $"{refused} of {runs} refused");
        Assert.True(refused < runs, $"{refused} of {runs} refused");
    }
}
