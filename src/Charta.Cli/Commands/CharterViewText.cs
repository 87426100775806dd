using Charta.Cli.Output;
using Charta.Core.Charter;

namespace Charta.Cli.Commands;

/// <summary>The `charter show` text (its JSON shape, <see cref="CharterView"/>, lives in Charta.Views, shared with the server).</summary>
public static class CharterViewText
{
    public static int WriteText(TextWriter w, CharterDocument c)
    {
        var a = c.Authorized;
        w.WriteLine($"{c.Company}: {c.Document ?? "charter"} [{c.Id}]");
        w.WriteLine();
        w.WriteLine($"Authorized shares ({a.Total.Clause})");
        w.WriteLine($"  Total      {Format.Shares(a.Total.Value),12}");
        w.WriteLine($"  Common     {Format.Shares(a.Common.Value),12}   par {(a.CommonParValue is { } cp ? Format.Money(cp.Value) : "-")}");
        w.WriteLine($"  Preferred  {Format.Shares(a.Preferred.Value),12}   par {(a.PreferredParValue is { } pp ? Format.Money(pp.Value) : "-")}");
        // Several classes of common: each with its own authorized number and votes per share.
        if (c.HasSeveralCommonClasses)
            foreach (var k in c.CommonClasses)
                w.WriteLine($"    {k.Name} ({k.Id}) {Format.Shares(k.Authorized!.Value)} ({k.Authorized.Clause}), {Format.Shares(k.VotesPerShare!.Value)} vote{(k.VotesPerShare.Value == 1 ? "" : "s")} a share ({k.VotesPerShare.Clause})");
        if (c.Series.FirstOrDefault(s => s.ConvertsInto is not null) is { ConvertsInto: { } into })
            w.WriteLine($"  The preferred converts into {c.FindCommon(into.Class)?.Name ?? into.Class} ({into.Clause}).");
        w.WriteLine();
        // The clauses come from the charter in use (the first series; a series citing elsewhere shows in --json).
        if (c.Series.Count > 0)
        {
            var f = c.Series[0];
            w.WriteLine($"Preferred series (fixed number {f.FixedShares.Clause}; OIP {f.OriginalIssuePrice.Clause}; conversion price {f.InitialConversionPrice.Clause}; dividend {f.Dividend.Clause}"
                        + (f.IpoPriceMultiple is { } ipo ? $"; IPO multiple {ipo.Clause})" : ")"));
        }
        else
        {
            w.WriteLine("Preferred series: none");
        }

        var t = new TextTable("Series", "Fixed shares", "OIP", "Conv. price", "Dividend/yr", "Kind", "Liq. pref", "Seniority", "Participation", "IPO multiple")
            .RightAlign(1, 2, 3, 4, 6, 7, 9);
        foreach (var s in c.Series)
            t.Row(s.Id, Format.Shares(s.FixedShares.Value), Format.Money(s.OriginalIssuePrice.Value), Format.Money(s.InitialConversionPrice.Value),
                Format.Money(s.Dividend.RatePerShare), s.Dividend.Kind, $"{s.Liquidation.Multiple}x", s.Liquidation.Seniority.ToString(System.Globalization.CultureInfo.InvariantCulture),
                s.Liquidation.Participation.Kind == "capped" ? $"capped {s.Liquidation.Participation.CapMultiple}x" : s.Liquidation.Participation.Kind,
                s.IpoPriceMultiple is { } m ? $"{m.Value}x" : "-");
        t.WriteTo(w);

        if (c.Liquidation is { } l)
        {
            w.WriteLine();
            w.WriteLine($"Liquidation: preference before common; a shortfall is shared by {l.ShortfallBasis.Value} ({l.ShortfallBasis.Clause}); the rest to common ({l.ResidualToCommon?.Clause ?? "-"}).");
            if (l.DeemedLiquidation is { } d)
                w.WriteLine($"  Deemed liquidation: merger, consolidation or asset sale unless prior holders keep {d.RetainedVotingEquity.Comparison} {d.RetainedVotingEquity.Fraction} of the voting equity ({d.RetainedVotingEquity.Clause}).");
        }

        if (c.AutomaticConversion?.PublicOffering is { } po)
            w.WriteLine($"Automatic conversion: firm-commitment IPO at the series' multiple of its conversion price, proceeds {po.MinimumAggregateProceeds.Comparison} {Format.Money(po.MinimumAggregateProceeds.Value)}; {(po.PriceTestReading is { } rd ? $"reading '{rd}'" : "no price-test reading named (an offering on which any-series and each-series differ is refused until one is chosen)")}; dollar bars {po.BarAdjustment ?? "splits-only"} ({po.Clause}).");
        if (c.AutomaticConversion?.PreferredVote is { } pv)
            w.WriteLine($"  or a vote of {pv.Comparison} {pv.Fraction} of the {pv.Base} ({pv.Clause}).");
        foreach (var sv in c.AutomaticConversion?.SeriesVotes ?? [])
            w.WriteLine($"  or a vote of {sv.Comparison} {sv.Fraction} of the Series {sv.Series} shares alone, converting {(sv.Converts == "all-preferred" ? "every series" : $"Series {sv.Series}")} ({sv.Clause}).");
        if (c.Redemption is { Redeemable: true, Option: { } ro, Price: { } rp, Instalments: { } ri } red)
            w.WriteLine($"Redemption: at the holder's option, {string.Join(", ", red.Series.Select(x => $"Series {x}"))} on or after {ro.YearsAfterOriginalIssueDate} years from the Series {ro.OriginalIssueDateSeries} Original Issue Date ({ro.Clause}), at "
                        + (rp.Basis == RedemptionPriceTerm.PlusDividends ? "the Original Issue Price plus dividends declared and unpaid and accrued and unpaid" : "the Original Issue Price")
                        + $" ({rp.Clause}), in {ri.Count} instalments, the first {ri.FirstAfterDays} days after the request, then every {ri.IntervalMonths} months ({ri.Clause}); redeemed shares are "
                        + (red.RedeemedSharesReissuable is { Value: true } ? "reissuable" : "retired") + ".");
        if (c.PayToPlay is { } ptp)
        {
            w.WriteLine($"Pay-to-play: in a Qualified Financing ({ptp.QualifiedFinancing.Designation}, {ptp.QualifiedFinancing.Clause}) a holder of {string.Join(", ", ptp.AppliesTo.Select(x => $"Series {x}"))} that does not buy its full pro rata share converts those shares into {(c.IsCommon(ptp.Into) ? "common" : $"Series {ptp.Into}")} at the conversion rate in effect ({ptp.Clause}).");
            foreach (var x in ptp.ShadowSeries)
                w.WriteLine($"  Series {x.Series} converts instead share for share into its shadow series, Series {x.Shadow}, at the Series {x.Series} conversion price in effect when first issued ({x.Clause}).");
        }
        foreach (var r in c.ConversionPriceResets)
            w.WriteLine($"Conversion price reset for Series {r.Series}: " + string.Join("; ",
                r.Windows.Select(x => $"filed within {(x.UpToDays is { } dd ? $"{dd} days" : $"{x.UpToMonths} months")} of the {r.Anchor}: {x.PercentOfOfferingPrice}% of the IPO price")) + $" ({r.Clause}).");
        if (c.AntiDilution is { } ad)
        {
            w.WriteLine($"Anti-dilution: {ad.Method}, rounded to the {ad.Rounding.Replace('-', ' ')}, for {string.Join(", ", ad.AppliesTo)} ({ad.Clause}). Excluded issuances:");
            foreach (var e in ad.Exclusions) w.WriteLine($"  {e.Id,-24} {e.Clause,-24} {e.Description}{(e.Approval == "board" ? " [needs Board approval]" : "")}");
        }

        // A series' own anti-dilution terms (method, Original Issue Date, exclusions), where it has them.
        foreach (var s in c.Series)
            if (s.AntiDilution is { } sad)
                w.WriteLine($"Anti-dilution of Series {s.Id}: {sad.Method}"
                            + (sad.OriginalIssueDate is { } o ? $", from the first Series {o.Series} issue ({o.Clause})" : "")
                            + (sad.Exclusions is { } ex ? $", excluding only {(ex.Count == 0 ? "nothing" : string.Join(", ", ex))}" : "")
                            + $" ({sad.Clause}).");
        // How a cumulative dividend accrues.
        foreach (var s in c.Series)
            if (s.Dividend.Accrual is { } acc)
                w.WriteLine($"Cumulative dividends of Series {s.Id}: {s.Dividend.RatePerShare} a share a year from each share's issue date, accruing {acc.Basis}, {(acc.Compounding == "simple" ? "simple" : "compounding annually")}, to the cent ({acc.Clause}).");
        if (c.Dividends?.Arrears is { } arrears)
            w.WriteLine($"Dividends in arrears: a cash declaration pays the cumulative series' dividends accrued and unpaid to the start of the record date's year before the year's rate ({arrears.Clause}).");
        if (c.Series.Any(s => s.Dividend.Seniority is not null))
            w.WriteLine("Dividend ranks (a senior rank is paid its arrears and rate first; pro rata within a rank): " + string.Join("; then ",
                c.Series.GroupBy(s => s.Dividend.Seniority!.Value).OrderByDescending(g => g.Key).Select(g => string.Join(", ", g.Select(s => $"Series {s.Id}"))))
                + $" ({string.Join(", ", c.Series.Select(s => s.Dividend.Seniority!.Clause).Distinct())}).");
        foreach (var s in c.Series)
            if (s.Liquidation.CommonCatchUp is { } cu)
                w.WriteLine($"Common catch-up before Series {s.Id}: after every senior rank is paid, the common receives "
                            + (cu.PerShare is { } ps ? $"{ps} a common share outstanding" : $"{cu.Amount} in all, per common share outstanding")
                            + $" before Series {s.Id}'s preference ({cu.Clause}).");

        if (c.Voting is { } v)
            w.WriteLine(c.HasSeveralCommonClasses
                ? $"Voting: each class of common its votes a share (above); preferred {v.PreferredBasis}, {v.Rounding.Replace('-', ' ')} ({v.Clause})."
                : $"Voting: common {v.CommonVotesPerShare ?? c.Common.VotesPerShare?.Value ?? 1} vote a share; preferred {v.PreferredBasis}, {v.Rounding.Replace('-', ' ')} ({v.Clause}).");
        if (c.ProtectiveProvisions.Count > 0)
        {
            w.WriteLine("Protective provisions:");
            foreach (var p in c.ProtectiveProvisions)
                w.WriteLine($"  {p.Id,-22} {p.Clause,-16} {p.Comparison} {p.Fraction} of the {(p.Series is { } ps ? $"Series {ps} shares alone" : p.Base)}"
                            + (p.Action is { } act && act != p.Id ? $" (for {act})" : "")
                            + (p.VotingTogether ? "" : ", each series voting separately"));
        }

        if (c.Directors is { } dir) w.WriteLine($"Directors: cumulative voting {(dir.CumulativeVoting ? "yes" : "no")} ({dir.Clause}).");
        if (c.Notices is { } n)
        {
            if (n.DeemedLiquidation is { } dl)
                w.WriteLine($"Notices: merger notice {dl.FirstNoticeDaysBefore} days before the meeting or closing; closing no sooner than {dl.ClosingAfterFirstNoticeDays} days after it and {dl.ClosingAfterMaterialChangeDays} after a material change ({dl.Clause}).");
            var lead = n.DeemedLiquidation is null ? "Notices:" : " ";
            if (n.RecordDate is { } rd)
                w.WriteLine($"{lead} record-date notice {rd.DaysBefore} days before ({rd.Clause})"
                            + (n.Mailing is { } m ? $"; mail deemed given {m.DeemedGivenDaysAfterDeposit} days after deposit ({m.Clause})." : "."));
            else if (n.Mailing is { } m)
                w.WriteLine($"{lead} mail deemed given {m.DeemedGivenDaysAfterDeposit} days after deposit ({m.Clause}).");
        }

        return Cli.Ok;
    }
}
