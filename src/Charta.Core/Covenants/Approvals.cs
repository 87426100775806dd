using System.Globalization;
using Charta.Core.Charter;
using Charta.Core.Money;
using Charta.Core.Voting;

namespace Charta.Core.Covenants;

/// <summary>
/// The three bases the charter measures approvals on. They differ: a preferred share of Series A carries 2.27
/// votes (1.00 / 0.44) but counts once toward a share threshold.
/// </summary>
public static class ApprovalBase
{
    /// <summary>Votes of all stockholders voting together, common and preferred as converted (FOURTH §7(a)).</summary>
    public const string AllVotes = "all-votes";
    /// <summary>Shares of preferred outstanding, all series as one class: FOURTH §8(a), §8(b), §6(a)(ii)(b).</summary>
    public const string PreferredShares = "preferred-shares";
    /// <summary>Voting power of the preferred outstanding (§7(a) votes): FOURTH §4(d)(ii)(A)(3), §4(d)(ii)(B), §4(d)(iv).</summary>
    public const string PreferredVotingPower = "preferred-voting-power";
}

/// <summary>One approval a proposed action needs.</summary>
/// <param name="Kind">"charter" (the certificate requires it) or "also-required-by-law" (listed, not modelled).</param>
/// <param name="Whole">The base today: preferred shares outstanding, preferred votes or all votes (null when not modelled).</param>
/// <param name="Needed">The smallest whole number of shares or votes that meets the threshold out of <paramref name="Whole"/>.</param>
/// <param name="Applies">False when the charter exempts the action (e.g. §8(a)(ii) when the holders keep more than half).</param>
public sealed record RequiredApproval(
    string Clause,
    string Kind,
    string Body,
    string? Base,
    string? Fraction,
    string? Comparison,
    long? Whole,
    long? Needed,
    bool Applies,
    string? Note,
    string? Series = null)
{
    /// <summary>The threshold as text: "more than 1/2", "at least 2/3".</summary>
    public string? Threshold => Fraction is null ? null : $"{(Comparison == "more-than" ? "more than" : "at least")} {Fraction}";
}

/// <summary>An approval checked against consents or ballots: how many consent, and by how much it is over (≥ 0) or short (&lt; 0).</summary>
public sealed record ApprovalOutcome(RequiredApproval Approval, long? Consenting, bool? Met, long? Margin);

/// <summary>A holder's consent: all their shares and votes, or a stated number of preferred shares and/or votes.</summary>
public sealed record Consent(string Holder, long? Shares = null, long? Votes = null);

/// <summary>A proposed action and the parameters some of them need.</summary>
/// <param name="RetainedEquity">§8(a)(ii): the fraction of the survivor's outstanding equity (as converted) held by the pre-transaction stockholders.</param>
/// <param name="Reading">For <see cref="Approvals.RepurchasePreferred"/> on a charter with no repurchase covenant: "consent" (default) or "approval-only".</param>
public sealed record ProposedAction(string Action, Fraction? RetainedEquity = null, string? Reading = null);

/// <summary>
/// FOURTH §8 (protective provisions) and the other consents the charter requires of the preferred: §6(a)(ii)(b),
/// §4(d)(ii)(A)(3), §4(d)(ii)(B), §4(d)(iv). Each is an exact fraction of a named base, compared by
/// cross-multiplication (66⅔% of 300 shares is 200, not 201).
/// </summary>
public static class Approvals
{
    public const string AdverseAmendment = "adverse-amendment";
    public const string Merger = "merger";
    public const string IssueSeniorSecurity = "issue-senior-security";
    public const string ForceConversion = "force-conversion";
    public const string ShortenNotice = "shorten-notice";
    public const string FairMarketValue = "fair-market-value";
    public const string RestrictedDiscount = "restricted-discount";
    /// <summary>A negotiated repurchase of preferred: the charter's "repurchase-preferred" provision, or the reading of a charter with none.</summary>
    public const string RepurchasePreferred = "repurchase-preferred";
    /// <summary>Any other matter of the stockholders: all votes together (§7(a)); the threshold is not in the charter.</summary>
    public const string General = "general";

