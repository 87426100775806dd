using System.Collections.Immutable;
using Charta.Core.Money;

namespace Charta.Core.AntiDilution;

/// <summary>
/// One series' adjustment for one deemed issue (FOURTH §6(d)(iii)): what it was computed from, so that a later
/// repricing (B) or expiry (C) can recompute it, and the (D) cap can be found.
/// </summary>
/// <param name="A">A at the original adjustment, in the share units of that date.</param>
/// <param name="PriceBefore">The series' conversion price immediately before the original adjustment (exact).</param>
/// <param name="Factor">(A + B) / (A + C) as last computed for this instrument (updated by each readjustment).</param>
/// <param name="SplitScaleAtAdjustment">The cumulative §6(e)(i) scale of the common when the adjustment was made.</param>
/// <param name="C">The shares deemed issued, in the units of the adjustment date.</param>
/// <param name="StepIndex">The number of <see cref="AntiDilutionState.Steps"/> up to and including this adjustment's own.</param>
public sealed record DeemedAdjustment(string GrantId, string Series, DateOnly Date, decimal A, decimal C, ExactPrice PriceBefore, decimal Factor, decimal SplitScaleAtAdjustment,
    int StepIndex);

/// <summary>
/// One issue of Additional Shares after the Original Issue Date (whether or not it adjusted a series), or a §6(e)
/// rescaling of every price by the exact factor <paramref name="PriceScale"/> (≠ null: a split n:d scales prices by d/n
/// and share counts by n/d), kept so a readjustment can replay what followed.
/// A is kept in parts so a replay can recompute it at other prices: <paramref name="NonPreferred"/> (common outstanding
/// and instruments over common) plus, per series in charter order, <paramref name="Pending"/> preferred (outstanding and
/// under warrants) converted at the price then in effect (<paramref name="PricesBefore"/>).
/// The narrow base of a narrow-based weighted average is kept in parts too: <paramref name="CommonOutstanding"/> and,
/// per series, the preferred <paramref name="Outstanding"/> (not under warrants). <paramref name="Eligible"/> says, per
/// series in charter order, whether the issue adjusts it (after its own Original Issue Date, not one of its
/// exclusions, a method other than none); null: every series the charter protects.
/// </summary>
public sealed record IssueStep(decimal A, decimal C, decimal Consideration, decimal SplitScale, Fraction? PriceScale = null,
    long NonPreferred = 0, long[]? Pending = null, ExactPrice[]? PricesBefore = null,
    long CommonOutstanding = 0, long[]? Outstanding = null, bool[]? Eligible = null);

/// <summary>What was actually received and issued under an instrument, for §6(d)(iii)(C)(1) and (E).</summary>
public sealed record InstrumentTakeUp(decimal ExercisedInGrantUnits, decimal ExerciseConsideration, decimal SplitScaleAtGrant);

/// <summary>FOURTH §6(e)(ii): securities other than common distributed to the common while the preferred was outstanding.</summary>
public sealed record ConversionEntitlement(DateOnly Date, string Series, string Security, decimal AmountPerPreferredShare, long EventSequence, string Clause);

/// <summary>FOURTH §6(e)(iii): the class the preferred now converts into, and how many of its shares replace one common share.</summary>
public sealed record ConversionTarget(DateOnly Date, string Class, decimal SharesPerCommonShare, long EventSequence, string Clause);

/// <summary>A registration statement filed with the SEC (FOURTH §6(a)(ii)(a), §6(c)).</summary>
public sealed record RegistrationFiling(DateOnly Date, string Kind, long EventSequence);

/// <summary>An automatic conversion that happened (FOURTH §6(a)(ii)), with its trigger.</summary>
public sealed record AutomaticConversionRecord(DateOnly Date, string Trigger, IReadOnlyList<string> SeriesConverted, long EventSequence, string Clause);

/// <summary>
/// The fold's anti-dilution and conversion bookkeeping (the conversion book's FOURTH §6 part): immutable, with
/// persistent collections, so a state is shared, not copied. The fold edits it through a <see cref="Builder"/> (O(1) to
/// take from a state and to freeze back). Everything here is a running total or keyed look-up, so an event costs
/// O(series).
/// </summary>
internal sealed record AntiDilutionState(
    decimal SplitScale,
    ImmutableDictionary<(string GrantId, string Series), DeemedAdjustment> Deemed,
    Ledger.AppendList<IssueStep> Steps,
    Ledger.Deferred<ImmutableDictionary<string, InstrumentTakeUp>> TakeUpPart,
    ImmutableHashSet<string> ShortOptions,
    ImmutableList<ConversionEntitlement> Entitlements,
    ConversionTarget? Target,
    RegistrationFiling? LastFiling,
    ImmutableList<AutomaticConversionRecord> AutomaticConversions)
{
    /// <summary>What was received and issued under each instrument (may be restored from a snapshot on first use).</summary>
    public ImmutableDictionary<string, InstrumentTakeUp> TakeUp => TakeUpPart.Value;

    public static readonly AntiDilutionState Empty = new(1m,
        ImmutableDictionary<(string, string), DeemedAdjustment>.Empty,
        Ledger.AppendList<IssueStep>.Empty,
        ImmutableDictionary.Create<string, InstrumentTakeUp>(StringComparer.Ordinal),
        ImmutableHashSet.Create<string>(StringComparer.Ordinal),
        [], null, null, []);

    public Builder ToBuilder() => new(this);

    /// <summary>The same fields, editable during one fold step (or one whole fold); <see cref="ToImmutable"/> freezes them.</summary>
    public sealed class Builder(AntiDilutionState from)
    {
        /// <summary>Cumulative §6(e)(i) scale of one original common share (3 after a 3:1 split).</summary>
        public decimal SplitScale = from.SplitScale;
        public readonly ImmutableDictionary<(string GrantId, string Series), DeemedAdjustment>.Builder Deemed = from.Deemed.ToBuilder();
        /// <summary>Every issue of Additional Shares and every §6(e) rescaling since the Original Issue Date, in fold order.</summary>
        public readonly Ledger.AppendList<IssueStep>.Builder Steps = from.Steps.ToBuilder();
        private ImmutableDictionary<string, InstrumentTakeUp>.Builder? _takeUp;

        /// <summary>The take-up map, read (from a snapshot) only when a rule touches it.</summary>
        public ImmutableDictionary<string, InstrumentTakeUp>.Builder TakeUp => _takeUp ??= from.TakeUp.ToBuilder();
        /// <summary>§6(d)(iii)(E): options that expire within the short-option days, held until they expire or are exercised.</summary>
        public readonly ImmutableHashSet<string>.Builder ShortOptions = from.ShortOptions.ToBuilder();
        public readonly ImmutableList<ConversionEntitlement>.Builder Entitlements = from.Entitlements.ToBuilder();
        public ConversionTarget? Target = from.Target;
        public RegistrationFiling? LastFiling = from.LastFiling;
        public readonly ImmutableList<AutomaticConversionRecord>.Builder AutomaticConversions = from.AutomaticConversions.ToBuilder();

        public AntiDilutionState ToImmutable() => new(SplitScale, Deemed.ToImmutable(), Steps.ToImmutable(), _takeUp is { } t ? t.ToImmutable() : from.TakeUpPart,
            ShortOptions.ToImmutable(), Entitlements.ToImmutable(), Target, LastFiling, AutomaticConversions.ToImmutable());
    }
}
