using Charta.Core;
using Charta.Core.Ledger;

namespace Charta.Ledger.Tests;

/// <summary>
/// docs/interpretations.md, "Expired instruments", through the store: a write dated after an instrument's expiry date
/// records its expiry with it, dated the expiry date, whether the decision runs from a snapshot (the fast path) or over
/// every event; a ledger recorded before the rule has the expiry dated its latest recorded date.
/// </summary>
public sealed class Ledger_LapsedInstruments : LedgerFixture
{
    private static InstrumentGranted Option(string expires) =>
        new(D("1997-05-01"), "G-1", "Founder", "option", "common", 10_000, 0.50m, D(expires), 0m, null, null);

    private static SharesIssued Issue(string date) => new(D(date), "Founder", "common", 100, 1.00m);

    [Fact]
    public void AWriteFromASnapshot_RecordsTheLapse_DatedItsExpiryDate()
    {
        using var store = SqliteEventStore.Open(PathOf("lapse.db"), create: true);
        var ledger = new CompanyLedger(store, Clock, "Test");
        Assert.True(ledger.Append(History().Concat([Option("1998-06-30")]).ToArray()).IsOk);
        Assert.True(LedgerSnapshots.MaybeSave(store, Fold.TryReplay(store.ReadAll()).Value, LedgerSnapshots.LatestDate(store.ReadAll()), force: true));
        var d = ledger.Append(Issue("1998-07-01"));
        Assert.True(d.IsOk, d.Refusal?.ToString());
        var all = store.ReadAll();
        Assert.Equal(new InstrumentExpired(D("1998-06-30"), "G-1"), all[^1].Event);
        Assert.Equal(all[^2].Sequence + 1, all[^1].Sequence);
        Assert.Equal(0, d.Value.Instruments["G-1"].Outstanding);
        Assert.Equal(Snapshot_Codec.ReadModel(Fold.TryReplay(all).Value), Snapshot_Codec.ReadModel(d.Value));
    }

    [Fact]
    public void ALedgerRecordedBeforeTheRule_HasTheLapseDatedItsLatestEvent()
    {
        // The option lapsed 1998-06-30, and an issue of 1999-01-01 was recorded without its expiry (as before the rule).
        var store = new InMemoryEventStore();
        var old = History().Concat([Option("1998-06-30"), Issue("1999-01-01")]).Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToList();
        Assert.True(store.Write<int>((_, _) => Result.Ok<(IReadOnlyList<RecordedEvent>, int)>((old, 0))).IsOk);
        var d = new CompanyLedger(store, Clock, "Test").Append(Issue("1999-02-01"));
        Assert.True(d.IsOk, d.Refusal?.ToString());
        Assert.Equal(new InstrumentExpired(D("1999-01-01"), "G-1"), store.ReadAll()[^1].Event);
    }
}
