using System.Collections.Concurrent;

namespace Charta.Core.Charter;

/// <summary>
/// The charter's clause look-up: the citation of a rule the charter model does not carry a term for (e.g. the
/// consideration rule under the anti-dilution clause), found from a clause the charter does name. The rule's place is
/// the anchor's ancestor <c>up</c> levels above, then <c>path</c> (e.g. "(v)(A)"); it is cited only when the charter's own
/// legal text has that clause (on its own line, or inline in its enclosing paragraph). Otherwise the citation falls back
/// to the clause the charter names (the anchor's ancestor): a charter is never given another charter's numbering.
/// </summary>
public static class ClauseLookup
{
    private static readonly ConcurrentDictionary<string, string?> Texts = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Charter, string Citation), bool> Located = new();
    // The fold asks on every adjustment: the answer is kept per (charter, has text, anchor, path, up).
    private static readonly ConcurrentDictionary<(string Charter, bool Text, string Anchor, string Path, int Up), string> Answers = new();

    /// <summary>The citation, or null when the charter names no <paramref name="anchor"/>.</summary>
    public static string? Near(CharterDocument charter, string? anchor, string path, int up = 0) =>
        anchor is null ? null : Answers.GetOrAdd((charter.Id, charter.SourceText is not null, anchor, path, up), _ => Compute(charter, anchor, path, up));

    private static string Compute(CharterDocument charter, string anchor, string path, int up)
    {
        var parts = ClauseText.Split(anchor);
        // An anchor the look-up cannot read (another drafting style) is cited as the charter gives it.
        if (parts is null || parts.Count - up < 1) return anchor;
        var kept = parts.Take(parts.Count - up).ToList();
        var @base = Join(kept);
        if (charter.SourceText is null) return @base;
        var text = Texts.GetOrAdd(charter.Id, CharterLoader.EmbeddedSourceText);
        if (text is null) return @base;
        var wanted = @base + path;
        var found = Located.GetOrAdd((charter.Id, wanted), key => Locate(text, key.Citation));
        return found ? wanted : @base;
    }

    /// <summary>The clause is in the text: on its own line, or inline one level below a clause that is.</summary>
    private static bool Locate(string text, string wanted)
    {
        var m = ClauseText.Find(text, wanted);
        if (m is null) return false;
        if (m.Exact) return true;
        // Inline: the enclosing clause is laid out and its words carry the label, e.g. "(a)" inside §6(a)(ii).
        return ClauseText.Split(m.Citation) is { } got && ClauseText.Split(wanted) is { } w && got.Count == w.Count - 1
               && m.Text.Contains($"({w[^1]})", StringComparison.Ordinal);
    }

    private static string Join(IReadOnlyList<string> parts) =>
        parts.Count == 1 ? parts[0] : parts[0] + " §" + parts[1] + string.Concat(parts.Skip(2).Select(p => $"({p})"));
}
