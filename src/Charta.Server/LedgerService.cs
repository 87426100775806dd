using System.Collections.Concurrent;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Server;

/// <summary>The outcome of a write: the events recorded (or that would be, on a dry run), a refusal, or a conflict.</summary>
public sealed record WriteOutcome(IReadOnlyList<RecordedEvent> Events, CapTable? After, Refusal? Refusal, bool Conflict, long LastSequence)
{
    public bool IsOk => Refusal is null;
}

/// <summary>
/// The server's one door to the event store. The folded state of the ledger is kept in memory, keyed by the head of
/// the ledger (its last sequence and chain hash), with the views derived from it (<see cref="Snapshot.Memo{T}"/>).
/// Reads use it. A write decides against it (<see cref="FoldFrom.TryDecide"/> when the new events sort after
/// everything folded; a back-dated one from a state kept before its date and the events since, else as
/// <see cref="Fold.TryDecide"/> over every event), writes that wait for one being appended are appended together, in
/// one transaction, each decided after the ones before it; it appends with optimistic concurrency on the
/// head (<see cref="IEventStore.AppendAfter{T}"/>: the store reads only the head, not the ledger) and keeps the decided
/// state as the new one instead of re-reading. When another process has written (the head differs), the state is
/// reloaded: from the newest usable snapshot of a SQLite ledger and the events after it, else by folding every event.
/// The rules stay in the core.
/// </summary>
public sealed class LedgerService : IDisposable
{
    /// <summary>How often a read asks a store without a cheap change token (PostgreSQL) for its head.</summary>
    public static readonly TimeSpan HeadCheckInterval = TimeSpan.FromMilliseconds(200);

    private const int MaxInternalRetries = 3;

    private readonly IEventStore _store;
    private readonly Func<string>? _changeToken;
    private readonly TimeProvider _clock;
    /// <summary>Serializes writes and reloads (one writer at a time decides against the cached state).</summary>
    private readonly Lock _gate = new();
    /// <summary>Serializes use of the store's connections; held only for one store call, never while waiting for anything else.</summary>
    private readonly Lock _storeGate = new();
    private Snapshot? _snapshot;
    private long _headCheckedAt;

    /// <summary>
    /// States kept for back-dated writes (under <see cref="_gate"/>), oldest first: the state loaded, and the state before
    /// each write that moved the latest date on, each with the sequence it folded through and its latest date. A write
    /// dated before the latest date is decided from the newest one it sorts after, with the events recorded since
    /// (<see cref="Fold.TryDecide(CapTable?, IReadOnlyList{RecordedEvent}, IReadOnlyList{RecordedEvent}, bool)"/>, the
    /// decision from the start), rather than by folding every event twice.
    /// </summary>
    private readonly List<Checkpoint> _checkpoints = [];

    /// <summary>The events recorded after the oldest checkpoint, in recording order (under <see cref="_gate"/>).</summary>
    private readonly List<RecordedEvent> _sinceCheckpoint = [];

    /// <summary>The state folded through event <paramref name="Sequence"/>, whose latest effective date is <paramref name="Through"/>.</summary>
    private sealed record Checkpoint(CapTable State, DateOnly? Through, long Sequence);

    /// <summary>How many checkpoints are kept (each is the state before a write that moved the latest date on).</summary>
    internal const int MaxCheckpoints = 8;

    /// <summary>How many events may be recorded after the oldest checkpoint before it is dropped (a write dated before it is decided from a snapshot, or from the start).</summary>
    internal const int MaxCheckpointTail = 20_000;

    /// <summary>The sequence of the newest snapshot in the SQLite file, as far as this service knows (−1: not read yet).</summary>
    private long _newestSnapshot = -1;

    /// <summary>The snapshot being written in the background (at most one at a time), or null.</summary>
    private Task? _snapshotting;

    /// <summary>A snapshot is taken every this many events (<see cref="LedgerSnapshots.Every"/>; tests lower it).</summary>
    internal int SnapshotEvery { get; init; } = LedgerSnapshots.Every;

    /// <summary>How the last write was decided: "sorts after", "checkpoint", "snapshot" or "from the start" (for tests).</summary>
    internal string? LastDecision { get; private set; }

    /// <summary>The snapshot being written in the background, if any (tests wait for it).</summary>
    internal Task PendingSnapshot => Volatile.Read(ref _snapshotting) ?? Task.CompletedTask;

    public LedgerService(IEventStore store, TimeProvider clock, Func<string>? changeToken = null)
    {
        _store = store;
        _clock = clock;
        _changeToken = changeToken;
    }

