using System.Reflection;

namespace Charta.Core.Ledger;

/// <summary>Maps stored (name, version) pairs to event types and back.</summary>
public static class EventCatalog
{
    private static readonly Dictionary<(string Name, int Version), Type> ByName = new();
    private static readonly Dictionary<Type, (string Name, int Version)> ByType = new();

    static EventCatalog()
    {
        foreach (var t in typeof(LedgerEvent).Assembly.GetTypes())
        {
            if (t.IsAbstract || !typeof(LedgerEvent).IsAssignableFrom(t)) continue;
            var all = t.GetCustomAttributes<EventTypeAttribute>().ToArray();
            if (all.Length == 0) throw new InvalidOperationException($"event {t.Name} has no [EventType]");
            if (all.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != 1)
                throw new InvalidOperationException($"event {t.Name} is stored under more than one name");
            foreach (var a in all)
                if (!ByName.TryAdd((a.Name, a.Version), t))
                    throw new InvalidOperationException($"event name {a.Name} v{a.Version} is used twice");
            var latest = all.MaxBy(a => a.Version)!;
            ByType[t] = (latest.Name, latest.Version);
        }
    }

    public static (string Name, int Version) NameOf(LedgerEvent e) => NameOf(e.GetType());

    public static (string Name, int Version) NameOf(Type t) =>
        ByType.TryGetValue(t, out var n) ? n : throw new InvalidOperationException($"unregistered event type {t.Name}");

    /// <summary>The type a stored (name, version) is read into; an older version is upcast into the current type.</summary>
    public static Type? TypeOf(string name, int version) => ByName.GetValueOrDefault((name, version));

    /// <summary>True when the stored (name, version) is older than the version Charta writes (read through an upcast).</summary>
    public static bool IsUpcast(string name, int version) =>
        TypeOf(name, version) is { } t && NameOf(t).Version != version;

    public static IEnumerable<(string Name, int Version, Type Type)> All =>
        ByName.OrderBy(kv => kv.Key.Name, StringComparer.Ordinal).Select(kv => (kv.Key.Name, kv.Key.Version, kv.Value));
}
