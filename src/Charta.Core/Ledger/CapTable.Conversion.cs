using Charta.Core.AntiDilution;

namespace Charta.Core.Ledger;

public sealed partial class CapTable
{
    /// <summary>The fold's FOURTH §6 bookkeeping (deemed issues, take-up of instruments, §6(e)(ii)/(iii) records).</summary>
    internal AntiDilutionState ConversionState => State.Conversion.AntiDilution;

    /// <summary>FOURTH §6(d)(i)(B): the date the first share of the anti-dilution anchor series (D1) was issued; null before.</summary>
    public DateOnly? OriginalIssueDate =>
        Charter.AntiDilution?.OriginalIssueDate is { } r && FirstIssueDates.TryGetValue(r.Series, out var d) ? d : null;

    /// <summary>
    /// A series' own Original Issue Date: the first issue of the series its own anti-dilution terms name, else of the
    /// series the charter names (as the fold reads it); null before that issue or for an unknown series.
    /// </summary>
    public DateOnly? OriginalIssueDateOf(string seriesId) =>
        Charter.FindSeries(seriesId) is { } s && (s.AntiDilution?.OriginalIssueDate ?? Charter.AntiDilution?.OriginalIssueDate) is { } r
        && FirstIssueDates.TryGetValue(r.Series, out var d) ? d : null;

    /// <summary>FOURTH §6(e)(ii): what the preferred receives on conversion besides common, per preferred share.</summary>
    public IReadOnlyList<ConversionEntitlement> ConversionEntitlements => ConversionState.Entitlements;

    /// <summary>FOURTH §6(e)(iii): the class the preferred converts into after a reclassification; null while it is the common.</summary>
    public ConversionTarget? ConversionTarget => ConversionState.Target;

    /// <summary>The last registration statement filed (FOURTH §6(c)).</summary>
    public RegistrationFiling? LastRegistrationFiling => ConversionState.LastFiling;

    /// <summary>Automatic conversions that took place (FOURTH §6(a)(ii)).</summary>
    public IReadOnlyList<AutomaticConversionRecord> AutomaticConversions => ConversionState.AutomaticConversions;

    /// <summary>FOURTH §6(d)(iii): the adjustments made on deemed issues that a repricing or expiry can still recompute.</summary>
    public IReadOnlyCollection<DeemedAdjustment> OpenDeemedAdjustments => ConversionState.Deemed.Values.ToArray();

    /// <summary>FOURTH §6(d)(iii)(E): short options waiting for their expiry or full exercise.</summary>
    public IReadOnlyCollection<string> PendingShortOptions => ConversionState.ShortOptions;
}

/// <summary>
/// One stored outcome of an action (event <paramref name="Event"/>, for <paramref name="Holder"/>): what was recorded
/// (the event's stored fact plus any corrections) beside what the charter derives in the state the event now folds in.
/// <paramref name="Kind"/> is "conversion" (common and cash for the fraction) or "dividend" (cash).
/// </summary>
public sealed record StoredOutcome(long Event, string EventName, DateOnly Date, string Holder, string Kind,
    long RecordedCommon, long DerivedCommon, decimal RecordedCash, decimal DerivedCash)
{
    public bool Changed => RecordedCommon != DerivedCommon || RecordedCash != DerivedCash;
}

public sealed partial class CapTable
{
    /// <summary>Every stored outcome of a v2 conversion or dividend, by (event, holder).</summary>
    public IReadOnlyDictionary<(long Event, string Holder), StoredOutcome> Outcomes => State.Conversion.Outcomes;

    /// <summary>Stored outcomes that differ from what the charter derives now (after corrections), by event then holder.</summary>
    public IReadOnlyList<StoredOutcome> ChangedOutcomes =>
        Outcomes.Values.Where(o => o.Changed).OrderBy(o => o.Event).ThenBy(o => o.Holder, StringComparer.Ordinal).ToArray();
}
