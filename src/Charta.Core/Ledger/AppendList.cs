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
        public T[] Items = items;
        public int Used;

        /// <summary>Set while the items are not read yet (a list restored from a snapshot): they are loaded on first use.</summary>
        public Func<T[]>? Load;

        /// <summary>What the unloaded items come from (a snapshot section), so an unchanged list can be written back as it was read.</summary>
        public object? Source;

        public T[] Loaded()
        {
            if (Load is not null)
                lock (this)
                {
                    if (Load is { } load)
                    {
                        var items = load();
                        if (items.Length < Used) throw new InvalidOperationException("a lazily loaded list has fewer items than it was restored with");
                        Items = items;
                        Load = null;
                        Source = null;
                    }
                }

            return Items;
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
        count == 0 ? Empty : new(new Buffer([]) { Used = count, Load = load, Source = source }, count);

    /// <summary>The source given to <see cref="Lazy"/> while the items are still unread (so the list is unchanged), else null.</summary>
    internal object? UnloadedSource
    {
        get
        {
            var b = _buffer;
            lock (b) return b.Load is not null && b.Used == Count ? b.Source : null;
        }
    }

    public T this[int index] => (uint)index < (uint)Count ? _buffer.Loaded()[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>A new list with <paramref name="item"/> appended; this list is unchanged.</summary>
    public AppendList<T> Add(T item)
    {
        var b = _buffer;
        b.Loaded();
        lock (b)
        {
            if (b.Used == Count)
            {
                if (Count == b.Items.Length) Array.Resize(ref b.Items, Math.Max(4, Count * 2));
                b.Items[Count] = item;
                b.Used = Count + 1;
                return new AppendList<T>(b, Count + 1);
            }
        }

        // A fork: someone already appended to this prefix. Copy it, then append.
        var copy = new T[Math.Max(4, Count * 2)];
        Array.Copy(b.Items, copy, Count);
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