    /// <summary>How many times the state was built from the store (not evolved by the server's own writes): for tests.</summary>
    public int Reloads { get; private set; }

    /// <summary>
    /// One state of the ledger: its head, the latest state and, on demand, the events (in stored and in fold order),
    /// per-date states and views derived from it. Immutable once built; a write makes the next one.
    /// </summary>
    public sealed class Snapshot
    {
        private readonly ConcurrentDictionary<DateOnly, Result<CapTable>> _asOf = new();
        private readonly ConcurrentDictionary<string, Lazy<object>> _memo = new();
        private readonly Lazy<IReadOnlyList<RecordedEvent>> _events;
        private readonly Lazy<IReadOnlyList<RecordedEvent>> _foldOrder;

        internal Snapshot(long lastSequence, string? hash, Result<CapTable> latest, DateOnly? through, string? token,
            Func<IReadOnlyList<RecordedEvent>> events, Func<IReadOnlyList<RecordedEvent>, IReadOnlyList<RecordedEvent>>? foldOrder = null)
        {
            LastSequence = lastSequence;
            Hash = hash;
            Latest = latest;
            LastDated = through ?? DateOnly.MinValue;
            Token = token;
            // Once per state: the loader takes only the store's lock (never the write lock), so a writer waiting here cannot deadlock.
            _events = new Lazy<IReadOnlyList<RecordedEvent>>(events, LazyThreadSafetyMode.ExecutionAndPublication);
            _foldOrder = new Lazy<IReadOnlyList<RecordedEvent>>(() => foldOrder?.Invoke(Events) ?? LedgerOrder.Sort(Events), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>Every stored event, in recording order (read from the store on first use after a reload).</summary>
        public IReadOnlyList<RecordedEvent> Events => _events.Value;

        internal bool EventsLoaded => _events.IsValueCreated;

        internal bool FoldOrderLoaded => _foldOrder.IsValueCreated;

        public Result<CapTable> Latest { get; }

        /// <summary>The change token of the store when this state was known to be current.</summary>
        public string? Token { get; internal set; }

        public long LastSequence { get; }

        /// <summary>The chain hash of the last event (with <see cref="LastSequence"/>, the key of this state).</summary>
        public string? Hash { get; }

        public IReadOnlyList<RecordedEvent> FoldOrder => _foldOrder.Value;

        /// <summary>The latest effective date of a dated event (an append dated on or after it cannot change history).</summary>
        public DateOnly LastDated { get; }

        /// <summary>Per-state memo of derived views (the cap-table document, a liquidation model, a payout curve), keyed by the caller.</summary>
        public T Memo<T>(string key, Func<T> make) where T : class =>
            (T)_memo.GetOrAdd(key, _ => new Lazy<object>(make, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

        private readonly ConcurrentDictionary<string, CachedBody> _bodies = new(StringComparer.Ordinal);
        private long _bodyBytes;

        /// <summary>The response body kept for <paramref name="key"/> in this state (<see cref="CachedResponses"/>), if any.</summary>
        public CachedBody? KeptBody(string key) => _bodies.GetValueOrDefault(key);

        /// <summary>
        /// Keeps <paramref name="made"/> for <paramref name="key"/> and returns the body kept (another reader's, if it
        /// kept one first: the bytes are equal); once <see cref="CachedResponses.MaxBytesPerState"/> bytes are kept,
        /// further bodies are served and not kept.
        /// </summary>
        public CachedBody Keep(string key, CachedBody made)
        {
            if (Interlocked.Read(ref _bodyBytes) + made.Length > CachedResponses.MaxBytesPerState) return made;
            if (!_bodies.TryAdd(key, made)) return _bodies[key];
            Interlocked.Add(ref _bodyBytes, made.Length);
            return made;
        }

        private CapTableDocument? _document;
        private readonly Lock _documentGate = new();

        /// <summary>
        /// The document of an earlier state and the events since (set when this state was made by a write and the
        /// earlier one had its document): the latest cap table is then evolved from it rather than rendered again.
        /// </summary>
        internal (CapTableDocument Document, IReadOnlyList<RecordedEvent> Since)? Base { get; set; }

        internal CapTableDocument? BuiltDocument => _document;

        /// <summary>The memo key of the latest state's liquidation model (<see cref="Apis.Model"/>).</summary>
        internal const string LatestModelKey = "model:";

        /// <summary>The latest state's liquidation model, if a reader has built it.</summary>
        internal Charta.Core.Liquidation.LiquidationModel? BuiltModel =>
            _memo.TryGetValue(LatestModelKey, out var m) && m.IsValueCreated ? m.Value as Charta.Core.Liquidation.LiquidationModel : null;

        private Charta.Core.Liquidation.LiquidationModel? _modelBase;

        /// <summary>
        /// The model of the state this one was made from by a write (set when that state had built it): the latest model
        /// is derived from it (<see cref="Charta.Core.Liquidation.LiquidationModel.From(CapTable, string?, Charta.Core.Liquidation.LiquidationModel?)"/>),
        /// then let go.
        /// </summary>
        internal Charta.Core.Liquidation.LiquidationModel? ModelBase { init => _modelBase = value; }

        /// <summary>The model this state's would derive from, while it has not been built.</summary>
        internal Charta.Core.Liquidation.LiquidationModel? PendingModelBase => _modelBase;

        /// <summary>The latest state's liquidation model, built once: derived from <see cref="ModelBase"/> when there is one.</summary>
        public Charta.Core.Liquidation.LiquidationModel LatestModel() => Memo(LatestModelKey, () =>
        {
            var m = Charta.Core.Liquidation.LiquidationModel.From(Latest.Value, null, _modelBase);
            _modelBase = null;
            return m;
        });

        /// <summary>The last events list built before this state and the events recorded since (this state's list extends it).</summary>
        internal (IReadOnlyList<RecordedEvent> List, IReadOnlyList<RecordedEvent> Since)? EventsBase { get; init; }

        /// <summary>The last fold order built and the events since, all sorting after it.</summary>
        internal (IReadOnlyList<RecordedEvent> List, IReadOnlyList<RecordedEvent> Since)? FoldOrderBase { get; init; }

        /// <summary>The latest cap table's view and JSON (<see cref="Latest"/> must be a state), built once per state.</summary>
        public CapTableDocument CapTableDocument()
        {
            if (_document is { } d) return d;
            lock (_documentGate)
            {
                if (_document is { } again) return again;
                var t = Latest.Value;
                _document = Base is { } b ? b.Document.Next(t, b.Since) : Server.CapTableDocument.From(t);
                Base = null;
                return _document;
            }
        }

        /// <summary>The state as of a date (null: the latest), folded once per date.</summary>
        public Result<CapTable> CapTable(DateOnly? asOf) => asOf is { } d ? _asOf.GetOrAdd(d, x => Fold.TryReplay(Events, x)) : Latest;
    }

    /// <summary>The current state: the cached one while the store's head has not moved, else reloaded.</summary>
    public Snapshot Current()
    {
        var s = _snapshot;
        if (s is not null && !MayHaveMoved(s)) return s;
        // A write in progress holds the lock: a read concurrent with it is answered from the state before it.
        if (s is not null && !_gate.TryEnter()) return s;
        if (s is null) _gate.Enter();
        try
        {
            s = _snapshot;
            if (s is not null && !Moved(s)) return s;
            return _snapshot = Load();
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>
    /// Whether the store may have moved past <paramref name="s"/>, without touching the store: with a change token (the
    /// SQLite file's size and time), when the token changed; without one, every <see cref="HeadCheckInterval"/>.
    /// </summary>
    private bool MayHaveMoved(Snapshot s) =>
        _changeToken is { } token ? token() != s.Token : Environment.TickCount64 - Interlocked.Read(ref _headCheckedAt) >= HeadCheckInterval.TotalMilliseconds;

    /// <summary>Under the lock: whether the store's head differs from <paramref name="s"/>'s (the server's own write changes the token, not the head).</summary>
    private bool Moved(Snapshot s)
    {
        if (!MayHaveMoved(s)) return false;
        var now = _changeToken?.Invoke();
        Interlocked.Exchange(ref _headCheckedAt, Environment.TickCount64);
        (long seq, string? hash) head;
        lock (_storeGate) head = _store.Head();
        var (seq, hash) = head;
        if (seq != s.LastSequence || hash != s.Hash) return true;
        s.Token = now;
        return false;
    }

    /// <summary>
    /// The state of the ledger as stored: on SQLite from the newest usable snapshot and the events after it
    /// (<see cref="LedgerSnapshots.Resume"/>), else (or when none is usable) by folding every event.
    /// </summary>
    private Snapshot Load()
    {
        var loaded = Read();
        // Another process may have written (events, snapshots): what was kept of the server's own writes no longer follows on.
        _checkpoints.Clear();
        _sinceCheckpoint.Clear();
        Interlocked.Exchange(ref _newestSnapshot, -1);
        if (loaded.Latest.IsOk)
            _checkpoints.Add(new Checkpoint(Bare(loaded.Latest.Value), Through(loaded), loaded.LastSequence));
        return loaded;
    }

    private Snapshot Read()
    {
        Reloads++;
        var token = _changeToken?.Invoke();
        Interlocked.Exchange(ref _headCheckedAt, Environment.TickCount64);
        if (_store is SqliteEventStore sqlite)
        {
            // One read transaction: the head, the snapshot with the events after it, or (none usable) every event.
            (long, string?, LedgerSnapshots.Current?, IReadOnlyList<RecordedEvent>?) read;
            lock (_storeGate)
                read = sqlite.Read(view =>
                {
                    var r = LedgerSnapshots.Resume(view);
                    return (view.Next - 1, view.HeadHash(), r, r is null ? view.All() : null);
                });
            var (seq, hash, resumed, all) = read;
            if (resumed is not null)
                return new Snapshot(seq, hash, resumed.State, resumed.Through, token, () => EventsThrough(seq));
            return new Snapshot(seq, hash, Fold.TryReplay(all!), LedgerSnapshots.LatestDate(all!), token, () => all!);
        }

        IReadOnlyList<RecordedEvent> events;
        lock (_storeGate) events = _store.ReadAll(withIntegrity: true);
        var last = events.Count == 0 ? 0 : events[^1].Sequence;
        var lastHash = events.Count == 0 ? null : events[^1].Hash;
        return new Snapshot(last, lastHash, Fold.TryReplay(events), LedgerSnapshots.LatestDate(events), token, () => events);
    }

    /// <summary>The stored events up to <paramref name="sequence"/> (read under the lock; later ones belong to a later state).</summary>
    private IReadOnlyList<RecordedEvent> EventsThrough(long sequence)
    {
        IReadOnlyList<RecordedEvent> all;
        lock (_storeGate) all = _store.ReadAll();
        return all.Count > 0 && all[^1].Sequence > sequence ? [.. all.TakeWhile(e => e.Sequence <= sequence)] : all;
    }

    /// <summary>
    /// Decides <paramref name="events"/> (recorded by <paramref name="recordedBy"/>, stored on each event) against the ledger and, unless <paramref name="dryRun"/>, writes them in one
    /// transaction. With <paramref name="expectedLastSequence"/>, a ledger that has moved on is a conflict: nothing is
    /// written and the caller re-reads, re-decides and retries.
    /// </summary>
    public WriteOutcome Write(IReadOnlyList<LedgerEvent> events, bool dryRun, long? expectedLastSequence, Action<long, long>? onWritten = null, string? recordedBy = null) =>
        Write(_ => Result.Ok(events), dryRun, expectedLastSequence, onWritten, recordedBy);

    /// <summary>
    /// Decides the events <paramref name="command"/> returns for the current state (e.g. the next free id, or an
    /// offering planned on it) and writes them as <see cref="Write(IReadOnlyList{LedgerEvent}, bool, long?, Action{long, long}?, string?)"/>.
    /// When another process wrote between the decision and the append (and the caller gave no expected sequence), the
    /// state is reloaded and the command decided again.
    /// <para>
    /// Writes that arrive while one is being appended wait (each on its own request) and are then decided and appended
    /// together (<see cref="DecideAndAppend"/>): one after another, each against the state the ones before it leave, as
    /// if they had come one at a time in that order, and appended in one transaction, so that they share one commit (one
    /// wait for the disk) instead of queueing for one each. Each write's events are still appended all or none, after
    /// the events of the writes before it; nothing is answered before the commit.
    /// </para>
    /// </summary>
    public WriteOutcome Write(Func<Snapshot, Result<IReadOnlyList<LedgerEvent>>> command, bool dryRun, long? expectedLastSequence,
        Action<long, long>? onWritten = null, string? recordedBy = null)
    {
        var mine = new PendingWrite(command, dryRun, expectedLastSequence, recordedBy, _clock.GetUtcNow());
        _writes.Submit(mine, batch =>
        {
            lock (_gate) DecideAndAppend(batch);
        }, (batch, failure) =>
        {
            // Published to the writes waiting only now, under the queue's lock, with everything they read.
            foreach (var w in batch)
                if (!w.Done) w.Failure = failure ?? new InvalidOperationException("the write was not decided");
        });

        if (mine.Failure is { } failure)
        {
            // A file that cannot be written (read-only, locked) fails every write of the batch: each its own exception.
            if (failure is LedgerFileException lf) throw new LedgerFileException(lf.Refusal);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        // Who wrote what is recorded beside the ledger after the write lock is released (the user is on the event itself).
        if (mine.Written is { } written) onWritten?.Invoke(written.First, written.Last);
        return mine.Outcome!;
    }

    /// <summary>A write waiting for its turn, and (once <see cref="Done"/>) its outcome.</summary>
    private sealed class PendingWrite(Func<Snapshot, Result<IReadOnlyList<LedgerEvent>>> command, bool dryRun, long? expected, string? recordedBy, DateTimeOffset at)
    {
        public Func<Snapshot, Result<IReadOnlyList<LedgerEvent>>> Command { get; } = command;

        public bool DryRun { get; } = dryRun;

        public long? Expected { get; } = expected;

        public string? RecordedBy { get; } = recordedBy;

        public DateTimeOffset At { get; } = at;

        public WriteOutcome? Outcome { get; set; }

        public Exception? Failure { get; set; }

        /// <summary>The first and last sequence appended for it.</summary>
        public (long First, long Last)? Written { get; set; }

        /// <summary>Decided (by the write deciding the batch it is in).</summary>
        public bool Done => Outcome is not null || Failure is not null;

    }

    /// <summary>The writes waiting for their turn, decided and appended a batch at a time.</summary>
    private readonly GroupCommit<PendingWrite> _writes = new();

    /// <summary>How many writes are waiting for their turn (for tests).</summary>
    internal int Waiting
    {
        get
        {
            return _writes.Waiting;
        }
    }

    /// <summary>How many appends (transactions) the writes took (for tests).</summary>
    internal int Appends { get; private set; }

    /// <summary>
    /// Under the write lock: decides <paramref name="batch"/> in order, each against the state the ones before it leave
    /// (dry runs against the stored state, first: they answer on what is stored), and appends the events of those
    /// decided in one transaction, with optimistic concurrency on the head. When another process wrote meanwhile, the
    /// state is reloaded and the writes decided again (a write with an expected sequence is then a conflict).
    /// </summary>
    private void DecideAndAppend(List<PendingWrite> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            var s = _snapshot is { } cached && !Moved(cached) ? cached : _snapshot = Load();
            foreach (var w in batch)
                if (w.DryRun && !w.Done)
                    Settle(w, () => Decide(s, w) is { } d ? new WriteOutcome(d.Recorded, d.After, null, false, s.LastSequence) : w.Outcome!);

            // The writes in order, each decided against the state the ones before it leave (not yet stored: a
            // provisional state, whose events are the stored ones and those decided before it).
            var working = s;
            var events = new List<RecordedEvent>();
            var decided = new List<(PendingWrite Write, RecordedEvent[] Recorded, CapTable After)>();
            var allSortAfter = true;
            foreach (var w in batch)
            {
                if (w.Done) continue;
                var before = working;
                (RecordedEvent[] Recorded, CapTable After, bool SortsAfter)? d = null;
                Settle(w, () =>
                {
                    d = Decide(before, w);
                    return d is null ? w.Outcome! : null;
                });
                if (d is not { } x) continue;
                decided.Add((w, x.Recorded, x.After));
                events.AddRange(x.Recorded);
                allSortAfter &= x.SortsAfter;
                working = Provisional(s, [.. events], x.After, before);
                Remember(before, x.Recorded, working);
            }

            if (decided.Count == 0) return;
            AppendOutcome<CapTable> appended;
            try
            {
                Appends++;
                lock (_storeGate) appended = _store.AppendAfter<CapTable>(s.LastSequence, s.Hash, _ => ((IReadOnlyList<RecordedEvent>)events, working.Latest.Value));
            }
            catch
            {
                Forget(); // the checkpoints hold the events decided: they were not stored
                throw;
            }

            if (appended.Stale)
            {
                // Another process wrote since this state was read: reload, and decide again unless the caller pinned the sequence.
                _snapshot = Load();
                foreach (var (w, _, _) in decided)
                    if (w.Expected is not null || attempt >= MaxInternalRetries)
                        w.Outcome = new WriteOutcome([], null, AppendOutcome<CapTable>.StaleRefusal(w.Expected ?? s.LastSequence, _snapshot.LastSequence), true, _snapshot.LastSequence);
                if (batch.All(w => w.Done)) return;
                continue;
            }

            if (!appended.Result.IsOk)
            {
                Forget();
                foreach (var (w, _, _) in decided) w.Outcome = new WriteOutcome([], null, appended.Result.Refusal, false, s.LastSequence);
                return;
            }

            _snapshot = Next(s, events, working.Latest.Value, appended.HeadSequence, appended.HeadHash, allSortAfter);
            foreach (var (w, recorded, after) in decided)
            {
                w.Outcome = new WriteOutcome(recorded, after, null, false, appended.HeadSequence);
                if (recorded.Length > 0) w.Written = (recorded[0].Sequence, recorded[^1].Sequence);
            }

            // The snapshot (a cache of the state) is written after the append, in the background: never by the request.
            if (appended.HeadHash is { } headHash) MaybeSnapshot(working.Latest.Value, appended.HeadSequence, headHash, Through(_snapshot));
            return;
        }
    }

    /// <summary>Runs <paramref name="decide"/> for <paramref name="w"/>, which settles it (an outcome) or returns null; an exception fails that write alone.</summary>
    private static void Settle(PendingWrite w, Func<WriteOutcome?> decide)
    {
        try
        {
            if (decide() is { } outcome) w.Outcome = outcome;
        }
        catch (Exception e)
        {
            w.Failure = e;
        }
    }

    /// <summary>
    /// Decides write <paramref name="w"/> against <paramref name="s"/>: the events to record (outcomes filled in, lapses
    /// added, the user on each) and the state after them; or null, with <paramref name="w"/>'s outcome set (a conflict
    /// with its expected sequence, the command's or the charter's refusal).
    /// </summary>
    private (RecordedEvent[] Recorded, CapTable After, bool SortsAfter)? Decide(Snapshot s, PendingWrite w)
    {
        if (w.Expected is { } expected && expected != s.LastSequence)
            return Settled(new WriteOutcome([], null, AppendOutcome<CapTable>.StaleRefusal(expected, s.LastSequence), true, s.LastSequence));
        var built = w.Command(s);
        if (!built.IsOk) return Settled(new WriteOutcome([], null, built.Refusal, false, s.LastSequence));
        var proposed = new RecordedEvent[built.Value.Count];
        for (var i = 0; i < proposed.Length; i++)
            proposed[i] = new RecordedEvent(s.LastSequence + 1 + i, w.At, built.Value[i]) { RecordedBy = w.RecordedBy };
        if (!s.Latest.IsOk) return Settled(new WriteOutcome([], null, s.Latest.Refusal, false, s.LastSequence));

        // The core decides: outcomes it derives (conversions, dividends) are stored in the events it returns.
        var fast = LedgerSnapshots.SortsAfter(proposed, Through(s));
        if (fast) LastDecision = "sorts after";
        var decision = fast ? FoldFrom.TryDecide(s.Latest.Value, proposed, Through(s)) : DecideBackDated(s, proposed);
        if (!decision.IsOk) return Settled(new WriteOutcome([], null, decision.Refusal, false, s.LastSequence));
        // Every event the decision adds (a restatement's corrections too) carries the signed-in user into the hash chain.
        RecordedEvent[] recorded = [.. decision.Value.Recorded.Select(x => x.RecordedBy == w.RecordedBy ? x : x with { RecordedBy = w.RecordedBy })];
        return (recorded, decision.Value.State, fast);

        (RecordedEvent[], CapTable, bool)? Settled(WriteOutcome outcome)
        {
            w.Outcome = outcome;
            return null;
        }
    }

    /// <summary>
    /// The state after writes decided but not yet stored: <paramref name="stored"/>'s events and <paramref name="decided"/>
    /// (read on first use: a command that reads the events sees the ones decided before it), no chain hash yet.
    /// </summary>
    private static Snapshot Provisional(Snapshot stored, IReadOnlyList<RecordedEvent> decided, CapTable after, Snapshot before)
    {
        var latest = LedgerSnapshots.LatestDate(decided);
        var through = latest is { } l && l > before.LastDated ? l : before.LastDated;
        return new Snapshot(decided[^1].Sequence, null, after, through == DateOnly.MinValue ? null : through, null, () => [.. stored.Events, .. decided]);
    }

    /// <summary>After a failed append: the checkpoints start again from the stored state.</summary>
    private void Forget()
    {
        _checkpoints.Clear();
        _sinceCheckpoint.Clear();
        if (_snapshot is { Latest.IsOk: true } s) _checkpoints.Add(new Checkpoint(Bare(s.Latest.Value), Through(s), s.LastSequence));
    }

    private static DateOnly? Through(Snapshot s) => s.LastDated == DateOnly.MinValue ? null : s.LastDated;

    /// <summary>
    /// A state that holds nothing but the ledger state (the views a reader derived from it, e.g. the positions by
    /// holder, are not kept alive with a checkpoint).
    /// </summary>
    private static CapTable Bare(CapTable t) => FoldFrom.TryReplay(t, [], t.AsOf) is { IsOk: true } bare ? bare.Value : t;

    /// <summary>
    /// Decides <paramref name="proposed"/>, dated before the latest date of <paramref name="s"/> (or a void), as
    /// <see cref="Fold.TryDecide(IReadOnlyList{RecordedEvent}, IReadOnlyList{RecordedEvent}, bool)"/> does over every
    /// event: from the newest checkpoint they and every event recorded after it sort after; else, on SQLite, from the
    /// newest snapshot in the file they sort after (<see cref="LedgerSnapshots.Before"/>, as the CLI does); else from the
    /// start. Each gives the same decision: everything in the state it starts from folds before everything else.
    /// </summary>
    private Result<Decision> DecideBackDated(Snapshot s, IReadOnlyList<RecordedEvent> proposed)
    {
        for (var i = _checkpoints.Count - 1; i >= 0; i--)
        {
            var c = _checkpoints[i];
            if (!LedgerSnapshots.SortsAfter(proposed, c.Through)) continue;
            if (Tail(c) is not { } tail || !LedgerSnapshots.SortsAfter(tail, c.Through)) continue;
            LastDecision = "checkpoint";
            return Fold.TryDecide(c.State, tail, proposed);
        }

        if (_store is SqliteEventStore sqlite)
        {
            (CapTable State, SnapshotKey Key, IReadOnlyList<RecordedEvent> Tail)? before;
            lock (_storeGate)
                before = sqlite.Read(view => view.Next - 1 == s.LastSequence && view.HeadHash() == s.Hash ? LedgerSnapshots.Before(view, proposed) : null);
            if (before is { } b)
            {
                LastDecision = "snapshot";
                return Fold.TryDecide(b.State, b.Tail, proposed);
            }
        }

        LastDecision = "from the start";
        return Fold.TryDecide(s.Events, proposed);
    }

    /// <summary>The events recorded after checkpoint <paramref name="c"/> (null if they are not all kept).</summary>
    private List<RecordedEvent>? Tail(Checkpoint c)
    {
        var oldest = _checkpoints[0].Sequence;
        if (_sinceCheckpoint.Count > 0 && _sinceCheckpoint[0].Sequence != oldest + 1) return null;
        var from = checked((int)(c.Sequence - oldest));
        if (from < 0 || from > _sinceCheckpoint.Count) return null;
        var tail = _sinceCheckpoint.GetRange(from, _sinceCheckpoint.Count - from);
        return tail.Count == 0 || tail[0].Sequence == c.Sequence + 1 ? tail : null;
    }

    /// <summary>
    /// After the server's own append (<paramref name="before"/> → <paramref name="after"/>): the events are kept after the
    /// checkpoints, and when the append moved the latest date on, the state before it becomes the newest checkpoint (a
    /// later write dated on or after its date but before the new one is decided from it). The oldest are dropped beyond
    /// <see cref="MaxCheckpoints"/>, or when more than <see cref="MaxCheckpointTail"/> events follow them.
    /// </summary>
    private void Remember(Snapshot before, IReadOnlyList<RecordedEvent> recorded, Snapshot after)
    {
        if (after.LastDated > before.LastDated && before.Latest.IsOk && (_checkpoints.Count == 0 || _checkpoints[^1].Sequence < before.LastSequence))
        {
            if (_checkpoints.Count == 0) _sinceCheckpoint.Clear();
            _checkpoints.Add(new Checkpoint(Bare(before.Latest.Value), Through(before), before.LastSequence));
        }

        if (_checkpoints.Count == 0) return;
        _sinceCheckpoint.AddRange(recorded);
        while (_checkpoints.Count > MaxCheckpoints || _checkpoints.Count > 0 && _sinceCheckpoint.Count > MaxCheckpointTail)
        {
            _checkpoints.RemoveAt(0);
            var drop = _checkpoints.Count == 0 ? _sinceCheckpoint.Count : (int)Math.Min(_sinceCheckpoint.Count, Math.Max(0, _checkpoints[0].Sequence - _sinceCheckpoint[0].Sequence + 1));
            _sinceCheckpoint.RemoveRange(0, drop);
        }
    }

    /// <summary>
    /// Takes a snapshot of <paramref name="state"/> (the fold of every event through <paramref name="sequence"/>, whose
    /// chain hash is <paramref name="hash"/>) when the newest one is <see cref="SnapshotEvery"/> or more events older:
    /// encoded and written on a pool thread, one at a time, holding the store's lock only for its own transaction (never
    /// the write lock). A snapshot is only a cache keyed by its event's chain hash: one not written (a crash, a busy
    /// file) only leaves the older one, and the next write tries again.
    /// </summary>
    private void MaybeSnapshot(CapTable state, long sequence, string hash, DateOnly? through)
    {
        if (_store is not SqliteEventStore sqlite) return;
        if (Interlocked.Read(ref _newestSnapshot) < 0)
            lock (_storeGate) Interlocked.Exchange(ref _newestSnapshot, sqlite.Snapshots(LedgerSnapshots.Codec).FirstOrDefault()?.Sequence ?? 0);
        if (sequence - Interlocked.Read(ref _newestSnapshot) < SnapshotEvery) return;
        if (Volatile.Read(ref _snapshotting) is { IsCompleted: false }) return;
        Volatile.Write(ref _snapshotting, Task.Run(() =>
        {
            if (LedgerSnapshots.TryEncode(state) is not { } image) return;
            bool saved;
            lock (_storeGate) saved = LedgerSnapshots.TrySave(sqlite, new SnapshotKey(sequence, hash, through), image);
            if (saved) Interlocked.Exchange(ref _newestSnapshot, sequence);
        }));
    }

    /// <summary>
    /// The state after the server's own append: the decided state, the events so far plus the new ones (read lazily
    /// if they were not loaded), and the fold order extended when the new events sort after everything.
    /// </summary>
    private Snapshot Next(Snapshot before, IReadOnlyList<RecordedEvent> recorded, CapTable after, long head, string? hash, bool sortsAfter)
    {
        var latest = LedgerSnapshots.LatestDate(recorded);
        var through = before.LastDated == DateOnly.MinValue ? latest : latest is { } l && l > before.LastDated ? l : before.LastDated;
        // The events and the fold order extend the last lists built (not the state before, whose derived views would
        // otherwise stay alive with it), through at most MaxDocumentEvents events; else they are read again.
        (IReadOnlyList<RecordedEvent>, IReadOnlyList<RecordedEvent>)? eventsBase = before.EventsLoaded
            ? (before.Events, recorded)
            : before.EventsBase is { } e && e.Since.Count + recorded.Count <= MaxDocumentEvents ? (e.List, [.. e.Since, .. recorded]) : null;
        // (The fold order is extended only by events dated on or after everything before: registry events included.)
        var appendsInOrder = sortsAfter && recorded.All(r => r.Event is not EventVoided && r.Date >= before.LastDated);
        (IReadOnlyList<RecordedEvent>, IReadOnlyList<RecordedEvent>)? orderBase = !appendsInOrder ? null
            : before.FoldOrderLoaded ? (before.FoldOrder, recorded)
            : before.FoldOrderBase is { } o && o.Since.Count + recorded.Count <= MaxDocumentEvents ? (o.List, [.. o.Since, .. recorded]) : null;
        Func<IReadOnlyList<RecordedEvent>> events = eventsBase is { } eb ? () => [.. eb.Item1, .. eb.Item2] : () => EventsThrough(head);
        Func<IReadOnlyList<RecordedEvent>, IReadOnlyList<RecordedEvent>>? foldOrder = orderBase is { } ob
            ? _ => [.. ob.Item1, .. LedgerOrder.Sort(ob.Item2)]
            : null;
        // The cap-table document evolves from the last one built, through at most MaxDocumentEvents events.
        (CapTableDocument, IReadOnlyList<RecordedEvent>)? documentBase = before.BuiltDocument is { } built
            ? (built, recorded)
            : before.Base is { } b && b.Since.Count + recorded.Count <= MaxDocumentEvents ? (b.Document, [.. b.Since, .. recorded]) : null;
        return new Snapshot(head, hash, after, through, _changeToken?.Invoke(), events, foldOrder)
        {
            Base = documentBase, EventsBase = eventsBase, FoldOrderBase = orderBase,
            // The last model built: this state's predecessor's, or the one it would have derived from (no reader asked
            // between the writes); LiquidationModel.From uses it when the tables between are within the lineage.
            ModelBase = before.BuiltModel ?? before.PendingModelBase,
        };
    }

    private const int MaxDocumentEvents = 1_000;

    public void Dispose()
    {
        // A snapshot being written finishes (it holds the store's connection) before the store is closed.
        try
        {
            PendingSnapshot.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // A snapshot is only a cache.
        }

        _store.Dispose();
    }
}
