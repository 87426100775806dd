using System.Globalization;
using Charta.Core;
using Charta.Core.Ledger;
using Microsoft.Data.Sqlite;

namespace Charta.Ledger;

/// <summary>
/// The embedded default store: one SQLite file. The events table is append-only (triggers refuse UPDATE and DELETE),
/// and every write is one IMMEDIATE transaction, so a refused command writes nothing and two writers cannot interleave.
/// </summary>
public sealed class SqliteEventStore : IEventStore
{
    public const int SchemaVersion = 1;
    private readonly SqliteConnection _connection;

    private SqliteEventStore(SqliteConnection connection) => _connection = connection;

    public string Path { get; private init; } = "";

    /// <summary>Opens (and, if <paramref name="create"/>, creates) the store at <paramref name="path"/>.</summary>
    public static SqliteEventStore Open(string path, bool create)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        Exec(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
        Exec(connection, """
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
        return new SqliteEventStore(connection) { Path = path };
    }

    public IReadOnlyList<RecordedEvent> ReadAll()
    {
        using var tx = _connection.BeginTransaction(deferred: true);
        var events = Read(tx);
        tx.Commit();
        return events;
    }

    public Result<T> Write<T>(Func<IReadOnlyList<RecordedEvent>, long, Result<(IReadOnlyList<RecordedEvent> Append, T Value)>> decide)
    {
        // BEGIN IMMEDIATE: take the write lock before reading, so the decision sees the ledger it appends to.
        using var tx = _connection.BeginTransaction(deferred: false);
        var existing = Read(tx);
        var next = existing.Count == 0 ? 1 : existing[^1].Sequence + 1;
        var decision = decide(existing, next);
        if (!decision.IsOk)
        {
            tx.Rollback();
            return decision.Refusal!;
        }

        using var insert = _connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO events (seq, type, version, effective_date, recorded_at, payload) VALUES ($seq, $type, $version, $date, $at, $payload)";
        var pSeq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var pType = insert.Parameters.Add("$type", SqliteType.Text);
        var pVersion = insert.Parameters.Add("$version", SqliteType.Integer);
        var pDate = insert.Parameters.Add("$date", SqliteType.Text);
        var pAt = insert.Parameters.Add("$at", SqliteType.Text);
        var pPayload = insert.Parameters.Add("$payload", SqliteType.Text);
        insert.Prepare();
        foreach (var r in decision.Value.Append)
        {
            var (name, version, payload) = EventSerializer.Serialize(r.Event);
            pSeq.Value = r.Sequence;
            pType.Value = name;
            pVersion.Value = version;
            pDate.Value = r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            pAt.Value = r.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
            pPayload.Value = payload;
            insert.ExecuteNonQuery();
        }

        tx.Commit();
        return decision.Value.Value;
    }

    private List<RecordedEvent> Read(SqliteTransaction tx)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT seq, type, version, recorded_at, payload FROM events ORDER BY seq";
        using var reader = cmd.ExecuteReader();
        var rows = new List<(long Seq, string Type, int Version, DateTimeOffset At, byte[] Payload)>();
        string? lastAtText = null;
        var lastAt = default(DateTimeOffset);
        while (reader.Read())
        {
            // A batch shares one recording time: parse each distinct text once.
            var atText = reader.GetString(3);
            if (atText != lastAtText)
            {
                lastAt = DateTimeOffset.Parse(atText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                lastAtText = atText;
            }

            rows.Add((reader.GetInt64(0), string.Intern(reader.GetString(1)), reader.GetInt32(2), lastAt, reader.GetFieldValue<byte[]>(4)));
        }

        // Deserializing the payloads is the bulk of the work and each row is independent: do it in parallel,
        // writing each result to its own slot so the order is the stored order.
        var events = new RecordedEvent[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var r = rows[i];
            events[i] = new RecordedEvent(r.Seq, r.At, EventSerializer.Deserialize(r.Type, r.Version, r.Payload));
        });
        return [.. events];
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
