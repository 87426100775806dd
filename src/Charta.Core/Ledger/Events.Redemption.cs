namespace Charta.Core.Ledger;

/// <summary>
/// A holder requires the company to redeem <paramref name="Shares"/> of its shares of <paramref name="Series"/> (the
/// charter's redemption clause: at the holder's option, on or after its date). The request fixes the Redemption Dates
/// (the charter's first date after the request, then its interval) and the number of instalments; it moves no shares.
/// </summary>
[EventType("redemption-requested", 1)]
public sealed record RedemptionRequested(DateOnly Date, string RequestId, string Holder, string Series, long Shares) : LedgerEvent(Date);

/// <summary>
/// The company redeems the next instalment of a request, on or after its Redemption Date: the shares due (the shares
/// still to redeem over the Redemption Dates left) at the Redemption Price on this date leave the series; they are
/// cancelled (and retired unless the charter makes redeemed shares reissuable). The shares of later instalments remain
/// outstanding preferred.
/// </summary>
[EventType("redemption-instalment-paid", 1)]
public sealed record RedemptionInstalmentPaid(DateOnly Date, string RequestId) : LedgerEvent(Date);
