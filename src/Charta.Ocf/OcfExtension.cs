using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Charta.Core.Ledger;

namespace Charta.Ocf;

/// <summary>
/// The Charta extension of an exported OCF package (docs/ocf.md). OCF v1.2.0 objects allow no property outside the
/// schema (additionalProperties: false) but every object, and the manifest, has <c>comments</c>: an array of strings.
/// Each ledger event travels as one comment <c>charta-event/1 {"seq":…,"type":…,"version":…,"event":{…}}</c>, the
/// event exactly as the ledger stores it. It sits on the first OCF object written for the event (its transaction, its
/// stakeholder, its stock plan, the issuer for <c>company-created</c>), or in the manifest's <c>comments</c> when OCF has
/// no object for it (a dividend declared, a registration filed, a voided event and its void, a correction…).
/// The OCF objects still state every holding, so a reader that ignores the comments sees the right positions; an
/// import with <c>--charter</c> reads the events and checks them against the OCF holdings.
/// </summary>
public static class OcfExtension
{
    public const string Prefix = "charta-event/1 ";

    /// <summary>Written in the manifest's comments of every Charta export, before the events.</summary>
    public const string Marker = "charta-ledger/1 exported by Charta: each charta-event/1 comment is one ledger event (docs/ocf.md)";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Every event type of the catalog, by reflection (as the store's serializer falls back to), whatever the host's default.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    /// <summary>One event as its comment.</summary>
    public static string Encode(long sequence, LedgerEvent e)
    {
        // The catalog's names are plain ASCII ([a-z-]), so they need no escaping; the payload is written once, as text.
        var (name, version) = EventCatalog.NameOf(e);
        return string.Concat(Prefix, "{\"seq\":", sequence.ToString(CultureInfo.InvariantCulture), ",\"type\":\"", name,
            "\",\"version\":", version.ToString(CultureInfo.InvariantCulture), ",\"event\":", JsonSerializer.Serialize(e, e.GetType(), Options), "}");
    }

    public static bool IsExtension(string comment) => comment.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Reads one comment back: the sequence and the event, or the reason it cannot be read.</summary>
    public static (long Sequence, LedgerEvent? Event, string? Problem) Decode(string comment)
    {
        try
        {
            using var doc = JsonDocument.Parse(comment.AsMemory(Prefix.Length));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("seq", out var seq) || !seq.TryGetInt64(out var sequence) || sequence < 1
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var v)
                || !root.TryGetProperty("event", out var payload) || payload.ValueKind != JsonValueKind.Object)
                return (0, null, "is not a charta-event/1 comment (seq, type, version and event are needed)");
            var t = EventCatalog.TypeOf(type.GetString()!, v);
            if (t is null) return (sequence, null, $"names an event '{type.GetString()}' v{v.ToString(CultureInfo.InvariantCulture)} that this version of Charta does not know");
            var e = (LedgerEvent?)payload.Deserialize(t, Options);
            return e is null ? (sequence, null, "holds an empty event") : (sequence, e, null);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            return (0, null, $"cannot be read: {ex.Message.Split('\n')[0]}");
        }
    }

    /// <summary>The events an imported ledger refers to by sequence, re-pointed at their new sequence.</summary>
    internal static LedgerEvent Repoint(LedgerEvent e, Func<long, long?> map) => e switch
    {
        ConversionCorrected c when map(c.Event) is { } n => c with { Event = n },
        DividendCorrected d when map(d.Event) is { } n => d with { Event = n },
        EventVoided v when map(v.Event) is { } n => v with { Event = n },
        _ => e,
    };
}
