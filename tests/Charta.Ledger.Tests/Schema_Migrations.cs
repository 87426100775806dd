using System.Buffers.Binary;
using System.Globalization;
using Charta.Core.Ledger;

namespace Charta.Ledger.Tests;

/// <summary>
/// Issue 9 item 4: schema migrations are explicit. A schema-1 file — as Charta wrote it before the header mark: WAL
/// journal, meta.schema_version '1', no application_id, no integrity columns — is refused by every verb with "run
/// charta migrate", left unchanged, and migrated in one transaction to the current schema.
/// </summary>
public sealed class Schema_Migrations : LedgerFixture
{
    /// <summary>Writes a schema-1 ledger the way the schema-1 store did (its DDL, copied from the v1 source).</summary>
    private string MakeSchemaOne()
    {
        var path = PathOf("v1.db");
        using var c = Raw(path);
        Exec(c, "PRAGMA journal_mode = WAL;");
        Exec(c, """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS events (
                seq            INTEGER PRIMARY KEY,
                type           TEXT    NOT NULL,
                version        INTEGER NOT NULL,
                effective_date TEXT    NOT NULL,
                recorded_at    TEXT    NOT NULL,
                payload        TEXT    NOT NULL
            );
            CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'the Charta ledger is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'the Charta ledger is append-only'); END;
            INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1');
            """);
        using var insert = c.CreateCommand();
        insert.CommandText = "INSERT INTO events VALUES ($seq, $type, $version, $date, $at, $payload)";
        var seq = 0;
        foreach (var e in History())
        {
            var (name, version, payload) = EventSerializer.Serialize(e);
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$seq", ++seq);
            insert.Parameters.AddWithValue("$type", name);
            insert.Parameters.AddWithValue("$version", version);
            insert.Parameters.AddWithValue("$date", e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$at", "2026-11-20T09:30:00.0000000+00:00");
            insert.Parameters.AddWithValue("$payload", payload);
            insert.ExecuteNonQuery();
        }

        return path;
    }

    [Fact]
    public void ASchemaOneLedger_IsRefusedWithTheMigrateCommand_AndLeftUnchanged()
    {
        var path = MakeSchemaOne();
        Assert.Equal(new LedgerFileInfo(LedgerFileKind.OlderLedger, 1, "is a Charta ledger of schema 1"), LedgerFile.Inspect(path));
        var before = FolderBytes();
        var r = SqliteEventStore.TryOpen(path);
        Assert.Equal($"--db = {path}: is a Charta ledger of schema 1; run 'charta migrate --db {path}' to upgrade it to schema 2 (keep a copy first)", r.Refusal!.ToString());
        Assert.Equal(before, FolderBytes());
    }

    [Fact]
    public void Migrate_FromSchemaOne_MarksTheHeader_HashesTheEvents_AndKeepsThemAppendOnly()
    {
        var path = MakeSchemaOne();
        var migrated = SqliteEventStore.Migrate(path);
        Assert.True(migrated.IsOk, migrated.Refusal?.ToString());
        Assert.Equal(1, migrated.Value);

        var head = File.ReadAllBytes(path)[..100];
        Assert.Equal(LedgerFile.ApplicationId, BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(68)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(60)));
        Assert.Equal(1, head[18]); // rollback journal, no longer WAL
        Assert.False(File.Exists(path + "-wal"));

        using (var store = SqliteEventStore.Open(path, create: false))
        {
            var events = store.ReadAll(withIntegrity: true);
            Assert.Equal(History().Select(e => EventSerializer.Serialize(e).Payload), events.Select(r => EventSerializer.Serialize(r.Event).Payload));
            Assert.All(events, r => Assert.Null(r.RecordedBy)); // schema 1 did not store who recorded
            Assert.All(events, r => Assert.Matches("^[0-9a-f]{64}$", r.Hash!));
            Assert.Equal(((long)History().Count, events[^1].Hash!), store.VerifyChain().Value);
            Assert.True(new CompanyLedger(store, Clock).CapTable().IsOk);
        }

        using (var c = Raw(path))
        {
            Assert.Equal("2", Scalar(c, "SELECT value FROM meta WHERE key = 'schema_version'"));
            Assert.Equal("delete", Scalar(c, "PRAGMA journal_mode"));
            Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM snapshots"));
            var e = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => Exec(c, "UPDATE events SET payload = '{}' WHERE seq = 1"));
            Assert.Contains("append-only", e.Message);
        }

        // Migrating twice is refused; the file is not changed by the refusal.
        var before = FolderBytes();
        Assert.Contains("already a Charta ledger of schema 2", SqliteEventStore.Migrate(path).Refusal!.ToString());
        Assert.Equal(before, FolderBytes());
    }

    [Fact]
    public void Migrate_RefusesAnythingButAnOlderLedger_AndChangesNothing()
    {
        var text = PathOf("notes.db");
        File.WriteAllText(text, "not a ledger");
        var empty = PathOf("empty.db");
        File.WriteAllBytes(empty, []);
        var before = FolderBytes();
        Assert.Contains("is a text file", SqliteEventStore.Migrate(text).Refusal!.ToString());
        Assert.Contains("is an empty file", SqliteEventStore.Migrate(empty).Refusal!.ToString());
        Assert.Contains("no ledger here", SqliteEventStore.Migrate(PathOf("missing.db")).Refusal!.ToString());
        Assert.Equal(before, FolderBytes());
    }
}
