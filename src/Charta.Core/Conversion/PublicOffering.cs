using Charta.Core.AntiDilution;
using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Conversion;

/// <summary>A public offering as the ledger or a dry run states it.</summary>
public sealed record OfferingTerms(DateOnly Closing, decimal PricePerShare, decimal AggregateProceeds, string Kind);

/// <summary>
/// One series' FOURTH §6(a)(ii)(a) price test. <see cref="BarPrice"/> is the conversion price the multiple applies to:
/// under the literal reading (<c>splits-only</c>) the series' initial conversion price moved by splits and stock
/// dividends only; under <c>conversion-price-in-effect</c>, <see cref="ConversionPrice"/>.
/// </summary>
public sealed record SeriesPriceTest(string Series, decimal ConversionPrice, decimal Multiple, decimal Threshold, bool Passes, string Clause)
{
    public decimal BarPrice { get; init; } = ConversionPrice;
}

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
    string Clause)
{
    /// <summary>What moves the dollar bars: "splits-only" or "conversion-price-in-effect".</summary>
    public string BarAdjustment { get; init; } = PublicOffering.SplitsOnly;

    /// <summary>The charter's comparison for the proceeds: "more-than" (strictly) or "at-least".</summary>
    public string ProceedsComparison { get; init; } = "more-than";

    /// <summary>
    /// Every conversion-price reset the filing triggered, in the order they apply: by their anchor date (each series'
    /// Original Issue Date), then in charter order; each sets its series' price, so on one series the later one prevails.
    /// <see cref="Reset"/> is the last of them.
    /// </summary>
    public IReadOnlyList<ResetOutcome> Resets { get; init; } = [];
}

