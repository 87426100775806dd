using System.Collections.Immutable;

namespace Charta.Core.Ledger;

/// <summary>
/// A large part of the folded state that may be restored after the rest (issue 9 item 5: a snapshot's maps of
/// positions, instruments and §6(d) take-up): either a value, or a loader run once, on first use. A write that
/// records one stakeholder never reads 246,769 options. The loader is the adapter's (the core does no I/O); while
/// unread, <see cref="UnloadedSource"/> tells a later snapshot where the part came from, so it can be written back as
/// it was read. A loader may come in two steps, the entries then the value built from them (a persistent map), so a
/// reader that only lists the entries (<see cref="Entries{TEntries}"/>) never pays for the map. Immutable as seen from
/// outside: a value, once read, never changes.
/// </summary>
public sealed class Deferred<T> where T : class
{
    private readonly object _gate = new();
    private readonly object? _source;
    private T? _value;
    private Func<object>? _read;
    private Func<object, T>? _build;
    private object? _entries;
    private readonly Func<object, object?>? _find;
    private readonly int _count = -1;
    private Func<object?>? _summarize;
    private object? _summary;

    private Deferred(T? value, Func<object>? read, Func<object, T>? build, object? source, Func<object, object?>? find = null, int count = -1)
    {
        _value = value;
        _read = read;
        _build = build;
        _source = source;
        _find = find;
        _count = count;
    }

    /// <summary>A part that is already there.</summary>
    public static implicit operator Deferred<T>(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null, null, null);

    /// <summary>A part read by <paramref name="load"/> on first use; <paramref name="source"/> identifies where from (see <see cref="UnloadedSource"/>).</summary>
    internal static Deferred<T> Lazy(Func<T> load, object? source = null) => new(null, load, o => (T)o, source);

    /// <summary>A part read in two steps on first use: its entries (<paramref name="read"/>), then the value built from them.</summary>
    internal static Deferred<T> Lazy<TEntries>(Func<TEntries> read, Func<TEntries, T> build, object? source = null) where TEntries : class =>
        new(null, read, o => build((TEntries)o), source);

    /// <summary>
    /// A map read on first use that can also answer for one key before then (<paramref name="find"/>: the value, or null
    /// when the key is absent) and knows its <paramref name="count"/>: a write that looks up or adds one instrument never
    /// reads the other 246,768.
    /// </summary>
    internal static Deferred<T> Keyed<TEntries>(Func<TEntries> read, Func<TEntries, T> build, Func<object, object?> find, int count, object? source = null)
        where TEntries : class =>
        new(null, read, o => build((TEntries)o), source, find, count);

    /// <summary>Whether one key can be looked up without reading the whole part (<see cref="Find"/>).</summary>
    internal bool IsKeyed => _find is not null && !IsLoaded;

    /// <summary>The value at <paramref name="key"/> (null if absent): read by key while the part is unread and keyed, else from the part.</summary>
    internal TValue? Find<TKey, TValue>(TKey key) where TKey : notnull where TValue : class =>
        IsKeyed ? (TValue?)_find!(key) : ((IReadOnlyDictionary<TKey, TValue>)Value).GetValueOrDefault(key);

    /// <summary>
    /// A part restored with a summary of it (<see cref="Summary"/>: figures derived from it, stored beside it), read
    /// on first use of the summary; null when it cannot be read (then the part is read instead).
    /// </summary>
    internal Deferred<T> Summarized(Func<object?> summarize)
    {
        _summarize = summarize;
        return this;
    }

    /// <summary>The summary while the part is unread (read now if need be), else null (then read the part).</summary>
    internal object? Summary
    {
        get
        {
            if (IsLoaded || Volatile.Read(ref _summarize) is not { } summarize) return null;
            lock (_gate) return _summary ??= summarize();
        }
    }

    /// <summary>The number of entries when known without reading the part (else -1).</summary>
    internal int KnownCount => IsLoaded ? -1 : _count;

