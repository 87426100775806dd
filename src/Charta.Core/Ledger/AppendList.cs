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
    }

    private readonly Buffer _buffer;

    private AppendList(Buffer buffer, int count)
    {
        _buffer = buffer;
        Count = count;
    }

    public static readonly AppendList<T> Empty = new(new Buffer([]), 0);

    public int Count { get; }

    public T this[int index] => (uint)index < (uint)Count ? _buffer.Items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>A new list with <paramref name="item"/> appended; this list is unchanged.</summary>
    public AppendList<T> Add(T item)
    {
        var b = _buffer;
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
        var items = _buffer.Items;
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
