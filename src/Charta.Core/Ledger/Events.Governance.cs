using Charta.Core.Covenants;

namespace Charta.Core.Ledger;

/// <summary>
/// A record of the preferred's consent to an action the charter makes subject to it (e.g. FOURTH §8): its text (the
/// written consent or the minutes) and the holders consenting, each with all their shares or a stated number
/// (<see cref="Consent"/>). The fold measures it with <see cref="Approvals"/> on the holdings at the action's date.
/// </summary>
public sealed record ConsentRecord(string Text, IReadOnlyList<Consent> Holders);

/// <summary>
/// The company buys back <paramref name="Shares"/> of a preferred series from <paramref name="Holder"/> at
/// <paramref name="PricePerShare"/> by agreement (a negotiated repurchase, not a redemption: a charter that makes the
/// preferred "not redeemable" bars a right to redeem, not a purchase the holder agrees to). <paramref name="Approval"/>
/// records the Board's approval; <paramref name="Consent"/> the preferred's consent the charter requires.
/// <paramref name="Reading"/> is "consent" (default: a charter with no repurchase covenant is read to need the consent
/// it requires to amend the preferred's protections) or "approval-only" (the literal: no covenant names a repurchase).
/// The shares repurchased return to authorized but unissued shares of the series.
/// </summary>
[EventType("preferred-repurchased", 1)]
public sealed record PreferredRepurchased(
    DateOnly Date,
    string Holder,
    string Series,
    long Shares,
    decimal PricePerShare,
    string Approval,
    ConsentRecord? Consent = null,
    string? Reading = null) : LedgerEvent(Date)
{
    public const string ConsentReading = "consent";
    public const string ApprovalOnlyReading = "approval-only";
}

/// <summary>
/// The charter's authorized shares are amended (the FOURTH article's numbers): the common, the preferred and the total
/// (null keeps a number; a null total moves by the change in the common and the preferred). <paramref name="Approval"/>
/// records the Board's and the stockholders' approval and the filing; <paramref name="Consent"/> the preferred's consent
/// the charter's protective provisions require (an increase of the preferred authorizes shares on a parity with it; a
/// decrease is read as adverse).
/// </summary>
[EventType("authorized-shares-amended", 1)]
public sealed record AuthorizedSharesAmended(
    DateOnly Date,
    long? Common,
    long? Preferred,
    long? Total,
    string Approval,
    ConsentRecord? Consent = null) : LedgerEvent(Date);

/// <summary>
/// A merger, consolidation or sale that the charter deems a liquidation closed on <paramref name="Date"/>: the
/// consideration (<paramref name="Consideration"/>, valued as the charter's deemed-liquidation clause says) is distributed
/// as in a liquidation. <paramref name="Approval"/> records the Board's and the stockholders' approval;
/// <paramref name="Consent"/> the preferred's consent the charter's merger covenant requires, unless the stockholders
/// keep more of the survivor than its exemption (<paramref name="RetainedEquity"/>, an exact fraction such as "3/5", when
/// the charter has one). <paramref name="Payouts"/> is the stored outcome: what each holder was paid, in cents (decided
/// from the waterfall when recorded, never re-derived). After it no transaction may be dated later: the shares were
/// converted into the right to receive the consideration.
/// </summary>
[EventType("deemed-liquidation-closed", 1)]
public sealed record DeemedLiquidationClosed(
    DateOnly Date,
    decimal Consideration,
    string Approval,
    string? RetainedEquity = null,
    ConsentRecord? Consent = null,
    IReadOnlyList<Liquidation.HolderPayout>? Payouts = null) : LedgerEvent(Date);
