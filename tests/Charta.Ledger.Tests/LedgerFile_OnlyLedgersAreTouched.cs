using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Charta.Ledger.Tests;

/// <summary>
/// Issue 9 item 4: a file that is not a Charta ledger of this schema is refused from its header, in one line that says
/// what it is and what to do, and every byte of the folder is left as it was (no tables, no WAL, no -wal/-shm files).
/// </summary>
public sealed class LedgerFile_OnlyLedgersAreTouched : LedgerFixture
{
    private void AssertRefusedUnchanged(string path, string expected)
    {
        var before = FolderBytes();
        var opened = SqliteEventStore.TryOpen(path);
        Assert.False(opened.IsOk);
        var line = opened.Refusal!.ToString();
        Assert.Contains(expected, line);
        Assert.DoesNotContain('\n', line);
        // The same through the path a write verb takes: Open(create: true) does not create over a non-ledger.
        var thrown = Assert.Throws<LedgerFileException>(() => SqliteEventStore.Open(path, create: true));
        Assert.Contains(expected, thrown.Refusal.ToString());
        // Creating a ledger at that path is refused too.
        Assert.False(SqliteEventStore.Create(path, _ => Charta.Core.Result.Ok(0)).IsOk);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, FolderBytes());
    }

    [Fact]
    public void AnotherApplicationsDatabase_InWalMode_IsRefusedAndLeftByteForByte()
    {
        // Another application's file with a table named like ours, in WAL mode, with its own trigger.
        var path = PathOf("other.db");
        using (var c = Raw(path))
        {
            Exec(c, "PRAGMA journal_mode = WAL; CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT); INSERT INTO events (what) VALUES ('theirs');");
            Exec(c, "CREATE TABLE meta (k TEXT); CREATE TRIGGER t AFTER INSERT ON events BEGIN SELECT 1; END;");
        }

        Assert.Equal((LedgerFileKind.OtherSqlite, ""), (LedgerFile.Inspect(path).Kind, LedgerFile.Inspect(path).Kind == LedgerFileKind.OtherSqlite ? "" : LedgerFile.Inspect(path).Description));
        AssertRefusedUnchanged(path, "is the SQLite database of another application (tables events, meta)");
        Assert.False(File.Exists(path + "-wal"));
        Assert.False(File.Exists(path + "-shm"));
    }

    [Fact]
    public void AnotherApplicationsDatabase_WithItsOwnApplicationId_IsRefusedAndLeftByteForByte()
    {
        var path = PathOf("app.db");
        using (var c = Raw(path)) Exec(c, "PRAGMA application_id = 1234; CREATE TABLE things (x);");
        // 1234 = 0x000004D2
        AssertRefusedUnchanged(path, "another application (application_id 0x000004D2)");
    }

    [Fact]
    public void AnEmptyFile_IsRefusedAndStaysEmpty()
    {
        var path = PathOf("empty.db");
        File.WriteAllBytes(path, []);
        AssertRefusedUnchanged(path, "is an empty file (0 bytes), not a Charta ledger");
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public void ATextFile_IsRefusedAndLeftAsItWas()
    {
        var path = PathOf("notes.db");
        File.WriteAllText(path, "Board minutes, 12 March 1999: the Series D closing — naïve draft\n");
        AssertRefusedUnchanged(path, "is a text file (");
    }

    [Fact]
    public void RandomBytes_AreRefusedAndLeftAsTheyWere()
    {
        var path = PathOf("noise.db");
        var bytes = new byte[10_000];
        new Random(9).NextBytes(bytes);
        bytes[0] = 0x00; // not the start of a text nor of "SQLite format 3"
        File.WriteAllBytes(path, bytes);
        AssertRefusedUnchanged(path, "is not a SQLite database (10,000 bytes");
    }

    [Fact]
    public void ATruncatedLedger_IsRefusedAndLeftAsItWas()
    {
        var ledger = MakeLedger();
        var bytes = File.ReadAllBytes(ledger);
        Assert.True(bytes.Length >= 4096 * 2);
        // Cut at a page boundary: the header still says how many pages the file had.
        var path = PathOf("cut.db");
        File.WriteAllBytes(path, bytes[..4096]);
        File.Delete(ledger);
        AssertRefusedUnchanged(path, $"is a Charta ledger cut short or corrupt (4,096 bytes; its header says {bytes.Length:N0})");
        // Cut inside the header.
        File.WriteAllBytes(path, bytes[..60]);
        AssertRefusedUnchanged(path, "is a SQLite file cut short (60 bytes, less than its header)");
    }

    [Fact]
    public void ALedgerWithACorruptPage_IsRefusedWhenRead_AndNotRepaired()
    {
        var path = MakeLedger();
        var bytes = File.ReadAllBytes(path);
        // Overwrite every page but the first (the header and schema) with noise: the header check passes, SQLite then
        // finds the corruption. The refusal is one line; the bytes stay as they are.
        var noise = new byte[bytes.Length - 4096];
        new Random(3).NextBytes(noise);
        noise.CopyTo(bytes, 4096);
        File.WriteAllBytes(path, bytes);
        var before = FolderBytes();
        var e = Assert.Throws<LedgerFileException>(() =>
        {
            using var store = SqliteEventStore.Open(path, create: false);
            store.ReadAll();
        });
        Assert.Contains("is a corrupt Charta ledger", e.Refusal.ToString());
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, FolderBytes());
    }

    [Fact]
    public void ALedger_IsMarkedInItsHeader_AndUsesTheRollbackJournal()
    {
        var path = MakeLedger();
        var head = File.ReadAllBytes(path)[..100];
        Assert.Equal("SQLite format 3\0", Encoding.ASCII.GetString(head, 0, 16));
        Assert.Equal(0x43485441, BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(68))); // "CHTA"
        Assert.Equal(SqliteEventStore.SchemaVersion, BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(60)));
        // Bytes 18 and 19 are 1 for the rollback journal (2 would be WAL).
        Assert.Equal(1, head[18]);
        Assert.Equal(1, head[19]);
        Assert.False(File.Exists(path + "-wal"));
        Assert.Equal(LedgerFileKind.Ledger, LedgerFile.Inspect(path).Kind);
    }

    [Fact]
    public void ReadingALedger_ChangesNoByte()
    {
        var path = MakeLedger();
        var before = FolderBytes();
        using (var store = SqliteEventStore.Open(path, create: false))
        {
            Assert.Equal(History().Count, store.ReadAll().Count);
            Assert.True(store.VerifyChain().IsOk);
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(before, FolderBytes());
    }

    [Fact]
    public void AReadOnlyLedger_IsReadable_AndUnchanged()
    {
        if (OperatingSystem.IsWindows()) return; // chmod is the Unix spelling; the read-only connection is tested below
        var path = MakeLedger();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead); // chmod 444
        try
        {
            var before = FolderBytes();
            using (var store = SqliteEventStore.Open(path, create: false))
            {
                Assert.Equal(History().Count, store.ReadAll().Count);
                Assert.True(store.VerifyChain().IsOk);
                Assert.True(new CompanyLedger(store, Clock).CapTable().IsOk);
            }

            SqliteConnection.ClearAllPools();
            Assert.Equal(before, FolderBytes());
        }
        finally
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void ReadsUseAReadOnlyConnection_SoEvenAnUnwritableFileIsNeverWrittenByAReader()
    {
        // Whoever runs the tests (root can write a 444 file), a reader's connection itself refuses writes: prove it by
        // asking SQLite through the store's read path for the connection mode of a ledger opened for reading.
        var path = MakeLedger();
        using var store = SqliteEventStore.Open(path, create: false);
        Assert.True(store.IsReadOnlyUntilWrite);
        Assert.True(new CompanyLedger(store, Clock).Append(new Charta.Core.Ledger.StakeholderAdded(D("2026-11-25"), "Later")).IsOk);
        Assert.False(store.IsReadOnlyUntilWrite);
    }

    [Fact]
    public void Create_OverAnExistingLedger_IsRefused_AndALedgerCreatedThenRefusedLeavesNothing()
    {
        var path = MakeLedger();
        var before = FolderBytes();
        var again = SqliteEventStore.Create(path, _ => Charta.Core.Result.Ok(0));
        Assert.Contains("a ledger already exists here", again.Refusal!.ToString());
        Assert.Equal(before, FolderBytes());

        var fresh = PathOf("fresh.db");
        var refused = SqliteEventStore.Create<int>(fresh, _ => new Charta.Core.Refusal("x", "y", "no"));
        Assert.False(refused.IsOk);
        Assert.Equal(before, FolderBytes()); // no ledger, no temporary file, no journal
    }

    [Fact]
    public void Create_RemovesTheTemporaryFileOfACreationWhoseProcessDied()
    {
        // A creation killed mid-way leaves ".NAME.<pid>.<id>.creating"; a later creation removes it when that pid is gone.
        var stale = PathOf($".charta.db.{int.MaxValue - 7}.0123456789abcdef.creating");
        File.WriteAllBytes(stale, [1, 2, 3]);
        MakeLedger();
        Assert.False(File.Exists(stale));
    }
}
