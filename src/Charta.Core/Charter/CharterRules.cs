using Charta.Core.Money;

namespace Charta.Core.Charter;

/// <summary>
/// The cross-field rules of a charter document that JSON Schema cannot express: the authorized counts add up,
/// the series fit inside the preferred, every reference names a series that exists.
/// </summary>
internal static class CharterRules
{
    public static Result<CharterDocument> Check(CharterDocument c, string source)
    {
        Refusal Bad(string pointer, object? value, string reason, string? clause = null) =>
            new($"{source}{pointer}", value?.ToString() ?? "null", reason, clause is null ? null : Clause.Of(clause));

        var a = c.Authorized;
        if (a.Common.Value + a.Preferred.Value != a.Total.Value)
            return Bad("/authorized/total/value", a.Total.Value,
                $"must equal common {a.Common.Value:N0} + preferred {a.Preferred.Value:N0} = {a.Common.Value + a.Preferred.Value:N0}", a.Total.Clause);

        // The waterfall pays common what remains after every series (the residual). A seniority on common is honoured
        // only in that sense: it must rank below every series (a higher number is paid first); one that would put
        // common beside or above a series is refused rather than ignored.
        if (c.Common.Seniority is { } cs && c.Series.Count > 0 && cs.Value >= c.Series.Min(s => s.Liquidation.Seniority))
            return Bad("/common/seniority/value", cs.Value,
                $"ranks common beside or above a series (lowest series seniority {c.Series.Min(s => s.Liquidation.Seniority)}; a higher number is paid first), but common takes what remains after every series; give common a lower seniority or remove it",
                cs.Clause);

        var ids = new HashSet<string>(StringComparer.Ordinal) { c.Common.Id };
        if (CommonClasses(c, ids, source) is { } badCommon) return badCommon;
        long fixedSum = 0;
        for (var i = 0; i < c.Series.Count; i++)
        {
            var s = c.Series[i];
            if (!ids.Add(s.Id)) return Bad($"/series/{i}/id", s.Id, "duplicates another class id");
            fixedSum = checked(fixedSum + s.FixedShares.Value);
            if (s.Liquidation.Participation.Kind == "capped" && s.Liquidation.Participation.CapMultiple is { } cap && cap <= s.Liquidation.Multiple)
                return Bad($"/series/{i}/liquidation/participation/capMultiple", cap,
                    $"must exceed the preference multiple {s.Liquidation.Multiple}", s.Liquidation.Clause);
        }

        if (fixedSum > a.Preferred.Value)
            return Bad("/series", fixedSum.ToString("N0"),
                $"the series' fixed numbers add up to more than the {a.Preferred.Value:N0} authorized preferred shares", a.Preferred.Clause);

        if (c.AntiDilution is { } ad)
        {
            for (var i = 0; i < ad.AppliesTo.Count; i++)
                if (c.FindSeries(ad.AppliesTo[i]) is null)
                    return Bad($"/antiDilution/appliesTo/{i}", ad.AppliesTo[i], "names no series of this charter", ad.Clause);
            for (var i = 0; i < ad.ConvertibleSecuritySeries.Count; i++)
                if (c.FindSeries(ad.ConvertibleSecuritySeries[i]) is null)
                    return Bad($"/antiDilution/convertibleSecuritySeries/{i}", ad.ConvertibleSecuritySeries[i], "names no series of this charter", ad.Clause);
            if (ad.OriginalIssueDate is { } oid && c.FindSeries(oid.Series) is null)
                return Bad("/antiDilution/originalIssueDate/series", oid.Series, "names no series of this charter", oid.Clause);
            var seen = new HashSet<string>();
            for (var i = 0; i < ad.Exclusions.Count; i++)
                if (!seen.Add(ad.Exclusions[i].Id))
                    return Bad($"/antiDilution/exclusions/{i}/id", ad.Exclusions[i].Id, "duplicates another exclusion id", ad.Exclusions[i].Clause);
        }

        // A series' own anti-dilution terms refine the charter's: they need its antiDilution block (its clause, its
        // exclusions), and every series and exclusion they name must exist.
        for (var i = 0; i < c.Series.Count; i++)
        {
            if (c.Series[i].AntiDilution is not { } sad) continue;
            if (c.AntiDilution is not { } common)
                return Bad($"/series/{i}/antiDilution", "{…}", "a series' own anti-dilution terms refine the charter's: state antiDilution (its clause and exclusions) too", sad.Clause);
            if (sad.OriginalIssueDate is { } soid && c.FindSeries(soid.Series) is null)
                return Bad($"/series/{i}/antiDilution/originalIssueDate/series", soid.Series, "names no series of this charter", soid.Clause);
            if (sad.Method != AntiDilutionTerms.NoProtection && sad.OriginalIssueDate is null && common.OriginalIssueDate is null)
                return Bad($"/series/{i}/antiDilution/originalIssueDate", "(none)",
                    "the series is protected from issues after its Original Issue Date: name the series whose first issue fixes it (here or in antiDilution.originalIssueDate)", sad.Clause);
            for (var k = 0; k < (sad.Exclusions?.Count ?? 0); k++)
                if (common.FindExclusion(sad.Exclusions![k]) is null)
                    return Bad($"/series/{i}/antiDilution/exclusions/{k}", sad.Exclusions[k], "names no exclusion of antiDilution.exclusions", sad.Clause);
        }

        // Dividend seniority between series: stated on all series or on none (a series left out has no place in the order).
        var ranked = c.Series.Count(s => s.Dividend.Seniority is not null);
        if (ranked > 0 && ranked < c.Series.Count)
        {
            var i = c.Series.ToList().FindIndex(s => s.Dividend.Seniority is null);
            return Bad($"/series/{i}/dividend/seniority", "(none)",
                "dividend seniority is stated on another series: state it on every series (a higher number is paid first; equal numbers share pro rata)",
                c.Series.First(s => s.Dividend.Seniority is not null).Dividend.Seniority!.Clause);
        }

        for (var i = 0; i < c.Series.Count; i++)
            if (c.Series[i].Liquidation.CommonCatchUp is { } cu && (cu.PerShare is null) == (cu.Amount is null))
                return Bad($"/series/{i}/liquidation/commonCatchUp", "{…}", "state exactly one of perShare (a common share) and amount (in aggregate)", cu.Clause);

        if (c.Redemption is { Redeemable: true } red)
        {
            for (var i = 0; i < red.Series.Count; i++)
                if (c.FindSeries(red.Series[i]) is null)
                    return Bad($"/redemption/series/{i}", red.Series[i], "names no series of this charter", red.Clause);
            if (red.Option is { } opt && c.FindSeries(opt.OriginalIssueDateSeries) is null)
                return Bad("/redemption/option/originalIssueDateSeries", opt.OriginalIssueDateSeries, "names no series of this charter", opt.Clause);
        }

        for (var i = 0; i < c.ConversionPriceResets.Count; i++)
        {
            var r = c.ConversionPriceResets[i];
            if (c.FindSeries(r.Series) is null)
                return Bad($"/conversionPriceResets/{i}/series", r.Series, "names no series of this charter", r.Clause);
        }

        if (ConversionClass(c, source) is { } badInto) return badInto;

        if (c.PayToPlay is { } ptp)
        {
            var seenSeries = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ptp.AppliesTo.Count; i++)
            {
                if (c.FindSeries(ptp.AppliesTo[i]) is null)
                    return Bad($"/payToPlay/appliesTo/{i}", ptp.AppliesTo[i], "names no series of this charter", ptp.Clause);
                if (!seenSeries.Add(ptp.AppliesTo[i]))
                    return Bad($"/payToPlay/appliesTo/{i}", ptp.AppliesTo[i], "names a series twice", ptp.Clause);
            }

            if (!c.IsCommon(ptp.Into) && c.FindSeries(ptp.Into) is null)
                return Bad("/payToPlay/into", ptp.Into, $"names no class of this charter (the common '{c.Common.Id}' or a shadow series)", ptp.Clause);
            if (seenSeries.Contains(ptp.Into))
                return Bad("/payToPlay/into", ptp.Into, "a series subject to pay-to-play cannot be its own shadow series", ptp.Clause);
            var shadowed = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ptp.ShadowSeries.Count; i++)
            {
                var x = ptp.ShadowSeries[i];
                if (!seenSeries.Contains(x.Series))
                    return Bad($"/payToPlay/shadowSeries/{i}/series", x.Series, "names no series in payToPlay.appliesTo", x.Clause);
                if (!shadowed.Add(x.Series))
                    return Bad($"/payToPlay/shadowSeries/{i}/series", x.Series, "has two shadow series", x.Clause);
                if (c.FindSeries(x.Shadow) is null)
                    return Bad($"/payToPlay/shadowSeries/{i}/shadow", x.Shadow, "names no series of this charter", x.Clause);
            }

