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

    // Empty is shared by every fold: its buffer is never appended to in place (Used = 1 makes every Add a fork of
    // nothing), so one fold's first append does not become everyone's.
    public static readonly AppendList<T> Empty = new(new Buffer([]) { Used = 1 }, 0);

    public int Count { get; }

    public T this[int index] => (uint)index < (uint)Count ? Volatile.Read(ref _buffer.Items)[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>A new list with <paramref name="item"/> appended; this list is unchanged.</summary>
    public AppendList<T> Add(T item)
    {
        var b = _buffer;
        // Claim the next free slot of the shared buffer if this view is its newest (no lock: one compare-and-swap).
        // Only the claimant writes that slot, and only it can make a view that reads it, so readers of older views
        // never see it; a resize copies the prefix, whose values never change.
        if (Volatile.Read(ref b.Used) == Count && Interlocked.CompareExchange(ref b.Used, Count + 1, Count) == Count)
        {
            if (Count == b.Items.Length)
            {
                var grown = new T[Math.Max(4, Count * 2)];
                Array.Copy(b.Items, grown, Count);
                grown[Count] = item;
                Volatile.Write(ref b.Items, grown);
            }
            else
            {
                b.Items[Count] = item;
            }

            return new AppendList<T>(b, Count + 1);
        }

        // A fork: someone already appended to this prefix. Copy it, then append.
        var copy = new T[Math.Max(4, Count * 2)];
        Array.Copy(Volatile.Read(ref b.Items), copy, Count);
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
