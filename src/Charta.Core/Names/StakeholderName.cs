using System.Globalization;
using System.Text;

namespace Charta.Core.Names;

/// <summary>
/// A stakeholder's name as the ledger keeps it: Unicode NFC (so a composed and a decomposed "Álice" are one holder),
/// 1–200 characters, no control characters (newline, NUL, ESC of ANSI sequences …), no bidirectional override or
/// isolate characters (U+202A–U+202E, U+2066–U+2069, which can make a name display as another), no leading or
/// trailing spaces. Every edge that takes a name (CLI, OCF import) and the fold's stakeholder check go through
/// <see cref="Parse"/>.
/// </summary>
public readonly record struct StakeholderName
{
    private StakeholderName(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>The name in NFC, or a refusal naming <paramref name="field"/> and what is wrong with it.</summary>
    public static Result<StakeholderName> Parse(string field, string? text)
    {
        if (text is null || text.Length == 0) return new Refusal(field, "\"\"", "a name must not be empty");
        if (text.Length > Limits.MaxNameLength * 4)
            return new Refusal(field, Preview(text), $"is {text.Length:N0} characters; a name has at most {Limits.MaxNameLength} (see Limits in docs/cli.md)");
        if (Problem(text) is { } bad) return new Refusal(field, Preview(text), bad);
        string nfc;
        try
        {
            nfc = Nfc.Normalize(text);
        }
        catch (ArgumentException)
        {
            return new Refusal(field, Preview(text), "is not valid Unicode text (a lone surrogate); give the name as UTF-8 text");
        }

        var length = new StringInfo(nfc).LengthInTextElements;
        if (length > Limits.MaxNameLength)
            return new Refusal(field, Preview(nfc), $"is {length:N0} characters; a name has at most {Limits.MaxNameLength} (see Limits in docs/cli.md)");
        if (nfc.Trim().Length != nfc.Length) return new Refusal(field, Preview(nfc), "must not begin or end with a space");
        if (nfc.Trim().Length == 0) return new Refusal(field, Preview(nfc), "a name must not be blank");
        return new StakeholderName(nfc);
    }

    /// <summary>Why free text (a name, id, note) cannot be kept, or null: control or bidi-override characters.</summary>
    public static string? Problem(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
                return $"contains the control character U+{(int)c:X4}; names and text may not contain control characters (newline, tab, NUL, ESC …)";
            if (IsBidiControl(c))
                return $"contains the bidirectional formatting character U+{(int)c:X4}, which can make text display as something else; remove it";
        }

        return null;
    }

    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>A safe, one-line, bounded rendering of untrusted text for a message, in quotes.</summary>
    public static string Preview(string text, int max = 60) => Escape(text, max, quoted: true);

    /// <summary>Untrusted text made safe for a one-line message: control and bidi characters escaped as \uXXXX, cut at
    /// <paramref name="max"/> characters with the full length stated.</summary>
    public static string Escape(string text, int max = 80, bool quoted = false)
    {
        var sb = new StringBuilder();
        var cut = false;
        foreach (var c in text)
        {
            if (sb.Length >= max) { cut = true; break; }
            if (char.IsControl(c) || IsBidiControl(c)) sb.Append($"\\u{(int)c:X4}");
            else sb.Append(c);
        }

        var shown = quoted ? $"\"{sb}{(cut ? "…" : "")}\"" : $"{sb}{(cut ? "…" : "")}";
        return cut ? $"{shown} ({text.Length:N0} characters)" : shown;
    }
}
