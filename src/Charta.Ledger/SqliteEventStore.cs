using System.Globalization;
using Charta.Core;
using Charta.Core.Ledger;
using Microsoft.Data.Sqlite;

namespace Charta.Ledger;

/// <summary>A snapshot's key: the last event folded into it, that event's chain hash, and the latest effective date folded.</summary>
public sealed record SnapshotKey(long Sequence, string Hash, DateOnly? Through);

/// <summary>
/// What a write decision may read inside its transaction: the next sequence number, the snapshots and the events after
/// one, or every event (read on first use). Everything it returns is as of the write lock.
/// </summary>
public sealed class WriteView
{
    private readonly SqliteConnection _c;
    private readonly SqliteTransaction _tx;
    private List<RecordedEvent>? _all;

    internal WriteView(SqliteConnection c, SqliteTransaction tx)
    {
        _c = c;
        _tx = tx;
        Next = SqliteEventStore.NextSequence(c, tx);
    }

    public long Next { get; }

    /// <summary>Snapshot states decoded during this decision, by sequence (a back-dated write may look at the newest one twice).</summary>
    internal Dictionary<long, CapTable> Decoded { get; } = [];

    public IReadOnlyList<RecordedEvent> All() => _all ??= SqliteEventStore.Read(_c, _tx, withIntegrity: false);

    public IReadOnlyList<SnapshotKey> Snapshots(int codec) => SqliteEventStore.SnapshotKeys(_c, _tx, codec);

    public byte[]? Image(long sequence) => SqliteEventStore.Image(_c, _tx, sequence);

    /// <summary>The ledger file (a snapshot's large parts are read from it when first used, after this transaction).</summary>
    internal string Path => _c.DataSource;

    internal SqliteConnection Connection => _c;

    public IReadOnlyList<RecordedEvent> After(long sequence) => SqliteEventStore.Read(_c, _tx, withIntegrity: false, after: sequence);

    /// <summary>The chain hash of the last event (null for an empty ledger), as of the write lock.</summary>
    public string? HeadHash() => SqliteEventStore.LastHashOf(_c, _tx);
}

/// <summary>A ledger file that cannot be used as it is (not a ledger, corrupt, read-only for a write): exit 2, one line.</summary>
public sealed class LedgerFileException(Refusal refusal) : Exception(refusal.ToString())
{
    public Refusal Refusal { get; } = refusal;
}

/// <summary>
/// The embedded default store: one SQLite file.
/// <list type="bullet">
/// <item>The file is marked as a Charta ledger in its header (<c>application_id</c> = <see cref="LedgerFile.ApplicationId"/>,
/// <c>user_version</c> = <see cref="SchemaVersion"/>), set in the transaction that creates the tables; any other file is
/// refused from its header bytes before SQLite opens it (<see cref="LedgerFile"/>).</item>
/// <item>Reads use a read-only connection; a write opens a read-write connection only for its transaction. The journal
/// mode is the rollback journal (DELETE), not WAL: a WAL database cannot be read without creating or writing its
/// -shm file, so a read-only file (or folder) could not be read, and a reader would leave -wal/-shm files behind.</item>
/// <item>A new ledger is built under a temporary name in the same folder and renamed into place, so an interrupted
/// <c>init</c> or import leaves either no ledger or a complete one.</item>
/// <item>The events table is append-only (triggers refuse UPDATE and DELETE); each event carries its payload SHA-256
/// and a chain hash (<see cref="EventChain"/>). Every write is one IMMEDIATE transaction, so a refused command writes
/// nothing and two writers cannot interleave.</item>
/// </list>
/// </summary>
public sealed class SqliteEventStore : IEventStore
{
    /// <summary>Schema 1: meta + events. Schema 2: the header mark, integrity columns, snapshots, rollback journal.</summary>
    public const int SchemaVersion = 2;

