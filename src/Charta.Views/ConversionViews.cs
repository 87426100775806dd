using Charta.Core.Conversion;

namespace Charta.Views;

/// <summary>The `ipo --json` document (and POST /api/events/ipo's result).</summary>
public static class ConversionViews
{
    /// <summary>The plan and each holder's conversion of an offering the core decided.</summary>
    public static object Offering(OfferingDecision d, bool dryRun, long sharesSold, long commonOutstandingAfter)
    {
        var plan = d.Plan!;
        return new
        {
            dryRun,
            plan.Terms,
            originalIssueDate = d.OriginalIssueDate,
            d1Reset = plan.Reset,
            conversionPricesAtClosing = plan.ConversionPricesAtClosing,
            kindQualifies = plan.KindQualifies,
            kindExplanation = plan.KindExplanation,
            proceedsQualify = plan.ProceedsQualify,
            minimumProceeds = plan.MinimumProceeds,
            tests = plan.Tests,
            readings = new { anySeries = plan.ConvertingUnderAnySeries, eachSeries = plan.ConvertingUnderEachSeries },
            reading = plan.Reading,
            barAdjustment = plan.BarAdjustment,
            converting = plan.Converting,
            holders = d.Holders.Select(h => new { holder = h.Holder, lots = h.Lots, commonIssued = h.CommonIssued, fraction = h.Fraction, cashForFraction = h.CashForFraction }),
            sharesSold,
            commonOutstandingAfter,
            clause = plan.Clause,
        };
    }

    /// <summary>
    /// What each reading of "as the case may be" would convert, shown with the refusal when none is chosen and they
    /// differ (the price tests are the same under both).
    /// </summary>
    public static object? Readings(OfferingDecision d) => d.ReadingsDiffer
        ? new
        {
            anySeries = d.UnderAnySeries!.Converting,
            eachSeries = d.UnderEachSeries!.Converting,
            tests = d.UnderAnySeries.Tests,
            barAdjustment = d.UnderAnySeries.BarAdjustment,
        }
        : null;
}
