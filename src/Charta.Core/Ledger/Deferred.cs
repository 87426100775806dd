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

    private Deferred(T? value, Func<object>? read, Func<object, T>? build, object? source)
    {
        _value = value;
        _read = read;
        _build = build;
        _source = source;
    }

    /// <summary>A part that is already there.</summary>
    public static implicit operator Deferred<T>(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null, null, null);

    /// <summary>A part read by <paramref name="load"/> on first use; <paramref name="source"/> identifies where from (see <see cref="UnloadedSource"/>).</summary>
    internal static Deferred<T> Lazy(Func<T> load, object? source = null) => new(null, load, o => (T)o, source);

    /// <summary>A part read in two steps on first use: its entries (<paramref name="read"/>), then the value built from them.</summary>
    internal static Deferred<T> Lazy<TEntries>(Func<TEntries> read, Func<TEntries, T> build, object? source = null) where TEntries : class =>
        new(null, read, o => build((TEntries)o), source);

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
