using System.CommandLine;
using System.Globalization;
using System.Text;
using Charta.Core;
using Charta.Core.Names;

namespace Charta.Cli;

/// <summary>
/// Turns option text into domain values. Numbers are read with the invariant culture (a thousands comma is
/// allowed, a decimal comma is not); a bad value is a refusal naming the option and the value. Every value is held
/// to the limits of <see cref="Limits"/> (docs/cli.md, "Limits"): more digits than a decimal holds exactly are
/// refused, never rounded.
/// </summary>
public static class Parse
{
    public static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    public static Option<string?> Optional(string name, string description) => new(name) { Description = description };

    /// <summary>Free text (an id, a name, a note): NFC, no control or bidi-override characters, at most 1,000 characters.</summary>
    public static string Text(ParseResult p, Option<string> o) => Text(o.Name, p.GetValue(o)!);

    public static string Text(string field, string text)
    {
        if (text.Length > Limits.MaxTextLength)
            throw Refuse(field, text, $"is {text.Length:N0} characters; at most {Limits.MaxTextLength:N0} are accepted (see Limits in docs/cli.md)");
        if (StakeholderName.Problem(text) is { } bad) throw Refuse(field, text, bad);
        try
        {
            return Nfc.Normalize(text);
        }
        catch (ArgumentException)
        {
            throw Refuse(field, text, "is not valid Unicode text");
        }
    }

    /// <summary>A stakeholder's name (NFC, 1–200 characters, no control or bidi-override characters).</summary>
    public static string Name(string field, string text)
    {
        var r = StakeholderName.Parse(field, text);
        return r.IsOk ? r.Value.Value : throw new CliRefusalException(r.Refusal!);
    }

    public static long Shares(ParseResult p, Option<string> o) => Shares(o.Name, p.GetValue(o)!);

    // A thousands comma must group digits in threes: "2,40" is a European decimal, not 240.
    private static readonly System.Text.RegularExpressions.Regex Grouped = new(@"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$");

    private static bool BadGrouping(string t) => t.Contains(',') && !Grouped.IsMatch(t);

    public static long Shares(string field, string text)
    {
        if (BadGrouping(text.Trim())) throw Refuse(field, text, "must be a whole number of shares (a ',' must group thousands)");
        var digits = text.Trim().Replace("_", "").Replace(",", "");
        if (digits.Length > 0 && digits.TrimStart('+', '-').All(char.IsAsciiDigit) && digits.TrimStart('+', '-').TrimStart('0').Length > 18)
            throw Refuse(field, text, $"is more than the {Limits.MaxShares:N0} shares Charta computes exactly (see Limits in docs/cli.md)");
        if (!long.TryParse(text.Replace("_", ""), NumberStyles.AllowThousands | NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var n))
            throw Refuse(field, text, "must be a whole number of shares");
        if (n <= 0) throw Refuse(field, text, "must be a positive number of shares");
        if (n > Limits.MaxShares) throw Refuse(field, text, $"is more than the {Limits.MaxShares:N0} shares Charta computes exactly (see Limits in docs/cli.md)");
        return n;
    }

    /// <summary>A number of shares that may be zero (an authorized number): as <see cref="Shares(string, string)"/> otherwise.</summary>
    public static long ShareCount(string field, string text) =>
        text.Trim() is "0" or "+0" ? 0 : Shares(field, text);

    public static decimal Money(ParseResult p, Option<string> o) => Money(o.Name, p.GetValue(o)!);

    public static decimal? OptionalMoney(ParseResult p, Option<string?> o) => p.GetValue(o) is { } t ? Money(o.Name, t) : null;

    /// <summary>Options priced per share (--price, --market-price, --per-share …) are held to the per-share limit.</summary>
    private static bool IsPerShare(string field) =>
        field.Contains("price", StringComparison.OrdinalIgnoreCase) || field.Contains("per-share", StringComparison.OrdinalIgnoreCase)
        || field.Contains("fmv", StringComparison.OrdinalIgnoreCase);

    public static decimal Money(string field, string text)
    {
        var t = text.Trim().TrimStart('$').Replace("_", "");
        if (BadGrouping(t)) throw Refuse(field, text, "must be a decimal amount such as 1.07 (use '.' for decimals; ',' only to group thousands)");
        var plain = t.Replace(",", "");
        if (!Limits.TryExactDecimal(plain, out var d, out var why))
        {
            if (why.StartsWith("is not", StringComparison.Ordinal))
                throw Refuse(field, text, "must be a decimal amount such as 1.07 (use '.' for decimals)");
            throw Refuse(field, text, why);
        }

        if (d < 0) throw Refuse(field, text, "must not be negative");
        if (IsPerShare(field) && d > Limits.MaxPricePerShare)
            throw Refuse(field, text, $"is more than {Limits.MaxPricePerShare:N0} dollars per share, the largest price Charta computes exactly (see Limits in docs/cli.md)");
        if (d > Limits.MaxAmount)
            throw Refuse(field, text, $"is more than {Limits.MaxAmount:N0} dollars, the largest amount Charta computes exactly (see Limits in docs/cli.md)");
        return d;
    }

    public static DateOnly Date(ParseResult p, Option<string> o) => Date(o.Name, p.GetValue(o)!);

    public static DateOnly? OptionalDate(ParseResult p, Option<string?> o) => p.GetValue(o) is { } t ? Date(o.Name, t) : null;

    public static DateOnly Date(string field, string text)
    {
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw Refuse(field, text, "must be a date YYYY-MM-DD");
        if (Limits.CheckDate(d) is { } bad) throw Refuse(field, text, bad);
        return d;
    }

    /// <summary>A split ratio "3:1" (three new shares for each old one) or "1:2" (a combination).</summary>
    public static (long Numerator, long Denominator) Ratio(string field, string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            || n <= 0 || d <= 0)
            throw Refuse(field, text, "must be a ratio NEW:OLD of positive whole numbers, e.g. 3:1 (split) or 1:2 (combination)");
        if (n > 1_000_000 || d > 1_000_000)
            throw Refuse(field, text, "each side of a split ratio is at most 1,000,000 (see Limits in docs/cli.md)");
        return (n, d);
    }

    /// <summary>A refusal naming the option and the value; the value is shown on one line, escaped and bounded.</summary>
    public static CliRefusalException Refuse(string field, string value, string reason) => new(new Refusal(field, StakeholderName.Escape(value), reason));
}
