using Charta.Core;
using Charta.Core.Ledger;

namespace Charta.Ledger;

/// <summary>
/// The folded state kept beside the events (issue 9 item 5). A snapshot is keyed by the last event folded into it and
/// that event's chain hash: since each hash covers every event before it, a snapshot whose event still has its hash
/// folded exactly the events that are stored up to there; any other snapshot is ignored (and replaced). Reading is
/// "newest usable snapshot + the events after it": usable when every later event sorts after everything in it
/// (registry events, or dated on or after the latest date it folded) and it was taken on or before the date asked
/// for. A back-dated read therefore folds from the newest snapshot taken before its date, or from the start; a write
/// decides from the newest snapshot when its events sort after everything, else (back-dated) re-folds from the newest
/// snapshot taken before its date (<see cref="Before"/>), else from the start. The store keeps the <see cref="Keep"/>
/// newest snapshots, one every <see cref="Every"/> events; the image is <see cref="SnapshotCodec"/>'s.
/// </summary>
public static class LedgerSnapshots
{
    /// <summary>The image format (<see cref="SnapshotCodec.Version"/>): snapshots of another version are ignored and replaced.</summary>
    public const int Codec = SnapshotCodec.Version;

    public const int Every = 1_000;

    public const int Keep = 4;

    /// <summary>The snapshot image of a state (the current codec).</summary>
    public static byte[] Encode(CapTable state) => SnapshotCodec.Encode(state);

    /// <summary>The state in a snapshot image; <see cref="StaleSnapshotException"/> when it cannot be trusted.</summary>
    public static CapTable Decode(byte[] image) => SnapshotCodec.Decode(image);

    /// <summary>How the last state was obtained (for tests and benchmarks).</summary>
    public sealed record Use(long FromSnapshot, int TailEvents);

    /// <summary>The cap table as of <paramref name="asOf"/>, from the newest usable snapshot and the events after it.</summary>
    public static Result<CapTable> CapTable(SqliteEventStore store, DateOnly? asOf, out Use use)
    {
        foreach (var key in store.Snapshots(Codec))
        {
            if (asOf is { } d && key.Through is { } through && through > d) continue;
            var tail = store.ReadAfter(key.Sequence);
            if (!SortsAfter(tail, key.Through)) continue;
            if (store.Decode(key) is not { } state) continue;

            use = new Use(key.Sequence, tail.Count);
            return FoldFrom.TryReplay(state, tail, asOf);
        }

        var all = store.ReadAll();
        use = new Use(0, all.Count);
        return Fold.TryReplay(all, asOf);
    }

    /// <summary>The state of every stored event, and the latest effective date folded into it.</summary>
    public sealed record Current(CapTable State, DateOnly? Through, long FromSnapshot, int TailEvents);

    /// <summary>
    /// The state of every event, from the newest snapshot the events after it all sort after (decoded, with those
    /// events folded on); null when none is usable (then the caller folds every event).
    /// </summary>
    public static Current? Resume(WriteView view)
    {
        foreach (var key in view.Snapshots(Codec))
        {
            var tail = view.After(key.Sequence);
            if (!SortsAfter(tail, key.Through)) continue;
            if (Decoded(view, key) is not { } state) continue;
            var folded = FoldFrom.TryReplay(state, tail);
            if (!folded.IsOk) continue;
            var through = key.Through;
            if (LatestDate(tail) is { } t && (through is null || t > through)) through = t;
            return new Current(folded.Value, through, key.Sequence, tail.Count);
        }

        return null;
    }

    /// <summary>
    /// For a back-dated write: the newest snapshot that <paramref name="proposed"/> and every event after it sort after
    /// (no void among them), decoded, with those events; null when there is none (then the write decides against every
    /// event from the start). Deciding from it gives the same result as from the start: everything in the snapshot
    /// folds before everything else.
    /// </summary>
    public static (CapTable State, SnapshotKey Key, IReadOnlyList<RecordedEvent> Tail)? Before(WriteView view, IReadOnlyList<RecordedEvent> proposed)
    {
        foreach (var key in view.Snapshots(Codec))
        {
            if (!SortsAfter(proposed, key.Through)) continue;
            var tail = view.After(key.Sequence);
            if (!SortsAfter(tail, key.Through)) continue;
            if (Decoded(view, key) is { } state) return (state, key, tail);
        }

        return null;
    }

