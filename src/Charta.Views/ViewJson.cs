using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Charta.Views;

/// <summary>The JSON settings of every view: web (camelCase) names, kebab-case enums, exact decimals as numbers.</summary>
public static class ViewJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });

    /// <summary>Applies the view settings to <paramref name="o"/> (the server configures its own options object this way).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return o;
    }
}
