using System.Buffers.Binary;
using System.Text;
using Charta.Core;
using Microsoft.Data.Sqlite;

namespace Charta.Ledger;

/// <summary>What a file at a ledger path turned out to be, read from its first bytes before SQLite touches it.</summary>
public enum LedgerFileKind
{
    Missing,
    Folder,
    Empty,
    Text,
    NotSqlite,
    Truncated,
    OtherSqlite,
    OlderLedger,
    Ledger,
    NewerLedger,
}

/// <summary>The verdict on a file: its kind, and for a ledger its schema version.</summary>
public sealed record LedgerFileInfo(LedgerFileKind Kind, int SchemaVersion, string Description)
{
    /// <summary>The header carries the Charta application id (whatever else is wrong with the file).</summary>
    public bool IsMarked { get; init; }

    public bool IsCurrentLedger => Kind == LedgerFileKind.Ledger;

    /// <summary>The one-line refusal for a file that is not a ledger this version can open, with what to do.</summary>
    public Refusal Refusal(string path) => Kind switch
    {
        LedgerFileKind.Missing => new Refusal("--db", path, "no ledger here; create one with 'charta init' (or pass --db / set CHARTA_DB)"),
        LedgerFileKind.OlderLedger => new Refusal("--db", path, $"{Description}; run 'charta migrate --db {path}' to upgrade it to schema {SqliteEventStore.SchemaVersion} (keep a copy first)"),
        LedgerFileKind.NewerLedger => new Refusal("--db", path, $"{Description}; this version of Charta reads schema {SqliteEventStore.SchemaVersion}: use a newer Charta"),
        LedgerFileKind.Truncated => new Refusal("--db", path, $"{Description}; restore the ledger from a backup (the file was left unchanged)"),
        _ => new Refusal("--db", path, $"{Description}, not a Charta ledger; pass the ledger's path, or 'charta init' a new one elsewhere (the file was left unchanged)"),
    };
}

/// <summary>
/// Recognises a Charta ledger by its SQLite header alone (the first 100 bytes), so that no other file is ever opened
/// by SQLite in a mode that could change it. A Charta ledger carries <see cref="ApplicationId"/> at offset 68 of the
/// header (<c>PRAGMA application_id</c>) and its schema version at offset 60 (<c>PRAGMA user_version</c>).
/// Schema-1 ledgers (made before the mark existed) have neither; they are recognised by their tables, read through an
/// immutable read-only connection that cannot write the file or create -wal/-shm files beside it.
/// </summary>
public static class LedgerFile
{
    /// <summary>The SQLite application id of a Charta ledger: the ASCII bytes "CHTA" read as a big-endian int32.</summary>
    public const int ApplicationId = 0x43485441;

    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    public static LedgerFileInfo Inspect(string path)
    {
        if (Directory.Exists(path)) return new(LedgerFileKind.Folder, 0, "is a folder");
        if (!File.Exists(path)) return new(LedgerFileKind.Missing, 0, "does not exist");
        byte[] head;
        long length;
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            length = f.Length;
            head = new byte[(int)Math.Min(length, 512)];
            f.ReadExactly(head);
        }

        if (length == 0) return new(LedgerFileKind.Empty, 0, "is an empty file (0 bytes)");
        if (!head.AsSpan().StartsWith(Magic))
        {
            if (head.AsSpan().StartsWith(Magic.AsSpan(0, Math.Min(Magic.Length, head.Length))))
                return new(LedgerFileKind.Truncated, 0, $"is a SQLite file cut short ({length:N0} bytes, less than its header)");
            return LooksLikeText(head, cut: head.Length < length)
                ? new(LedgerFileKind.Text, 0, $"is a text file ({length:N0} bytes)")
                : new(LedgerFileKind.NotSqlite, 0, $"is not a SQLite database ({length:N0} bytes of something else)");
        }