    private const string Ddl = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE events (
            seq            INTEGER PRIMARY KEY,
            type           TEXT    NOT NULL,
            version        INTEGER NOT NULL,
            effective_date TEXT    NOT NULL,
            recorded_at    TEXT    NOT NULL,
            payload        TEXT    NOT NULL,
            recorded_by    TEXT,
            payload_sha256 TEXT,
            hash           TEXT
        );
        INSERT INTO meta (key, value) VALUES ('schema_version', '1');
        """;

    private const string AppendOnly = """
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the Charta ledger is append-only'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the Charta ledger is append-only'); END;
        """;

    private const string SnapshotsDdl = """
        CREATE TABLE snapshots (
            seq          INTEGER PRIMARY KEY,
            hash         TEXT    NOT NULL,
            through_date TEXT,
            codec        INTEGER NOT NULL,
            state        BLOB    NOT NULL
        );
        """;

    private readonly SqliteConnection _reader;
    private SqliteConnection? _writer;

    private SqliteEventStore(string path, SqliteConnection reader)
    {
        Path = path;
        _reader = reader;
    }

    public string Path { get; }

    /// <summary>The sequence and chain hash of the last event this store wrote (the key of a snapshot of the state after it).</summary>
    public (long Sequence, string Hash)? LastWritten { get; private set; }

    /// <summary>
    /// True while no write has happened through this store and its reading connection refuses writes (SQLite answers
    /// SQLITE_READONLY to a header write of the value already there). For tests.
    /// </summary>
    internal bool IsReadOnlyUntilWrite
    {
        get
        {
            if (_writer is not null) return false;
            try
            {
                Exec(_reader, $"PRAGMA user_version = {SchemaVersion};");
                return false;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 8)
            {
                return true;
            }
        }
    }

    /// <summary>Opens the ledger at <paramref name="path"/> after checking its header; any other file is refused, unchanged.</summary>
    public static Result<SqliteEventStore> TryOpen(string path)
    {
        var info = LedgerFile.Inspect(path);
        if (info.IsMarked && File.Exists(path + "-journal"))
        {
            // A write was interrupted (kill -9, power loss) and left its rollback journal: a read-only connection cannot
            // roll it back, so let SQLite do it through a read-write one — only on a file marked as a Charta ledger —
            // and look again (the header may have been mid-write).
            var recovered = Recover(path);
            if (!recovered.IsOk) return recovered.Refusal!;
            info = LedgerFile.Inspect(path);
        }

        if (!info.IsCurrentLedger) return info.Refusal(path);
        var reader = Connect(path, SqliteOpenMode.ReadOnly);
        try
        {
            reader.Open();
        }
        catch (SqliteException e)
        {
            reader.Dispose();
            return Unusable(path, e);
        }

        return new SqliteEventStore(path, reader);
    }

    private static Result<int> Recover(string path)
    {
        try
        {
            using var c = Connect(path, SqliteOpenMode.ReadWrite);
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM sqlite_master";
            cmd.ExecuteScalar();
            return 0;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 8)
        {
            return new Refusal("--db", path, "an interrupted write left its journal beside the ledger, and the file is read-only: run any verb once with write access to roll the write back");
        }
        catch (SqliteException e)
        {
            return Unusable(path, e).Refusal!;
        }
    }

    /// <summary>
    /// Opens the ledger at <paramref name="path"/>; with <paramref name="create"/>, a missing file is first created as an
    /// empty ledger (atomically). A file that is not a ledger throws <see cref="LedgerFileException"/>.
    /// </summary>
    public static SqliteEventStore Open(string path, bool create)
    {
        if (create && !File.Exists(path))
        {
            var made = Create(path, _ => Result.Ok(0));
            if (!made.IsOk) throw new LedgerFileException(made.Refusal!);
        }

        var opened = TryOpen(path);
        return opened.IsOk ? opened.Value : throw new LedgerFileException(opened.Refusal!);
    }

    /// <summary>
    /// Creates a new ledger at <paramref name="path"/>: the file is built under a temporary name in the same folder,
    /// <paramref name="populate"/> writes its first events, and only then is it renamed into place. A refusal from
    /// <paramref name="populate"/>, or an existing file at the path, leaves nothing behind.
    /// </summary>
    public static Result<T> Create<T>(string path, Func<SqliteEventStore, Result<T>> populate)
    {
        if (File.Exists(path) || Directory.Exists(path))
        {
            var info = LedgerFile.Inspect(path);
            var what = info.Kind is LedgerFileKind.Ledger or LedgerFileKind.OlderLedger or LedgerFileKind.NewerLedger
                ? "a ledger already exists here" : $"the path {info.Description}";
            return new Refusal("--db", path, $"{what}; choose another --db (nothing was written)");
        }

        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) return new Refusal("--db", path, "the folder does not exist");
        var name = System.IO.Path.GetFileName(full);
        RemoveAbandoned(dir, name);
        var temp = System.IO.Path.Combine(dir, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.creating");
        var moved = false;
        try
        {
            using (var c = Connect(temp, SqliteOpenMode.ReadWriteCreate))
            {
                c.Open();
                Exec(c, "PRAGMA journal_mode = DELETE;");
                using var tx = c.BeginTransaction(deferred: false);
                Exec(c, Ddl + AppendOnly + SnapshotsDdl +
                        $"UPDATE meta SET value = '{SchemaVersion}' WHERE key = 'schema_version';" +
                        $"PRAGMA application_id = {LedgerFile.ApplicationId}; PRAGMA user_version = {SchemaVersion};", tx);
                tx.Commit();
            }

            Result<T> result;
            using (var store = new SqliteEventStore(temp, Connect(temp, SqliteOpenMode.ReadOnly)))
            {
                store._reader.Open();
                result = populate(store);
            }

            if (!result.IsOk) return result;
            try
            {
                // Not overwriting: if another process created the ledger meanwhile, theirs stands.
                File.Move(temp, full, overwrite: false);
                moved = true;
            }
            catch (IOException)
            {
                return new Refusal("--db", path, "a ledger was created here by another process meanwhile; nothing was written");
            }

            return result;
        }
        finally
        {
            if (!moved)
                foreach (var f in new[] { temp, temp + "-journal" })
                    File.Delete(f);
        }
    }

    /// <summary>Deletes temporary files left by a creation whose process no longer runs (killed mid-way).</summary>
    private static void RemoveAbandoned(string dir, string name)
    {
        foreach (var f in Directory.EnumerateFiles(dir, $".{name}.*.creating*"))
        {
            var parts = System.IO.Path.GetFileName(f)[(name.Length + 2)..].Split('.');
            if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            try { File.Delete(f); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Upgrades the ledger at <paramref name="path"/> to <see cref="SchemaVersion"/> in one transaction: schema 1 → 2
    /// adds the integrity columns (hashing the existing events in their order; who recorded them is unknown), the
    /// snapshots table and the header mark, and switches the journal from WAL to DELETE. Returns the version it had.
    /// </summary>
    public static Result<int> Migrate(string path)
    {
        var info = LedgerFile.Inspect(path);
        if (info.Kind == LedgerFileKind.Ledger) return new Refusal("--db", path, $"is already a Charta ledger of schema {SchemaVersion}; nothing to migrate");
        if (info.Kind != LedgerFileKind.OlderLedger) return info.Refusal(path);
        using var c = Connect(path, SqliteOpenMode.ReadWrite);
        try
        {
            c.Open();
            Exec(c, "PRAGMA journal_mode = DELETE;");
            using var tx = c.BeginTransaction(deferred: false);
            if (info.SchemaVersion == 1)
            {
                Exec(c, """
                    ALTER TABLE events ADD COLUMN recorded_by TEXT;
                    ALTER TABLE events ADD COLUMN payload_sha256 TEXT;
                    ALTER TABLE events ADD COLUMN hash TEXT;
                    DROP TRIGGER IF EXISTS events_append_only_update;
                    DROP TRIGGER IF EXISTS events_append_only_delete;
                    """ + SnapshotsDdl, tx);
                HashExisting(c, tx);
                Exec(c, AppendOnly, tx);
            }

            Exec(c, $"UPDATE meta SET value = '{SchemaVersion}' WHERE key = 'schema_version';" +
                    $"PRAGMA application_id = {LedgerFile.ApplicationId}; PRAGMA user_version = {SchemaVersion};", tx);
            tx.Commit();
            return info.SchemaVersion;
        }
        catch (SqliteException e)
        {
            return Unusable(path, e).Refusal!;
        }
    }

    private static void HashExisting(SqliteConnection c, SqliteTransaction tx)
    {
        var rows = new List<(long Seq, string Type, long Version, string Date, string At, string Payload)>();
        using (var read = c.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = "SELECT seq, type, version, effective_date, recorded_at, payload FROM events ORDER BY seq";
            using var r = read.ExecuteReader();
            while (r.Read()) rows.Add((r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5)));
        }

        using var update = c.CreateCommand();
        update.Transaction = tx;
        update.CommandText = "UPDATE events SET payload_sha256 = $p, hash = $h WHERE seq = $seq";
        var pP = update.Parameters.Add("$p", SqliteType.Text);
        var pH = update.Parameters.Add("$h", SqliteType.Text);
        var pSeq = update.Parameters.Add("$seq", SqliteType.Integer);
        var previous = EventChain.Genesis;
        foreach (var row in rows)
        {
            var ph = EventChain.PayloadHash(row.Payload);
            previous = EventChain.Link(previous, row.Seq, row.Type, checked((int)row.Version), row.Date, row.At, null, ph);
            pP.Value = ph;
            pH.Value = previous;
            pSeq.Value = row.Seq;
            update.ExecuteNonQuery();
        }
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());

    private static Result<SqliteEventStore> Unusable(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        8 => new Refusal("--db", path, "the ledger file (or its folder) is read-only; a write needs write access (nothing was written)"),
        5 or 6 => new Refusal("--db", path, "the ledger is locked by another process; try again"),
        11 or 26 => new Refusal("--db", path, $"is a corrupt Charta ledger (SQLite: {e.Message.TrimEnd('.')}); restore it from a backup (nothing was written)"),
        14 => new Refusal("--db", path, "the ledger file cannot be opened (permissions?); nothing was written"),
        _ => throw new InvalidOperationException($"SQLite failed on {path}: {e.Message}", e),
    };

    private T Guard<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 or 8 or 11 or 14 or 26)
        {
            throw new LedgerFileException(Unusable(Path, e).Refusal!);
        }
    }

    public IReadOnlyList<RecordedEvent> ReadAll() => ReadAll(withIntegrity: false);

    /// <summary>Every stored event; with <paramref name="withIntegrity"/>, each carries its chain hash and who recorded it.</summary>
    public IReadOnlyList<RecordedEvent> ReadAll(bool withIntegrity) => Guard(() =>
    {
        using var tx = _reader.BeginTransaction(deferred: true);
        var events = Read(_reader, tx, withIntegrity);
        tx.Commit();
        return events;
    });

    public Result<T> Write<T>(Func<IReadOnlyList<RecordedEvent>, long, Result<(IReadOnlyList<RecordedEvent> Append, T Value)>> decide) =>
        Write<T>(view => decide(view.All(), view.Next));

    /// <summary>Runs <paramref name="read"/> over a <see cref="WriteView"/> of one read transaction (a dry run: nothing is written).</summary>
    public T Read<T>(Func<WriteView, T> read) => Guard(() =>
    {
        using var tx = _reader.BeginTransaction(deferred: true);
        var result = read(new WriteView(_reader, tx));
        tx.Commit();
        return result;
    });

    /// <summary>
    /// Runs <paramref name="decide"/> inside one write transaction over a <see cref="WriteView"/>: the next sequence, the
    /// snapshots and the events after one of them, or every event — read only if asked for.
    /// </summary>
    public Result<T> Write<T>(Func<WriteView, Result<(IReadOnlyList<RecordedEvent> Append, T Value)>> decide) => Guard<Result<T>>(() =>
    {
        var writer = Writer();

        // BEGIN IMMEDIATE: take the write lock before reading, so the decision sees the ledger it appends to.
        using var tx = writer.BeginTransaction(deferred: false);
        var view = new WriteView(writer, tx);
        var decision = decide(view);
        if (!decision.IsOk)
        {
            tx.Rollback();
            return decision.Refusal!;
        }

        var previous = LastHash(writer, tx) ?? EventChain.Genesis;
        using var insert = writer.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO events (seq, type, version, effective_date, recorded_at, payload, recorded_by, payload_sha256, hash)
            VALUES ($seq, $type, $version, $date, $at, $payload, $by, $ph, $hash)
            """;
        var pSeq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var pType = insert.Parameters.Add("$type", SqliteType.Text);
        var pVersion = insert.Parameters.Add("$version", SqliteType.Integer);
        var pDate = insert.Parameters.Add("$date", SqliteType.Text);
        var pAt = insert.Parameters.Add("$at", SqliteType.Text);
        var pPayload = insert.Parameters.Add("$payload", SqliteType.Text);
        var pBy = insert.Parameters.Add("$by", SqliteType.Text);
        var pPh = insert.Parameters.Add("$ph", SqliteType.Text);
        var pHash = insert.Parameters.Add("$hash", SqliteType.Text);
        insert.Prepare();
        foreach (var r in decision.Value.Append)
        {
            var (name, version, payload) = EventSerializer.Serialize(r.Event);
            var date = r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var at = r.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
            var ph = EventChain.PayloadHash(payload);
            previous = EventChain.Link(previous, r.Sequence, name, version, date, at, r.RecordedBy, ph);
            pSeq.Value = r.Sequence;
            pType.Value = name;
            pVersion.Value = version;
            pDate.Value = date;
            pAt.Value = at;
            pPayload.Value = payload;
            pBy.Value = (object?)r.RecordedBy ?? DBNull.Value;
            pPh.Value = ph;
            pHash.Value = previous;
            insert.ExecuteNonQuery();
        }

        tx.Commit();
        if (decision.Value.Append.Count > 0) LastWritten = (decision.Value.Append[^1].Sequence, previous);
        return Result.Ok(decision.Value.Value);
    });

    internal static string? LastHashOf(SqliteConnection c, SqliteTransaction tx) => LastHash(c, tx);

    /// <summary>
    /// <see cref="IEventStore.AppendAfter{T}"/> on this file: under BEGIN IMMEDIATE, only the head (sequence and hash)
    /// is read before <paramref name="decide"/> runs; the whole ledger is not.
    /// </summary>
    public AppendOutcome<T> AppendAfter<T>(long expectedSequence, string? expectedHash, Func<long, Result<(IReadOnlyList<RecordedEvent> Append, T Value)>> decide)
    {
        var stale = false;
        var result = Write<T>(view =>
        {
            var head = view.Next - 1;
            if (head != expectedSequence || expectedHash is not null && view.HeadHash() is { } hash && hash != expectedHash)
            {
                stale = true;
                return AppendOutcome<T>.StaleRefusal(expectedSequence, head);
            }

            return decide(view.Next);
        });
        var (s, h) = result.IsOk && LastWritten is { } w && w.Sequence > expectedSequence ? (w.Sequence, (string?)w.Hash) : Head();
        return new AppendOutcome<T>(result, stale, s, h);
    }

    private static string? LastHash(SqliteConnection c, SqliteTransaction tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT hash FROM events ORDER BY seq DESC LIMIT 1";
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>
    /// Recomputes every event's payload SHA-256 and the chain, in stored order. Returns the number of events and the
    /// last hash, or a refusal naming the first event whose payload or chain hash does not match (or that cannot be read).
    /// </summary>
    public Result<(long Events, string LastHash)> VerifyChain() => Guard<Result<(long Events, string LastHash)>>(() =>
    {
        using var tx = _reader.BeginTransaction(deferred: true);
        using var cmd = _reader.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT seq, type, version, effective_date, recorded_at, recorded_by, payload, payload_sha256, hash FROM events ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var previous = EventChain.Genesis;
        long count = 0;
        while (r.Read())
        {
            var seq = r.GetInt64(0);
            var type = r.GetString(1);
            var version = r.GetInt32(2);
            var date = r.GetString(3);
            var at = r.GetString(4);
            var by = r.IsDBNull(5) ? null : r.GetString(5);
            var payload = r.GetString(6);
            var storedPh = r.IsDBNull(7) ? "(none)" : r.GetString(7);
            var storedHash = r.IsDBNull(8) ? "(none)" : r.GetString(8);
            var field = $"event #{seq.ToString(CultureInfo.InvariantCulture)}";
            var ph = EventChain.PayloadHash(payload);
            if (ph != storedPh)
                return Result<(long, string)>.Fail(new Refusal(field, type,
                    $"its payload does not match its SHA-256 (stored {Short(storedPh)}, the payload hashes to {Short(ph)}): the file was changed outside Charta; restore it from a backup"));
            var link = EventChain.Link(previous, seq, type, version, date, at, by, ph);
            if (link != storedHash)
                return Result<(long, string)>.Fail(new Refusal(field, type,
                    $"its chain hash does not match (stored {Short(storedHash)}, recomputed {Short(link)}): an event before it, or its own recorded fields, were changed, removed or reordered outside Charta; restore the file from a backup"));
            LedgerEvent e;
            try
            {
                e = EventSerializer.Deserialize(type, version, payload);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException or NotSupportedException)
            {
                return Result<(long, string)>.Fail(new Refusal(field, type, $"its payload cannot be read ({ex.Message.TrimEnd('.')})"));
            }

            if (e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) != date)
                return Result<(long, string)>.Fail(new Refusal(field, type, $"its effective date column {date} does not match its payload ({e.Date:yyyy-MM-dd})"));
            previous = link;
            count++;
        }

        return Result.Ok((count, previous));
    });

    /// <summary>The last stored event's sequence and chain hash, or (0, null) for an empty ledger.</summary>
    public (long Sequence, string? Hash) Head() => Guard(() =>
    {
        using var cmd = _reader.CreateCommand();
        cmd.CommandText = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1";
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1)) : (0L, (string?)null);
    });

    /// <summary>
    /// The latest effective date among the stored events whose type is not one of <paramref name="undatedTypes"/>, on or
    /// before <paramref name="onOrBefore"/> when given; null when there is none. Dates are stored as yyyy-MM-dd, so the
    /// text order is the date order.
    /// </summary>
    public DateOnly? LatestDate(IReadOnlyCollection<string> undatedTypes, DateOnly? onOrBefore) => Guard(() =>
    {
        using var cmd = _reader.CreateCommand();
        var names = undatedTypes.Select((_, i) => $"$t{i}").ToArray();
        cmd.CommandText = "SELECT MAX(effective_date) FROM events WHERE 1 = 1"
                          + (names.Length > 0 ? $" AND type NOT IN ({string.Join(", ", names)})" : "")
                          + (onOrBefore is null ? "" : " AND effective_date <= $d");
        var k = 0;
        foreach (var t in undatedTypes) cmd.Parameters.AddWithValue(names[k++], t);
        if (onOrBefore is { } d) cmd.Parameters.AddWithValue("$d", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return cmd.ExecuteScalar() is string text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
    });

    /// <summary>The snapshots kept beside the events, newest first, each still valid: the event at its sequence still has its chain hash.</summary>
    public IReadOnlyList<SnapshotKey> Snapshots(int codec) => Guard(() => SnapshotKeys(_reader, null, codec));

    /// <summary>The image of the snapshot taken after event <paramref name="sequence"/>.</summary>
    public byte[]? SnapshotImage(long sequence) => Guard(() => Image(_reader, null, sequence));

    /// <summary>The events recorded after <paramref name="sequence"/>, in recording order.</summary>
    public IReadOnlyList<RecordedEvent> ReadAfter(long sequence) => Guard(() =>
    {
        using var tx = _reader.BeginTransaction(deferred: true);
        var events = Read(_reader, tx, withIntegrity: false, after: sequence);
        tx.Commit();
        return (IReadOnlyList<RecordedEvent>)events;
    });

    internal static IReadOnlyList<SnapshotKey> SnapshotKeys(SqliteConnection c, SqliteTransaction? tx, int codec)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            SELECT s.seq, s.hash, s.through_date FROM snapshots s JOIN events e ON e.seq = s.seq AND e.hash = s.hash
            WHERE s.codec = $codec ORDER BY s.seq DESC
            """;
        cmd.Parameters.AddWithValue("$codec", codec);
        using var r = cmd.ExecuteReader();
        var keys = new List<SnapshotKey>();
        while (r.Read())
            keys.Add(new SnapshotKey(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : DateOnly.ParseExact(r.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        return keys;
    }

    internal static byte[]? Image(SqliteConnection c, SqliteTransaction? tx, long sequence)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT state FROM snapshots WHERE seq = $seq";
        cmd.Parameters.AddWithValue("$seq", sequence);
        return cmd.ExecuteScalar() as byte[];
    }

    /// <summary>
    /// <paramref name="length"/> bytes at <paramref name="offset"/> of the image of the snapshot taken after event
    /// <paramref name="sequence"/> (SQLite incremental blob I/O: only those bytes' pages are read), or null when that
    /// snapshot is gone or shorter.
    /// </summary>
    internal static byte[]? ImageRange(SqliteConnection c, long sequence, int offset, int length)
    {
        try
        {
            using var blob = new SqliteBlob(c, "snapshots", "state", sequence, readOnly: true);
            if (offset < 0 || length < 0 || offset + (long)length > blob.Length) return null;
            var bytes = new byte[length];
            blob.Position = offset;
            blob.ReadExactly(bytes);
            return bytes;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>As <see cref="ImageRange(SqliteConnection, long, int, int)"/>, on a read-only connection of its own (a part read after the reading transaction).</summary>
    internal static byte[]? ImageRange(string path, long sequence, int offset, int length)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var c = Connect(path, SqliteOpenMode.ReadOnly);
                c.Open();
                using var tx = c.BeginTransaction(deferred: true);
                return ImageRange(c, sequence, offset, length);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && attempt < 50)
            {
                Thread.Sleep(20); // another process is committing
            }
            catch (SqliteException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The fold of the events up to and including <paramref name="key"/>.Sequence, read from the file on a connection of
    /// its own — what a snapshot with that key holds — if that event still has the key's chain hash; else null.
    /// </summary>
    internal static CapTable? FoldThrough(string path, SnapshotKey key)
    {
        using var c = Connect(path, SqliteOpenMode.ReadOnly);
        c.Open();
        using var tx = c.BeginTransaction(deferred: true);
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT hash FROM events WHERE seq = $seq";
            cmd.Parameters.AddWithValue("$seq", key.Sequence);
            if (cmd.ExecuteScalar() as string != key.Hash) return null;
        }

        var events = Read(c, tx, withIntegrity: false).Where(r => r.Sequence <= key.Sequence).ToList();
        var folded = Fold.TryReplay(events);
        return folded.IsOk ? folded.Value : null;
    }

    internal static long NextSequence(SqliteConnection c, SqliteTransaction tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT coalesce(max(seq), 0) + 1 FROM events";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>
    /// Keeps a snapshot of the state folded through event <paramref name="key"/>.Sequence (whose chain hash is
    /// <paramref name="key"/>.Hash), and prunes older ones: the newest <paramref name="keep"/> are kept, so a back-dated
    /// write can re-fold from one taken before its date. Written in its own transaction: a snapshot is a cache, and a
    /// crash between a write and its snapshot only leaves an older one.
    /// </summary>
    public void SaveSnapshot(SnapshotKey key, int codec, byte[] image, int keep = 4) => Guard(() =>
    {
        var w = Writer();
        using var tx = w.BeginTransaction(deferred: false);
        using (var cmd = w.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT OR REPLACE INTO snapshots (seq, hash, through_date, codec, state) VALUES ($seq, $hash, $through, $codec, $state);
                DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT $keep);
                """;
            cmd.Parameters.AddWithValue("$seq", key.Sequence);
            cmd.Parameters.AddWithValue("$hash", key.Hash);
            cmd.Parameters.AddWithValue("$through", key.Through is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value);
            cmd.Parameters.AddWithValue("$codec", codec);
            cmd.Parameters.Add("$state", SqliteType.Blob).Value = image;
            cmd.Parameters.AddWithValue("$keep", keep);
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
        return 0;
    });

    private SqliteConnection Writer()
    {
        if (_writer is null)
        {
            var w = Connect(Path, SqliteOpenMode.ReadWrite);
            w.Open();
            _writer = w;
        }

        return _writer;
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    internal static List<RecordedEvent> Read(SqliteConnection c, SqliteTransaction tx, bool withIntegrity, long after = 0)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = (withIntegrity
            ? "SELECT seq, type, version, recorded_at, payload, recorded_by, hash FROM events"
            : "SELECT seq, type, version, recorded_at, payload FROM events") + " WHERE seq > $after ORDER BY seq";
        cmd.Parameters.AddWithValue("$after", after);
        using var reader = cmd.ExecuteReader();
        var rows = new List<(long Seq, string Type, int Version, DateTimeOffset At, byte[] Payload, string? By, string? Hash)>();
        string? lastAtText = null;
        var lastAt = default(DateTimeOffset);
        string? lastBy = null;
        while (reader.Read())
        {
            // A batch shares one recording time: parse each distinct text once.
            var atText = reader.GetString(3);
            if (atText != lastAtText)
            {
                lastAt = DateTimeOffset.Parse(atText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                lastAtText = atText;
            }

            string? by = null, hash = null;
            if (withIntegrity)
            {
                by = reader.IsDBNull(5) ? null : reader.GetString(5);
                if (by == lastBy) by = lastBy;
                lastBy = by;
                hash = reader.IsDBNull(6) ? null : reader.GetString(6);
            }

            rows.Add((reader.GetInt64(0), string.Intern(reader.GetString(1)), reader.GetInt32(2), lastAt, reader.GetFieldValue<byte[]>(4), by, hash));
        }

        // Deserializing the payloads is the bulk of the work and each row is independent: do it in parallel,
        // writing each result to its own slot so the order is the stored order.
        var events = new RecordedEvent[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var r = rows[i];
            events[i] = new RecordedEvent(r.Seq, r.At, EventSerializer.Deserialize(r.Type, r.Version, r.Payload)) { RecordedBy = r.By, Hash = r.Hash };
        });
        return [.. events];
    }

    private static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _reader.Dispose();
    }
}
