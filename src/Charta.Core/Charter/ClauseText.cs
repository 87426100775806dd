using System.Text.RegularExpressions;

namespace Charta.Core.Charter;

/// <summary>
/// Finds the text of a clause in a charter's legal text by its citation, e.g. "FOURTH §6(d)(iv)" or "SEVENTH", so
/// that a figure can be shown next to the words that produced it. The text is read as a certificate of incorporation
/// is laid out: articles (FIRST. … NINTH.), numbered sections ("6."), lettered paragraphs ("d."), then "(iv)",
/// "(A)", "(1)". Page numbers and page footers are dropped.
/// </summary>
public static partial class ClauseText
{
    /// <summary>The clause found: its citation (the deepest one located), its text, and whether that is the one asked for.</summary>
    public sealed record ClauseMatch(string Citation, string Text, bool Exact);

    private static readonly string[] Articles = ["FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH"];

    // One pattern per level below the article, each anchored at the start of a line.
    private static readonly Regex[] Levels =
    [
        SectionLine(),  // "6.     Conversion."
        LetterLine(),   // "d. Adjustments…"
        RomanLine(),    // "(iv) Adjustment…" or "(i)Special…"
        CapitalLine(),  // "(A) 'Options'…"
        DigitLine(),    // "(1) upon conversion…"
    ];

    /// <summary>The parts of a citation: "FOURTH §6(d)(i)(D)(2)" → FOURTH, 6, d, i, D, 2.</summary>
    public static IReadOnlyList<string>? Split(string citation)
    {
        var m = CitationPattern().Match(citation.Trim());
        if (!m.Success) return null;
        var parts = new List<string> { m.Groups["article"].Value.ToUpperInvariant() };
        if (m.Groups["section"].Success) parts.Add(m.Groups["section"].Value);
        foreach (Capture c in m.Groups["sub"].Captures) parts.Add(c.Value);
        return parts;
    }

    /// <summary>
    /// The text of the clause, with white space folded. When a sub-clause is not laid out on a line of its own (e.g.
    /// the inline "(a)" of §6(a)(ii)), the deepest enclosing clause is returned and <see cref="ClauseMatch.Exact"/> is
    /// false. Null when the citation cannot be read or its article is not in the text.
    /// </summary>
    public static ClauseMatch? Find(string legalText, string citation)
    {
        var parts = Split(citation);
        if (parts is null) return null;
        var lines = legalText.Replace("\r\n", "\n").Split('\n').Where(l => !PageFurniture().IsMatch(l)).ToArray();

        var start = Array.FindIndex(lines, l => Regex.IsMatch(l, $@"^\s*{parts[0]}\.\s"));
        if (start < 0) return null;
        var end = Array.FindIndex(lines, start + 1, l => Articles.Any(a => Regex.IsMatch(l, $@"^\s*{a}\.\s")));
        if (end < 0) end = lines.Length;

        for (var level = 0; level < parts.Count - 1; level++)
        {
            if (level >= Levels.Length) return null;
            var pattern = Levels[level];
            var label = parts[level + 1];
            var found = -1;
            for (var i = start; i < end; i++)
            {
                var m = pattern.Match(lines[i]);
                if (m.Success && m.Groups[1].Value == label)
                {
                    found = i;
                    break;
                }
            }

            if (found < 0) return Match(parts, level + 1, lines, start, end, exact: false);
            var next = end;
            for (var i = found + 1; i < end; i++)
                if (pattern.IsMatch(lines[i]))
                {
                    next = i;
                    break;
                }

            (start, end) = (found, next);
        }

        return Match(parts, parts.Count, lines, start, end, exact: true);
    }

    private static ClauseMatch Match(IReadOnlyList<string> parts, int depth, string[] lines, int start, int end, bool exact)
    {
        var cited = parts[0] + (depth > 1 ? " §" + parts[1] + string.Concat(parts.Skip(2).Take(depth - 2).Select(p => $"({p})")) : "");
        return new ClauseMatch(cited, WhiteSpace().Replace(string.Join(' ', lines[start..end]), " ").Trim(), exact);
    }

    [GeneratedRegex(@"^(?<article>FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|TENTH)(\s*§\s*(?<section>\d+)(\((?<sub>[a-zA-Z0-9]+)\))*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex CitationPattern();

    [GeneratedRegex(@"^\s*(?:-\d+-|\d+|EXHIBIT 3\.1)\s*$")]
    private static partial Regex PageFurniture();

    [GeneratedRegex(@"^\s+(\d)\.\s+\S")]
    private static partial Regex SectionLine();

    [GeneratedRegex(@"^\s+([a-j])\.\s+\S")]
    private static partial Regex LetterLine();

    [GeneratedRegex(@"^\s+\((i|ii|iii|iv|v|vi|vii|viii|ix|x)\)")]
    private static partial Regex RomanLine();

    [GeneratedRegex(@"^\s+\(([A-H])\)")]
    private static partial Regex CapitalLine();

    [GeneratedRegex(@"^\s+\((\d)\)")]
    private static partial Regex DigitLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