        if (length < 100) return new(LedgerFileKind.Truncated, 0, $"is a SQLite file cut short ({length:N0} bytes, less than its header)");
        var pageSize = (int)BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(16));
        if (pageSize == 1) pageSize = 65536;
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
            return new(LedgerFileKind.Truncated, 0, $"is a corrupt SQLite file (page size {pageSize} in its header)");
        var changeCounter = BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(24));
        var pages = BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(28));
        var validFor = BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(92));
        var userVersion = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(60));
        var appId = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(68));
        var isOurs = appId == ApplicationId;
        var what = isOurs ? "is a Charta ledger" : "is a SQLite database";
        // The page count in the header is valid when its "version-valid-for" matches the change counter.
        if (length % pageSize != 0 || (changeCounter == validFor && pages > 0 && length < (long)pages * pageSize))
            return new(LedgerFileKind.Truncated, 0,
                $"{what} cut short or corrupt ({length:N0} bytes; its header says {(long)pages * pageSize:N0})") { IsMarked = isOurs };

        if (isOurs)
        {
            if (userVersion == SqliteEventStore.SchemaVersion) return new(LedgerFileKind.Ledger, userVersion, "is a Charta ledger") { IsMarked = true };
            return userVersion < SqliteEventStore.SchemaVersion
                ? new(LedgerFileKind.OlderLedger, userVersion, $"is a Charta ledger of schema {userVersion}") { IsMarked = true }
                : new(LedgerFileKind.NewerLedger, userVersion, $"is a Charta ledger of schema {userVersion}, newer than this Charta") { IsMarked = true };
        }

        if (appId != 0) return new(LedgerFileKind.OtherSqlite, 0, $"is the SQLite database of another application (application_id 0x{appId:X8})");
        return ProbeUnmarked(path, userVersion);
    }

    /// <summary>A SQLite file without an application id: a schema-1 Charta ledger, or another application's database.</summary>
    private static LedgerFileInfo ProbeUnmarked(string path, int userVersion)
    {
        try
        {
            // immutable=1: SQLite takes no locks, writes nothing and ignores any -wal file: the file stays as it is.
            var uri = new Uri(Path.GetFullPath(path)).AbsoluteUri + "?immutable=1";
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = uri, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'events')),
                       (SELECT count(*) FROM sqlite_master),
                       (SELECT group_concat(name, ', ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 4))
                """;
            using var r = cmd.ExecuteReader();
            r.Read();
            var ours = r.GetInt64(0);
            var objects = r.GetInt64(1);
            var tables = r.IsDBNull(2) ? "" : r.GetString(2);
            if (ours == 2 && userVersion == 0 && SchemaOneVersion(c) == "1")
                return new(LedgerFileKind.OlderLedger, 1, "is a Charta ledger of schema 1");
            return objects == 0
                ? new(LedgerFileKind.OtherSqlite, 0, "is an empty SQLite database without the Charta mark")
                : new(LedgerFileKind.OtherSqlite, 0, $"is the SQLite database of another application (tables {tables}{(objects > 4 ? ", …" : "")})");
        }
        catch (SqliteException e)
        {
            return new(LedgerFileKind.Truncated, 0, $"is a corrupt SQLite file (SQLite: {e.Message.TrimEnd('.')})");
        }
    }

    private static string? SchemaOneVersion(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        try
        {
            return cmd.ExecuteScalar() as string;
        }
        catch (SqliteException)
        {
            return null; // another application's table named "meta"
        }
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> head, bool cut)
    {
        var end = head.Length;
        if (cut)
        {
            // The sample may end inside a UTF-8 sequence: drop the trailing continuation bytes and their lead byte.
            while (end > 0 && (head[end - 1] & 0xC0) == 0x80) end--;
            if (end > 0 && head[end - 1] >= 0xC0) end--;
        }

        try
        {
            var text = new UTF8Encoding(false, true).GetString(head[..end]);
            foreach (var ch in text)
                if (char.IsControl(ch) && ch is not ('\n' or '\r' or '\t' or '\f')) return false;
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