    public static IReadOnlyList<string> Actions { get; } =
        [AdverseAmendment, Merger, IssueSeniorSecurity, ForceConversion, ShortenNotice, FairMarketValue, RestrictedDiscount, RepurchasePreferred, General];

    /// <summary>Every approval the charter requires for <paramref name="action"/>, measured on the votes at a date.</summary>
    public static Result<IReadOnlyList<RequiredApproval>> Required(CharterDocument charter, VoteCount votes, ProposedAction action)
    {
        var list = new List<RequiredApproval>();
        RequiredApproval Charter(ApprovalTerm t, string body, bool applies = true, string? note = null, string? series = null)
        {
            var whole = series is null ? WholeOf(votes, t.Base) : SeriesShares(votes, series);
            return new RequiredApproval(t.Clause, "charter", body, t.Base, t.Fraction, t.Comparison, whole,
                t.Value.MinimumToMeet(whole, t.Compare), applies, note, series);
        }

        // A provision of the preferred: voting together as one class, or (votingTogether false) each series separately,
        // each on its own shares outstanding (a series with none outstanding has no holders to vote: listed, not applying).
        void Provide(ProtectiveProvision p, string body, bool applies = true, string? note = null)
        {
            if (p.VotingTogether)
            {
                list.Add(Charter(p, body, applies, note));
                return;
            }

            foreach (var s in charter.Series)
            {
                var whole = SeriesShares(votes, s.Id);
                list.Add(Charter(p, $"holders of {s.Name}, each series voting separately (not together as a class)", applies && whole > 0,
                    whole == 0 ? $"no shares of {s.Name} are outstanding: no vote of this series"
                    : $"each series voting separately: {p.Matter}" + (note is null ? "" : $"; {note}"), s.Id));
            }
        }

        RequiredApproval Law(string clause, string body, string note) =>
            new(clause, "also-required-by-law", body, null, null, null, null, null, true, note);

        // The provision of the preferred voting together that governs the action (a series class vote is added below).
        ProtectiveProvision? Provision(string id) => charter.ProtectiveProvisions.FirstOrDefault(p => p.Series is null && p.Governs == id);
        var seriesVotes = charter.ProtectiveProvisions.Where(p => p.Series is not null && p.Governs == action.Action).ToArray();
        Refusal? Missing(string what) => seriesVotes.Length > 0 ? null : new("--action", action.Action, $"this charter has no {what}");

        switch (action.Action)
        {
            case AdverseAmendment:
            {
                var p = Provision(AdverseAmendment);
                if (p is null && Missing("adverse-amendment protective provision") is { } none) return none;
                if (p is not null) Provide(p, "holders of the Preferred Stock, all series voting together as a class");
                list.Add(Law("DGCL §242(b)", "the Board, then the stockholders entitled to vote (and any class whose rights the amendment adversely affects)",
                    "Delaware law requires a stockholder vote on every charter amendment; Charta lists it and does not model it"));
                break;
            }
            case Merger:
            {
                var p = Provision(Merger);
                if (p is null && Missing("merger protective provision") is { } none) return none;
                if (p is not null)
                {
                    var (applies, note) = Exemption(p);
                    Provide(p, "holders of the Preferred Stock, all series voting together as a class", applies, note);
                }

                list.Add(Law("DGCL §251(c), §271", "the stockholders entitled to vote (merger or sale of substantially all assets)",
                    "Delaware law requires a stockholder vote; Charta lists it and does not model it. A merger may also be a deemed liquidation"
                    + (charter.Liquidation?.DeemedLiquidation?.Clause is { } dl ? $" ({dl})" : "")));
                break;
            }
            case IssueSeniorSecurity:
            {
                var p = Provision(IssueSeniorSecurity);
                if (p is null && Missing("senior-security protective provision") is { } none) return none;
                if (p is not null) Provide(p, "holders of the Preferred Stock, all series voting together as a class", true,
                    "includes options on, and securities exercisable or exchangeable for or convertible into, such a security");
                list.Add(Law("DGCL §242(b)", "the stockholders entitled to vote, if the new security needs a charter amendment to authorize it",
                    "a new class or series is created by amending the charter, which may also need §8(a)(i); Charta lists it and does not model it"));
                break;
            }
            case ForceConversion:
            {
                if (charter.AutomaticConversion?.PreferredVote is not { } t) return new Refusal("--action", action.Action, "this charter has no preferred vote to convert all preferred");
                list.Add(Charter(t, "holders of the Preferred Stock outstanding at the time of the vote", true,
                    "every share of every series converts at its conversion price in effect"));
                break;
            }
            case ShortenNotice:
            {
                if (charter.Notices?.DeemedLiquidation is not { Shortening: { } s } dl) return new Refusal("--action", action.Action, "this charter has no consent to shorten the §4(d)(iv) notice periods");
                var t = new ApprovalTerm { Base = s.Base, Fraction = s.Fraction, Comparison = s.Comparison, Clause = dl.Clause };
                list.Add(Charter(t, "written consent of the holders of Preferred Stock entitled to the notice", true,
                    $"shortens the {dl.FirstNoticeDaysBefore}-day notice and the {dl.ClosingAfterFirstNoticeDays}- and {dl.ClosingAfterMaterialChangeDays}-day waiting periods"));
                break;
            }
            case FairMarketValue:
            {
                if (charter.Liquidation?.NonCashValuation?.FairMarketValueApproval is not { } t) return new Refusal("--action", action.Action, "this charter has no fair-market-value approval");
                list.Add(Charter(t, "the corporation together with the holders of the Preferred Stock", true,
                    "mutual determination: the corporation must also agree; securities with no active public market"));
                break;
            }
            case RestrictedDiscount:
            {
                if (charter.Liquidation?.NonCashValuation?.RestrictedDiscountApproval is not { } t) return new Refusal("--action", action.Action, "this charter has no restricted-securities discount approval");
                list.Add(Charter(t, "the corporation together with the holders of the Preferred Stock", true,
                    "mutual determination of the discount for restrictions on free marketability"));
                break;
            }
            case RepurchasePreferred:
            {
                var body = "holders of the Preferred Stock, all series voting together as a class";
                if (Provision(RepurchasePreferred) is { } own) Provide(own, body);
                else if (action.Reading == "approval-only")
                    list.Add(new RequiredApproval(charter.Redemption?.Clause ?? Provision(AdverseAmendment)?.Clause ?? "(the charter cites no clause)", "charter",
                        "the Board (recorded approval)", null, null, null, null, null, false,
                        "reading approval-only: no protective provision of this charter names a repurchase, so none is required"));
                else if (Provision(AdverseAmendment) is { } adverse)
                    Provide(adverse, body, true,
                        "this charter has no repurchase covenant; Charta reads a repurchase of preferred that the charter makes not redeemable as needing the consent "
                        + "the charter requires to change the preferred's protections (docs/interpretations.md; --reading approval-only for the literal text)");
                else if (Missing("repurchase-preferred or adverse-amendment protective provision") is { } none) return none;
                list.Add(Law("DGCL §160", "the Board",
                    "a corporation may not purchase its own shares when its capital is impaired or the purchase would impair it; Charta lists it and does not model it"));
                break;
            }
            case General:
            {
                var t = new ApprovalTerm { Base = ApprovalBase.AllVotes, Fraction = "1/2", Comparison = "more-than", Clause = votes.Clause };
                list.Add(Charter(t, "all stockholders with general voting power, voting together and not as separate classes", true,
                    "the charter fixes who votes and how many votes (§7(a)), not the threshold; Charta uses a majority of all votes outstanding"));
                break;
            }
            default:
                return new Refusal("--action", action.Action, $"is not a known action ({string.Join(", ", Actions)})");
        }

        // §8(a)(ii)-style: a merger provision's retained-equity exemption (a series class vote may state its own).
        (bool Applies, string Note) Exemption(ProtectiveProvision p)
        {
            var exempt = p.ExemptIfRetainedEquityMoreThan is { } f ? Money.Fraction.Parse(f) : (Fraction?)null;
            if (exempt is null) return (true, "no retained-equity exemption in this charter");
            if (action.RetainedEquity is not { } kept)
                return (true, $"not required if the stockholders immediately before hold more than {exempt} of the survivor's outstanding equity securities, preferred as converted (pass --retained-equity); "
                              + "this base is all equity, unlike the 'voting equity securities' of §4(d)(i)");
            var applies = !(kept.Numerator * exempt.Value.Denominator > exempt.Value.Numerator * kept.Denominator);
            return (applies, applies
                ? $"the stockholders keep {kept} of the survivor's outstanding equity (as converted), not more than {exempt}: the consent is required"
                : $"the stockholders keep {kept} of the survivor's outstanding equity (as converted), more than {exempt}: exempt");
        }

        // Series class votes: the consent of the holders of one series alone, on its shares outstanding (only while
        // some are outstanding: a series with none has no holders to consent).
        foreach (var p in seriesVotes)
        {
            var name = charter.FindSeries(p.Series!)?.Name ?? p.Series!;
            var whole = SeriesShares(votes, p.Series!);
            var (exemptApplies, exemptNote) = p.ExemptIfRetainedEquityMoreThan is null ? (true, "") : Exemption(p);
            list.Add(Charter(p, $"holders of {name}, voting as a separate series", whole > 0 && exemptApplies,
                whole == 0 ? $"no shares of {name} are outstanding: no series vote"
                : $"a series class vote: {p.Matter}" + (exemptNote.Length > 0 ? $"; {exemptNote}" : ""), p.Series));
        }

        return list;
    }

