using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Ledger.Postgres.Tests;

/// <summary>
/// The event-store contract, run against every backend: append and read back exactly, a refusal writes nothing,
/// the table is append-only, and concurrent writers never decide on a stale ledger.
/// </summary>
public sealed class EventStore_Contract : IDisposable
{
    private readonly List<IEventStore> _opened = [];
    private Backend? _backend;

    /// <summary>SQLite always; PostgreSQL when CHARTA_TEST_PG is set (see <see cref="Postgres_Backend_Is_Configured_In_CI"/>).</summary>
    public static TheoryData<string> Backends() => PostgresBackend.ConnectionString is null ? ["sqlite"] : ["sqlite", "postgres"];

    private void Use(string backend) => _backend = backend == "sqlite" ? new SqliteBackend() : new PostgresBackend();

    private IEventStore Store(bool track = true)
    {
        var s = _backend!.OpenSameLedger();
        if (track) _opened.Add(s);
        return s;
    }

    private static readonly DateOnly Start = new(1996, 2, 6);

    private static List<LedgerEvent> Company()
    {
        var charter = CharterLoader.LoadEmbedded(CharterLoader.DefaultCharterId);
        return
        [
            new CompanyCreated(Start, charter.Id, CharterLoader.EmbeddedText(charter.Id), Start),
            new StakeholderAdded(Start, "Alice", "individual"),
            new StakeholderAdded(Start, "Bob", "individual"),
        ];
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void An_empty_ledger_reads_nothing(string backend)
    {
        Use(backend);
        Assert.Empty(Store().ReadAll());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Appended_events_read_back_exactly_in_sequence(string backend)
    {
        Use(backend);
        var ledger = new CompanyLedger(Store(), TimeProvider.System);
        Assert.True(ledger.Append(Company()).IsOk);
        // A price with more digits than cents must come back digit for digit.
        Assert.True(ledger.Append(new SharesIssued(new DateOnly(1996, 3, 1), "Alice", "common", 1_000, 0.0123456789m)).IsOk);
        var events = Store().ReadAll();
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Sequence));
        var issued = Assert.IsType<SharesIssued>(events[^1].Event);
        Assert.Equal(0.0123456789m, issued.PricePerShare);
        Assert.Equal("0.0123456789", issued.PricePerShare.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1_000, new CompanyLedger(Store(), TimeProvider.System).CapTable().Value.Outstanding("common"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_refusal_writes_nothing(string backend)
    {
        Use(backend);
        var ledger = new CompanyLedger(Store(), TimeProvider.System);
        Assert.True(ledger.Append(Company()).IsOk);
        // Series B's fixed number is 3,915,308 (FOURTH §2): one more is refused, and the ledger keeps its 3 events.
        var refused = ledger.Append(new SharesIssued(new DateOnly(1997, 1, 15), "Alice", "B", 3_915_309, 2.40m));
        Assert.False(refused.IsOk);
        Assert.Equal(3, Store().ReadAll().Count);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void The_events_table_is_append_only(string backend)
    {
        Use(backend);
        Assert.True(new CompanyLedger(Store(), TimeProvider.System).Append(Company()).IsOk);
        Assert.ThrowsAny<Exception>(_backend!.TamperWithEvents);
        Assert.Equal(3, Store().ReadAll().Count);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Two_concurrent_writers_never_decide_on_a_stale_ledger(string backend)
    {
        Use(backend);
        Assert.True(new CompanyLedger(Store(), TimeProvider.System).Append(Company()).IsOk);
        // Both writers try to issue the last 2,000,000 of Series B's 3,915,308 after 1,915,308 are out: each decision
        // alone is valid, both together would exceed the fixed number. Exactly one may be written.
        Assert.True(new CompanyLedger(Store(), TimeProvider.System).Append(new SharesIssued(new DateOnly(1997, 1, 15), "Alice", "B", 1_915_308, 2.40m)).IsOk);
        for (var round = 0; round < 5; round++)
        {
            var date = new DateOnly(1997, 2, 1).AddDays(round);
            var outcomes = new[] { "Alice", "Bob" }.AsParallel().WithDegreeOfParallelism(2).Select(holder =>
            {
                using var s = Store(track: false);
                return new CompanyLedger(s, TimeProvider.System).Append(new SharesIssued(date, holder, "B", round == 0 ? 2_000_000 : 1, 2.40m)).IsOk;
            }).ToArray();
            if (round == 0) Assert.Single(outcomes, ok => ok);
            else Assert.All(outcomes, ok => Assert.False(ok));   // B is full after round 0
        }

        var events = Store().ReadAll();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(3_915_308, new CompanyLedger(Store(), TimeProvider.System).CapTable().Value.Outstanding("B"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Many_concurrent_appends_are_all_kept_with_contiguous_sequences(string backend)
    {
        Use(backend);
        Assert.True(new CompanyLedger(Store(), TimeProvider.System).Append(Company()).IsOk);
        Parallel.For(0, 20, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            using var s = Store(track: false);
            Assert.True(new CompanyLedger(s, TimeProvider.System).Append(new StakeholderAdded(Start, $"Holder {i}", null)).IsOk);
        });
        var events = Store().ReadAll();
        Assert.Equal(23, events.Count);
        Assert.Equal(Enumerable.Range(1, 23).Select(i => (long)i), events.Select(e => e.Sequence));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Every_event_carries_who_recorded_it_and_the_hash_chain(string backend)
    {
        Use(backend);
        Assert.True(new CompanyLedger(Store(), TimeProvider.System, "counsel@example").Append(Company()).IsOk);
        Assert.True(new CompanyLedger(Store(), TimeProvider.System, "cfo").Append(new SharesIssued(new DateOnly(1996, 3, 1), "Alice", "common", 1_000, 0.01m)).IsOk);
        var events = Store().ReadAll(withIntegrity: true);
        Assert.Equal(["counsel@example", "counsel@example", "counsel@example", "cfo"], events.Select(e => e.RecordedBy));
        // Recompute the chain independently from the canonical payloads: hash_n = Link(hash_(n-1), seq, type, version,
        // date, recorded at, recorded by, SHA-256(payload)), hash_0 = 64 zeros (EventChain, the SQLite store's form).
        var previous = EventChain.Genesis;
        foreach (var e in events)
        {
            var (name, version, payload) = EventSerializer.Serialize(e.Event);
            var expected = EventChain.Link(previous, e.Sequence, name, version, e.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                e.RecordedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), e.RecordedBy, EventChain.PayloadHash(payload));
            Assert.Equal(expected, e.Hash);
            previous = expected;
        }

        // The store's own verification agrees and ends on the same hash.
        var verified = Store() switch
        {
            SqliteEventStore q => q.VerifyChain(),
            PostgresEventStore p => p.VerifyChain(),
            _ => throw new InvalidOperationException(),
        };
        Assert.True(verified.IsOk, verified.Refusal?.ToString());
        Assert.Equal((4L, previous), verified.Value);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void An_append_after_a_stale_head_decides_nothing_and_writes_nothing(string backend)
    {
        Use(backend);
        var a = Store();
        Assert.True(new CompanyLedger(a, TimeProvider.System).Append(Company()).IsOk);
        var (seq, hash) = a.Head();
        Assert.Equal(3, seq);
        Assert.Equal(a.ReadAll(withIntegrity: true)[^1].Hash, hash);

        // Another writer appends first: the head (3, hash) is stale, the decision is not even run.
        Assert.True(new CompanyLedger(Store(), TimeProvider.System).Append(new StakeholderAdded(Start, "Carol", "individual")).IsOk);
        var decided = false;
        var stale = a.AppendAfter<int>(seq, hash, next =>
        {
            decided = true;
            return (new[] { new RecordedEvent(next, DateTimeOffset.UnixEpoch, new StakeholderAdded(Start, "Dan", "individual")) }, 0);
        });
        Assert.True(stale.Stale);
        Assert.False(decided);
        Assert.Equal(4, stale.HeadSequence);
        Assert.Equal(4, Store().ReadAll().Count);

        // On the current head the decision runs with the next sequence, 5, and the outcome names the new head and its chain hash.
        var ok = a.AppendAfter<int>(stale.HeadSequence, stale.HeadHash, next =>
            (new[] { new RecordedEvent(next, DateTimeOffset.UnixEpoch, new StakeholderAdded(Start, "Dan", "individual")) }, 7));
        Assert.False(ok.Stale);
        Assert.Equal(7, ok.Result.Value);
        Assert.Equal(5, ok.HeadSequence);
        Assert.Equal(Store().ReadAll(withIntegrity: true)[^1].Hash, ok.HeadHash);
        Assert.Equal((5L, ok.HeadHash), Store().Head());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void The_same_events_chain_to_the_same_hash_on_both_stores(string backend)
    {
        Use(backend);
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var events = Company();
        // Fixed recording time and user: the chain depends only on the events, so every backend ends on one hash.
        Charta.Core.Result<(IReadOnlyList<RecordedEvent>, bool)> Append(long next) =>
            Charta.Core.Result.Ok(((IReadOnlyList<RecordedEvent>)[.. events.Select((e, i) => new RecordedEvent(next + i, at, e) { RecordedBy = "admin" })], true));
        Assert.True(Store().Write<bool>((_, next) => Append(next)).IsOk);
        using var mem = new InMemoryEventStore();
        Assert.True(mem.Write<bool>((_, next) => Append(next)).IsOk);
        Assert.Equal(mem.ReadAll()[^1].Hash, Store().ReadAll(withIntegrity: true)[^1].Hash);
    }

    [PostgresFact]
    public void Postgres_Backend_Is_Configured_In_CI() => Assert.Contains("postgres", Backends());

    public void Dispose()
    {
        foreach (var s in _opened) s.Dispose();
        _backend?.Dispose();
    }
}

/// <summary>Skipped, saying why, when CHARTA_TEST_PG is not set; .ci/run sets it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresBackend.ConnectionString is null) Skip = "CHARTA_TEST_PG is not set: the PostgreSQL contract runs in .ci/run, which starts a throw-away cluster";
    }
}

/// <summary>Where a contract test's ledger lives.</summary>
public abstract class Backend : IDisposable
{
    /// <summary>A new handle on the same ledger (another process or server instance, as far as the store can tell).</summary>
    public abstract IEventStore OpenSameLedger();

    /// <summary>Runs an UPDATE or DELETE on the events table behind the store's back; must throw.</summary>
    public abstract void TamperWithEvents();

    public abstract void Dispose();
}


/// <summary>The SQLite store (always runs).</summary>
public sealed class SqliteBackend : Backend
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"charta-contract-{Guid.NewGuid():N}.db");

    public override IEventStore OpenSameLedger() => SqliteEventStore.Open(_path, create: true);

    public override void TamperWithEvents()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE events SET payload = '{}' WHERE seq = 1";
        cmd.ExecuteNonQuery();
    }

    public override void Dispose()
    {
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(f);
    }
}

/// <summary>
/// The contract on PostgreSQL, when <c>CHARTA_TEST_PG</c> holds a connection string (.ci/run starts a throw-away
/// cluster and sets it). Each test gets a schema of its own, dropped afterwards.
/// </summary>
public sealed class PostgresBackend : Backend
{
    public static readonly string? ConnectionString = Environment.GetEnvironmentVariable("CHARTA_TEST_PG") is { Length: > 0 } s ? s : null;

    private readonly string _schema = "t" + Guid.NewGuid().ToString("N");

    public override IEventStore OpenSameLedger()
    {
        return PostgresEventStore.Open(ConnectionString!, _schema);
    }

    public override void TamperWithEvents()
    {
        using var c = new Npgsql.NpgsqlConnection(ConnectionString);
        c.Open();
        using var cmd = new Npgsql.NpgsqlCommand($"DELETE FROM \"{_schema}\".events WHERE seq = 1", c);
        cmd.ExecuteNonQuery();
    }

    public override void Dispose()
    {
        if (ConnectionString is null) return;
        using var s = PostgresEventStore.Open(ConnectionString, _schema, create: false);
        s.DropForTests();
    }
}