    /// <summary>The part (read now if it was not yet).</summary>
    public T Value
    {
        get
        {
            if (Volatile.Read(ref _read) is null) return _value!;
            lock (_gate)
            {
                if (_read is { } read)
                {
                    _value = _build!(_entries ?? read());
                    _entries = null;
                    _build = null;
                    Volatile.Write(ref _read, null);
                }

                return _value!;
            }
        }
    }

    /// <summary>
    /// While the value is not built: its entries as the loader's first step gives them (read now if need be), when they
    /// are a <typeparamref name="TEntries"/>; else null (then read <see cref="Value"/>).
    /// </summary>
    internal TEntries? Entries<TEntries>() where TEntries : class
    {
        if (Volatile.Read(ref _read) is null) return null;
        lock (_gate)
        {
            if (_read is not { } read) return null;
            return (_entries ??= read()) as TEntries;
        }
    }

    /// <summary>Whether the part has been read (or was never deferred).</summary>
    public bool IsLoaded => Volatile.Read(ref _read) is null;

    /// <summary>The source given to <see cref="Lazy"/> while the part is still unread (so unchanged), else null.</summary>
    internal object? UnloadedSource => IsLoaded ? null : _source;
}

/// <summary>The entries of a map as a snapshot lists them, before the map is built (see <see cref="Deferred{T}.Entries{TEntries}"/>).</summary>
internal sealed class MapEntries<TValue>(string[] keys, TValue[] values)
{
    public string[] Keys { get; } = keys;

    public TValue[] Values { get; } = values;

    /// <summary>The map's key comparer (null: the default).</summary>
    public StringComparer? Comparer { get; init; }
}

/// <summary>Maps restored from a snapshot, edited by key without being read (see <see cref="Deferred{T}.Keyed"/>).</summary>
internal static class DeferredMap
{
    /// <summary>
    /// <paramref name="from"/> with the entries of <paramref name="changed"/> set (<paramref name="added"/> of them new
    /// keys): still unread, still answering by key; listing it merges the changes into the listed entries, and building
    /// it sets them on the built map.
    /// </summary>
    public static Deferred<ImmutableDictionary<string, TValue>> Overlay<TValue>(Deferred<ImmutableDictionary<string, TValue>> from,
        ImmutableDictionary<string, TValue> changed, int added) where TValue : class
    {
        var overlay = Deferred<ImmutableDictionary<string, TValue>>.Keyed<object>(
            () => from.Entries<MapEntries<TValue>>() is { } e ? Merge(e, changed) : from.Value.SetItems(changed),
            o => o as ImmutableDictionary<string, TValue> ?? from.Value.SetItems(changed),
            key => changed.TryGetValue((string)key, out var v) ? v : from.Find<string, TValue>((string)key),
            from.KnownCount is >= 0 and var n ? n + added : -1);
        // The instruments' summary moves with the changes: each one's figures before (read by key) out, after in.
        if (typeof(TValue) == typeof(Instrument))
            overlay.Summarized(() => from.Summary is InstrumentSums sums
                ? sums.With(changed.Select(c => (from.Find<string, Instrument>(c.Key), (Instrument)(object)c.Value)))
                : null);
        return overlay;
    }

    private static MapEntries<TValue> Merge<TValue>(MapEntries<TValue> entries, ImmutableDictionary<string, TValue> changed)
    {
        var keys = new List<string>(entries.Keys.Length + changed.Count);
        var values = new List<TValue>(entries.Keys.Length + changed.Count);
        var seen = new HashSet<string>(changed.KeyComparer);
        for (var i = 0; i < entries.Keys.Length; i++)
        {
            var k = entries.Keys[i];
            keys.Add(k);
            if (changed.TryGetValue(k, out var v))
            {
                values.Add(v);
                seen.Add(k);
            }
            else
            {
                values.Add(entries.Values[i]);
            }
        }

        foreach (var (k, v) in changed)
        {
            if (seen.Contains(k)) continue;
            keys.Add(k);
            values.Add(v);
        }

        return new MapEntries<TValue>([.. keys], [.. values]) { Comparer = entries.Comparer };
    }
}
