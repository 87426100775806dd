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
/// derived from the conversion prices in effect on <see cref="LedgerEvent.Date"/>, aggregated over all lots and
/// rounded down (§6(g)(i)); the fraction is paid in cash at <paramref name="FractionPricePerCommonShare"/>.
/// The converted preferred is cancelled and not reissuable (§9).
/// </summary>
[EventType("preferred-converted", 1)]
public sealed record PreferredConverted(
    DateOnly Date,
    string Holder,
    IReadOnlyList<ConvertedLot> Lots,
    decimal FractionPricePerCommonShare = 0m,
    string Mode = "voluntary") : LedgerEvent(Date);

/// <summary>
/// The outstanding common is subdivided (Numerator &gt; Denominator, e.g. 3:1) or combined (e.g. 1:2).
/// Conversion prices move in inverse proportion (FOURTH §6(e)(i)); options on common are adjusted likewise.
/// </summary>
[EventType("stock-split", 1)]
public sealed record StockSplit(DateOnly Date, long Numerator, long Denominator) : LedgerEvent(Date);
