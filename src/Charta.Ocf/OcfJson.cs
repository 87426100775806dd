using System.Globalization;
using System.Text.Json;

namespace Charta.Ocf;

/// <summary>Reading OCF values: Numeric is a decimal string (never a double), dates are YYYY-MM-DD.</summary>
internal static class OcfJson
{
    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static JsonElement? Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static IEnumerable<JsonElement> Arr(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    public static IEnumerable<string> Strings(this JsonElement e, string name) =>
        e.Arr(name).Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!);

    /// <summary>An OCF Numeric read exactly: a value with more digits than <c>decimal</c> holds is not read (never rounded).</summary>
    public static bool TryNumeric(string? text, out decimal value) =>
        Charta.Core.Limits.TryExactDecimal(text, out value, out _) && text!.IndexOfAny(['e', 'E']) < 0;

    public static decimal? Num(this JsonElement e, string name) => TryNumeric(e.Str(name), out var d) ? d : null;

    /// <summary>The amount of a Monetary field.</summary>
    public static decimal? Money(this JsonElement e, string name) => e.Obj(name) is { } m ? m.Num("amount") : null;

    public static DateOnly? Date(this JsonElement e, string name) =>
        DateOnly.TryParseExact(e.Str(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>
    /// Writes a decimal as an OCF Numeric: its exact digits as held (1.00 stays 1.00, so a round trip keeps the
    /// scale). OCF allows at most 10 decimals; Charta's prices never carry more (split-adjusted prices are rounded to
    /// 10 places, Rounding.SplitAdjustedPrice), and anything finer is rounded half away from zero to 10.
    /// </summary>
    public static string Numeric(decimal d)
    {
        var r = d.Scale > 10 ? decimal.Round(d, 10, MidpointRounding.AwayFromZero) : d;
        return r.ToString(CultureInfo.InvariantCulture);
    }

    public static string Numeric(long n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
