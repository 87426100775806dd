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

    /// <summary>The largest charter file accepted (docs/cli.md, "Limits").</summary>
    public const long MaxBytes = 5_000_000;

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(ReadResource("charter.schema.json")));

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Ids of the charters embedded in the program.</summary>
    public static IReadOnlyList<string> EmbeddedIds { get; } = [DefaultCharterId, "simple-seed", "nvca-2020-style"];

    /// <summary>Ids of the annotated starting templates (`charta charter new --template ID`).</summary>
    public static IReadOnlyList<string> TemplateIds { get; } = ["nvca"];

    /// <summary>The JSON text of a starting template: a valid charter whose "notes" say what it is and what to change.</summary>
    public static string TemplateText(string id) =>
        TemplateIds.Contains(id) ? ReadTemplate(id) : throw new ArgumentException($"no template '{id}'", nameof(id));

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
            if (JsonStrict.DuplicateKey(doc.RootElement) is { } dup)
                return new Refusal($"{source}{dup}", "(given twice)", "this key is given twice in the same object; a charter gives each key once (the last would silently win)");

            // Before the schema: its evaluator reads every number as a decimal and throws on one beyond decimal's range.
            if (CheckValues(doc.RootElement, "", source) is { } bad) return bad;

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
                return new Refusal($"{source}{(ex.Path ?? "").TrimStart('$').Replace('.', '/')}", "?", $"cannot be read: {WithoutTypeNames(FirstSentence(ex.Message))}");
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

    /// <summary>
    /// What a schema cannot say about values: every number is held exactly by <c>decimal</c> (more digits are refused,
    /// never rounded), every date lies in 1900–2200, every fraction n/d has 0 ≤ n ≤ d (checked here, when the charter
    /// loads, not first when a rule uses it).
    /// </summary>
    private static Refusal? CheckValues(JsonElement e, string pointer, string source)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    var here = $"{pointer}/{p.Name.Replace("~", "~0").Replace("/", "~1")}";
                    if (p.Name is "fraction" or "exemptIfRetainedEquityMoreThan" && p.Value.ValueKind == JsonValueKind.String
                        && !Money.Fraction.TryParse(p.Value.GetString(), out _))
                        return new Refusal($"{source}{here}", p.Value.GetString()!, "must be a fraction n/d with 0 <= n <= d and d > 0 (a share of a whole cannot exceed it)");
                    if (CheckValues(p.Value, here, source) is { } r) return r;
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                    if (CheckValues(item, $"{pointer}/{i++}", source) is { } r) return r;
                return null;
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                if (!Limits.TryExactDecimal(raw, out var value, out var why))
                    return new Refusal($"{source}{pointer}", raw.Length > 60 ? raw[..57] + "..." : raw, why);
                if (Math.Abs(value) > Limits.MaxAmount)
                    return new Refusal($"{source}{pointer}", raw, $"is beyond {Limits.MaxAmount:N0}, the largest number Charta computes exactly (see Limits in docs/cli.md)");
                return null;
            case JsonValueKind.String:
                var text = e.GetString()!;
                var key = pointer[(pointer.LastIndexOf('/') + 1)..];
                if (key is "company" or "name" or "id" && Names.StakeholderName.Problem(text) is { } badText)
                    return new Refusal($"{source}{pointer}", Names.StakeholderName.Escape(text, 60), badText);
                if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
                    && Limits.CheckDate(date) is { } badDate)
                    return new Refusal($"{source}{pointer}", text, badDate);
                return null;
            default:
                return null;
        }
    }

    /// <summary>System.Text.Json names .NET types in its messages ("Term`1[System.Int64]"); the user sees the field only.</summary>
    private static string WithoutTypeNames(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Replace(message, @"\s*(to type|of type|type)?\s*'?[A-Za-z0-9_.]+`\d+\[[^\]]*\]'?", "");
        m = System.Text.RegularExpressions.Regex.Replace(m, @"\s*(to type|of type)?\s*'?(System|Charta)\.[A-Za-z0-9_.`\[\]]+'?", "");
        return m.Contains("could not be converted", StringComparison.Ordinal)
            ? "the value does not fit this field (a whole number within range, a decimal, a string or an object as the schema says)"
            : m;
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message.TrimEnd('.');
    }

    private static string ReadResource(string name) =>
        TryReadResource(name) ?? throw new InvalidOperationException($"missing embedded resource {name}");

    private static string ReadTemplate(string id)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Charta.Templates." + id + ".json")
                           ?? throw new InvalidOperationException($"missing embedded template {id}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string? TryReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Charta.Charters." + name);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
