using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Json.Schema;

namespace Charta.Core.Charter;

/// <summary>
/// Reads a charter document (JSON text) into a <see cref="CharterDocument"/>: first the published JSON Schema,
/// then the cross-field rules that a schema cannot say. The loader does no I/O: callers pass the text in.
/// </summary>
public static class CharterLoader
{
    public const string DefaultCharterId = "juniper-1999";

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(ReadResource("charter.schema.json")));

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Ids of the charters embedded in the program.</summary>
    public static IReadOnlyList<string> EmbeddedIds { get; } = [DefaultCharterId];

    /// <summary>The published JSON Schema of the charter format, as text.</summary>
    public static string SchemaText => ReadResource("charter.schema.json");

    public static bool IsEmbedded(string id) => EmbeddedIds.Contains(id);

    /// <summary>The JSON text of an embedded charter.</summary>
    public static string EmbeddedText(string id) =>
        IsEmbedded(id) ? ReadResource(id + ".json") : throw new ArgumentException($"no embedded charter '{id}'", nameof(id));

    /// <summary>The legal text an embedded charter was transcribed from, for clause look-up; null when none ships.</summary>
    public static string? EmbeddedSourceText(string id) =>
        IsEmbedded(id) ? TryReadResource(id + ".txt") : null;

    public static CharterDocument LoadEmbedded(string id)
    {
        var result = Load(EmbeddedText(id), $"embedded:{id}");
        return result.IsOk ? result.Value : throw new InvalidOperationException($"embedded charter '{id}' is invalid: {result.Refusal}");
    }

    public static CharterDocument Default => LoadEmbedded(DefaultCharterId);

    /// <summary>Parses and validates a charter document. Errors name the field (a JSON pointer) and the rule that failed.</summary>
    public static Result<CharterDocument> Load(string json, string source = "charter")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return new Refusal(source, $"line {ex.LineNumber + 1}", $"is not valid JSON: {FirstSentence(ex.Message)}");
        }

        using (doc)
        {
            var evaluation = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
            if (!evaluation.IsValid)
            {
                var failure = FirstFailure(evaluation);
                var pointer = failure.Location.Length == 0 ? "/" : failure.Location;
                return new Refusal($"{source}{pointer}", ValueAt(doc.RootElement, failure.Location),
                    $"fails schema rule '{failure.Keyword}': {failure.Message}");
            }

            CharterDocument? charter;
            try
            {
                charter = doc.RootElement.Deserialize<CharterDocument>(Json);
            }
            catch (JsonException ex)
            {
                return new Refusal($"{source}{ex.Path}", "?", $"cannot be read: {FirstSentence(ex.Message)}");
            }

            return charter is null ? new Refusal(source, "null", "is empty") : CharterRules.Check(charter, source);
        }
    }

    /// <summary>The cross-field rules of a charter built in memory (e.g. an amended copy), without the JSON round trip.</summary>
    public static Result<CharterDocument> Check(CharterDocument charter, string source = "charter") => CharterRules.Check(charter, source);

    /// <summary>Serializes a charter back to the document format.</summary>
    public static string ToJson(CharterDocument charter) => JsonSerializer.Serialize(charter, Json);

    private readonly record struct Failure(string Location, string Keyword, string Message);

    private static Failure FirstFailure(EvaluationResults results)
    {
        // Hierarchical output: follow the chain of failing nodes down to the deepest one. A failing "if" is not an
        // error (it only selects whether "then" applies), so it is never followed.
        var node = results;
        while (true)
        {
            var next = node.Details?.FirstOrDefault(d => !d.IsValid && !d.EvaluationPath.ToString().EndsWith("/if", StringComparison.Ordinal));
            if (next is null) break;
            node = next;
        }

        var location = node.InstanceLocation.ToString();
        if (node.Errors is { Count: > 0 } errors)
        {
            var (keyword, message) = errors.First();
            // A property outside the format fails against the "false" schema of additionalProperties.
            return keyword.Length == 0
                ? new Failure(location, "additionalProperties", "this property is not part of the charter format")
                : new Failure(location, keyword, message);
        }

        var path = node.EvaluationPath.ToString();
        var last = path[(path.LastIndexOf('/') + 1)..];
        return new Failure(location, last.Length == 0 ? "schema" : last, "the value does not match the charter schema here");
    }

    private static string ValueAt(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next)) current = next;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var i) && i < current.GetArrayLength()) current = current[i];
            else return "(missing)";
        }

        var text = current.ValueKind switch
        {
            JsonValueKind.Object => "{…}",
            JsonValueKind.Array => "[…]",
            _ => current.GetRawText(),
        };
        return text.Length > 60 ? text[..57] + "..." : text;
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message.TrimEnd('.');
    }

    private static string ReadResource(string name) =>
        TryReadResource(name) ?? throw new InvalidOperationException($"missing embedded resource {name}");

    private static string? TryReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Charta.Charters." + name);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
