using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;
using Microsoft.Data.Sqlite;

namespace Charta.Ledger.Tests;

/// <summary>The embedded store on a real SQLite file: round trips, atomic refusals, append-only.</summary>
public sealed class SqliteEventStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "charta-ledger-tests", Guid.NewGuid().ToString("N"));
    private readonly TimeProvider _clock = new Fixed();

    private sealed class Fixed : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    }

    public SqliteEventStoreTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    private string Db => Path.Combine(_folder, "charta.db");

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<LedgerEvent> History() =>
    [
        new CompanyCreated(D("1996-02-06"), "juniper-1999", CharterLoader.EmbeddedText("juniper-1999"), D("1996-02-06")),
        new StakeholderAdded(D("2026-11-25"), "Founder"),
        new StakeholderAdded(D("2026-11-25"), "KP", "investor"),
        new StakeholderAdded(D("2026-11-25"), "Emp"),
        new SharesIssued(D("1996-02-06"), "Founder", "common", 4_000_000, 0.01m),
        new SharesIssued(D("1996-03-01"), "KP", "A", 1_743_751, 1.00m),
        new InstrumentGranted(D("1996-06-01"), "G-1", "Emp", "option", "common", 100_000, 0.25m, D("2006-06-01"), 0m, "employee-plan", "Board 1996-05-20"),
        new SharesIssued(D("1997-01-15"), "KP", "B", 3_915_308, 2.40m),
        new InstrumentExercised(D("1997-03-01"), "G-1", 25_000),
        new SharesTransferred(D("1997-04-01"), "Founder", "KP", "common", 10_000),
        new PreferredConverted(D("1997-05-01"), "KP", [new ConvertedLot("A", 1_000), new ConvertedLot("B", 500)], 0.75m),
        new StockSplit(D("1998-06-01"), 3, 1),
        new InstrumentCancelled(D("1998-07-01"), "G-1", 1_000, "forfeited"),
        new SharesCancelled(D("1998-08-01"), "Founder", "common", 300, "repurchase, FOURTH §4(e)"),
        new SharesIssued(D("1996-12-01"), "Founder", "common", 7, 0.05m), // recorded late, dated earlier
    ];

    private static string Fingerprint(CapTable t) =>
        string.Join(";", t.Positions.OrderBy(p => p.Key.Holder, StringComparer.Ordinal).ThenBy(p => p.Key.Security, StringComparer.Ordinal).Select(p => $"{p.Key.Holder}/{p.Key.Security}={p.Value}"))
        + "|" + string.Join(";", t.ConversionPrices.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))
        + "|" + string.Join(";", t.Instruments.Values.OrderBy(i => i.GrantId, StringComparer.Ordinal).Select(i => $"{i.GrantId}={i.Outstanding}@{i.ExercisePrice}"))
        + "|" + string.Join(";", t.RetiredByConversion.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    [Fact]
    public void RoundTrip_TheCapTableAsOfEachEventDate_IsTheSameAfterReopening()
    {
        var before = new Dictionary<DateOnly, string>();
        using (var store = SqliteEventStore.Open(Db, create: true))
        {
            var ledger = new CompanyLedger(store, _clock);
            foreach (var e in History())
            {
                var r = ledger.Append(e);
                Assert.True(r.IsOk, r.Refusal?.ToString());
            }

            foreach (var e in History().Where(e => !e.IsRegistry))
                before[e.Date] = Fingerprint(ledger.CapTable(e.Date).Value);
        }

        using (var reopened = SqliteEventStore.Open(Db, create: false))
        {
            var ledger = new CompanyLedger(reopened, _clock);
            Assert.Equal(History().Count, ledger.Events().Count);
            foreach (var (date, fingerprint) in before)
                Assert.Equal(fingerprint, Fingerprint(ledger.CapTable(date).Value));
            // The events come back equal, field by field (records compare by value; lists by reference, so compare JSON).
            // The conversion comes back with its stored outcome (decided when recorded): 1,000 A × 1.00 ÷ 0.44 + 500 B ×
            // 2.40 ÷ 1.07 = 2,272.727… + 1,121.495… = 3,394.222…: 3,394 common, 0.222… × $0.75 = $0.17 for the fraction.
            var conversion = ledger.Events().Select(r => r.Event).OfType<PreferredConverted>().Single();
            Assert.Equal((3_394L, 0.17m), (conversion.CommonIssued, conversion.CashForFraction));
            Assert.Equal(History().Select(e => EventSerializer.Serialize(e).Payload),
                ledger.Events().Select(r => EventSerializer.Serialize(r.Event is PreferredConverted c ? c with { CommonIssued = null, CashForFraction = null } : r.Event).Payload));
        }
    }

    [Fact]
    public void RefusedAppend_WritesNothing()
    {
        using var store = SqliteEventStore.Open(Db, create: true);
        var ledger = new CompanyLedger(store, _clock);
        Assert.True(ledger.Append(History().Take(6).ToArray()).IsOk);
        var rows = store.ReadAll().Count;
        // A batch whose second event breaks FOURTH §2 is refused whole: the first event is not written either.
        var r = ledger.Append(
            new SharesIssued(D("1997-01-15"), "KP", "B", 100, 2.40m),
            new SharesIssued(D("1997-01-16"), "KP", "B", 3_915_209, 2.40m)); // 100 + 3,915,209 = 3,915,309 > 3,915,308
        Assert.False(r.IsOk);
        Assert.Equal("FOURTH §2", r.Refusal!.Clause!.Value.Citation);
        Assert.Equal(rows, store.ReadAll().Count);
    }

    [Fact]
    public void TheEventsTable_IsAppendOnly()
    {
        using (var store = SqliteEventStore.Open(Db, create: true))
            Assert.True(new CompanyLedger(store, _clock).Append(History().Take(2).ToArray()).IsOk);
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var update = c.CreateCommand();
        update.CommandText = "UPDATE events SET payload = '{}' WHERE seq = 1";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => update.ExecuteNonQuery()).Message);
        using var delete = c.CreateCommand();
        delete.CommandText = "DELETE FROM events";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => delete.ExecuteNonQuery()).Message);
    }

    [Fact]
    public void EveryEventType_RoundTripsThroughItsStableName()
    {
        foreach (var e in History())
        {
            var (name, version, payload) = EventSerializer.Serialize(e);
            Assert.Matches("^[a-z]+(-[a-z]+)*$", name);
            Assert.Equal(payload, EventSerializer.Serialize(EventSerializer.Deserialize(name, version, payload)).Payload);
        }

        Assert.Throws<InvalidDataException>(() => EventSerializer.Deserialize("no-such-event", 1, "{}"));
    }

    [Fact]
    public void Decimals_KeepTheirExactDigits()
    {
        var (_, _, payload) = EventSerializer.Serialize(new SharesIssued(D("1997-01-15"), "KP", "B", 1, 2.40m));
        Assert.Contains("\"pricePerShare\":2.40", payload);
    }
}
