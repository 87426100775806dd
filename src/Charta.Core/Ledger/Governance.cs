using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Voting;

namespace Charta.Core.Ledger;

/// <summary>
/// Actions the charter makes subject to the preferred's consent, checked when they are recorded: a negotiated
/// repurchase of preferred and an amendment of the authorized shares. The consent is measured by
/// <see cref="Approvals.Check"/> (the same calculator as <c>charta approvals</c>) on the votes just before the action.
/// </summary>
internal sealed partial class LedgerEditor
{
    /// <summary>The votes on the state as it stands (the holdings just before the event, at its date).</summary>
    private VoteCount VotesNow(DateOnly date) => Votes.Count(Freeze(date));

    private Refusal? CheckConsentRecord(ConsentRecord? consent)
    {
        if (consent is null) return null;
        if (string.IsNullOrWhiteSpace(consent.Text)) return new Refusal("consent", "(blank)", "a consent record needs its text (the written consent or the minutes)");
        if (consent.Holders.Count == 0) return new Refusal("consent", consent.Text, "names no holder consenting");
        return null;
    }

    private Refusal? Decide(PreferredRepurchased e)
    {
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (Charter.FindSeries(e.Series) is not { } series)
            return Charter.IsCommon(e.Series)
                ? new Refusal("security", e.Series, "a repurchase of common is recorded with 'charta repurchase' (a cancellation)")
                : CheckSecurity("security", e.Series);
        if (e.PricePerShare < 0) return new Refusal("price", Px(e.PricePerShare), "must not be negative");
        if (string.IsNullOrWhiteSpace(e.Approval))
            return new Refusal("approval", "(none)", "a repurchase of preferred needs a record of the Board's approval", Cite(Charter.Redemption?.Clause ?? series.Designation?.Clause));
        if (e.Reading is not (null or PreferredRepurchased.ConsentReading or PreferredRepurchased.ApprovalOnlyReading))
            return new Refusal("reading", e.Reading, $"must be {PreferredRepurchased.ConsentReading} or {PreferredRepurchased.ApprovalOnlyReading}");
        if (CheckHeld(e.Holder, e.Series, e.Shares, e.Date) is { } r2) return r2;
        if (CheckConsentRecord(e.Consent) is { } r3) return r3;
        return Approvals.Check(Charter, VotesNow(e.Date), new ProposedAction(Approvals.RepurchasePreferred, Reading: e.Reading), e.Consent?.Holders);
    }

    private void Evolve(PreferredRepurchased e) => AddPosition(e.Holder, e.Series, -e.Shares);

    /// <summary>The charter with the amended authorized numbers; a null total moves by the change in the common and the preferred.</summary>
    private CharterDocument Amended(AuthorizedSharesAmended e)
    {
        var a = Charter.Authorized;
        var common = e.Common ?? a.Common.Value;
        var preferred = e.Preferred ?? a.Preferred.Value;
        var total = e.Total ?? checked(a.Total.Value + (common - a.Common.Value) + (preferred - a.Preferred.Value));
        var suffix = $" (amended {Iso(e.Date)})";
        string Cl(Term<long> t, long value) => value == t.Value ? t.Clause : (t.Clause.Contains(" (amended ", StringComparison.Ordinal) ? t.Clause[..t.Clause.IndexOf(" (amended ", StringComparison.Ordinal)] : t.Clause) + suffix;
        return Charter with
        {
            Authorized = a with
            {
                Common = new Term<long>(common, Cl(a.Common, common)),
                Preferred = new Term<long>(preferred, Cl(a.Preferred, preferred)),
                Total = new Term<long>(total, Cl(a.Total, total)),
            },
        };
    }

    /// <summary>
    /// The protective provisions an amendment of the authorized shares engages: more preferred authorizes shares on a
    /// parity with the preferred (the senior-or-parity covenant); fewer shares of either class is read as adverse.
    /// </summary>
    internal static IReadOnlyList<string> ConsentsFor(AuthorizedShares before, AuthorizedShares after)
    {
        var list = new List<string>();
        if (after.Preferred.Value > before.Preferred.Value) list.Add(Approvals.IssueSeniorSecurity);
        if (after.Preferred.Value < before.Preferred.Value || after.Common.Value < before.Common.Value || after.Total.Value < before.Total.Value)
            list.Add(Approvals.AdverseAmendment);
        return list;
    }

    private Refusal? Decide(AuthorizedSharesAmended e)
    {
        if (e.Common is null && e.Preferred is null && e.Total is null) return new Refusal("common", "(none)", "name the new number of common or preferred shares authorized");
        foreach (var (field, value) in new[] { ("common", e.Common), ("preferred", e.Preferred), ("total", e.Total) })
            if (value is < 0) return new Refusal(field, N(value.Value), "must not be negative", Cite(Charter.Authorized.Total.Clause));
        if (string.IsNullOrWhiteSpace(e.Approval))
            return new Refusal("approval", "(none)", "an amendment of the charter needs a record of its approval and filing", Cite(Charter.Authorized.Total.Clause));
        if (CheckConsentRecord(e.Consent) is { } r0) return r0;
        CharterDocument amended;
        try
        {
            amended = Amended(e);
        }
        catch (OverflowException)
        {
            return new Refusal("total", "(derived)", "the authorized total would overflow; give --total");
        }

        var a = amended.Authorized;
        if (a.Common.Value + a.Preferred.Value > a.Total.Value)
            return new Refusal("total", N(a.Total.Value), $"is less than the common {N(a.Common.Value)} plus the preferred {N(a.Preferred.Value)} authorized", Cite(a.Total.Clause));
        if (a.Common == Charter.Authorized.Common && a.Preferred == Charter.Authorized.Preferred && a.Total == Charter.Authorized.Total)
            return new Refusal("common", N(a.Common.Value), "the amendment changes no authorized number");
        if (CheckAuthorized(Charter.Common.Id, 0, 0, "common", new AuthorizedView(Charter: amended)) is { } r1)
        {
            var (field, value) = e.Common is { } c ? ("common", c) : e.Preferred is { } p ? ("preferred", p) : ("total", a.Total.Value);
            return r1 with { Field = field, Value = N(value) };
        }

        var needs = ConsentsFor(Charter.Authorized, a);
        if (needs.Count == 0) return null;
        var votes = VotesNow(e.Date);
        foreach (var action in needs)
            if (Approvals.Check(Charter, votes, new ProposedAction(action), e.Consent?.Holders) is { } refused) return refused;
        return null;
    }

    private void Evolve(AuthorizedSharesAmended e) => _charter = Amended(e);
}