/// <summary>FOURTH §6(a)(ii)(a) with §6(c): the automatic conversion on a qualifying public offering.</summary>
public static class PublicOffering
{
    public const string AnySeries = "any-series";
    public const string EachSeries = "each-series";
    /// <summary>The bars move with splits and stock dividends only (the parenthetical read literally; default).</summary>
    public const string SplitsOnly = "splits-only";
    /// <summary>The bars are multiples of the conversion price in effect (every §6 adjustment moves them).</summary>
    public const string InEffect = "conversion-price-in-effect";
    public static readonly string[] BarReadings = [SplitsOnly, InEffect];
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
    /// <param name="splitFactors">
    /// Per series, the factor by which splits and stock dividends (§6(e)(i)) alone have moved its conversion price
    /// since issue (<see cref="SplitFactors"/>). Null: not known, and the bars are then the prices in effect whatever
    /// the reading (the ledger fold until it passes them).
    /// </param>
    /// <param name="barOverride">"splits-only" or "conversion-price-in-effect" (null: the charter's, else splits-only).</param>
    public static Result<OfferingPlan> Plan(CharterDocument charter, IReadOnlyDictionary<string, decimal> pricesBefore, DateOnly? originalIssueDate,
        RegistrationFiling? filing, OfferingTerms terms, string? readingOverride,
        IReadOnlyDictionary<string, decimal>? splitFactors = null, string? barOverride = null, Func<string, DateOnly?>? anchorOf = null)
    {
        var po = charter.AutomaticConversion?.PublicOffering;
        if (po is null) return new Refusal("charter", charter.Id, "has no automatic conversion on a public offering");
        var clause = po.Clause;
        if (terms.PricePerShare <= 0) return new Refusal("price", terms.PricePerShare.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be positive", Clause.Of(clause));
        if (!Kinds.Contains(terms.Kind))
            return new Refusal("kind", terms.Kind, $"must be one of {string.Join(", ", Kinds)}", Clause.Of(clause));
        var reading = readingOverride ?? po.PriceTestReading;
        if (reading is not (null or AnySeries or EachSeries))
            return new Refusal("reading", reading, $"must be {AnySeries} or {EachSeries}", Clause.Of(clause));
        var bars = barOverride ?? po.BarAdjustment ?? SplitsOnly;
        if (bars is not (SplitsOnly or InEffect))
            return new Refusal("bar-adjustment", bars, $"must be {SplitsOnly} or {InEffect}", Clause.Of(clause));
        if (filing is { } f0 && f0.Date > terms.Closing)
            return new Refusal("closing", Iso(terms.Closing), $"is before the registration statement filed on {Iso(f0.Date)}", Clause.Of(clause));

        var prices = new Dictionary<string, decimal>(pricesBefore, StringComparer.Ordinal);
        ResetOutcome? reset = null;
        var qualifyingFiling = filing is { Kind: "underwritten-ipo" } ? filing : null;
        // Several resets apply in date order (issue 12): by each one's anchor, the Original Issue Date of its series
        // (anchorOf; the charter's when not given), then in charter order.
        var resets = new List<ResetOutcome>();
        var ordered = charter.ConversionPriceResets
            .Select((r, i) => (Reset: r, Index: i, Anchor: anchorOf?.Invoke(r.Series) ?? originalIssueDate))
            .Where(x => x.Anchor is not null && qualifyingFiling is not null)
            .OrderBy(x => x.Anchor!.Value).ThenBy(x => x.Index);
        foreach (var (r, _, anchor) in ordered)
        {
            reset = ConversionPriceResets.Evaluate(r, anchor!.Value, qualifyingFiling!.Date, terms.PricePerShare);
            resets.Add(reset);
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
            // The bar: "m times the Conversion Price (subject to appropriate adjustment in the event of stock splits,
            // stock dividends or similar events)". Literally, only those events move it: the initial conversion price
            // times the split factor. The other reading takes the price in effect (§6(c), §6(d) included).
            var bar = bars == SplitsOnly && splitFactors is not null
                ? s.InitialConversionPrice.Value * splitFactors.GetValueOrDefault(s.Id, 1m)
                : prices[s.Id];
            var threshold = m.Value * bar;
            tests.Add(new SeriesPriceTest(s.Id, prices[s.Id], m.Value, threshold, terms.PricePerShare >= threshold, m.Clause) { BarPrice = bar });
        }

        var gate = kindOk && proceedsOk;
        IReadOnlyList<string> any = gate && tests.Any(t => t.Passes) ? charter.Series.Select(s => s.Id).ToArray() : [];
        IReadOnlyList<string> each = gate ? tests.Where(t => t.Passes).Select(t => t.Series).ToArray() : [];
        if (reading is null)
        {
            // "As the case may be": no silent default. When the readings agree the choice does not matter.
            if (!any.SequenceEqual(each))
                return new Refusal("--reading", "(none)",
                    $"the readings of \"as the case may be\" differ: {AnySeries} converts {Names(any)}, {EachSeries} converts {Names(each)}, and the charter names no priceTestReading; choose one with --reading {AnySeries} or --reading {EachSeries}",
                    Clause.Of(clause));
            reading = "none needed (" + AnySeries + " and " + EachSeries + " agree)";
        }

        return new OfferingPlan(terms, reset, prices, kindOk, kindWhy, proceedsOk, min.Value, tests, any, each, reading,
            reading == EachSeries ? each : any, clause) { BarAdjustment = splitFactors is null ? InEffect : bars, ProceedsComparison = min.Comparison, Resets = resets };
    }

    private static string Names(IReadOnlyList<string> ids) => ids.Count == 0 ? "no series" : string.Join(", ", ids);

    /// <summary>
    /// Per series, the product of the changes §6(e)(i) made to its conversion price (splits and stock dividends in
    /// common), from the cap table's conversion-price history: the factor the dollar bars move by.
    /// </summary>
    public static IReadOnlyDictionary<string, decimal> SplitFactors(CapTable table) => SplitFactors(table.Charter, table.ConversionPriceHistory);

    /// <summary>The split factors of <paramref name="history"/> (the fold passes its own history while it folds).</summary>
    public static IReadOnlyDictionary<string, decimal> SplitFactors(CharterDocument charter, IEnumerable<ConversionPriceChange> history)
    {
        var clause = charter.Conversion?.SplitAdjustment?.Clause;
        var factors = charter.Series.ToDictionary(s => s.Id, _ => 1m, StringComparer.Ordinal);
        if (clause is null) return factors;
        foreach (var c in history)
            if (c.Clause == clause && c.From != 0 && factors.ContainsKey(c.Series))
                factors[c.Series] = factors[c.Series] * c.To / c.From;
        return factors;
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
            var exact = Money.Rational.Zero;
            foreach (var id in plan.Converting)
            {
                var n = before.SharesHeld(h, id);
                if (n <= 0) continue;
                var s = before.Charter.FindSeries(id)!;
                var cp = plan.ConversionPricesAtClosing[id];
                // The price in effect at the closing: exact when the reset left it as it was (a split-adjusted price).
                var price = before.ConversionPrice(id) == cp ? before.ExactConversionPrice(id) : Money.ExactPrice.Of(cp);
                var common = price.Into(n * s.OriginalIssuePrice.Value);
                exact += common;
                lots.Add(new ConversionLotQuote(id, n, s.OriginalIssuePrice.Value, cp, common.ToDecimal()));
            }

            if (lots.Count == 0) continue;
            var whole = Money.Rounding.RoundDownToWholeShares(exact);
            results.Add(new ConversionQuote(h, plan.Terms.Closing, lots, exact.ToDecimal(), whole, (exact - whole).ToDecimal(), fractionPrice,
                Money.Rounding.FractionCashToNearestCent((exact - whole) * fractionPrice), before.ConversionTarget?.Class, [],
                string.Join(", ", new[] { plan.Clause, before.Charter.Conversion?.FractionalShares?.Clause }.OfType<string>())));
        }

        return results;
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
