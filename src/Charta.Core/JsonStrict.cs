using System.Text.Json;

namespace Charta.Core;

/// <summary>
/// Strict JSON reading shared by every input format (charter, OCF, ballots): a key given twice in one object is an
/// error, never "the last one wins" (System.Text.Json accepts duplicates by default).
/// </summary>
public static class JsonStrict
{
    /// <summary>The JSON pointer of the first key that repeats within its object (ordinal comparison), or null.</summary>
    public static string? DuplicateKey(JsonElement element, StringComparer? comparer = null) => Find(element, "", comparer ?? StringComparer.Ordinal);

    private static string? Find(JsonElement e, string path, StringComparer comparer)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? seen = null;
                foreach (var p in e.EnumerateObject())
                {
                    seen ??= new HashSet<string>(comparer);
                    var here = $"{path}/{Escape(p.Name)}";
                    if (!seen.Add(p.Name)) return here;
                    if (Find(p.Value, here, comparer) is { } inner) return inner;
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (Find(item, $"{path}/{i}", comparer) is { } inner) return inner;
                    i++;
                }

                return null;
            default:
                return null;
        }
    }

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
