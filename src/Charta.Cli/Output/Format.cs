using System.Globalization;

namespace Charta.Cli.Output;

/// <summary>Invariant, deterministic formatting for text output. Display only: nothing here feeds a computation.</summary>
public static class Format
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Shares(long n) => n.ToString("N0", C);

    /// <summary>Money as the charter states it: at least two decimals, more when the value has them (e.g. 0.00001 par).</summary>
    public static string Money(decimal d)
    {
        return "$" + d.ToString("#,##0.00##########", C);
    }

    public static string Price(decimal d) => d.ToString("0.00##########", C);

    /// <summary>A ratio shown to six decimal places for reading; the exact value is in --json.</summary>
    public static string Ratio(decimal d) => decimal.Round(d, 6, MidpointRounding.AwayFromZero).ToString("0.######", C);

    /// <summary>A percentage of a whole, shown to two decimal places for reading.</summary>
    public static string Percent(long part, long whole) =>
        whole == 0 ? "-" : decimal.Round(100m * part / whole, 2, MidpointRounding.AwayFromZero).ToString("0.00", C) + "%";

    /// <summary>
    /// An exact figure in a table: as it is when it has at most ten decimals, else rounded to ten places and marked
    /// "…" (display only; the exact value is in --json). Tables never print a raw 28-digit decimal.
    /// </summary>
    public static string Exact(decimal d)
    {
        if (d.Scale <= 10) return d.ToString("N" + d.Scale.ToString(C), C);
        var r = decimal.Round(d, 10, MidpointRounding.AwayFromZero);
        return r.ToString("#,##0.##########", C) + "…";
    }

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", C);

    public static string Date(DateOnly? d) => d is { } x ? Date(x) : "-";
}
