using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Charta.Core.Ledger;

namespace Charta.Ledger;

/// <summary>Events as stored: a stable (name, version) and a JSON payload. Decimals keep their exact digits.</summary>
public static class EventSerializer
{
    /// <summary>
    /// Source-generated metadata for the foundation's events (fast on a million-event replay), falling back to
    /// reflection for any event type not listed in <see cref="LedgerJsonContext"/>.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(LedgerJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static (string Name, int Version, string Payload) Serialize(LedgerEvent e)
    {
        var (name, version) = EventCatalog.NameOf(e);
        return (name, version, JsonSerializer.Serialize(e, e.GetType(), Options));
    }

    public static LedgerEvent Deserialize(string name, int version, string payload) =>
        Deserialize(name, version, System.Text.Encoding.UTF8.GetBytes(payload));

    public static LedgerEvent Deserialize(string name, int version, ReadOnlySpan<byte> payload)
    {
        var type = EventCatalog.TypeOf(name, version)
                   ?? throw new InvalidDataException($"the ledger holds an event '{name}' v{version} that this version of Charta does not know");
        return (LedgerEvent?)JsonSerializer.Deserialize(payload, type, Options)
               ?? throw new InvalidDataException($"the ledger holds an empty '{name}' event");
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CompanyCreated))]
[JsonSerializable(typeof(StakeholderAdded))]
[JsonSerializable(typeof(SharesIssued))]
[JsonSerializable(typeof(InstrumentGranted))]
[JsonSerializable(typeof(InstrumentExercised))]
[JsonSerializable(typeof(InstrumentExpired))]
[JsonSerializable(typeof(InstrumentCancelled))]
[JsonSerializable(typeof(SharesTransferred))]
[JsonSerializable(typeof(SharesCancelled))]
[JsonSerializable(typeof(PreferredConverted))]
[JsonSerializable(typeof(StockSplit))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
