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
/// everything folded, else <see cref="Fold.TryDecide"/> over every event), appends with optimistic concurrency on the
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
            if (Interlocked.Read(ref _bodyBytes) + made.Json.Length > CachedResponses.MaxBytesPerState) return made;
            if (!_bodies.TryAdd(key, made)) return _bodies[key];
            Interlocked.Add(ref _bodyBytes, made.Json.Length);
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
    /// </summary>
    public WriteOutcome Write(Func<Snapshot, Result<IReadOnlyList<LedgerEvent>>> command, bool dryRun, long? expectedLastSequence,
        Action<long, long>? onWritten = null, string? recordedBy = null)
    {
        var at = _clock.GetUtcNow();
        (long First, long Last)? written = null;
        try
        {
            return Decide();
        }
        finally
        {
            // Who wrote what is recorded beside the ledger after the write lock is released (the user is on the event itself).
            if (written is { } w) onWritten?.Invoke(w.First, w.Last);
        }

        WriteOutcome Decide()
        {
            lock (_gate)
            {
                for (var attempt = 1; ; attempt++)
                {
                    var s = _snapshot is { } cached && !Moved(cached) ? cached : _snapshot = Load();
                    if (expectedLastSequence is { } expected && expected != s.LastSequence)
                        return new WriteOutcome([], null, AppendOutcome<CapTable>.StaleRefusal(expected, s.LastSequence), true, s.LastSequence);
                    var built = command(s);
                    if (!built.IsOk) return new WriteOutcome([], null, built.Refusal, false, s.LastSequence);
                    var proposed = new RecordedEvent[built.Value.Count];
                    for (var i = 0; i < proposed.Length; i++)
                        proposed[i] = new RecordedEvent(s.LastSequence + 1 + i, at, built.Value[i]) { RecordedBy = recordedBy };
                    if (!s.Latest.IsOk) return new WriteOutcome([], null, s.Latest.Refusal, false, s.LastSequence);

                    // The core decides: outcomes it derives (conversions, dividends) are stored in the events it returns.
                    var fast = LedgerSnapshots.SortsAfter(proposed, s.LastDated == DateOnly.MinValue ? null : s.LastDated);
                    var decision = fast ? FoldFrom.TryDecide(s.Latest.Value, proposed, s.LastDated == DateOnly.MinValue ? null : s.LastDated) : Fold.TryDecide(s.Events, proposed);
                    if (!decision.IsOk) return new WriteOutcome([], null, decision.Refusal, false, s.LastSequence);
                    // Every event the decision adds (a restatement's corrections too) carries the signed-in user into the hash chain.
                    RecordedEvent[] recorded = [.. decision.Value.Recorded.Select(x => x.RecordedBy == recordedBy ? x : x with { RecordedBy = recordedBy })];
                    var after = decision.Value.State;
                    if (dryRun) return new WriteOutcome(recorded, after, null, false, s.LastSequence);

                    AppendOutcome<CapTable> appended;
                    lock (_storeGate) appended = _store.AppendAfter<CapTable>(s.LastSequence, s.Hash, _ => ((IReadOnlyList<RecordedEvent>)recorded, after));
                    if (appended.Stale)
                    {
                        // Another process wrote since this state was read: reload, and decide again unless the caller pinned the sequence.
                        _snapshot = Load();
                        if (expectedLastSequence is not null || attempt >= MaxInternalRetries)
                            return new WriteOutcome([], null, appended.Result.Refusal, true, _snapshot.LastSequence);
                        continue;
                    }

                    if (!appended.Result.IsOk) return new WriteOutcome([], null, appended.Result.Refusal, false, s.LastSequence);
                    _snapshot = Next(s, recorded, after, appended.HeadSequence, appended.HeadHash, fast);
                    if (_store is SqliteEventStore sqlite)
                        lock (_storeGate) LedgerSnapshots.MaybeSave(sqlite, after, _snapshot.LastDated == DateOnly.MinValue ? null : _snapshot.LastDated);
                    if (recorded.Length > 0) written = (recorded[0].Sequence, recorded[^1].Sequence);
                    return new WriteOutcome(recorded, after, null, false, appended.HeadSequence);
                }
            }
        }
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
            Base = documentBase, EventsBase = eventsBase, FoldOrderBase = orderBase, ModelBase = before.BuiltModel,
        };
    }

    private const int MaxDocumentEvents = 1_000;

    public void Dispose() => _store.Dispose();
}
