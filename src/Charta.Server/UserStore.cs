using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Charta.Core;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Charta.Server;

/// <summary>What a user may do. Admin and counsel record events; viewer reads everything; a stockholder reads its own holding.</summary>
public enum Role
{
    Admin,
    Counsel,
    Viewer,
    Stockholder,
}

/// <summary>A user of the server: a name, a role and, for a stockholder, the holder it is.</summary>
public sealed record User(string Id, string Name, Role Role, string? Holder)
{
    public bool CanWrite => Role is Role.Admin or Role.Counsel;

    /// <summary>May this user see <paramref name="holder"/>'s name and positions?</summary>
    public bool CanSeeHolder(string holder) => Role != Role.Stockholder || string.Equals(Holder, holder, StringComparison.Ordinal);
}

/// <summary>
/// The users of a ledger: beside a SQLite ledger a SQLite file at <c>LEDGER.users</c> (for <c>--db charta.db</c>,
/// <c>charta.db.users</c>); with a PostgreSQL ledger, the tables <c>users</c> and <c>writes</c> in the ledger's own
/// schema of the same database. A token is <c>charta_ID_SECRET</c> with a 256-bit random secret; only a random 128-bit
/// salt and SHA-256(salt ‖ secret) are stored (a high-entropy secret needs no slow hash), and the check is in constant
/// time. The store also keeps who recorded which events (<c>writes</c>), beside the user stored on each event.
/// </summary>
public sealed class UserStore
{
    private const string Prefix = "charta_";
    private readonly Func<DbConnection> _open;
    private readonly string _users;
    private readonly string _writes;

    /// <summary>
    /// SQLite: guards the records of writes waiting to be inserted (<see cref="RecordWrite"/>). Two connections inserting
    /// at once would make one wait for the file's write lock, and Microsoft.Data.Sqlite retries a busy statement only
    /// every 150 ms; here the records that arrive while one transaction commits are inserted together in the next.
    /// </summary>
    private readonly GroupCommit<WriteRecord>? _recordBatches;

    private sealed record WriteRecord(User User, long First, long Last, DateTimeOffset At)
    {
        public Exception? Failure { get; set; }
    }

