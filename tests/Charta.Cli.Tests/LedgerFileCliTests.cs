using System.Security.Cryptography;
using System.Text.Json;
using Charta.Ledger;
using Microsoft.Data.Sqlite;

namespace Charta.Cli.Tests;

/// <summary>
/// Issue 9 items 3 and 4 through the `charta` command: only ledgers are touched (exit 2, one line, bytes unchanged),
/// `verify`, `migrate`, `--recorded-by` and the hash in `log --json`.
/// </summary>
public sealed class LedgerFileCliTests
{
    private static string Md5(string path) => Convert.ToHexString(MD5.HashData(File.ReadAllBytes(path)));

    private static string[] Files(CliHarness h) => Directory.EnumerateFiles(h.Folder).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToArray()!;

    [Theory]
    [InlineData("captable")]
    [InlineData("log")]
    [InlineData("verify")]
    [InlineData("holder add Mallory")]
    [InlineData("issue --holder Mallory --security common --shares 1 --price 1 --date 1999-01-01")]
    [InlineData("init")]
    [InlineData("migrate")]
    public void AnotherApplicationsSqliteFile_IsRefusedInOneLine_AndItsMd5IsUnchanged(string verb)
    {
        using var h = new CliHarness();
        using (var c = new SqliteConnection($"Data Source={h.DbPath};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO events (body) VALUES ('not ours');";
            cmd.ExecuteNonQuery();
        }

        var md5 = Md5(h.DbPath);
        var r = h.Run(verb.Split(' '));
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.Contains("SQLite database of another application (tables events)", r.Err);
        Assert.Equal(md5, Md5(h.DbPath));
        Assert.Equal(["charta.db"], Files(h)); // no -wal, -shm or -journal left beside it
    }

    [Theory]
    [InlineData(new byte[0], "is an empty file (0 bytes)")]
    [InlineData(new byte[] { 0x68, 0x69, 0x0a }, "is a text file (3 bytes)")]
    [InlineData(new byte[] { 0x00, 0xff, 0x13, 0x37, 0x00, 0x01 }, "is not a SQLite database (6 bytes of something else)")]
    public void OtherFiles_AreRefusedInOneLine_AndLeftAsTheyWere(byte[] bytes, string expected)
    {
        using var h = new CliHarness();
        File.WriteAllBytes(h.DbPath, bytes);
        foreach (var verb in new[] { "captable", "holder add X", "verify" })
        {
            var r = h.Run(verb.Split(' '));
            Assert.Equal(2, r.ExitCode);
            Assert.Equal($"error: --db = {h.DbPath}: {expected}, not a Charta ledger; pass the ledger's path, or 'charta init' a new one elsewhere (the file was left unchanged)\n", r.Err);
            Assert.Equal(bytes, File.ReadAllBytes(h.DbPath));
            Assert.Equal(["charta.db"], Files(h));
        }
    }

    [Fact]
    public void ATruncatedLedger_IsRefused_AndAReadOnlyLedgerIsRead()
    {
        if (OperatingSystem.IsWindows()) return; // chmod is the Unix spelling
        using var h = new CliHarness().WithCompany(null, "Alice");
        h.Ok("issue", "--holder", "Alice", "--security", "common", "--shares", "1000", "--price", "0.01", "--date", "1999-01-01");
        var whole = File.ReadAllBytes(h.DbPath);

        File.SetUnixFileMode(h.DbPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Contains("Alice", h.Ok("captable"));
        Assert.StartsWith("Verified ", h.Ok("verify"));
        Assert.Equal(whole, File.ReadAllBytes(h.DbPath));
        File.SetUnixFileMode(h.DbPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        File.WriteAllBytes(h.DbPath, whole[..(whole.Length / 2)]);
        var r = h.Run("captable");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is a Charta ledger cut short or corrupt", r.Err);
        Assert.Contains("restore the ledger from a backup", r.Err);
    }

    [Fact]
    public void Verify_SaysIntact_ThenNamesATamperedEvent()
    {
        using var h = new CliHarness().WithCompany("1996-02-06", "Alice");
        h.Ok("issue", "--holder", "Alice", "--security", "common", "--shares", "1000", "--price", "0.01", "--date", "1999-01-01");
        var ok = h.Ok("verify");
        Assert.Matches(@"^Verified .*charta\.db: 3 events, hash chain intact \(last [0-9a-f]{12}\), the fold accepts every event \(Juniper Networks, Inc\., charter juniper-1999\)\.\n$", ok);

        using (var c = new SqliteConnection($"Data Source={h.DbPath};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "DROP TRIGGER events_append_only_update; UPDATE events SET payload = replace(payload, '1000', '9000') WHERE seq = 3;";
            cmd.ExecuteNonQuery();
        }

        var r = h.Run("verify");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: event #3 = shares-issued: its payload does not match its SHA-256", r.Err);
    }

    [Fact]
    public void Log_Json_ShowsEachEventsHashAndWhoRecordedIt()
    {
        using var h = new CliHarness();
        h.Ok("init", "--recorded-by", "Jane Counsel");
        h.Ok("holder", "add", "Alice");
        using var doc = JsonDocument.Parse(h.Ok("log", "--json"));
        var events = doc.RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal("Jane Counsel", events[0].GetProperty("recordedBy").GetString());
        Assert.Equal(Environment.UserName, events[1].GetProperty("recordedBy").GetString()); // the OS user by default
        Assert.All(events, e => Assert.Matches("^[0-9a-f]{64}$", e.GetProperty("hash").GetString()!));
        Assert.NotEqual(events[0].GetProperty("hash").GetString(), events[1].GetProperty("hash").GetString());

        var bad = h.Run("holder", "add", "Bob", "--recorded-by", "a\tb");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--recorded-by", bad.Err);
    }

    [Fact]
    public void Migrate_UpgradesASchemaOneLedger_ThatEveryVerbRefusedBefore()
    {
        using var h = new CliHarness().WithCompany("1996-02-06", "Alice");
        // Turn the ledger back into a schema-1 file: no mark, no integrity columns' values (as schema 1 had none), WAL.
        using (var c = new SqliteConnection($"Data Source={h.DbPath};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete; DROP TABLE snapshots;
                CREATE TABLE events1 AS SELECT seq, type, version, effective_date, recorded_at, payload FROM events;
                DROP TABLE events; ALTER TABLE events1 RENAME TO events;
                UPDATE meta SET value = '1'; PRAGMA application_id = 0; PRAGMA user_version = 0; PRAGMA journal_mode = WAL;
                """;
            cmd.ExecuteNonQuery();
        }

        var md5 = Md5(h.DbPath);
        var refused = h.Run("captable");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: --db = {h.DbPath}: is a Charta ledger of schema 1; run 'charta migrate --db {h.DbPath}' to upgrade it to schema 2 (keep a copy first)\n", refused.Err);
        Assert.Equal(md5, Md5(h.DbPath));

        Assert.Equal($"Migrated {h.DbPath} from schema 1 to schema 2: 2 events hashed into the chain; who recorded them is unknown (schema 1 did not store it).\n", h.Ok("migrate"));
        Assert.StartsWith("Verified ", h.Ok("verify"));
        Assert.Contains("Juniper Networks, Inc.: cap table", h.Ok("captable"));
    }

    [Fact]
    public void Verify_ChecksTheSnapshotAgainstTheEvents()
    {
        using var h = new CliHarness().WithCompany("1996-02-06", "Alice");
        h.Ok("issue", "--holder", "Alice", "--security", "common", "--shares", "1000", "--price", "0.01", "--date", "1999-01-01");
        Charta.Core.Ledger.CapTable before;
        using (var store = SqliteEventStore.Open(h.DbPath, create: false))
        {
            var all = store.ReadAll();
            before = Charta.Core.Ledger.Fold.Replay(all.Take(2));
            var (seq, hash) = store.Head();
            store.SaveSnapshot(new SnapshotKey(seq, hash!, LedgerSnapshots.LatestDate(all)), LedgerSnapshots.Codec, LedgerSnapshots.Encode(Charta.Core.Ledger.Fold.Replay(all)));
        }

        Assert.EndsWith("; the snapshot after event #3 agrees.\n", h.Ok("verify"));
        Assert.Contains("1,000", h.Ok("captable"));

        // A snapshot that disagrees with the events (the state before the issue, keyed as if after it) is caught.
        using (var store = SqliteEventStore.Open(h.DbPath, create: false))
        {
            var (seq, hash) = store.Head();
            store.SaveSnapshot(new SnapshotKey(seq, hash!, LedgerSnapshots.LatestDate(store.ReadAll())), LedgerSnapshots.Codec, LedgerSnapshots.Encode(before));
        }

        var r = h.Run("verify");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: snapshot = after event #3: does not give the cap table the events give", r.Err);
    }
}
