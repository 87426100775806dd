using System.Globalization;
using Charta.Core;
using Charta.Core.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace Charta.Ledger.Postgres;

/// <summary>
/// The event store on PostgreSQL. One table per ledger (in a schema of its own), append-only by trigger. Writes are
/// optimistic on the ledger's last sequence: the decision is made on the events read, and the insert of sequence
/// <c>last + 1</c> fails on the primary key if another writer got there first; then the store re-reads, decides
/// again and retries (a bounded number of times), so a decision is never made on a stale ledger.
/// </summary>
public sealed class PostgresEventStore : IEventStore
{
    public const int MaxAttempts = 8;
    private readonly NpgsqlDataSource _source;
    private readonly string _table;

    private PostgresEventStore(NpgsqlDataSource source, string schema)
    {
        _source = source;
        Schema = schema;
        _table = $"\"{schema}\".events";
    }

    public string Schema { get; }

    /// <summary>How many writes lost the race on the last sequence and were decided again (for tests and load figures).</summary>
    public int Retries => _retries;

    private int _retries;

    /// <summary>Opens the ledger in <paramref name="schema"/> of the database at <paramref name="connectionString"/>, creating its table if <paramref name="create"/>.</summary>
    public static PostgresEventStore Open(string connectionString, string schema = "charta", bool create = true)
    {
        if (schema.Length == 0 || schema.Length > 50 || !schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new ArgumentException($"schema '{schema}' must be 1 to 50 ASCII letters, digits or '_'", nameof(schema));
        var source = NpgsqlDataSource.Create(connectionString);
        var store = new PostgresEventStore(source, schema);
        // Created once, under an advisory lock, so that servers starting together do not race on the DDL.
        if (create && !store.Exists()) store.Exec($"""
            BEGIN;
            SELECT pg_advisory_xact_lock(hashtext('charta-ledger-schema'));
            CREATE SCHEMA IF NOT EXISTS "{schema}";
            CREATE TABLE IF NOT EXISTS "{schema}".events (
                seq            BIGINT  PRIMARY KEY,
                type           TEXT    NOT NULL,
                version        INTEGER NOT NULL,
                effective_date DATE    NOT NULL,
                recorded_at    TEXT    NOT NULL,
                payload        TEXT    NOT NULL,
                recorded_by    TEXT,
                payload_sha256 TEXT,
                hash           TEXT
            );
            CREATE OR REPLACE FUNCTION "{schema}".append_only() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'the Charta ledger is append-only'; END $$;
            DROP TRIGGER IF EXISTS events_append_only ON "{schema}".events;
            CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON "{schema}".events
                FOR EACH ROW EXECUTE FUNCTION "{schema}".append_only();
            COMMIT;
            """);
        // A ledger made before the hash chain gets its columns (its older rows keep NULL: verify names the first).
        if (create && !store.HasChainColumns()) store.Exec($"""
            ALTER TABLE "{schema}".events ADD COLUMN IF NOT EXISTS recorded_by TEXT;
            ALTER TABLE "{schema}".events ADD COLUMN IF NOT EXISTS payload_sha256 TEXT;
            ALTER TABLE "{schema}".events ADD COLUMN IF NOT EXISTS hash TEXT;
            """);
        return store;
    }

    /// <summary>
    /// A Npgsql connection string from <c>postgres://user:password@host:port/database?schema=NAME</c> (or a connection
    /// string as it is), and the schema (default <c>charta</c>).
    /// </summary>
    public static (string ConnectionString, string Schema) FromUri(string text)
    {
        if (!text.StartsWith("postgres://", StringComparison.Ordinal) && !text.StartsWith("postgresql://", StringComparison.Ordinal))
            return (text, "charta");
        var u = new Uri(text);
        var b = new NpgsqlConnectionStringBuilder { Host = u.Host, Port = u.IsDefaultPort || u.Port <= 0 ? 5432 : u.Port, Database = u.AbsolutePath.Trim('/') is { Length: > 0 } d ? Uri.UnescapeDataString(d) : "postgres" };
        if (u.UserInfo.Length > 0)
        {
            var parts = u.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) b.Password = Uri.UnescapeDataString(parts[1]);
        }

        var schema = "charta";
        foreach (var kv in u.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var i = kv.IndexOf('=');
            if (i > 0 && kv[..i] == "schema") schema = Uri.UnescapeDataString(kv[(i + 1)..]);
        }

        return (b.ConnectionString, schema);
    }

