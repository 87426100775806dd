using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Charta.Core.Charter;

namespace Charta.Cli.Tests;

/// <summary>
/// Mutated charter files (JSON values replaced or removed, keys duplicated, bytes cut or flipped) through
/// `charter validate`, and when one validates, through `charter show`, `init`, `approvals` and `conversion-vote`: a
/// charter that loads never crashes a verb later (the "5/3" fraction did), and one that does not load is refused in one line.
/// </summary>
public class Fuzz_CharterFiles
{
    private static readonly string Juniper = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);

    private static readonly JsonNode?[] Values =
    [
        null, true, false, 0, -1, 1, 2, 1.5, 1e30, 99999999999, long.MaxValue, "", "x", "5/3", "0/0", "1/0", "2/3", "1/2", "-1/2",
        "99999999999999999999/1", "0.0123456789012345678901234567890123", "1899-12-31", "2201-01-01", "1999-01-01", "common", "A",
        "at-least", "more-than", "none", "capped", "broad-based-weighted-average", new JsonObject(), new JsonArray(),
        JsonNode.Parse("0.00000000000000000000000000001"), JsonNode.Parse("12345678901234567890123456789012345678"),
    ];

    private static readonly string[] Actions = ["general", "adverse-amendment", "merger", "senior-issue", "redemption", "dividend", "nonsense"];

    private static List<(JsonNode Parent, object Key)> Slots(JsonNode root)
    {
        var slots = new List<(JsonNode, object)>();
        void Walk(JsonNode n)
        {
            if (n is JsonObject o)
                foreach (var (k, v) in o.ToList()) { slots.Add((o, k)); if (v is not null) Walk(v); }
            else if (n is JsonArray a)
                for (var i = 0; i < a.Count; i++) { slots.Add((a, i)); if (a[i] is { } v) Walk(v); }
        }

        Walk(root);
        return slots;
    }

    internal static string Mutate(int seed)
    {
        var rng = new Random(seed);
        var root = JsonNode.Parse(Juniper)!;
        var slots = Slots(root);
        for (var m = 1 + rng.Next(3); m > 0; m--)
        {
            var (parent, key) = slots[rng.Next(slots.Count)];
            var value = Values[rng.Next(Values.Length)]?.DeepClone();
            switch (rng.Next(4))
            {
                case 0 when parent is JsonObject o:
                    o.Remove((string)key);
                    break;
                default:
                    if (parent is JsonObject po) po[(string)key] = value;
                    else if (parent is JsonArray pa && (int)key < pa.Count) pa[(int)key] = value;
                    break;
            }

            slots = Slots(root);
        }

        var text = root.ToJsonString();
        switch (rng.Next(8))
        {
            case 0:   // a duplicate key
                var at = text.IndexOf("\"id\"", StringComparison.Ordinal);
                return at < 0 ? text : text[..at] + "\"id\": \"dup\", " + text[at..];
            case 1:   // cut short
                return text[..rng.Next(text.Length)];
            case 2:   // one byte changed
                var chars = text.ToCharArray();
                chars[rng.Next(chars.Length)] = (char)rng.Next(32, 127);
                return new string(chars);
            default:
                return text;
        }
    }

    [Fact]
    public void MutatedCharters_LoadOrAreRefusedInOneLine_AndALoadedCharterNeverCrashesAVerb()
    {
        using var h = new CliHarness();
        long loaded = 0, runs = 0;
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var file = h.File($"c{seed}.json");
            var db = h.File($"c{seed}.db");
            File.WriteAllText(file, Mutate(seed), new UTF8Encoding(false));
            try
            {
                var outcomes = new List<(string[] Args, CliRun Run)>();
                CliRun Run(params string[] args)
                {
                    var stdout = new StringWriter();
                    var stderr = new StringWriter();
                    var code = Cli.Run([.. args, "--db", db], stdout, stderr, _ => null, h.Clock);
                    var r = new CliRun(code, stdout.ToString(), stderr.ToString());
                    outcomes.Add((args, r));
                    return r;
                }

                Interlocked.Increment(ref runs);
                if (Run("charter", "validate", file).ExitCode == 0)
                {
                    Interlocked.Increment(ref loaded);
                    Run("charter", "show", "--charter", file);
                    if (Run("init", "--charter", file, "--incorporated", "1999-01-01").ExitCode == 0)
                    {
                        Run("holder", "add", "Alice");
                        Run("approvals", "--action", Actions[seed % Actions.Length], "--as-of", "1999-06-01");
                        Run("conversion-vote", "--shares-for", "1", "--approval", "consent", "--market-price", "1", "--date", "1999-06-01");
                        Run("captable");
                    }
                }

                foreach (var (args, r) in outcomes)
                {
                    Assert.True(r.ExitCode is 0 or 2, $"seed {seed}: charta {string.Join(' ', args)} exited {r.ExitCode}: {r.Err}");
                    if (r.ExitCode == 2)
                    {
                        Assert.True(r.Err.TrimEnd('\n').Split('\n').Length == 1, $"seed {seed}: charta {string.Join(' ', args)}: not one line: {r.Err}");
                        Assert.DoesNotContain("`1", r.Err);
                    }
                }
            }
            finally
            {
                foreach (var f in new[] { file, db, db + "-wal", db + "-shm" }) File.Delete(f);
            }
        }, iter: FuzzCases.Count(600), print: s => $"seed {s}");

        Assert.True(loaded > 0 && loaded < runs, $"{loaded} of {runs} mutated charters loaded");
    }
}
