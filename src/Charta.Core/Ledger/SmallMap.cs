using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Charta.Core.Ledger;

/// <summary>
/// An immutable map of a handful of entries keyed by class or series id (ordinal), in insertion order (the charter's
/// order). Look-up is a short linear scan, cheaper than hashing at this size; the fold edits a copy.
/// </summary>
public sealed class SmallMap<TValue> : IReadOnlyDictionary<string, TValue>
{
    private readonly string[] _keys;
    private readonly TValue[] _values;

    public static readonly SmallMap<TValue> Empty = new([], []);

    private SmallMap(string[] keys, TValue[] values)
    {
        _keys = keys;
        _values = values;
    }

    /// <summary>The entries of <paramref name="d"/> in its enumeration order (insertion order for a dictionary without removals).</summary>
    public static SmallMap<TValue> From(IEnumerable<KeyValuePair<string, TValue>> d)
    {
        var pairs = d.ToArray();
        return pairs.Length == 0 ? Empty : new SmallMap<TValue>(pairs.Select(p => p.Key).ToArray(), pairs.Select(p => p.Value).ToArray());
    }

    public int Count => _keys.Length;

    public IEnumerable<string> Keys => _keys;

    public IEnumerable<TValue> Values => _values;

    public TValue this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"no entry for '{key}'");

    public bool ContainsKey(string key) => Array.IndexOf(_keys, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        for (var i = 0; i < _keys.Length; i++)
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                value = _values[i];
                return true;
            }

        value = default;
        return false;
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++) yield return new KeyValuePair<string, TValue>(_keys[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