    /// <summary>Drops this ledger's schema (tests only: the ledger is append-only otherwise).</summary>
    public void DropForTests() => Exec($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");

    public IReadOnlyList<RecordedEvent> ReadAll()
    {
        using var c = _source.OpenConnection();
        return Read(c, null);
    }

    /// <summary>The last sequence written (0 for an empty ledger): a cheap change token for caches.</summary>
    public long LastSequence()
    {
        using var c = _source.OpenConnection();
        using var cmd = new NpgsqlCommand($"SELECT COALESCE(MAX(seq), 0) FROM {_table}", c);
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>The last event's sequence and chain hash ((0, null) for an empty ledger).</summary>
    public (long Sequence, string? Hash) Head()
    {
        using var c = _source.OpenConnection();
        return Head(c, null);
    }

    private (long Sequence, string? Hash) Head(NpgsqlConnection c, NpgsqlTransaction? tx)
    {
        using var cmd = new NpgsqlCommand($"SELECT seq, hash FROM {_table} ORDER BY seq DESC LIMIT 1", c, tx);
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1)) : (0L, (string?)null);
    }

    /// <summary>
    /// Optimistic append on the head (<see cref="IEventStore.AppendAfter{T}"/>): under the ledger's advisory lock for
    /// the transaction, only the head is read; the decision runs when it is still the one expected.
    /// </summary>
    public AppendOutcome<T> AppendAfter<T>(long expectedSequence, string? expectedHash, Func<long, Result<(IReadOnlyList<RecordedEvent> Append, T Value)>> decide)
    {
        using var c = _source.OpenConnection();
        using var tx = c.BeginTransaction();
        using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", c, tx))
        {
            lockCmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _table });
            lockCmd.ExecuteNonQuery();
        }

        var (head, hash) = Head(c, tx);
        if (head != expectedSequence || expectedHash is not null && hash is not null && hash != expectedHash)
        {
            tx.Rollback();
            return new AppendOutcome<T>(AppendOutcome<T>.StaleRefusal(expectedSequence, head), true, head, hash);
        }

        var decision = decide(head + 1);
        if (!decision.IsOk)
        {
            tx.Rollback();
            return new AppendOutcome<T>(decision.Refusal!, false, head, hash);
        }

        var previous = Insert(c, tx, hash ?? EventChain.Genesis, decision.Value.Append);
        tx.Commit();
        var last = decision.Value.Append.Count > 0 ? decision.Value.Append[^1].Sequence : head;
        return new AppendOutcome<T>(decision.Value.Value, false, last, previous == EventChain.Genesis ? null : previous);
    }

    /// <summary>
    /// Inserts <paramref name="events"/> in one batch, each with its payload SHA-256 and its link to the one before (the
    /// same chain as the SQLite store, <see cref="EventChain"/>), starting from <paramref name="previous"/>; the last hash.
    /// </summary>
    private string Insert(NpgsqlConnection c, NpgsqlTransaction tx, string previous, IReadOnlyList<RecordedEvent> events)
    {
        using var batch = new NpgsqlBatch(c, tx);
        foreach (var r in events)
        {
            var (name, version, payload) = EventSerializer.Serialize(r.Event);
            var at = r.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
            var ph = EventChain.PayloadHash(payload);
            previous = EventChain.Link(previous, r.Sequence, name, version, r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), at, r.RecordedBy, ph);
            var cmd = new NpgsqlBatchCommand($"INSERT INTO {_table} (seq, type, version, effective_date, recorded_at, payload, recorded_by, payload_sha256, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = r.Sequence });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
            cmd.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = r.Date, NpgsqlDbType = NpgsqlDbType.Date });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = at });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)r.RecordedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ph });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = previous });
            batch.BatchCommands.Add(cmd);
        }

        if (batch.BatchCommands.Count > 0) batch.ExecuteNonQuery();
        return previous;
    }

    public Result<T> Write<T>(Func<IReadOnlyList<RecordedEvent>, long, Result<(IReadOnlyList<RecordedEvent> Append, T Value)>> decide)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var c = _source.OpenConnection();
            using var tx = c.BeginTransaction();
            if (attempt > 2)
            {
                // Optimistic appends keep colliding (many writers at once): take the ledger's advisory lock for this
                // transaction, so this writer decides on the ledger it appends to and progress is guaranteed.
                using var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", c, tx);
                lockCmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _table });
                lockCmd.ExecuteNonQuery();
            }

            var existing = Read(c, tx);
            var next = existing.Count == 0 ? 1 : existing[^1].Sequence + 1;
            var decision = decide(existing, next);
            if (!decision.IsOk)
            {
                tx.Rollback();
                return decision.Refusal!;
            }

            try
            {
                Insert(c, tx, existing.Count == 0 ? EventChain.Genesis : existing[^1].Hash ?? EventChain.Genesis, decision.Value.Append);
                tx.Commit();
                return decision.Value.Value;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt < MaxAttempts)
            {
                // Another writer appended first: our decision was made on a stale ledger. Decide again.
                tx.Rollback();
                Interlocked.Increment(ref _retries);
            }
        }
    }

    private List<RecordedEvent> Read(NpgsqlConnection c, NpgsqlTransaction? tx)
    {
        using var cmd = new NpgsqlCommand($"SELECT seq, type, version, recorded_at, payload, recorded_by, hash FROM {_table} ORDER BY seq", c, tx);
        using var reader = cmd.ExecuteReader();
        var rows = new List<(long Seq, string Type, int Version, string At, string Payload, string? By, string? Hash)>();
        while (reader.Read())
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        var events = new RecordedEvent[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var r = rows[i];
            events[i] = new RecordedEvent(r.Seq, DateTimeOffset.Parse(r.At, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                EventSerializer.Deserialize(r.Type, r.Version, r.Payload)) { RecordedBy = r.By, Hash = r.Hash };
        });
        return [.. events];
    }

    /// <summary>
    /// Recomputes every event's payload SHA-256 and the chain, in stored order (as <c>SqliteEventStore.VerifyChain</c>):
    /// the number of events and the last hash, or a refusal naming the first event that does not match.
    /// </summary>
    public Result<(long Events, string LastHash)> VerifyChain()
    {
        using var c = _source.OpenConnection();
        using var cmd = new NpgsqlCommand($"SELECT seq, type, version, effective_date, recorded_at, recorded_by, payload, payload_sha256, hash FROM {_table} ORDER BY seq", c);
        using var r = cmd.ExecuteReader();
        var previous = EventChain.Genesis;
        long count = 0;
        while (r.Read())
        {
            var seq = r.GetInt64(0);
            var field = $"event #{seq.ToString(CultureInfo.InvariantCulture)}";
            var date = r.GetFieldValue<DateOnly>(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var payload = r.GetString(6);
            var storedPh = r.IsDBNull(7) ? "(none)" : r.GetString(7);
            var storedHash = r.IsDBNull(8) ? "(none)" : r.GetString(8);
            var ph = EventChain.PayloadHash(payload);
            if (ph != storedPh) return new Refusal(field, storedPh, $"its payload hashes to {ph}: the payload was changed after it was written");
            var hash = EventChain.Link(previous, seq, r.GetString(1), r.GetInt32(2), date, r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), ph);
            if (hash != storedHash) return new Refusal(field, storedHash, $"the chain gives {hash}: an event before it, or its own fields, were changed, removed or reordered");
            previous = hash;
            count++;
        }

        return (count, previous);
    }

    private bool HasChainColumns()
    {
        using var c = _source.OpenConnection();
        using var cmd = new NpgsqlCommand("SELECT count(*) FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'events' AND column_name = 'hash'", c);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Schema });
        return (long)cmd.ExecuteScalar()! > 0;
    }

    private bool Exists()
    {
        using var c = _source.OpenConnection();
        using var cmd = new NpgsqlCommand($"SELECT to_regclass('{_table}') IS NOT NULL", c);
        return (bool)cmd.ExecuteScalar()!;
    }

    private void Exec(string sql)
    {
        using var c = _source.OpenConnection();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _source.Dispose();
}
