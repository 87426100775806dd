using System.Collections;

namespace Charta.Core.Ledger;

/// <summary>
/// A persistent, append-only list: an immutable view of a prefix of a shared buffer. Appending to the newest view
/// fills the next free slot in place (amortized O(1), no copy); appending to an older view (a fork) copies its prefix
/// first, so no view ever sees another's elements. Reading is O(1) by index. Used for the fold's histories (conversion
/// price changes, §6(d) issue steps), which only ever grow.
/// </summary>
public sealed class AppendList<T> : IReadOnlyList<T>
{
    private sealed class Buffer(T[] items)
    {
        /// <summary>The items; while <see cref="Load"/> is set, only those appended after the <see cref="Base"/> unread ones (item i at i − Base).</summary>
        public T[] Items = items;
        public int Used;

        /// <summary>How many items <see cref="Load"/> reads (the list as restored from a snapshot).</summary>
        public int Base;

        /// <summary>Set while the items are not read yet (a list restored from a snapshot): they are loaded on first use.</summary>
        public Func<T[]>? Load;

        /// <summary>What the unloaded items come from (a snapshot section), so an unchanged list can be written back as it was read.</summary>
        public object? Source;

        public T[] Loaded()
        {
            if (Volatile.Read(ref Load) is not null)
                lock (this)
                {
                    if (Load is { } load)
                    {
                        var read = load();
                        if (read.Length < Base) throw new InvalidOperationException("a lazily loaded list has fewer items than it was restored with");
                        // The unread items, then those appended since the list was restored (without reading it).
                        var items = new T[Math.Max(Items.Length + Base, Used)];
                        Array.Copy(read, items, Base);
                        Array.Copy(Items, 0, items, Base, Used - Base);
                        Items = items;
                        Source = null;
                        Volatile.Write(ref Load, null);
                    }
                }

            return Items;
        }

        /// <summary>Item <paramref name="index"/> (below <see cref="Used"/>): an appended one without reading the unread ones.</summary>
        public T Get(int index)
        {
            if (Volatile.Read(ref Load) is not null && index >= Base)
                lock (this)
                    if (Load is not null) return Items[index - Base];
            return Loaded()[index];
        }
    }

    private readonly Buffer _buffer;

    private AppendList(Buffer buffer, int count)
    {
        _buffer = buffer;
        Count = count;
    }

    public static readonly AppendList<T> Empty = new(new Buffer([]), 0);

    public int Count { get; }

    /// <summary>
    /// A list of <paramref name="count"/> items that are read by <paramref name="load"/> only when first used (a
    /// snapshot's histories: most reads and writes never look at them). <paramref name="source"/> identifies where they
    /// come from, see <see cref="UnloadedSource"/>.
    /// </summary>
    internal static AppendList<T> Lazy(int count, Func<T[]> load, object? source = null) =>
        count == 0 ? Empty : new(new Buffer([]) { Used = count, Base = count, Load = load, Source = source }, count);

    /// <summary>The source given to <see cref="Lazy"/> while the items are still unread (so the list is unchanged), else null.</summary>
    internal object? UnloadedSource
    {
        get
        {
            var b = _buffer;
            lock (b) return b.Load is not null && Count == b.Base ? b.Source : null;
        }
    }

    public T this[int index] => (uint)index < (uint)Count ? _buffer.Get(index) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>A new list with <paramref name="item"/> appended; this list is unchanged.</summary>
    public AppendList<T> Add(T item)
    {
        var b = _buffer;
        lock (b)
        {
            if (b.Used == Count)
            {
                // Unread items stay unread (an issue appends its §6(d) step without reading the earlier ones).
                var at = b.Load is null ? Count : Count - b.Base;
                if (at == b.Items.Length) Array.Resize(ref b.Items, Math.Max(4, at * 2));
                b.Items[at] = item;
                b.Used = Count + 1;
                return new AppendList<T>(b, Count + 1);
            }
        }

        // A fork: someone already appended to this prefix. Copy it, then append.
        var items = b.Loaded();
        var copy = new T[Math.Max(4, Count * 2)];
        Array.Copy(items, copy, Count);
        copy[Count] = item;
        return new AppendList<T>(new Buffer(copy) { Used = Count + 1 }, Count + 1);
    }

    public IEnumerator<T> GetEnumerator()
    {
        var items = _buffer.Loaded();
        for (var i = 0; i < Count; i++) yield return items[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>An editor holding the newest view: <see cref="Add"/> moves it on; <see cref="ToImmutable"/> is O(1).</summary>
    public sealed class Builder(AppendList<T> from) : IReadOnlyList<T>
    {
        private AppendList<T> _list = from;

        public int Count => _list.Count;

        public T this[int index] => _list[index];

        public void Add(T item) => _list = _list.Add(item);

        public AppendList<T> ToImmutable() => _list;

        public IEnumerator<T> GetEnumerator() => _list.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public Builder ToBuilder() => new(this);
}
