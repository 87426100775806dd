using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Voting;

namespace Charta.Core.Ledger;

/// <summary>
/// Actions the charter makes subject to the preferred's consent, checked when they are recorded: a negotiated
/// repurchase of preferred, an amendment of the authorized shares and a merger or sale deemed a liquidation. The consent is measured by
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
        if (e.Common is { } total && Charter.HasSeveralCommonClasses)
            return new Refusal("common", N(total),
                $"is not implemented for a charter with several classes of common ({string.Join(", ", Charter.CommonClasses.Select(k => k.Id))}): the amendment must say each class's number; change one class's number as an authorized-shares change of that class",
                Cite(Charter.Authorized.Common.Clause));
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

    /// <summary>The waterfall of the consideration on the holdings just before the closing: what each holder is paid.</summary>
    private Result<IReadOnlyList<Liquidation.HolderPayout>> LiquidationPayouts(DeemedLiquidationClosed e) =>
        Liquidation.Waterfall.Solve(Liquidation.LiquidationModel.From(Freeze(e.Date)), e.Consideration).Map(w => w.Holders);

    private Refusal? Decide(DeemedLiquidationClosed e)
    {
        var dl = Charter.Liquidation?.DeemedLiquidation;
        if (dl is null)
            return new Refusal("event", "deemed-liquidation-closed", "this charter deems no merger or sale a liquidation (liquidation.deemedLiquidation); record the transaction's effects with the other verbs");
        if (string.IsNullOrWhiteSpace(e.Approval))
            return new Refusal("approval", "(none)", "a merger or sale needs a record of the Board's and the stockholders' approval", Cite(dl.Clause));
        if (Liquidation.Waterfall.CheckExit(e.Consideration, "consideration", dl.Clause) is { } bad) return bad;
        Money.Fraction? kept = null;
        if (e.RetainedEquity is { } text)
        {
            if (!Money.Fraction.TryParse(text, out var f))
                return new Refusal("retained-equity", text, "must be an exact fraction n/d between 0 and 1, e.g. 3/5");
            kept = f;
        }

        if (CheckConsentRecord(e.Consent) is { } r0) return r0;
        if (Charter.ProtectiveProvisions.Any(p => p.Id == Approvals.Merger)
            && Approvals.Check(Charter, VotesNow(e.Date), new ProposedAction(Approvals.Merger, kept), e.Consent?.Holders) is { } refused)
            return refused;
        var derived = LiquidationPayouts(e);
        if (!derived.IsOk) return derived.Refusal;
        if (e.Payouts is { } stored)
        {
            if (stored.Select(p => p.Holder).Distinct(StringComparer.Ordinal).Count() != stored.Count) return new Refusal("payouts", "(stored)", "name each holder once");
            foreach (var p in stored)
            {
                if (CheckHolder("holder", p.Holder) is { } r1) return r1;
                if (p.Total < 0) return new Refusal("payouts", Px(p.Total), $"{p.Holder}'s payout must not be negative");
            }

            if (stored.Sum(p => p.Total) != e.Consideration)
                return new Refusal("payouts", Px(stored.Sum(p => p.Total)), $"the payouts must add up to the consideration {Px(e.Consideration)}", Cite(dl.Clause));
        }

        return null;
    }

    /// <summary>
    /// The closing: nothing may be dated later. The payouts are stored facts; beside them the fold derives what the
    /// waterfall gives in the state the event now folds in, so a back-dated change is refused, naming this event.
    /// Deciding, the derived payouts are stored.
    /// </summary>
    private void Evolve(DeemedLiquidationClosed e)
    {
        var derived = LiquidationPayouts(e) is { IsOk: true } d ? d.Value : [];
        if (IsDeciding && e.Payouts is null) StoreDecided(e with { Payouts = derived });
        var recorded = e.Payouts ?? derived;
        var derivedBy = derived.ToDictionary(p => p.Holder, p => p.Total, StringComparer.Ordinal);
        foreach (var p in recorded) Track("liquidation", p.Holder, 0, 0, p.Total, derivedBy.Remove(p.Holder, out var v) ? v : 0m);
        foreach (var (holder, total) in derivedBy) Track("liquidation", holder, 0, 0, 0m, total);
        (_liquidatedOn, _liquidatedBy) = (e.Date, _currentSequence);
    }
}