            // Each series converts share for share into its shadow: the shadow is no series subject to pay-to-play, the
            // shadow of one series only, and has the series' Original Issue Price (so the common it converts into, at the
            // series' conversion price, is what the series' share converted into).
            var shadowOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var id in ptp.AppliesTo)
            {
                var target = ptp.TargetOf(id);
                if (c.IsCommon(target)) continue;
                var i = ptp.ShadowSeries.ToList().FindIndex(x => x.Series == id);
                var (path, clause) = i >= 0 ? ($"/payToPlay/shadowSeries/{i}/shadow", ptp.ShadowSeries[i].Clause) : ("/payToPlay/into", ptp.Clause);
                if (seenSeries.Contains(target))
                    return Bad(path, target, "a series subject to pay-to-play cannot be a shadow series", clause);
                if (shadowOf.TryGetValue(target, out var other))
                    return Bad(path, target, $"is already the shadow of {other}: each series needs its own shadow series", clause);
                shadowOf[target] = id;
                var (s, t) = (c.FindSeries(id)!, c.FindSeries(target)!);
                if (s.OriginalIssuePrice.Value != t.OriginalIssuePrice.Value)
                    return Bad(path, target, $"has an Original Issue Price of {t.OriginalIssuePrice.Value} and {s.Name} of {s.OriginalIssuePrice.Value}: a share converts into one share of its shadow series, so they must be equal", clause);
            }
        }

        if (c.AutomaticConversion is { } ac)
        {
            var voting = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ac.SeriesVotes.Count; i++)
            {
                var v = ac.SeriesVotes[i];
                if (c.FindSeries(v.Series) is null)
                    return Bad($"/automaticConversion/seriesVotes/{i}/series", v.Series, "names no series of this charter", v.Clause);
                if (!voting.Add(v.Series))
                    return Bad($"/automaticConversion/seriesVotes/{i}/series", v.Series, "gives the series a second conversion vote; a series has one", v.Clause);
            }
        }

        for (var i = 0; i < c.ProtectiveProvisions.Count; i++)
        {
            var p = c.ProtectiveProvisions[i];
            if (p.Series is null) continue;
            if (c.FindSeries(p.Series) is null)
                return Bad($"/protectiveProvisions/{i}/series", p.Series, "names no series of this charter", p.Clause);
            if (p.Base != "preferred-shares")
                return Bad($"/protectiveProvisions/{i}/base", p.Base, "a series class vote is measured on the series' shares outstanding: use preferred-shares", p.Clause);
        }

        // Terms the format can state but the engine does not implement: refused when the charter loads, never ignored.
        // (Each refusal names the value the engine does implement; docs/charters.md lists them.)
        if (Unimplemented(c) is { } unimplemented) return Bad(unimplemented.Pointer, unimplemented.Value, unimplemented.Reason, unimplemented.Clause);

        var provisions = new HashSet<string>();
        for (var i = 0; i < c.ProtectiveProvisions.Count; i++)
        {
            var p = c.ProtectiveProvisions[i];
            if (!provisions.Add(p.Id)) return Bad($"/protectiveProvisions/{i}/id", p.Id, "duplicates another provision id", p.Clause);
            if (!Fraction.TryParse(p.Fraction, out _))
                return Bad($"/protectiveProvisions/{i}/fraction", p.Fraction, "must be n/d with n <= d", p.Clause);
        }

        return c;
    }

    /// <summary>
    /// The classes of common: ids unique, and with several classes each states its own authorized number (adding up to
    /// authorized.common) and its votes per share (voting.commonVotesPerShare, one figure for all, is then refused).
    /// </summary>
    private static Refusal? CommonClasses(CharterDocument c, HashSet<string> ids, string source)
    {
        Refusal Bad(string pointer, object? value, string reason, string? clause) =>
            new($"{source}{pointer}", value?.ToString() ?? "null", reason, clause is null ? null : Clause.Of(clause));
        var a = c.Authorized;
        for (var i = 0; i < c.AdditionalCommonClasses.Count; i++)
            if (!ids.Add(c.AdditionalCommonClasses[i].Id))
                return Bad($"/additionalCommonClasses/{i}/id", c.AdditionalCommonClasses[i].Id, "duplicates another class id", c.AdditionalCommonClasses[i].Authorized?.Clause);

        if (!c.HasSeveralCommonClasses)
        {
            if (c.Common.Authorized is { } own && own.Value != a.Common.Value)
                return Bad("/common/authorized/value", own.Value,
                    $"must equal authorized.common ({a.Common.Value:N0}): with one class of common the two are the same number; remove it or make them equal", own.Clause);
            return null;
        }

        if (c.Common.Authorized is null)
            return Bad("/common/authorized", "(none)",
                "is required with additionalCommonClasses: state each class's authorized number (they add up to authorized.common)", a.Common.Clause);
        if (c.Common.VotesPerShare is null)
            return Bad("/common/votesPerShare", "(none)",
                "is required with additionalCommonClasses: each class of common states its votes per share; the engine does not assume one", c.Voting?.Clause ?? a.Common.Clause);
        if (c.Voting?.CommonVotesPerShare is { } one)
            return Bad("/voting/commonVotesPerShare", one,
                "is not implemented with additionalCommonClasses: one figure for all common cannot say each class's votes; remove it and state votesPerShare on each class", c.Voting.Clause);
        if (c.Common.Seniority is { } sen)
            return Bad("/common/seniority", sen.Value,
                "is not implemented with additionalCommonClasses: the classes of common share the residual pari passu; remove it", sen.Clause);
        long sum = 0;
        foreach (var k in c.CommonClasses) sum = checked(sum + k.Authorized!.Value);
        if (sum != a.Common.Value)
            return Bad("/authorized/common/value", a.Common.Value,
                $"must equal the classes of common's authorized numbers added up: {string.Join(" + ", c.CommonClasses.Select(k => $"{k.Id} {k.Authorized!.Value:N0}"))} = {sum:N0}", a.Common.Clause);
        return null;
    }

    /// <summary>
    /// convertsInto: names a class of common; with several classes every series states it. Every series converts into
    /// the same class (series converting into different classes would need a holder's fractions aggregated per class,
    /// not implemented: refused).
    /// </summary>
    private static Refusal? ConversionClass(CharterDocument c, string source)
    {
        string? first = null;
        for (var i = 0; i < c.Series.Count; i++)
        {
            var s = c.Series[i];
            if (s.ConvertsInto is not { } into)
            {
                if (c.HasSeveralCommonClasses)
                    return new Refusal($"{source}/series/{i}/convertsInto", "(none)",
                        $"is required with additionalCommonClasses: name the class of common {s.Name} converts into ({string.Join(", ", c.CommonClasses.Select(k => k.Id))})",
                        s.Designation is null ? null : Clause.Of(s.Designation.Clause));
                continue;
            }

            if (!c.IsCommon(into.Class))
                return new Refusal($"{source}/series/{i}/convertsInto/class", into.Class,
                    $"names no class of common of this charter ({string.Join(", ", c.CommonClasses.Select(k => k.Id))})", Clause.Of(into.Clause));
            first ??= into.Class;
            if (into.Class != first)
                return new Refusal($"{source}/series/{i}/convertsInto/class", into.Class,
                    $"is not implemented: every series converts into the same class of common (an earlier series converts into '{first}'); a holder's conversion of series into different classes is not modelled",
                    Clause.Of(into.Clause));
        }

        // A series silent on convertsInto converts into 'common': on a one-class charter every other series must name it too.
        if (first is not null && first != c.Common.Id)
            for (var i = 0; i < c.Series.Count; i++)
                if (c.Series[i].ConvertsInto is null)
                    return new Refusal($"{source}/series/{i}/convertsInto", "(none)",
                        $"is not implemented: another series converts into '{first}', and every series converts into the same class; state it", null);

        if (c.PayToPlay is { } ptp && c.IsCommon(ptp.Into) && ptp.Into != c.ConversionCommonId)
            return new Refusal($"{source}/payToPlay/into", ptp.Into,
                $"is not implemented: a holder who does not play converts at the conversion rate into the class the preferred converts into ('{c.ConversionCommonId}')", Clause.Of(ptp.Clause));
        return null;
    }

    /// <summary>The first term of <paramref name="c"/> whose value the engine does not implement, or null.</summary>
    internal static (string Pointer, object Value, string Reason, string? Clause)? Unimplemented(CharterDocument c)
    {
        for (var i = 0; i < c.Series.Count; i++)
        {
            var d = c.Series[i].Dividend;
            if (d.IsCumulative && d.Accrual is null)
                return ($"/series/{i}/dividend/accrual", "(none)",
                    "is not implemented as a default: a cumulative dividend needs its accrual (basis daily or annual, compounding simple or annual, and its clause); the engine does not guess how it accrues",
                    d.Clause);
            if (!d.IsCumulative && d.Accrual is not null)
                return ($"/series/{i}/dividend/accrual", "{…}",
                    "is not implemented for a non-cumulative dividend: an accrual applies to a cumulative dividend only; set kind to cumulative or remove the accrual", d.Clause);
        }

        for (var i = 0; i < c.Series.Count; i++)
            if (c.Series[i].Dividend is { IsCumulative: false, InKind: { } pik })
                return ($"/series/{i}/dividend/inKind", "{…}",
                    "is not implemented for a non-cumulative dividend: a payment in kind pays the accrued and unpaid cumulative dividends; make the dividend cumulative or remove it", pik.Clause);

        if (c.Dividends is { } dv)
        {
            if (!dv.PreferredBeforeCommon)
                return ("/dividends/preferredBeforeCommon", false,
                    "is not implemented: the engine pays each series' preferential rate before any dividend on common; set it to true", dv.Clause);
            if (!dv.ExceptCommonPaidInCommon)
                return ("/dividends/exceptCommonPaidInCommon", false,
                    "is not implemented: the engine exempts dividends on common payable in common (stock dividends) from the preference; set it to true", dv.Clause);
        }

        if (c.Dividends?.Arrears is { } arrears && !c.Series.Any(s => s.Dividend.IsCumulative))
            return ("/dividends/arrears", "{…}",
                "is not implemented without a cumulative series: only a cumulative dividend falls into arrears; remove it or make a series cumulative", arrears.Clause);

        // A catch-up of the common is paid just ahead of its series' rank: a series ranking with it would be paid after
        // the common too, which the term does not say.
        for (var i = 0; i < c.Series.Count; i++)
        {
            var s = c.Series[i];
            if (s.Liquidation.CommonCatchUp is not { } cu) continue;
            if (c.Series.FirstOrDefault(o => o.Id != s.Id && o.Liquidation.Seniority == s.Liquidation.Seniority) is { } peer)
                return ($"/series/{i}/liquidation/commonCatchUp", "{…}",
                    $"is not implemented for a series that ranks with another (Series {peer.Id}, seniority {s.Liquidation.Seniority}): the catch-up is paid just before the series' rank; give the series a rank of its own",
                    cu.Clause);
        }

        // The deemed-liquidation test (DeemedLiquidation.Retention, Assess) treats a merger, a consolidation and an asset
        // sale alike: a list leaving one out would be read and ignored.
        if (c.Liquidation?.DeemedLiquidation is { Transactions.Count: > 0 } dl
            && !new[] { "merger", "consolidation", "asset-sale" }.All(dl.Transactions.Contains))
            return ("/liquidation/deemedLiquidation/transactions", string.Join(",", dl.Transactions),
                "is not implemented: the engine treats every merger, consolidation and sale of substantially all assets as a deemed liquidation; list all three (merger, consolidation, asset-sale)",
                dl.Clause);

        // An automatic conversion by vote of the preferred is counted on the preferred shares outstanding (ConversionBook).
        if (c.AutomaticConversion?.PreferredVote is { } pv && pv.Base != "preferred-shares")
            return ("/automaticConversion/preferredVote/base", pv.Base,
                "is not implemented: the vote of the preferred to convert is counted on the preferred shares outstanding; use base preferred-shares",
                pv.Clause);

        if (c.Conversion?.ConvertedSharesReissuable is { Value: true } reissuable)
            return ("/conversion/convertedSharesReissuable/value", true,
                "is not implemented: the engine retires converted preferred shares and never reissues them; set it to false", reissuable.Clause);

        if (c.Conversion?.FractionalShares is { AggregatePerHolder: false } fractions)
            return ("/conversion/fractionalShares/aggregatePerHolder", false,
                "is not implemented: the engine converts all of a holder's shares of a series at once and pays one fraction per holder and series; set it to true", fractions.Clause);

        if (c.Redemption is { Redeemable: true } redemption)
        {
            // A right to redeem is honoured only with every term that says how: the series, the date, the price, the instalments.
            if (redemption.Series.Count == 0)
                return ("/redemption/series", "(none)", "is not implemented as a default: name the series redeemable at the holder's option", redemption.Clause);
            if (redemption.Option is null)
                return ("/redemption/option", "(none)", "is not implemented as a default: state from when the shares are redeemable (years after whose Original Issue Date)", redemption.Clause);
            if (redemption.Price is null)
                return ("/redemption/price", "(none)", "is not implemented as a default: state the Redemption Price basis", redemption.Clause);
            if (redemption.Instalments is null)
                return ("/redemption/instalments", "(none)", "is not implemented as a default: state the number of instalments and the months between them", redemption.Clause);
        }
        else if (c.Redemption is { } none && (none.Series.Count > 0 || none.Option is not null || none.Price is not null || none.Instalments is not null || none.RedeemedSharesReissuable is not null))
        {
            return ("/redemption/redeemable", false,
                "is not implemented with redemption terms: the charter states how shares are redeemed but makes them not redeemable; set redeemable to true or remove the terms", none.Clause);
        }

        // votingTogether false: each series votes separately on its own shares outstanding (Approvals.Required). A vote
        // of each series measured on its voting power, or of each class on all votes, is not counted.
        for (var i = 0; i < c.ProtectiveProvisions.Count; i++)
            if (c.ProtectiveProvisions[i] is { VotingTogether: false, Series: null } p && p.Base != "preferred-shares")
                return ($"/protectiveProvisions/{i}/base", p.Base,
                    "is not implemented with votingTogether false: each series voting separately is counted on its own shares outstanding; use base preferred-shares", p.Clause);

        return null;
    }
}
