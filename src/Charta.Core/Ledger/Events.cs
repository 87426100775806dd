using System.Text.Json.Serialization;

namespace Charta.Core.Ledger;

/// <summary>
/// A fact recorded in the ledger. Events are immutable and versioned: each concrete type carries a stable name and
/// version in <see cref="EventTypeAttribute"/>; the store keeps that name, never the CLR type name. A change to an
/// event's shape is a new version, and the catalog upcasts old versions on read.
/// </summary>
/// <remarks><see cref="Date"/> is the effective date: the ledger folds events in (date, recording order).</remarks>
public abstract record LedgerEvent(DateOnly Date)
{
    /// <summary>
    /// Registry events (the company itself, its stakeholders) are not dated facts of the cap table: they fold before
    /// every dated event, so a holder added today can be shown holding shares issued in 1996.
    /// </summary>
    [JsonIgnore] public virtual bool IsRegistry => false;
}

/// <summary>The company is set up on a charter. The charter document travels in the event, so the ledger is self-contained.</summary>
[EventType("company-created", 1)]
public sealed record CompanyCreated(DateOnly Date, string CharterId, string CharterJson, DateOnly? IncorporatedOn) : LedgerEvent(Date)
{
    [JsonIgnore] public override bool IsRegistry => true;
}

/// <summary>A stakeholder (investor, founder, employee, entity) is added to the register.</summary>
[EventType("stakeholder-added", 1)]
public sealed record StakeholderAdded(DateOnly Date, string Name, string? Kind = null) : LedgerEvent(Date)
{
    [JsonIgnore] public override bool IsRegistry => true;
}

/// <summary>
/// Shares of common or of a preferred series are issued. <paramref name="ConsiderationKind"/> is "cash" or "property"
/// (FOURTH §6(d)(v)(A)); <paramref name="Exclusion"/> names an anti-dilution exclusion of the charter (§6(d)(i)(D)),
/// and <paramref name="Approval"/> the record of the approval it needs (e.g. a board resolution).
/// </summary>
[EventType("shares-issued", 1)]
public sealed record SharesIssued(
    DateOnly Date,
    string Holder,
    string Security,
    long Shares,
    decimal PricePerShare,
    string ConsiderationKind = "cash",
    string? Exclusion = null,
    string? Approval = null) : LedgerEvent(Date);

/// <summary>
/// An option, warrant or convertible security is issued over <paramref name="MaxShares"/> shares of
/// <paramref name="Underlying"/> (common, or a series for a warrant on preferred) at <paramref name="ExercisePrice"/>.
/// <paramref name="ConsiderationReceived"/> is what the company received for the instrument itself (§6(d)(v)(B)(1)).
/// </summary>
[EventType("instrument-granted", 1)]
public sealed record InstrumentGranted(
    DateOnly Date,
    string GrantId,
    string Holder,
    string Kind,
    string Underlying,
    long MaxShares,
    decimal ExercisePrice,
    DateOnly? Expires = null,
    decimal ConsiderationReceived = 0m,
    string? Exclusion = null,
    string? Approval = null) : LedgerEvent(Date);

/// <summary>Part or all of an instrument is exercised (or, for a convertible, converted) into its underlying shares.</summary>
[EventType("instrument-exercised", 1)]
public sealed record InstrumentExercised(DateOnly Date, string GrantId, long Shares) : LedgerEvent(Date);

/// <summary>The unexercised balance of an instrument lapses at its expiry.</summary>
[EventType("instrument-expired", 1)]
public sealed record InstrumentExpired(DateOnly Date, string GrantId) : LedgerEvent(Date);

/// <summary>Part or all of an instrument's unexercised balance is cancelled (forfeiture, termination).</summary>
[EventType("instrument-cancelled", 1)]
public sealed record InstrumentCancelled(DateOnly Date, string GrantId, long Shares, string? Reason = null) : LedgerEvent(Date);

/// <summary>Shares move from one holder to another.</summary>
[EventType("shares-transferred", 1)]
public sealed record SharesTransferred(DateOnly Date, string From, string To, string Security, long Shares) : LedgerEvent(Date);