    /// <summary>Checks each approval against consents. A holder may appear once; a stated number may not exceed their holding.</summary>
    public static Result<IReadOnlyList<ApprovalOutcome>> Evaluate(IReadOnlyList<RequiredApproval> required, VoteCount votes, IReadOnlyList<Consent> consents)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long prefShares = 0, prefVotes = 0, allVotes = 0;
        var counted = new List<(Consent Consent, HolderVotes Holder)>(consents.Count);
        foreach (var c in consents)
        {
            if (!seen.Add(c.Holder)) return new Refusal("consents", c.Holder, "appears more than once");
            var h = votes.Find(c.Holder);
            if (h is null) return new Refusal("consents", c.Holder, $"holds no shares at {DateText(votes.RecordDate)}");
            if (c.Shares is < 0) return new Refusal("consents", c.Holder, "a consent cannot be for a negative number of shares");
            if (c.Votes is < 0) return new Refusal("consents", c.Holder, "a consent cannot be for a negative number of votes");
            if (c.Shares is { } s && s > h.PreferredShares)
                return new Refusal("consents", c.Holder, $"consents with {N(s)} preferred shares but holds {N(h.PreferredShares)}");
            if (c.Votes is { } v && v > h.Total)
                return new Refusal("consents", c.Holder, $"consents with {N(v)} votes but has {N(h.Total)}");

            var (shares, pv, av) = (c.Shares, c.Votes) switch
            {
                (null, null) => (h.PreferredShares, h.PreferredVotes, h.Total),
                ({ } s2, null) => (s2, ProRata(s2, h.PreferredShares, h.PreferredVotes), ProRata(s2, h.PreferredShares, h.PreferredVotes)),
                (null, { } v2) => (ProRata(Math.Min(v2, h.PreferredVotes), h.PreferredVotes, h.PreferredShares), Math.Min(v2, h.PreferredVotes), v2),
                ({ } s3, { } v3) => (s3, Math.Min(v3, h.PreferredVotes), v3),
            };
            prefShares += shares;
            prefVotes += pv;
            allVotes += av;
            counted.Add((c, h));
        }