    private static CapTable? Decoded(WriteView view, SnapshotKey key)
    {
        if (view.Decoded.TryGetValue(key.Sequence, out var known)) return known;
        var state = Decode(view.Path, key, view.Connection);
        if (state is not null) view.Decoded[key.Sequence] = state;
        return state;
    }

    private static CapTable? Decode(this SqliteEventStore store, SnapshotKey key) => store.Read(view => Decode(view.Path, key, view.Connection));

    /// <summary>
    /// The state of the snapshot <paramref name="key"/>: its header and first sections read now, on the reading
    /// transaction's connection (each checked against its SHA-256), its large parts from the file when first used
    /// (checked then; if they no longer can be read or do not match, the fold of the events through the snapshot's event
    /// replaces them). Null when the snapshot cannot be trusted.
    /// </summary>
    private static CapTable? Decode(string path, SnapshotKey key, Microsoft.Data.Sqlite.SqliteConnection live)
    {
        var source = new SnapshotSource(path, key.Sequence) { Live = live };
        try
        {
            return SnapshotCodec.Decode(source, () => SqliteEventStore.FoldThrough(path, key)
                ?? throw new StaleSnapshotException($"the ledger changed after snapshot {key.Sequence} was read: its events are no longer those it holds; run the command again"));
        }
        catch (StaleSnapshotException)
        {
            return null;
        }
        finally
        {
            source.Live = null; // the transaction ends: later reads open their own connection
        }
    }

    /// <summary>A snapshot's image in the ledger file, read a range at a time.</summary>
    private sealed class SnapshotSource(string path, long sequence) : SnapshotCodec.IImageSource
    {
        public Microsoft.Data.Sqlite.SqliteConnection? Live { get; set; }

        public byte[]? Read(int offset, int length) =>
            Live is { } c ? SqliteEventStore.ImageRange(c, sequence, offset, length) : SqliteEventStore.ImageRange(path, sequence, offset, length);
    }

    /// <summary>Whether every event of <paramref name="tail"/> sorts after a state folded through <paramref name="through"/>.</summary>
    public static bool SortsAfter(IEnumerable<RecordedEvent> tail, DateOnly? through)
    {
        foreach (var r in tail)
        {
            if (r.Event is EventVoided) return false; // a void changes what folds before it: from the start
            if (r.Event.IsRegistry) continue;
            if (through is { } t && r.Date < t) return false;
        }

        return true;
    }

    /// <summary>The latest effective date among <paramref name="events"/> (registry events have none).</summary>
    public static DateOnly? LatestDate(IEnumerable<RecordedEvent> events)
    {
        DateOnly? latest = null;
        foreach (var r in events)
            if (!r.Event.IsRegistry && (latest is null || r.Date > latest)) latest = r.Date;
        return latest;
    }

    /// <summary>
    /// Takes a snapshot of <paramref name="state"/> — the fold of every event up to the last one this store wrote —
    /// when the newest usable one is <see cref="Every"/> or more events older (or <paramref name="force"/>). A state
    /// the codec cannot hold is not snapshotted.
    /// </summary>
    public static bool MaybeSave(SqliteEventStore store, CapTable state, DateOnly? through, bool force = false)
    {
        if (store.LastWritten is not { } last) return false;
        var (head, hash) = last;
        var newest = store.Snapshots(Codec).FirstOrDefault();
        if (!force && head - (newest?.Sequence ?? 0) < Every) return false;
        return TryEncode(state) is { } image && TrySave(store, new SnapshotKey(head, hash, through), image);
    }

    /// <summary>The snapshot image of <paramref name="state"/>, or null when the codec cannot hold it or a part it came from can no longer be read.</summary>
    public static byte[]? TryEncode(CapTable state)
    {
        try
        {
            return Encode(state);
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (StaleSnapshotException)
        {
            return null; // a part it came from can no longer be read or refolded (the file changed): no snapshot this time
        }
    }

    /// <summary>
    /// Keeps <paramref name="image"/> (the state folded through <paramref name="key"/>.Sequence, whose chain hash is
    /// <paramref name="key"/>.Hash) as a snapshot, keeping the <see cref="Keep"/> newest; false when the file is busy or
    /// read-only (the events are committed: the snapshot is only a cache).
    /// </summary>
    public static bool TrySave(SqliteEventStore store, SnapshotKey key, byte[] image)
    {
        try
        {
            store.SaveSnapshot(key, Codec, image, Keep);
            return true;
        }
        catch (LedgerFileException)
        {
            return false;
        }
    }
}
