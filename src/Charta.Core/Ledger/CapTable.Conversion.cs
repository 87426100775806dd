using Charta.Core.AntiDilution;

namespace Charta.Core.Ledger;

public sealed partial class CapTable
{
    /// <summary>The fold's FOURTH §6 bookkeeping (deemed issues, take-up of instruments, §6(e)(ii)/(iii) records).</summary>
    internal AntiDilutionState ConversionState { get; init; } = new();

    /// <summary>FOURTH §6(d)(i)(B): the date the first share of the anti-dilution anchor series (D1) was issued; null before.</summary>
    public DateOnly? OriginalIssueDate =>
        Charter.AntiDilution?.OriginalIssueDate is { } r && FirstIssueDates.TryGetValue(r.Series, out var d) ? d : null;

    /// <summary>FOURTH §6(e)(ii): what the preferred receives on conversion besides common, per preferred share.</summary>
    public IReadOnlyList<ConversionEntitlement> ConversionEntitlements => ConversionState.Entitlements;

    /// <summary>FOURTH §6(e)(iii): the class the preferred converts into after a reclassification; null while it is the common.</summary>
    public ConversionTarget? ConversionTarget => ConversionState.Target;

    /// <summary>The last registration statement filed (FOURTH §6(c)).</summary>
    public RegistrationFiling? LastRegistrationFiling => ConversionState.LastFiling;

    /// <summary>Automatic conversions that took place (FOURTH §6(a)(ii)).</summary>
    public IReadOnlyList<AutomaticConversionRecord> AutomaticConversions => ConversionState.AutomaticConversions;

    /// <summary>FOURTH §6(d)(iii): the adjustments made on deemed issues that a repricing or expiry can still recompute.</summary>
    public IReadOnlyCollection<DeemedAdjustment> OpenDeemedAdjustments => ConversionState.Deemed.Values;

    /// <summary>FOURTH §6(d)(iii)(E): short options waiting for their expiry or full exercise.</summary>
    public IReadOnlyCollection<string> PendingShortOptions => ConversionState.ShortOptions;
}
