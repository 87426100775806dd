using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Json.Schema;

namespace Charta.Core.Model;

/// <summary>
/// Reads a round scenario (JSON text) into a <see cref="RoundScenario"/>, after validating it against the published
/// JSON Schema (Model/scenario.schema.json). No I/O: callers pass the text in (a YAML file is converted by the CLI).
/// </summary>
public static class ScenarioLoader
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(ReadSchema()));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The published JSON Schema of the scenario format, as text.</summary>
    public static string SchemaText => ReadSchema();

    public static Result<RoundScenario> Load(string json, string source = "scenario")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return new Refusal(source, $"line {ex.LineNumber + 1}", "is not valid JSON");
        }

        using (doc)
        {
            var evaluation = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!evaluation.IsValid)
            {
                var failure = (evaluation.Details ?? []).FirstOrDefault(d => !d.IsValid && d.Errors is { Count: > 0 });
                var pointer = failure?.InstanceLocation.ToString() is { Length: > 0 } l ? l : "/";
                var message = failure?.Errors?.First() is { } e ? (e.Key.Length == 0 ? "this property is not part of the scenario format" : $"{e.Key}: {e.Value}") : "does not match the scenario schema";
                return new Refusal($"{source}{pointer}", ValueAt(doc.RootElement, pointer), $"{message} (see 'charta model schema')");
            }

            try
            {
                var s = doc.RootElement.Deserialize<RoundScenario>(Json);
                return s is null ? new Refusal(source, "null", "is empty") : s;
            }
            catch (JsonException ex)
            {
                return new Refusal($"{source}{ex.Path}", "?", "cannot be read (see 'charta model schema')");
            }
        }
    }

    private static string ValueAt(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var token in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next)) current = next;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var i) && i < current.GetArrayLength()) current = current[i];
            else return "(missing)";
        }

        var text = current.ValueKind switch { JsonValueKind.Object => "{…}", JsonValueKind.Array => "[…]", _ => current.GetRawText() };
        return text.Length > 60 ? text[..57] + "..." : text;
    }

    private static string ReadSchema()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Charta.Model.scenario.schema.json")
                           ?? throw new InvalidOperationException("missing embedded resource scenario.schema.json");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
