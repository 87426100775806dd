using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Json.Schema;

namespace Charta.Ocf;

/// <summary>One schema violation: the JSON pointer inside the validated value, the keyword and its message.</summary>
public sealed record SchemaViolation(string Pointer, string Keyword, string Message);

/// <summary>
/// The OCF v1.2.0 JSON Schemas, embedded in this assembly and registered by their <c>$id</c> in a private registry,
/// so every <c>$ref</c> resolves offline. Items are validated by their <c>object_type</c> (the file-level
/// <c>oneOf</c> of TransactionsFile omits some transaction types, so OCF's own validator dispatches the same way).
/// Compiled schemas are built once and shared; evaluation is thread-safe.
/// </summary>
public static class OcfSchemas
{
    public const string Version = "1.2.0";
    public const string IdPrefix = "https://schema.opencaptablecoalition.com/v/1.2.0/";

    private static readonly Lazy<Registry> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private sealed record Registry(
        IReadOnlyDictionary<string, JsonSchema> ById,
        IReadOnlyDictionary<string, JsonSchema> ByObjectType,
        IReadOnlyDictionary<string, JsonSchema> ByFileType);

    /// <summary>Every object_type the schemas define.</summary>
    public static IEnumerable<string> ObjectTypes => Loaded.Value.ByObjectType.Keys.Order(StringComparer.Ordinal);

    public static bool IsKnownObjectType(string objectType) => Loaded.Value.ByObjectType.ContainsKey(objectType);

    /// <summary>The schema of one object by its object_type, or null when the type is unknown.</summary>
    public static JsonSchema? ForObjectType(string objectType) => Loaded.Value.ByObjectType.GetValueOrDefault(objectType);

    public static JsonSchema? ForFileType(string fileType) => Loaded.Value.ByFileType.GetValueOrDefault(fileType);

    public static JsonSchema ById(string id) => Loaded.Value.ById[id];

    /// <summary>Validates one OCF object by its object_type. An unknown or missing type is itself a violation.</summary>
    public static IReadOnlyList<SchemaViolation> ValidateObject(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return [new SchemaViolation("", "type", "an OCF object must be a JSON object")];
        if (!item.TryGetProperty("object_type", out var t) || t.ValueKind != JsonValueKind.String)
            return [new SchemaViolation("/object_type", "required", "every OCF object needs a string object_type")];
        var schema = ForObjectType(t.GetString()!);
        if (schema is null) return [new SchemaViolation("/object_type", "enum", $"'{t.GetString()}' is not an object_type of OCF v{Version}")];
        return Evaluate(schema, item);
    }

    /// <summary>Validates a value against a schema and returns the violations at the deepest locations (empty when valid).</summary>
    public static IReadOnlyList<SchemaViolation> Evaluate(JsonSchema schema, JsonElement value)
    {
        var fast = schema.Evaluate(value, new EvaluationOptions { OutputFormat = OutputFormat.Flag });
        if (fast.IsValid) return [];
        var results = schema.Evaluate(value, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var list = new List<SchemaViolation>();
        Collect(results, list);
        if (list.Count == 0) list.Add(new SchemaViolation("", "schema", "does not match its schema"));
        // The deepest failures name the offending field; anyOf/allOf wrappers above them add only noise. Several
        // failures at one location (the branches of a oneOf) are one finding.
        var depth = list.Max(v => v.Pointer.Count(c => c == '/'));
        return list.Where(v => v.Pointer.Count(c => c == '/') == depth)
            .GroupBy(v => v.Pointer)
            .Select(g => new SchemaViolation(g.Key, string.Join("|", g.Select(v => v.Keyword).Distinct()), string.Join("; or ", g.Select(v => v.Message).Distinct())))
            .ToArray();
    }

    /// <summary>Errors of failing nodes only: a branch that failed inside a passing oneOf/anyOf is not a violation.</summary>
    private static void Collect(EvaluationResults node, List<SchemaViolation> list)
    {
        if (node.IsValid) return;
        if (node.Errors is { Count: > 0 } errs)
            foreach (var (k, m) in errs) list.Add(new SchemaViolation(node.InstanceLocation.ToString(), k, m));
        foreach (var child in node.Details ?? []) Collect(child, list);
    }

    private static Registry Load()
    {
        var asm = typeof(OcfSchemas).Assembly;
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var texts = new List<(string Id, JsonElement Root, string Text)>();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("Charta.Ocf.Schemas.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            using var doc = JsonDocument.Parse(text);
            var id = doc.RootElement.GetProperty("$id").GetString()!;
            texts.Add((id, doc.RootElement.Clone(), text));
        }

        var byId = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var (id, root, _) in texts)
        {
            var schema = JsonSchema.Build(root, options, new Uri(id));
            options.SchemaRegistry.Register(new Uri(id), schema);
            byId[id] = schema;
        }

        var byObject = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        var byFile = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        // Exact consts first, then the enums of shared schemas (legacy TX_PLAN_SECURITY_* names).
        foreach (var pass in new[] { "const", "enum" })
        foreach (var (id, root, _) in texts)
        {
            if (!root.TryGetProperty("properties", out var props)) continue;
            foreach (var (field, target) in new[] { ("object_type", byObject), ("file_type", byFile) })
            {
                if (!props.TryGetProperty(field, out var ot)) continue;
                if (pass == "const" && ot.TryGetProperty("const", out var c) && c.ValueKind == JsonValueKind.String)
                    target.TryAdd(c.GetString()!, byId[id]);
                if (pass == "enum" && ot.TryGetProperty("enum", out var e) && !id.Contains("/enums/", StringComparison.Ordinal))
                    foreach (var v in e.EnumerateArray())
                        if (v.ValueKind == JsonValueKind.String) target.TryAdd(v.GetString()!, byId[id]);
            }
        }

        return new Registry(byId, byObject, byFile);
    }
}