/// <summary>
/// Shares are repurchased or forfeited and cancelled (e.g. FOURTH §4(e) repurchases of employee common). Cancelled
/// common returns to authorized-but-unissued; preferred is not redeemable (§5), so cancelling preferred is refused.
/// </summary>
[EventType("shares-cancelled", 1)]
public sealed record SharesCancelled(DateOnly Date, string Holder, string Security, long Shares, string? Reason = null) : LedgerEvent(Date);

/// <summary>One series' part of a conversion.</summary>
public sealed record ConvertedLot(string Series, long Shares);

/// <summary>
/// A holder converts preferred into common (FOURTH §6(a)(i) voluntary, §6(a)(ii) automatic). The common issued is
/// decided from the conversion prices in effect on <see cref="LedgerEvent.Date"/>, aggregated over all lots and
/// rounded down (§6(g)(i)); the fraction is paid in cash at <paramref name="FractionPricePerCommonShare"/>.
/// The converted preferred is cancelled and not reissuable (§9).
/// <para>v2 stores the outcome: <paramref name="CommonIssued"/> and <paramref name="CashForFraction"/> are the facts
/// delivered, decided when the event was recorded and never re-derived. A v1 event (read through the upcast) has no
/// stored outcome and is derived on each fold, as before.</para>
/// </summary>
[EventType("preferred-converted", 2)]
[EventType("preferred-converted", 1)]
public sealed record PreferredConverted(
    DateOnly Date,
    string Holder,
    IReadOnlyList<ConvertedLot> Lots,
    decimal FractionPricePerCommonShare = 0m,
    string Mode = "voluntary",
    long? CommonIssued = null,
    decimal? CashForFraction = null) : LedgerEvent(Date);

/// <summary>What one holder received in a conversion: the common issued and the cash paid for the fraction (stored facts).</summary>
public sealed record HolderConversion(string Holder, long CommonIssued, decimal CashForFraction);

/// <summary>
/// A correction of a stored conversion outcome, recorded with a back-dated event (<c>--restate</c>) that changed what
/// event <paramref name="Event"/> should have delivered: <paramref name="AdditionalCommon"/> more common to
/// <paramref name="Holder"/> (never fewer: taking shares back is refused; void the later event instead) and
/// <paramref name="CashAdjustment"/> more (or, if negative, less) cash for the fraction. Dated the corrected event's date.
/// </summary>
[EventType("conversion-corrected", 1)]
public sealed record ConversionCorrected(DateOnly Date, long Event, string Holder, long AdditionalCommon, decimal CashAdjustment, string Reason) : LedgerEvent(Date);

/// <summary>
/// A correction of a stored dividend payment (<c>--restate</c>): <paramref name="Holder"/> is owed
/// <paramref name="Amount"/> more of dividend <paramref name="Event"/>. Dated the corrected dividend's record date.
/// </summary>
[EventType("dividend-corrected", 1)]
public sealed record DividendCorrected(DateOnly Date, long Event, string Holder, decimal Amount, string Reason) : LedgerEvent(Date);

/// <summary>
/// Event <paramref name="Event"/> was recorded in error: it no longer folds. The voided event stays in the ledger (and in
/// <c>charta log</c>, marked). Refused while a later event depends on it. <see cref="LedgerEvent.Date"/> is the day of
/// the voiding; a void applies to every view of the ledger, whatever its date.
/// </summary>
[EventType("event-voided", 1)]
public sealed record EventVoided(DateOnly Date, long Event, string Reason) : LedgerEvent(Date);

/// <summary>
/// The outstanding common is subdivided (Numerator &gt; Denominator, e.g. 3:1) or combined (e.g. 1:2).
/// Conversion prices move in inverse proportion (FOURTH §6(e)(i)); options on common are adjusted likewise.
/// </summary>
[EventType("stock-split", 1)]
public sealed record StockSplit(DateOnly Date, long Numerator, long Denominator) : LedgerEvent(Date);
