using System.Globalization;
using System.Text;
using Charta.Core.AntiDilution;
using Charta.Core.Conversion;
using Charta.Core.Ledger;

namespace Charta.Documents;

/// <summary>Renders the §6(g)(ii) certificate: Markdown is the source; HTML and PDF are made from it.</summary>
public static class CertificateText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static class Format
    {
        public static string Shares(long n) => n.ToString("N0", C);

        public static string Money(decimal d) => "$" + d.ToString("#,##0.00##########", C);

        public static string Price(decimal d) => d.ToString("0.00##########", C);

        public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", C);
    }


    public static string Markdown(AdjustmentCertificate c)
    {
        var sb = new StringBuilder();
        void L(string s = "") => sb.Append(s).Append('\n');
        L($"# Certificate as to adjustment of the Conversion Price");
        L();
        L($"**{c.Company}**, pursuant to {c.Clause} of its Amended and Restated Certificate of Incorporation.");
        L();
        if (c.Holder is { } h) L($"Furnished to: **{h}**");
        L($"Adjusting event: ledger event {c.EventSequence}, effective {Format.Date(c.EventDate)}.");
        L();
        L("## The adjustment and the facts upon which it is based");
        foreach (var a in c.Adjustments)
        {
            L();
            L($"### Series {a.Series}: {Format.Price(a.From)} → {Format.Price(a.To)} ({a.Clause})");
            L();
            L($"Event: {a.Reason}.");
            L();
            foreach (var line in Facts(a, c.Citations)) L(line);
        }

        L();
        L("## The Conversion Price in effect" + (c.AsOf is { } d ? $" as of {Format.Date(d)}" : ""));
        L();
        L("| Series | Original Issue Price | Conversion Price | Common per share on conversion | Other property per share |");
        L("|---|---:|---:|---:|---|");
        foreach (var s in c.InEffect)
            L($"| {s.Series} | {Format.Price(s.OriginalIssuePrice)} | {Format.Price(s.ConversionPrice)} | {s.CommonPerShare.ToString("0.######", C)}{(s.ConversionClass is { } k ? " " + k : "")} | "
              + (s.OtherPropertyPerShare.Count == 0 ? "none" : string.Join("; ", s.OtherPropertyPerShare.Select(o => $"{o.Amount.ToString("0.######", C)} {o.Security}"))) + " |");
        L();
        L($"One share converts into the Original Issue Price divided by the Conversion Price ({c.ConversionClause}); the common issued in one conversion is rounded down to a whole share and the fraction paid in cash ({c.FractionClause}).");
        if (c.Holder is not null)
        {
            L();
            L("## Your preferred");
            L();
            if (c.HolderPositions.Count == 0) L("No preferred held.");
            foreach (var p in c.HolderPositions)
                L($"- {Format.Shares(p.Shares)} Series {p.Series}: {Format.Shares(p.CommonOnConversion)} common on conversion today");
        }

        L();
        L("Chief Financial Officer: ______________________");
        return sb.ToString();
    }

    /// <summary>
    /// The facts of one adjustment, citing the clauses of the charter in use (<paramref name="cite"/>; without it the
    /// adjustment's own clause stands for every rule, never another charter's numbering).
    /// </summary>
    public static IEnumerable<string> Facts(ConversionPriceChange a, CertificateCitations? cite)
    {
        var i = a.Inputs;
        cite ??= new CertificateCitations(a.Clause, a.Clause, a.Clause, a.Clause, a.Clause, a.Clause, a.Clause, a.Clause, a.Clause);
        string N(decimal? x, string f = "#,##0.####") => x is { } v ? v.ToString(f, C) : "-";
        switch (i?.Rule)
        {
            case "weighted-average" or "deemed-issue" or "short-option":
                if (i.Rule == "deemed-issue") yield return $"Options or Convertible Securities are deemed an issue of their maximum number of shares ({cite.DeemedIssue}), for the consideration received for them plus the minimum exercise consideration ({cite.DeemedConsideration}).";
                if (i.Rule == "short-option") yield return $"Options expiring within {(cite.ShortOptionDays is { } days ? days.ToString(C) + " days" : "the charter's short period")} of issue are accounted for only when they expire or are exercised, for the shares actually issued ({cite.ShortOption}).";
                if (i.Rule is "deemed-issue" or "short-option") yield return "";
                yield return $"- Consideration: {Format.Money(i.AggregateConsideration ?? 0)} for {N(i.C, "#,##0.####")} shares, {(i.ConsiderationPerShare is { } cps ? Format.Money(cps) : "-")} per share, below the conversion price {Format.Price(a.From)} in effect immediately before the issue ({cite.Below}).";
                yield return $"- A = common outstanding immediately before the issue, counting all common issuable on conversion or exercise of outstanding preferred, options and convertible securities = **{N(i.A)}**";
                yield return $"- B = shares the aggregate consideration would purchase at the conversion price = {Format.Money(i.AggregateConsideration ?? 0)} ÷ {Format.Price(a.From)} = **{N(i.B)}**";
                yield return $"- C = Additional Shares of Common Stock issued = **{N(i.C)}**";
                yield return "";
                yield return $"New Conversion Price = CP × (A + B) / (A + C) = {Format.Price(a.From)} × ({N(i.A)} + {N(i.B)}) / ({N(i.A)} + {N(i.C)}) = {N(i.Unrounded, "0.000000")} → **{Format.Price(a.To)}** to the nearest cent ({cite.Rounding}).";
                break;
            case "reprice" or "expiry":
                yield return i.Rule == "reprice"
                    ? $"The terms of the Options or Convertible Securities changed; the adjustment made on their issue is recomputed ({cite.Reprice})."
                    : $"The Options or Convertible Securities expired; the adjustment made on their issue is recomputed as if only the shares actually issued had been issued, for the consideration actually received ({cite.Expiry}).";
                yield return "";
                yield return $"- A at the original adjustment = **{N(i.A)}**; consideration now counted {Format.Money(i.AggregateConsideration ?? 0)} (B = **{N(i.B)}**); shares now counted C = **{N(i.C)}**";
                yield return $"- Factor (A + B) / (A + C): originally {N(i.OriginalFactor, "0.00000000")}, recomputed {N(i.RecomputedFactor, "0.00000000")}";
                yield return $"- Recomputed price, with the adjustments made since carried through: {N(i.Unrounded, "0.000000")} → {Format.Price(i.Recomputed ?? 0)}";
                yield return $"- Limit ({cite.Limit}): the lower of (i) the price on the original adjustment date, {Format.Price(i.CapOriginalDate ?? 0)}, and (ii) the price later issues alone would have produced, {Format.Price(i.CapLaterIssues ?? 0)}";
                yield return "";
                yield return $"New Conversion Price = **{Format.Price(a.To)}**.";
                break;
            case "reset":
                yield return $"A Qualifying Registration Statement was filed {i.DaysAfterOriginalIssueDate} days after the Original Issue Date ({cite.OriginalIssueDate}).";
                yield return "";
                yield return $"New Series {a.Series} Conversion Price = {N(i.PercentOfOfferingPrice)}% × offering price {Format.Price(i.OfferingPrice ?? 0)} = **{Format.Price(a.To)}** ({a.Clause}).";
                break;
            default:
                yield return $"New Conversion Price = {Format.Price(a.From)} adjusted proportionately = **{Format.Price(a.To)}** ({a.Clause}).";
                break;
        }
    }
}
