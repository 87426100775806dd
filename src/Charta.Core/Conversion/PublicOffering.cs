using Charta.Core.AntiDilution;
using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Conversion;

/// <summary>A public offering as the ledger or a dry run states it.</summary>
public sealed record OfferingTerms(DateOnly Closing, decimal PricePerShare, decimal AggregateProceeds, string Kind);

/// <summary>One series' FOURTH §6(a)(ii)(a) price test.</summary>
public sealed record SeriesPriceTest(string Series, decimal ConversionPrice, decimal Multiple, decimal Threshold, bool Passes, string Clause);

/// <summary>What a public offering does to the preferred: the D1 reset, the tests, and which series convert.</summary>
public sealed record OfferingPlan(
    OfferingTerms Terms,
    ResetOutcome? Reset,
    IReadOnlyDictionary<string, decimal> ConversionPricesAtClosing,
    bool KindQualifies,
    string KindExplanation,
    bool ProceedsQualify,
    decimal MinimumProceeds,
    IReadOnlyList<SeriesPriceTest> Tests,
    IReadOnlyList<string> ConvertingUnderAnySeries,
    IReadOnlyList<string> ConvertingUnderEachSeries,
    string Reading,
    IReadOnlyList<string> Converting,
    string Clause);

/// <summary>FOURTH §6(a)(ii)(a) with §6(c): the automatic conversion on a qualifying public offering.</summary>
public static class PublicOffering
{
    public const string AnySeries = "any-series";
    public const string EachSeries = "each-series";
    public static readonly string[] Kinds = ["firm-commitment", "best-efforts", "employee-plan", "rule-145"];

    /// <summary>
    /// The plan for an offering closing on <paramref name="terms"/>.Closing, given the conversion prices in effect
    /// immediately before it, the Original Issue Date and the last registration statement filed.
    /// </summary>
    /// <remarks>
    /// Order (docs/interpretations.md, "Automatic conversion on a public offering"): the §6(c) reset is applied first,
    /// because the D1 price "shall be modified" by the filing and the offering price is fixed before the closing; the
    /// §6(a)(ii)(a) tests then use the prices in effect at the closing, which already carry every split (§6(e)(i)), so
    /// the "appropriate adjustment in the event of stock splits" is built in.
    /// </remarks>
    public static Result<OfferingPlan> Plan(CharterDocument charter, IReadOnlyDictionary<string, decimal> pricesBefore, DateOnly? originalIssueDate,
        RegistrationFiling? filing, OfferingTerms terms, string? readingOverride)
    {
        var po = charter.AutomaticConversion?.PublicOffering;
        if (po is null) return new Refusal("charter", charter.Id, "has no automatic conversion on a public offering");
        var clause = po.Clause;
        if (terms.PricePerShare <= 0) return new Refusal("price", terms.PricePerShare.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be positive", Clause.Of(clause));
        if (!Kinds.Contains(terms.Kind))
            return new Refusal("kind", terms.Kind, $"must be one of {string.Join(", ", Kinds)}", Clause.Of(clause));
        var reading = readingOverride ?? po.PriceTestReading;
        if (reading is not (AnySeries or EachSeries))
            return new Refusal("reading", reading, $"must be {AnySeries} or {EachSeries}", Clause.Of(clause));
        if (filing is { } f0 && f0.Date > terms.Closing)
            return new Refusal("closing", Iso(terms.Closing), $"is before the registration statement filed on {Iso(f0.Date)}", Clause.Of(clause));

        var prices = new Dictionary<string, decimal>(pricesBefore, StringComparer.Ordinal);
        ResetOutcome? reset = null;
        var qualifyingFiling = filing is { Kind: "underwritten-ipo" } ? filing : null;
        foreach (var r in charter.ConversionPriceResets)
        {
            if (qualifyingFiling is null || originalIssueDate is null) continue;
            reset = ConversionPriceResets.Evaluate(r, originalIssueDate.Value, qualifyingFiling.Date, terms.PricePerShare);
            if (reset.NewPrice is { } np) prices[r.Series] = np;
        }

        var kindOk = terms.Kind == "firm-commitment" || !po.FirmCommitment && !po.ExcludedRegistrations.Contains(terms.Kind);
        var kindWhy = terms.Kind switch
        {
            "firm-commitment" => "a firm commitment underwriting",
            "employee-plan" => "a registration relating solely to sales to employees is excluded",
            "rule-145" => "a registration relating solely to a Rule 145 transaction is excluded",
            _ => "only a firm commitment underwriting qualifies",
        };
        var min = po.MinimumAggregateProceeds;
        var proceedsOk = min.Comparison == "more-than" ? terms.AggregateProceeds > min.Value : terms.AggregateProceeds >= min.Value;

        var tests = new List<SeriesPriceTest>();
        foreach (var s in charter.Series)
        {
            if (s.IpoPriceMultiple is not { } m) continue;
            var threshold = m.Value * prices[s.Id];
            tests.Add(new SeriesPriceTest(s.Id, prices[s.Id], m.Value, threshold, terms.PricePerShare >= threshold, m.Clause));
        }

        var gate = kindOk && proceedsOk;
        IReadOnlyList<string> any = gate && tests.Any(t => t.Passes) ? charter.Series.Select(s => s.Id).ToArray() : [];
        IReadOnlyList<string> each = gate ? tests.Where(t => t.Passes).Select(t => t.Series).ToArray() : [];
        return new OfferingPlan(terms, reset, prices, kindOk, kindWhy, proceedsOk, min.Value, tests, any, each, reading,
            reading == AnySeries ? any : each, clause);
    }

    /// <summary>
    /// What each holder receives at the closing (FOURTH §6(b)(ii), §6(g)(i)): their converting lots at the prices in
    /// effect at the closing (after the §6(c) reset), aggregated per holder and rounded down; the fraction in cash at
    /// <paramref name="fractionPrice"/>.
    /// </summary>
    public static IReadOnlyList<ConversionQuote> HolderResults(CapTable before, OfferingPlan plan, decimal fractionPrice)
    {
        var results = new List<ConversionQuote>();
        foreach (var h in before.Holders)
        {
            var lots = new List<ConversionLotQuote>();
            decimal exact = 0;
            foreach (var id in plan.Converting)
            {
                var n = before.SharesHeld(h, id);
                if (n <= 0) continue;
                var s = before.Charter.FindSeries(id)!;
                var cp = plan.ConversionPricesAtClosing[id];
                var common = n * s.OriginalIssuePrice.Value / cp;
                exact += common;
                lots.Add(new ConversionLotQuote(id, n, s.OriginalIssuePrice.Value, cp, common));
            }

            if (lots.Count == 0) continue;
            var whole = Money.Rounding.RoundDownToWholeShares(exact);
            results.Add(new ConversionQuote(h, plan.Terms.Closing, lots, exact, whole, exact - whole, fractionPrice,
                Money.Rounding.FractionCashToNearestCent((exact - whole) * fractionPrice), before.ConversionTarget?.Class, [], "FOURTH §6(a)(ii)(a), §6(b), §6(g)(i)"));
        }

        return results;
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
