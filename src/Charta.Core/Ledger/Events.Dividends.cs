namespace Charta.Core.Ledger;

/// <summary>
/// The Board declares a dividend (FOURTH §3). The event is dated the <b>record date</b>: that is when the holders
/// entitled to it, and the preferred shares outstanding that fix the amount per share, are determined.
/// <paramref name="Kind"/> is "cash" (the §3 preference, partial-payment and excess rules apply) or "common-stock"
/// (a dividend payable in common on the common, outside the preference; <paramref name="Amount"/> is then the number
/// of new common shares per <paramref name="StockPerShares"/> common shares held, and payment is a §6(e)(i)
/// subdivision). See docs/interpretations.md, "Dividends, votes and consents".
/// <para>v2 stores each payee's amount of a cash dividend (<paramref name="Payees"/>, to the cent, decided at record time
/// by the charter's allocation); v1 has none and is allocated on demand, as before.</para>
/// <para>v3: the rates are "per annum … payable annually": a second cash declaration with a record date in the same
/// calendar year is refused unless <paramref name="AllowSecond"/>; it then prefers what the year's earlier declarations
/// left unpaid (<paramref name="Reading"/> null or "unpaid-part") or the full rates again ("each-declaration"). v1 and v2
/// events read as v3 with AllowSecond true (they were recorded before the rule) and the default reading.</para>
/// </summary>
[EventType("dividend-declared", 3)]
[EventType("dividend-declared", 2)]
[EventType("dividend-declared", 1)]
public sealed record DividendDeclared(
    DateOnly Date,
    string DividendId,
    string Kind,
    decimal Amount,
    DateOnly? PayDate = null,
    DateOnly? DeclaredOn = null,
    long StockPerShares = 0,
    IReadOnlyList<DividendPayee>? Payees = null,
    bool? AllowSecond = null,
    string? Reading = null) : LedgerEvent(Date);

/// <summary>What one holder of record is paid of a cash dividend, to the cent (a stored fact).</summary>
public sealed record DividendPayee(string Holder, decimal Amount);

/// <summary>
/// A declared dividend is paid. Until then a cash dividend is "declared and unpaid" and adds to the liquidation
/// preference of each preferred share it was declared on (FOURTH §4(a)(ii)).
/// </summary>
[EventType("dividend-paid", 1)]
public sealed record DividendPaid(DateOnly Date, string DividendId) : LedgerEvent(Date);

/// <summary>
/// A cumulative dividend paid in kind (the charter's <c>series[i].dividend.inKind</c>): on <paramref name="Date"/>
/// each holder of <paramref name="Series"/> is paid its accrued and unpaid dividends in whole shares of the series at
/// its Original Issue Price, the fraction in cash or carried as the charter says. <paramref name="Issued"/> is the
/// stored outcome (decided when recorded): the shares and cash each holder received.
/// </summary>
[EventType("dividend-paid-in-kind", 1)]
public sealed record DividendPaidInKind(DateOnly Date, string Series, IReadOnlyList<InKindIssue>? Issued = null) : LedgerEvent(Date);

/// <summary>What one holder received in a payment in kind: <paramref name="Shares"/> of the series and <paramref name="Cash"/> for its fraction.</summary>
public sealed record InKindIssue(string Holder, long Shares, decimal Cash);