        var outcomes = new List<ApprovalOutcome>(required.Count);
        foreach (var r in required)
        {
            if (r.Base is null || r.Needed is null || !r.Applies)
            {
                outcomes.Add(new ApprovalOutcome(r, null, r.Applies ? null : true, null));
                continue;
            }

            var consenting = r.Series is { } series ? SeriesConsenting(counted, series) : r.Base switch
            {
                ApprovalBase.PreferredShares => prefShares,
                ApprovalBase.PreferredVotingPower => prefVotes,
                _ => allVotes,
            };
            var f = Money.Fraction.Parse(r.Fraction!);
            var cmp = r.Comparison == "more-than" ? ThresholdComparison.MoreThan : ThresholdComparison.AtLeast;
            outcomes.Add(new ApprovalOutcome(r, consenting, f.IsMet(consenting, r.Whole!.Value, cmp), consenting - r.Needed.Value));
        }

        return outcomes;
    }

    /// <summary>
    /// The write-time check: every approval the charter requires for <paramref name="action"/> (those that apply) met
    /// by <paramref name="consents"/> on the votes at the action's date, or a refusal naming the threshold, the shares or
    /// votes needed and those consenting. The threshold arithmetic is <see cref="Required"/> and <see cref="Evaluate"/>'s.
    /// </summary>
    public static Refusal? Check(CharterDocument charter, VoteCount votes, ProposedAction action, IReadOnlyList<Consent>? consents, string field = "consent")
    {
        var required = Required(charter, votes, action);
        if (!required.IsOk) return required.Refusal;
        var outcomes = Evaluate(required.Value, votes, consents ?? []);
        if (!outcomes.IsOk) return outcomes.Refusal! with { Field = field };
        foreach (var o in outcomes.Value)
        {
            var r = o.Approval;
            if (r.Kind != "charter" || !r.Applies || r.Base is null || o.Met != false) continue;
            var unit = r.Series is { } sid ? $"shares of {charter.FindSeries(sid)?.Name ?? sid}" : r.Base switch { ApprovalBase.PreferredShares => "preferred shares", ApprovalBase.PreferredVotingPower => "preferred votes", _ => "votes" };
            var given = consents is null ? "(none)" : $"{N(o.Consenting ?? 0)} {unit}";
            return new Refusal(field, given,
                $"{action.Action} needs the consent of {r.Threshold} of the {N(r.Whole ?? 0)} {unit} outstanding ({N(r.Needed ?? 0)}); "
                + $"{N(o.Consenting ?? 0)} consent{(consents is null ? "" : $" ({string.Join(", ", consents.Select(c => c.Holder))})")}, {N(-(o.Margin ?? 0))} short: "
                + "record the consent with --consent", Clause.Of(r.Clause));
        }

        return null;
    }

    /// <summary>The shares of one series outstanding at the votes' date (the base of a series class vote).</summary>
    public static long SeriesShares(VoteCount votes, string series)
    {
        long n = 0;
        foreach (var h in votes.Holders)
            foreach (var s in h.BySeries)
                if (s.Series == series) n += s.Shares;
        return n;
    }

    /// <summary>
    /// A series class vote's consenting shares: each consenting holder's shares of the series; a consent stated in
    /// preferred shares counts up to the holder's shares of that series (docs/interpretations.md, session 19).
    /// </summary>
    private static long SeriesConsenting(IEnumerable<(Consent Consent, HolderVotes Holder)> counted, string series)
    {
        long n = 0;
        foreach (var (c, h) in counted)
        {
            long held = 0;
            foreach (var s in h.BySeries)
                if (s.Series == series) held += s.Shares;
            n += (c.Shares, c.Votes) switch
            {
                ({ } stated, _) => Math.Min(stated, held),
                (null, { } v) => ProRata(Math.Min(v, h.PreferredVotes), h.PreferredVotes, held),
                _ => held,
            };
        }

        return n;
    }

    /// <summary>The size of a base today.</summary>
    public static long WholeOf(VoteCount votes, string @base) => @base switch
    {
        ApprovalBase.PreferredShares => votes.PreferredShares,
        ApprovalBase.PreferredVotingPower => votes.PreferredVotes,
        ApprovalBase.AllVotes => votes.TotalVotes,
        _ => throw new InvalidOperationException($"unknown approval base '{@base}'"),
    };

    /// <summary>Interpretation: a partial consent stated in one unit counts pro rata in the other, rounded down.</summary>
    private static long ProRata(long part, long whole, long of) =>
        whole == 0 ? 0 : checked((long)((Int128)part * of / whole));

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string DateText(DateOnly? d) => d is { } x ? x.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "the date of the vote";
}
