using System.Text.Json;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;
using Charta.Views;

namespace Charta.Server.Tests;

/// <summary>
/// A write is decided from the cached state, or (dated before the latest date) from a checkpoint the server kept, a
/// snapshot in the file, or the start: each gives the decision <see cref="Fold.TryDecide(IReadOnlyList{RecordedEvent}, IReadOnlyList{RecordedEvent}, bool)"/>
/// gives over every stored event (the same events stored, the same state, the same refusal). The snapshot of the state
/// is written after the append, off the request, and is the fold of the events through its key.
/// </summary>
public sealed class LedgerService_Writes : IDisposable
{
    private static readonly JsonSerializerOptions Web = ViewJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "charta-writes-" + Guid.NewGuid().ToString("N"));

    public LedgerService_Writes() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => At;
    }

    /// <summary>The illustrative company and 20 holders of 1,000 common each; returns the ledger's path and its latest effective date.</summary>
    private (string Path, DateOnly Latest) Ledger()
    {
        var path = Path.Combine(_dir, "ledger.db");
        var charter = CharterLoader.LoadEmbedded(CharterLoader.DefaultCharterId);
        var events = IllustrativeCompany.Events(charter, CharterLoader.EmbeddedText(charter.Id)).ToList();
        var start = new DateOnly(1996, 2, 6);
        for (var i = 0; i < 20; i++)
        {
            events.Add(new StakeholderAdded(start, H(i), "individual"));
            events.Add(new SharesIssued(start, H(i), "common", 1_000, 0.01m));
        }

        using var store = SqliteEventStore.Open(path, create: true);
        Assert.True(new CompanyLedger(store, TimeProvider.System).Append(events).IsOk);
        return (path, events.Where(e => !e.IsRegistry).Max(e => e.Date));
    }

    private static string H(int i) => $"Holder {i:D2}";

    private static LedgerEvent Issue(DateOnly d, int holder, long shares) =>
        new SharesIssued(d, H(holder), "common", shares, 0.25m, "cash", "employee-plan", "Board-approved plan");

    /// <summary>
    /// Writes <paramref name="e"/> through <paramref name="service"/> and checks it against the decision over every stored
    /// event (<see cref="Fold.TryDecide(IReadOnlyList{RecordedEvent}, IReadOnlyList{RecordedEvent}, bool)"/>); returns how it was decided.
    /// </summary>
    private static string? WriteAndCompare(LedgerService service, SqliteEventStore reader, LedgerEvent e, string? refusedWith = null)
    {
        var stored = reader.ReadAll();
        var proposed = new RecordedEvent(stored[^1].Sequence + 1, At, e);
        var expected = Fold.TryDecide(stored, [proposed]);
        var outcome = service.Write([e], dryRun: false, expectedLastSequence: null);
        Assert.Equal(expected.IsOk, outcome.IsOk);
        Assert.Equal(refusedWith is not null, !outcome.IsOk);
        if (refusedWith is not null) Assert.Contains(refusedWith, outcome.Refusal!.ToString());
        if (!expected.IsOk)
        {
            Assert.Equal(expected.Refusal!.ToString(), outcome.Refusal!.ToString());
            Assert.Equal(stored.Count, reader.ReadAll().Count); // nothing written
            return service.LastDecision;
        }

        Assert.Equal(expected.Value.Recorded.Select(Text), outcome.Events.Select(Text));
        Assert.Equal(View(expected.Value.State), View(outcome.After!));
        // The state the service keeps is the fold of what is stored.
        Assert.Equal(View(Fold.Replay(reader.ReadAll())), View(service.Current().Latest.Value));
        return service.LastDecision;
    }

    private static string Text(RecordedEvent r) => $"{r.Sequence} {r.Date:yyyy-MM-dd} {EventSerializer.Serialize(r.Event).Payload}";

    private static string View(CapTable t) => JsonSerializer.Serialize(CapTableView.From(t), Web);

    [Fact]
    public void A_back_dated_write_is_decided_from_a_checkpoint_as_from_the_start()
    {
        var (path, latest) = Ledger();
        using var reader = SqliteEventStore.Open(path, create: false);
        using var service = new LedgerService(SqliteEventStore.Open(path, create: false), new FixedClock());
        var d = latest.AddDays(10);

        // The dates move on, a day at a time: each write sorts after everything. On day k, Holder k is issued 100 and
        // transfers 500 to Holder k+1.
        for (var day = 0; day < 12; day++)
        {
            Assert.Equal("sorts after", WriteAndCompare(service, reader, Issue(d.AddDays(day), day, 100)));
            Assert.Equal("sorts after", WriteAndCompare(service, reader, new SharesTransferred(d.AddDays(day), H(day), H(day + 1), "common", 500)));
        }

        // Dated two days back: decided from the state before the first event of that date and the events since.
        Assert.Equal("checkpoint", WriteAndCompare(service, reader, Issue(d.AddDays(9), 3, 7)));
        Assert.Equal("checkpoint", WriteAndCompare(service, reader, new SharesTransferred(d.AddDays(10), H(4), H(5), "common", 3)));
        // Holder 11 on day 10 holds 1,000 + 500 from Holder 10 = 1,500: cancelling 2,000 is refused, as from the start.
        var tooMany = WriteAndCompare(service, reader, new SharesCancelled(d.AddDays(10), H(11), "common", 2_000), refusedWith: "holds only 1,500");
        Assert.Equal("checkpoint", tooMany);
        // Holder 10 on day 9 holds 1,000 + 500 from Holder 9 = 1,500: cancelling 1,450 leaves 50, and 150 after its issue of
        // 100 on day 10, short of the 500 it transferred that day: refused, naming that later event, as from the start.
        Assert.Equal("checkpoint", WriteAndCompare(service, reader, new SharesCancelled(d.AddDays(9), H(10), "common", 1_450), refusedWith: "would make event"));
        // Cancelling 1,000 leaves 500, 600 on day 10, enough for the 500: recorded.
        Assert.Equal("checkpoint", WriteAndCompare(service, reader, new SharesCancelled(d.AddDays(9), H(10), "common", 1_000)));
        // Further back than the eight checkpoints kept: from the newest snapshot before its date, or from the start.
        Assert.Equal("from the start", WriteAndCompare(service, reader, Issue(d.AddDays(1), 2, 5)));
        // And on again.
        Assert.Equal("sorts after", WriteAndCompare(service, reader, Issue(d.AddDays(12), 0, 1)));
        Assert.Equal("checkpoint", WriteAndCompare(service, reader, Issue(d.AddDays(11), 0, 1)));
    }

    [Fact]
    public async Task Further_back_than_the_checkpoints_a_write_is_decided_from_the_newest_snapshot_before_its_date()
    {
        var (path, latest) = Ledger();
        using var reader = SqliteEventStore.Open(path, create: false);
        using var service = new LedgerService(SqliteEventStore.Open(path, create: false), new FixedClock()) { SnapshotEvery = 4 };
        var d = latest.AddDays(10);
        for (var day = 0; day < 16; day++)
        {
            WriteAndCompare(service, reader, Issue(d.AddDays(day), day, 100));
            await service.PendingSnapshot;
        }

        // The eight checkpoints are the states before the writes of days 8 to 15 (folded through days 7 to 14). The
        // snapshots: the first write is 4 or more events after none, then every fourth (days 0, 4, 8 and 12; four kept).
        // Day 5: from the snapshot of day 4 and the events after it.
        Assert.Equal("snapshot", WriteAndCompare(service, reader, Issue(d.AddDays(5), 1, 3)));
        // Before day 0: from the start.
        Assert.Equal("from the start", WriteAndCompare(service, reader, Issue(d.AddDays(-1), 1, 3)));
    }

    [Fact]
    public void After_a_void_a_back_dated_write_is_decided_from_the_start()
    {
        var (path, latest) = Ledger();
        using var reader = SqliteEventStore.Open(path, create: false);
        using var service = new LedgerService(SqliteEventStore.Open(path, create: false), new FixedClock());
        var d = latest.AddDays(10);
        for (var day = 0; day < 4; day++) WriteAndCompare(service, reader, Issue(d.AddDays(day), day, 100));
        var voided = reader.ReadAll()[^2].Sequence;
        // A void re-decides what folds before it: from the start, and no checkpoint before it is used afterwards.
        Assert.Equal("from the start", WriteAndCompare(service, reader, new EventVoided(d.AddDays(3), voided, "recorded in error")));
        Assert.Equal("from the start", WriteAndCompare(service, reader, Issue(d.AddDays(2), 5, 10)));
        WriteAndCompare(service, reader, Issue(d.AddDays(4), 6, 10));
        WriteAndCompare(service, reader, Issue(d.AddDays(5), 6, 10));
        // A checkpoint taken after the void serves again.
        Assert.Equal("checkpoint", WriteAndCompare(service, reader, Issue(d.AddDays(4), 7, 10)));
    }

    [Fact]
    public void A_write_by_another_process_drops_the_checkpoints_and_a_back_dated_write_is_still_decided_as_from_the_start()
    {
        var (path, latest) = Ledger();
        using var reader = SqliteEventStore.Open(path, create: false);
        using var service = new LedgerService(SqliteEventStore.Open(path, create: false), new FixedClock());
        var d = latest.AddDays(10);
        for (var day = 0; day < 4; day++) WriteAndCompare(service, reader, Issue(d.AddDays(day), day, 100));
        using (var other = SqliteEventStore.Open(path, create: false))
            Assert.True(new CompanyLedger(other, TimeProvider.System).Append(Issue(d.AddDays(5), 9, 50)).IsOk);
        // The service reloads (the head moved) and keeps no checkpoint from before: the newest snapshot or the start.
        Assert.NotEqual("checkpoint", WriteAndCompare(service, reader, Issue(d.AddDays(2), 8, 10)));
        Assert.Equal("sorts after", WriteAndCompare(service, reader, Issue(d.AddDays(6), 8, 10)));
        Assert.Equal("checkpoint", WriteAndCompare(service, reader, Issue(d.AddDays(5), 8, 10)));
    }

    [Fact]
    public async Task Writes_that_wait_for_one_being_appended_are_decided_in_order_and_appended_together()
    {
        var (path, latest) = Ledger();
        using var reader = SqliteEventStore.Open(path, create: false);
        using var service = new LedgerService(SqliteEventStore.Open(path, create: false), new FixedClock());
        var d = latest.AddDays(10);
        var head = reader.ReadAll()[^1].Sequence;
        using var hold = new ManualResetEventSlim();
        using var deciding = new ManualResetEventSlim();
        // The first write is held in its decision (the write lock taken) until four more are waiting.
        var first = Task.Run(() => service.Write(_ =>
        {
            deciding.Set();
            hold.Wait();
            return Core.Result.Ok<IReadOnlyList<LedgerEvent>>([Issue(d, 0, 100)]);
        }, dryRun: false, expectedLastSequence: null));
        deciding.Wait();
        var second = Task.Run(() => service.Write([Issue(d, 1, 100)], dryRun: false, expectedLastSequence: head + 1));
        while (service.Waiting < 1) await Task.Delay(5);
        var third = Task.Run(() => service.Write([Issue(d.AddDays(1), 2, 100)], dryRun: false, expectedLastSequence: head + 1));
        while (service.Waiting < 2) await Task.Delay(5);
        // Dated before the third: decided against the state the two before it leave.
        var fourth = Task.Run(() => service.Write([new SharesTransferred(d, H(1), H(3), "common", 1_100)], dryRun: false, expectedLastSequence: null));
        while (service.Waiting < 3) await Task.Delay(5);
        var dry = Task.Run(() => service.Write([Issue(d, 4, 100)], dryRun: true, expectedLastSequence: null));
        while (service.Waiting < 4) await Task.Delay(5);
        hold.Set();
        var results = await Task.WhenAll(first, second, third, fourth, dry);

        // Two appends: the first alone, then the three others together (the dry run writes nothing).
        Assert.Equal(2, service.Appends);
        Assert.All(results, r => Assert.True(r.IsOk || r.Conflict, r.Refusal?.ToString()));
        Assert.Equal([head + 1], results[0].Events.Select(e => e.Sequence));
        // The second expected the first's sequence: recorded; the third expected the same, but the second came first: 409.
        Assert.Equal([head + 2], results[1].Events.Select(e => e.Sequence));
        Assert.True(results[2].Conflict);
        // Holder 1: 1,000 + 100 issued by the second = 1,100, all transferred by the fourth.
        Assert.Equal([head + 3], results[3].Events.Select(e => e.Sequence));
        Assert.Equal(head + 3, results[3].LastSequence);
        // The dry run answers on the stored state (after the first), and nothing of it is stored.
        Assert.True(results[4].IsOk);
        Assert.Equal(head + 1, results[4].LastSequence);
        var stored = reader.ReadAll(withIntegrity: true);
        Assert.Equal(head + 3, stored[^1].Sequence);
        Assert.True(reader.VerifyChain().IsOk);
        Assert.Equal(View(Fold.Replay(stored)), View(service.Current().Latest.Value));
        Assert.Equal(0, Fold.Replay(stored).Positions.Where(p => p.Key.Holder == H(1)).Sum(p => p.Value));
    }

    [Fact]
    public async Task Eight_writers_at_once_each_write_is_stored_whole_and_the_state_is_the_fold_of_the_ledger()
    {
        var (path, latest) = Ledger();
        using var reader = SqliteEventStore.Open(path, create: false);
        using var service = new LedgerService(SqliteEventStore.Open(path, create: false), new FixedClock()) { SnapshotEvery = 16 };
        var d = latest.AddDays(10);
        var head = reader.ReadAll()[^1].Sequence;
        var day = 0;
        // Each write issues 10 to one holder and transfers 1 from it (two events), dated by a shared counter: some back-dated.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var mine = new List<WriteOutcome>();
            for (var i = 0; i < 25; i++)
            {
                var date = d.AddDays(Interlocked.Increment(ref day) / 7);
                mine.Add(service.Write([Issue(date, t, 10), new SharesTransferred(date, H(t), H(t + 8), "common", 1)], dryRun: false, expectedLastSequence: null));
            }

            return mine;
        })));
        await service.PendingSnapshot;

        var all = outcomes.SelectMany(o => o).ToList();
        Assert.All(all, o => Assert.True(o.IsOk, o.Refusal?.ToString()));
        // Every write's two events are stored next to each other; together they are every sequence after the head, once.
        Assert.All(all, o => Assert.Equal(o.Events[0].Sequence + 1, o.Events[1].Sequence));
        Assert.Equal(Enumerable.Range(1, 400).Select(i => head + i), all.SelectMany(o => o.Events.Select(e => e.Sequence)).Order());
        Assert.True(reader.VerifyChain().IsOk);
        var stored = reader.ReadAll();
        Assert.Equal(View(Fold.Replay(stored)), View(service.Current().Latest.Value));
        // Holder t: 1,000 + 25 × (10 − 1); holder t + 8: 1,000 + 25.
        var t0 = Fold.Replay(stored);
        for (var t = 0; t < 8; t++)
        {
            Assert.Equal(1_225, t0.Positions[(H(t), "common")]);
            Assert.Equal(1_025, t0.Positions[(H(t + 8), "common")]);
        }
    }

    [Fact]
    public async Task The_snapshot_is_written_after_the_write_and_holds_the_fold_of_the_events_through_its_key()
    {
        var (path, latest) = Ledger();
        using var reader = SqliteEventStore.Open(path, create: false);
        var d = latest.AddDays(10);
        long head;
        using (var service = new LedgerService(SqliteEventStore.Open(path, create: false), new FixedClock()) { SnapshotEvery = 5 })
        {
            for (var i = 0; i < 12; i++)
            {
                WriteAndCompare(service, reader, Issue(d.AddDays(i), i, 100));
                // One snapshot is written at a time: a write while one is being written takes none (the next one does).
                await service.PendingSnapshot;
            }

            head = reader.ReadAll()[^1].Sequence;
        }

        var key = reader.Snapshots(LedgerSnapshots.Codec).First();
        Assert.True(head - key.Sequence < 5, $"the newest snapshot is of event {key.Sequence}, the head {head}");
        // The snapshot and the events after it fold to the ledger's state; it is the fold through its own event.
        var resumed = LedgerSnapshots.CapTable(reader, null, out var use);
        Assert.Equal(key.Sequence, use.FromSnapshot);
        Assert.Equal(View(Fold.Replay(reader.ReadAll())), View(resumed.Value));
        Assert.Equal(View(Fold.Replay(reader.ReadAll().Where(r => r.Sequence <= key.Sequence))),
            View(LedgerSnapshots.Decode(reader.SnapshotImage(key.Sequence)!)));
    }
}
