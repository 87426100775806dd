using System.Security.Cryptography;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Microsoft.Data.Sqlite;

namespace Charta.Ledger.Tests;

/// <summary>A fresh temporary folder with real SQLite files; deleted afterwards.</summary>
public abstract class LedgerFixture : IDisposable
{
    protected readonly string Folder = Path.Combine(Path.GetTempPath(), "charta-ledger-tests", Guid.NewGuid().ToString("N"));
    protected readonly TimeProvider Clock = new Fixed();

    private sealed class Fixed : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    }

    protected LedgerFixture() => Directory.CreateDirectory(Folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    protected string PathOf(string name) => Path.Combine(Folder, name);

    protected static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    protected static IReadOnlyList<LedgerEvent> History() =>
    [
        new CompanyCreated(D("1996-02-06"), "juniper-1999", CharterLoader.EmbeddedText("juniper-1999"), D("1996-02-06")),
        new StakeholderAdded(D("2026-11-25"), "Founder"),
        new StakeholderAdded(D("2026-11-25"), "KP", "investor"),
        new SharesIssued(D("1996-02-06"), "Founder", "common", 4_000_000, 0.01m),
        new SharesIssued(D("1996-03-01"), "KP", "A", 1_743_751, 1.00m),
        new SharesIssued(D("1997-01-15"), "KP", "B", 3_915_308, 2.40m),
        new SharesTransferred(D("1997-04-01"), "Founder", "KP", "common", 10_000),
    ];

    /// <summary>A ledger of schema <see cref="SqliteEventStore.SchemaVersion"/> holding <see cref="History"/>, one event per write.</summary>
    protected string MakeLedger(string name = "charta.db", string? recordedBy = "Test Counsel")
    {
        var path = PathOf(name);
        using var store = SqliteEventStore.Open(path, create: true);
        var ledger = new CompanyLedger(store, Clock, recordedBy);
        foreach (var e in History()) Assert.True(ledger.Append(e).IsOk);
        return path;
    }

    /// <summary>The SHA-256 of every file in the folder, by name: "unchanged" means these bytes and no new files.</summary>
    protected Dictionary<string, string> FolderBytes() =>
        Directory.EnumerateFiles(Folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>A raw read-write connection that bypasses the store (tests only: to tamper, or to build old files).</summary>
    protected static SqliteConnection Raw(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    protected static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    protected static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
