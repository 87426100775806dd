using Charta.Core.Charter;

namespace Charta.Core.Conversion;

/// <summary>The outcome of a §6(c) reset test: which window the filing fell in, and the new price if any.</summary>
public sealed record ResetOutcome(
    string Series,
    DateOnly AnchorDate,
    DateOnly FiledOn,
    int DaysAfterAnchor,
    int? Window,
    DateOnly? WindowOpens,
    DateOnly? WindowCloses,
    decimal? PercentOfOfferingPrice,
    decimal? NewPrice,
    string Explanation,
    string Clause);

/// <summary>
/// FOURTH §6(c): the Series D1 Conversion Price is "modified to equal" 85%, 75% or 65% of the initial public
/// offering price depending on when the Qualifying Registration Statement is filed after the Original Issue Date.
/// </summary>
/// <remarks>
/// Day counts (docs/interpretations.md, "D1 reset windows"): the filing day is compared with dates computed from the
/// Original Issue Date. A window given in days ends on OID + N days, in months on OID.AddMonths(N) (the same day of
/// the month; the 31st maps to the month's last day). Each window includes its end day ("within 180 days" includes
/// day 180) and starts the day after the previous window's end. A filing before the OID, or after the last window,
/// changes nothing.
/// </remarks>
public static class ConversionPriceResets
{
    public static ResetOutcome Evaluate(ConversionPriceReset reset, DateOnly anchor, DateOnly filed, decimal offeringPrice)
    {
        var days = filed.DayNumber - anchor.DayNumber;
        if (filed < anchor)
            return new ResetOutcome(reset.Series, anchor, filed, days, null, null, null, null, null,
                $"filed {days} days before the Original Issue Date: §6(c) counts only filings after it; no reset", reset.Clause);

        var opens = anchor;
        for (var i = 0; i < reset.Windows.Count; i++)
        {
            var w = reset.Windows[i];
            var closes = WindowEnd(anchor, w);
            if (filed <= closes)
            {
                var price = offeringPrice * w.PercentOfOfferingPrice / 100m + 0.00m;   // + 0.00m: shown to the cent, value unchanged
                return new ResetOutcome(reset.Series, anchor, filed, days, i + 1, opens, closes, w.PercentOfOfferingPrice, price,
                    $"filed {days} days after the Original Issue Date {Iso(anchor)}, in window {i + 1} ({Iso(opens)} to {Iso(closes)} inclusive): {w.PercentOfOfferingPrice}% of the offering price {offeringPrice}",
                    w.Clause);
            }

            opens = closes.AddDays(1);
        }

        return new ResetOutcome(reset.Series, anchor, filed, days, null, null, null, null, null,
            $"filed {days} days after the Original Issue Date {Iso(anchor)}, after the last window closed on {Iso(opens.AddDays(-1))}: no adjustment under §6(c)", reset.Clause);
    }

    /// <summary>The last day of a window: OID + N days, or OID + N calendar months.</summary>
    public static DateOnly WindowEnd(DateOnly anchor, ResetWindow w) =>
        w.UpToDays is { } d ? anchor.AddDays(d)
        : w.UpToMonths is { } m ? anchor.AddMonths(m)
        : throw new InvalidOperationException("a reset window needs upToDays or upToMonths");

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
