using System.Globalization;

namespace Charta.Documents;

/// <summary>
/// Display of valuation estimates (doubles from the option-pricing maths), carried to decimal at the edge and rounded
/// for reading only: money to the cent, per-share values to four decimals, rates as percentages.
/// </summary>
public static class EstimateFormat
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static decimal ToDecimal(double v, int decimals) =>
        double.IsFinite(v) ? decimal.Round((decimal)v, decimals, MidpointRounding.AwayFromZero) : 0m;

    public static string Money(double v) => Signed(ToDecimal(v, 2), "#,##0.00");

    public static string Money(decimal v) => "$" + v.ToString("#,##0.00##########", C);

    public static string PerShare(double v) => Signed(ToDecimal(v, 4), "#,##0.0000");

    private static string Signed(decimal d, string format) => (d < 0 ? "-$" : "$") + Math.Abs(d).ToString(format, C);

    public static string Percent(double fraction, int decimals = 2) => ToDecimal(fraction * 100, decimals).ToString("0." + new string('0', decimals), C) + "%";

    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.####", C) + "%";

    public static string Number(double v, int decimals) => ToDecimal(v, decimals).ToString("#,##0." + new string('0', decimals), C);

    public static string Shares(long n) => n.ToString("N0", C);

    public static string Plain(decimal d) => d.ToString(C);

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", C);
}
