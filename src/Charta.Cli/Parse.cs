using System.CommandLine;
using System.Globalization;
using Charta.Core;

namespace Charta.Cli;

/// <summary>
/// Turns option text into domain values. Numbers are read with the invariant culture (a thousands comma is
/// allowed, a decimal comma is not); a bad value is a refusal naming the option and the value.
/// </summary>
public static class Parse
{
    public static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    public static Option<string?> Optional(string name, string description) => new(name) { Description = description };

    public static string Text(ParseResult p, Option<string> o) => p.GetValue(o)!;

    public static long Shares(ParseResult p, Option<string> o) => Shares(o.Name, p.GetValue(o)!);

    // A thousands comma must group digits in threes: "2,40" is a European decimal, not 240.
    private static readonly System.Text.RegularExpressions.Regex Grouped = new(@"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$");

    private static bool BadGrouping(string t) => t.Contains(',') && !Grouped.IsMatch(t);

    public static long Shares(string field, string text)
    {
        if (BadGrouping(text.Trim())) throw Refuse(field, text, "must be a whole number of shares (a ',' must group thousands)");
        if (!long.TryParse(text.Replace("_", ""), NumberStyles.AllowThousands | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            throw Refuse(field, text, "must be a whole number of shares");
        if (n <= 0) throw Refuse(field, text, "must be a positive number of shares");
        return n;
    }

    public static decimal Money(ParseResult p, Option<string> o) => Money(o.Name, p.GetValue(o)!);

    public static decimal? OptionalMoney(ParseResult p, Option<string?> o) => p.GetValue(o) is { } t ? Money(o.Name, t) : null;

    public static decimal Money(string field, string text)
    {
        var t = text.Trim().TrimStart('$').Replace("_", "");
        if (BadGrouping(t)) throw Refuse(field, text, "must be a decimal amount such as 1.07 (use '.' for decimals; ',' only to group thousands)");
        if (!decimal.TryParse(t, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
            throw Refuse(field, text, "must be a decimal amount such as 1.07 (use '.' for decimals)");
        if (d < 0) throw Refuse(field, text, "must not be negative");
        return d;
    }

    public static DateOnly Date(ParseResult p, Option<string> o) => Date(o.Name, p.GetValue(o)!);

    public static DateOnly? OptionalDate(ParseResult p, Option<string?> o) => p.GetValue(o) is { } t ? Date(o.Name, t) : null;

    public static DateOnly Date(string field, string text)
    {
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw Refuse(field, text, "must be a date YYYY-MM-DD");
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
        return (n, d);
    }

    public static CliRefusalException Refuse(string field, string value, string reason) => new(new Refusal(field, value, reason));
}
