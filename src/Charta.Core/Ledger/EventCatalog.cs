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
            var a = t.GetCustomAttribute<EventTypeAttribute>()
                    ?? throw new InvalidOperationException($"event {t.Name} has no [EventType]");
            if (!ByName.TryAdd((a.Name, a.Version), t))
                throw new InvalidOperationException($"event name {a.Name} v{a.Version} is used twice");
            ByType[t] = (a.Name, a.Version);
        }
    }

    public static (string Name, int Version) NameOf(LedgerEvent e) => NameOf(e.GetType());

    public static (string Name, int Version) NameOf(Type t) =>
        ByType.TryGetValue(t, out var n) ? n : throw new InvalidOperationException($"unregistered event type {t.Name}");

    public static Type? TypeOf(string name, int version) => ByName.GetValueOrDefault((name, version));

    public static IEnumerable<(string Name, int Version, Type Type)> All =>
        ByName.OrderBy(kv => kv.Key.Name, StringComparer.Ordinal).Select(kv => (kv.Key.Name, kv.Key.Version, kv.Value));
}