    /// <summary>The users in the SQLite file at <paramref name="path"/>.</summary>
    public UserStore(string path)
    {
        Path = path;
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        _open = () => new SqliteConnection(cs);
        _users = "users";
        _writes = "writes";
        _recordBatches = new GroupCommit<WriteRecord>();
        Exec("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS users (
                id         TEXT PRIMARY KEY,
                name       TEXT NOT NULL UNIQUE,
                role       TEXT NOT NULL,
                holder     TEXT,
                salt       BLOB NOT NULL,
                hash       BLOB NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS writes (
                id        INTEGER PRIMARY KEY,
                user_id   TEXT NOT NULL,
                user_name TEXT NOT NULL,
                first_seq INTEGER NOT NULL,
                last_seq  INTEGER NOT NULL,
                at        TEXT NOT NULL
            );
            """);
    }

    private UserStore(NpgsqlDataSource source, string schema)
    {
        Path = $"the PostgreSQL schema {schema}";
        _open = source.CreateConnection;
        _users = $"\"{schema}\".users";
        _writes = $"\"{schema}\".writes";
        // Under an advisory lock, so that servers starting together do not race on the DDL.
        Exec($"""
            BEGIN;
            SELECT pg_advisory_xact_lock(hashtext('charta-ledger-schema'));
            CREATE SCHEMA IF NOT EXISTS "{schema}";
            CREATE TABLE IF NOT EXISTS {_users} (
                id         TEXT PRIMARY KEY,
                name       TEXT NOT NULL UNIQUE,
                role       TEXT NOT NULL,
                holder     TEXT,
                salt       BYTEA NOT NULL,
                hash       BYTEA NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS {_writes} (
                id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                user_id   TEXT NOT NULL,
                user_name TEXT NOT NULL,
                first_seq BIGINT NOT NULL,
                last_seq  BIGINT NOT NULL,
                at        TEXT NOT NULL
            );
            COMMIT;
            """);
    }

    /// <summary>The users in the ledger's schema of a PostgreSQL database (same schema name rules as the event store).</summary>
    public static UserStore Postgres(string connectionString, string schema)
    {
        if (schema.Length == 0 || schema.Length > 50 || !schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new ArgumentException($"schema '{schema}' must be 1 to 50 ASCII letters, digits or '_'", nameof(schema));
        return new UserStore(NpgsqlDataSource.Create(connectionString), schema);
    }

    /// <summary>The users of the ledger at <paramref name="db"/>: a postgres:// URI keeps them in its database, a SQLite ledger beside it.</summary>
    public static UserStore For(string db)
    {
        if (!ChartaServer.IsPostgres(db)) return new UserStore(PathFor(db));
        var (cs, schema) = Charta.Ledger.Postgres.PostgresEventStore.FromUri(db);
        return Postgres(cs, schema);
    }

    public string Path { get; }

    /// <summary>Where the users of the ledger at <paramref name="ledgerPath"/> are kept.</summary>
    public static string PathFor(string ledgerPath) => ledgerPath + ".users";

    public static Result<Role> ParseRole(string text) => text switch
    {
        "admin" => Role.Admin,
        "counsel" => Role.Counsel,
        "viewer" => Role.Viewer,
        "stockholder" => Role.Stockholder,
        _ => new Refusal("--role", text, "must be admin, counsel, viewer or stockholder"),
    };

    public static string RoleName(Role r) => r.ToString().ToLowerInvariant();

    /// <summary>Adds a user and returns its token, which is shown once and never stored.</summary>
    public Result<string> Add(string name, Role role, string? holder, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name)) return new Refusal("NAME", name, "must not be blank");
        if (role == Role.Stockholder && string.IsNullOrWhiteSpace(holder))
            return new Refusal("--holder", "(none)", "a stockholder user needs --holder, the holder it may see");
        if (role != Role.Stockholder && holder is not null)
            return new Refusal("--holder", holder, "only a stockholder user is tied to a holder; drop --holder or use --role stockholder");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var salt = RandomNumberGenerator.GetBytes(16);
        using var c = Open();
        using var cmd = Command(c, $"INSERT INTO {_users} (id, name, role, holder, salt, hash, created_at) VALUES (@id, @name, @role, @holder, @salt, @hash, @at) ON CONFLICT(name) DO NOTHING",
            ("id", id), ("name", name), ("role", RoleName(role)), ("holder", holder), ("salt", salt), ("hash", Hash(salt, secret)), ("at", now.ToString("O", CultureInfo.InvariantCulture)));
        if (cmd.ExecuteNonQuery() == 0) return new Refusal("NAME", name, "a user of that name exists; choose another name");
        return $"{Prefix}{id}_{secret}";
    }

    /// <summary>How long a verified token is trusted without asking the store again.</summary>
    public static readonly TimeSpan VerifiedFor = TimeSpan.FromSeconds(5);

    private const int MaxVerified = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (User User, long Until)> _verified = new(StringComparer.Ordinal);

    /// <summary>
    /// The user a token belongs to, or null (unknown id, wrong secret, malformed token). A token verified in the last
    /// <see cref="VerifiedFor"/> is answered from memory (keyed by the SHA-256 of the whole token, so no secret is kept);
    /// an unknown or wrong token is never remembered and always asks the store.
    /// </summary>
    public User? Verify(string token)
    {
        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = Environment.TickCount64;
        if (_verified.TryGetValue(key, out var hit) && hit.Until > now) return hit.User;
        var user = VerifyInStore(token);
        if (user is null) return null;
        if (_verified.Count >= MaxVerified) _verified.Clear();
        _verified[key] = (user, now + (long)VerifiedFor.TotalMilliseconds);
        return user;
    }

    private User? VerifyInStore(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = token[Prefix.Length..];
        var cut = rest.IndexOf('_');
        if (cut <= 0) return null;
        var id = rest[..cut];
        var secret = rest[(cut + 1)..];
        using var c = Open();
        using var cmd = Command(c, $"SELECT name, role, holder, salt, hash FROM {_users} WHERE id = @id", ("id", id));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        var salt = r.GetFieldValue<byte[]>(3);
        var hash = r.GetFieldValue<byte[]>(4);
        if (!CryptographicOperations.FixedTimeEquals(hash, Hash(salt, secret))) return null;
        var role = ParseRole(r.GetString(1));
        return role.IsOk ? new User(id, r.GetString(0), role.Value, r.IsDBNull(2) ? null : r.GetString(2)) : null;
    }

    public IReadOnlyList<User> List()
    {
        using var c = Open();
        using var cmd = Command(c, $"SELECT id, name, role, holder FROM {_users} ORDER BY name");
        using var r = cmd.ExecuteReader();
        var users = new List<User>();
        while (r.Read())
            users.Add(new User(r.GetString(0), r.GetString(1), ParseRole(r.GetString(2)).Value, r.IsDBNull(3) ? null : r.GetString(3)));
        return users;
    }

    /// <summary>Records that <paramref name="user"/> wrote events <paramref name="first"/>..<paramref name="last"/>.</summary>
    public void RecordWrite(User user, long first, long last, DateTimeOffset at)
    {
        var mine = new WriteRecord(user, first, last, at);
        if (_recordBatches is null)
        {
            Insert([mine]);
            return;
        }

        _recordBatches!.Submit(mine, Insert, (batch, failure) =>
        {
            foreach (var r in batch) r.Failure = failure;
        });

        if (mine.Failure is { } f) throw new InvalidOperationException($"the record of the write could not be kept in {Path}: {f.Message}", f);
    }

    /// <summary>
    /// Inserts <paramref name="records"/> in one transaction. On SQLite (WAL) the commit does not wait for the disk
    /// (synchronous = NORMAL, for this transaction only): the record is a convenience beside the ledger, whose events
    /// carry the user in their hash chain and are committed durably first; a power cut can lose the last records, never
    /// corrupt the file (a later commit of users, at FULL, makes them durable too).
    /// </summary>
    private void Insert(IReadOnlyList<WriteRecord> records)
    {
        using var c = Open();
        if (_recordBatches is not null) Exec(c, "PRAGMA synchronous = NORMAL;");
        try
        {
            InsertAll(c, records);
        }
        finally
        {
            if (_recordBatches is not null) Exec(c, "PRAGMA synchronous = FULL;"); // the pooled connection's other uses
        }
    }

    private void InsertAll(DbConnection c, IReadOnlyList<WriteRecord> records)
    {
        using var tx = c.BeginTransaction();
        foreach (var r in records)
        {
            using var cmd = Command(c, $"INSERT INTO {_writes} (user_id, user_name, first_seq, last_seq, at) VALUES (@u, @n, @f, @l, @at)",
                ("u", r.User.Id), ("n", r.User.Name), ("f", r.First), ("l", r.Last), ("at", r.At.ToString("O", CultureInfo.InvariantCulture)));
            cmd.Transaction = tx;
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <summary>Who recorded event <paramref name="sequence"/>, if it was written through the server.</summary>
    public string? RecordedBy(long sequence)
    {
        using var c = Open();
        using var cmd = Command(c, $"SELECT user_name FROM {_writes} WHERE @s BETWEEN first_seq AND last_seq LIMIT 1", ("s", sequence));
        return cmd.ExecuteScalar() as string;
    }

    private static byte[] Hash(byte[] salt, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        var input = new byte[salt.Length + bytes.Length];
        salt.CopyTo(input, 0);
        bytes.CopyTo(input, salt.Length);
        return SHA256.HashData(input);
    }

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private DbConnection Open()
    {
        var c = _open();
        c.Open();
        return c;
    }

    private static DbCommand Command(DbConnection c, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    private void Exec(string sql)
    {
        using var c = Open();
        Exec(c, sql);
    }

    private static void Exec(DbConnection c, string sql)
    {
        using var cmd = Command(c, sql);
        cmd.ExecuteNonQuery();
    }
}
