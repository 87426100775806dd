using System.Security.Cryptography;
using System.Text;
using Charta.Core.Ledger;

namespace Charta.Ledger.Tests;

/// <summary>
/// Issue 9 item 3: every event carries the SHA-256 of its payload and a chain hash over the previous one; verification
/// names the first event whose payload, recorded fields or place in the chain was changed outside Charta. The tests
/// tamper through raw SQLite after dropping the append-only triggers, as someone editing the file would.
/// </summary>
public sealed class Integrity_HashChain : LedgerFixture
{
    private static void DropTriggers(Microsoft.Data.Sqlite.SqliteConnection c) =>
        Exec(c, "DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;");

    private static string Verify(string path)
    {
        using var store = SqliteEventStore.Open(path, create: false);
        var r = store.VerifyChain();
        return r.IsOk ? $"ok {r.Value.Events}" : r.Refusal!.ToString();
    }

    [Fact]
    public void AnIntactLedger_Verifies_AndTheFirstHashIsTheDocumentedFormula()
    {
        var path = MakeLedger();
        Assert.Equal($"ok {History().Count}", Verify(path));

        using var store = SqliteEventStore.Open(path, create: false);
        var first = store.ReadAll(withIntegrity: true)[0];
        Assert.Equal("Test Counsel", first.RecordedBy);
        // Worked out independently of EventChain: SHA-256 of the payload, then of the header line and the fields as netstrings.
        var payload = EventSerializer.Serialize(History()[0]).Payload;
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
        var fields = $"charta-event/1\n64:{new string('0', 64)},1:1,15:company-created,1:1,10:1996-02-06,33:2026-11-25T12:00:00.0000000+00:00,12:Test Counsel,64:{payloadHash},";
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fields))), first.Hash);
    }

    [Fact]
    public void OnePayloadByteChanged_NamesThatEvent()
    {
        var path = MakeLedger();
        using (var c = Raw(path))
        {
            DropTriggers(c);
            // Event 5 issues 1,743,751 Series A; make it 1,743,752 — one byte.
            Exec(c, "UPDATE events SET payload = replace(payload, '1743751', '1743752') WHERE seq = 5");
        }

        var line = Verify(path);
        Assert.StartsWith("event #5 = shares-issued: its payload does not match its SHA-256", line);
    }

    [Fact]
    public void APayloadChangedWithItsHashRecomputed_IsCaughtByTheChain()
    {
        var path = MakeLedger();
        using (var c = Raw(path))
        {
            DropTriggers(c);
            var forged = ((string)Scalar(c, "SELECT payload FROM events WHERE seq = 5")!).Replace("1743751", "1743752", StringComparison.Ordinal);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(forged)));
            Exec(c, $"UPDATE events SET payload = '{forged}', payload_sha256 = '{hash}' WHERE seq = 5");
        }

        Assert.StartsWith("event #5 = shares-issued: its chain hash does not match", Verify(path));
    }

    [Fact]
    public void TwoEventsSwapped_BreaksTheChainAtTheFirst()
    {
        var path = MakeLedger();
        using (var c = Raw(path))
        {
            DropTriggers(c);
            // Swap the order of events 4 and 5, rows and hashes together.
            Exec(c, "UPDATE events SET seq = -4 WHERE seq = 4; UPDATE events SET seq = 4 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = -4;");
        }

        Assert.StartsWith("event #4 = shares-issued: its chain hash does not match", Verify(path));
    }

    [Fact]
    public void ARemovedEvent_BreaksTheChainAtTheNext()
    {
        var path = MakeLedger();
        using (var c = Raw(path))
        {
            DropTriggers(c);
            Exec(c, "DELETE FROM events WHERE seq = 3");
        }

        Assert.StartsWith("event #4 = shares-issued: its chain hash does not match", Verify(path));
    }

    [Fact]
    public void WhoRecordedAnEvent_IsCoveredByItsHash()
    {
        var path = MakeLedger();
        using (var c = Raw(path))
        {
            DropTriggers(c);
            Exec(c, "UPDATE events SET recorded_by = 'Someone Else' WHERE seq = 6");
        }

        Assert.StartsWith("event #6 = shares-issued: its chain hash does not match", Verify(path));
    }

    [Fact]
    public void AnEffectiveDateColumnThatContradictsThePayload_IsNamed()
    {
        var path = MakeLedger();
        using (var c = Raw(path))
        {
            DropTriggers(c);
            Exec(c, "UPDATE events SET effective_date = '1990-01-01' WHERE seq = 7");
        }

        // The date column is one of the hashed fields, so the chain catches it first.
        Assert.StartsWith("event #7 = shares-transferred: its chain hash does not match", Verify(path));
    }

    [Fact]
    public void TheChainContinuesAcrossWrites_AndAcrossStores()
    {
        var path = MakeLedger();
        using (var store = SqliteEventStore.Open(path, create: false))
            Assert.True(new CompanyLedger(store, Clock, "Second Clerk").Append(new SharesIssued(D("1998-01-01"), "KP", "common", 5, 1m)).IsOk);
        Assert.Equal($"ok {History().Count + 1}", Verify(path));
        using var reopened = SqliteEventStore.Open(path, create: false);
        var all = reopened.ReadAll(withIntegrity: true);
        Assert.Equal("Second Clerk", all[^1].RecordedBy);
        Assert.Equal(all.Count, all.Select(r => r.Hash).Distinct().Count());
    }

    [Fact]
    public void TheInMemoryStore_ChainsTheSameWay()
    {
        var path = MakeLedger();
        using var sqlite = SqliteEventStore.Open(path, create: false);
        var memory = new CompanyLedger(new InMemoryEventStore(), Clock, "Test Counsel");
        foreach (var e in History()) Assert.True(memory.Append(e).IsOk);
        Assert.Equal(sqlite.ReadAll(withIntegrity: true).Select(r => r.Hash), memory.Store.ReadAll().Select(r => r.Hash));
    }
}
