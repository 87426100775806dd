namespace Charta.Core.Ledger;

// Facts that cap-table systems record and that the charter itself does not: amendments of the authorized shares,
// explicit conversion-price changes, vesting, the option-plan reserve, convertible instruments and reissued
// certificates. They are named as facts of the company, not after any interchange format.

/// <summary>
/// The number of authorized shares changes (an amendment of the charter's FOURTH article, approved as the law
/// requires). <paramref name="Class"/> is a class id (common or a series) or null for the company's total.
/// The fold refuses a number below what is already issued, retired or reserved.
/// </summary>
[EventType("authorized-shares-changed", 1)]
public sealed record AuthorizedSharesChanged(DateOnly Date, string? Class, long Shares, string? Approval = null) : LedgerEvent(Date);

/// <summary>
/// The conversion price of a series is set to <paramref name="Price"/> by the rule cited in <paramref name="Clause"/>
/// (an anti-dilution adjustment, a reset, or a price recorded by another system). Setting the price in effect again
/// is accepted and changes nothing.
/// </summary>
[EventType("conversion-price-set", 1)]
public sealed record ConversionPriceSet(DateOnly Date, string Series, decimal Price, string Clause, string Reason) : LedgerEvent(Date);

/// <summary>One dated portion of a vesting schedule.</summary>
public sealed record VestingTranche(DateOnly Date, long Shares);

/// <summary>An instrument's shares vest on the given dates (replacing any earlier schedule of the same instrument).</summary>
[EventType("vesting-scheduled", 1)]
public sealed record VestingScheduled(DateOnly Date, string GrantId, IReadOnlyList<VestingTranche> Tranches, string? Terms = null) : LedgerEvent(Date);

/// <summary><paramref name="Shares"/> more shares of an instrument vest at once (acceleration, or a performance condition met).</summary>
[EventType("vesting-accelerated", 1)]
public sealed record VestingAccelerated(DateOnly Date, string GrantId, long Shares, string? Reason = null) : LedgerEvent(Date);

/// <summary>An equity incentive plan reserves <paramref name="Shares"/> of <paramref name="Class"/> (set at adoption, then changed).</summary>
[EventType("plan-reserve-set", 1)]
public sealed record PlanReserveSet(DateOnly Date, string PlanId, string Name, string Class, long Shares) : LedgerEvent(Date);

/// <summary>
/// A convertible instrument whose share count is not fixed at issue (a SAFE or a convertible note) is issued for
/// <paramref name="Amount"/>. It reserves no shares: the shares it converts into are issued when it converts.
/// <para>v2 adds the <paramref name="Terms"/> a financing converts it on (cap, discount, interest; `charta grant --kind
/// note|safe`), read by `charta model round`; a v1 event has none.</para>
/// </summary>
[EventType("convertible-issued", 2)]
[EventType("convertible-issued", 1)]
public sealed record ConvertibleIssued(DateOnly Date, string Id, string Holder, decimal Amount, string Type, ConvertibleTerms? Terms = null) : LedgerEvent(Date);

/// <summary>
/// The conversion terms of a note or SAFE: <paramref name="Kind"/> "note" or "safe"; a note's interest (annual
/// <paramref name="RatePercent"/>, "simple" or "compound", "actual/365" or "30/360"); a SAFE's
/// <paramref name="SafeKind"/> ("post-money" or "pre-money") and MFN; the valuation cap, the discount in percent and the
/// named share count the cap divides (Core/Model ShareCount; null: the model's default).
/// </summary>
public sealed record ConvertibleTerms(string Kind, decimal? Cap = null, decimal? DiscountPercent = null, decimal RatePercent = 0m,
    string Interest = "simple", string DayCount = "actual/365", string SafeKind = "post-money", bool Mfn = false, string? CapShares = null);

/// <summary>A convertible instrument ends: converted (its shares are issued by their own events) or cancelled.</summary>
[EventType("convertible-closed", 1)]
public sealed record ConvertibleClosed(DateOnly Date, string Id, string Outcome) : LedgerEvent(Date);

/// <summary>A holder's certificate for shares is reissued (lost, split or replaced). Holdings do not change.</summary>
[EventType("shares-reissued", 1)]
public sealed record SharesReissued(DateOnly Date, string Holder, string Security, long Shares, string? Reason = null) : LedgerEvent(Date);
