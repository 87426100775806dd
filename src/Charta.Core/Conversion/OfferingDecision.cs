using Charta.Core.Ledger;

namespace Charta.Core.Conversion;

/// <summary>
/// The `ipo` command as given (CLI options or the body of POST /api/events/ipo): the filing of the registration
/// statement and the closing of the offering, with the readings the caller chose (null: the charter's).
/// </summary>
public sealed record OfferingCommand(
    DateOnly Filed,
    DateOnly Closing,
    decimal PricePerShare,
    decimal AggregateProceeds,
    string Kind,
    long SharesSold,
    string? Reading = null,
    string? Bars = null,
    decimal? MarketPrice = null,
    string? PublicHolder = null)
{
    /// <summary>The registration statement the command files (FOURTH §6(c)): a Qualifying one unless the offering is an S-8 or Rule 145.</summary>
    public RegistrationFiled Filing => new(Filed, Kind is "employee-plan" or "rule-145" ? Kind : "underwritten-ipo");
}

/// <summary>
/// What an `ipo` command decides: the events to record (the public holder when new, the filing, the closing with its
/// bar reading), the plan and each holder's conversion; or a refusal. When the refusal is that the readings of "as the
/// case may be" (FOURTH §6(a)(ii)) convert different series and none was chosen, <see cref="UnderAnySeries"/> and
/// <see cref="UnderEachSeries"/> hold both outcomes, to be shown with it (nothing is recorded).
/// </summary>
public sealed record OfferingDecision(
    Refusal? Refusal,
    OfferingPlan? Plan,
    IReadOnlyList<LedgerEvent> Events,
    IReadOnlyList<ConversionQuote> Holders,
    OfferingPlan? UnderAnySeries = null,
    OfferingPlan? UnderEachSeries = null)
{
    /// <summary>The Original Issue Date the §6(c) reset counts from (null: none yet).</summary>
    public DateOnly? OriginalIssueDate { get; init; }

    public bool IsOk => Refusal is null;

    /// <summary>Both readings' outcomes are shown with the refusal.</summary>
    public bool ReadingsDiffer => UnderAnySeries is not null && UnderEachSeries is not null;

    internal static OfferingDecision Refused(Refusal r, OfferingPlan? any = null, OfferingPlan? each = null) => new(r, null, [], [], any, each);
}

/// <summary>FOURTH §6(a)(ii)(a), §6(b)(ii), §6(c): deciding a public offering, the one rule the CLI and the server call.</summary>
public static class OfferingDecider
{
    /// <summary>
    /// Decides <paramref name="c"/> against the ledger: folds <paramref name="existing"/> with the command's filing
    /// (recorded as event <paramref name="next"/>) to the closing, then <see cref="Decide(CapTable, OfferingCommand)"/>.
    /// </summary>
    public static OfferingDecision Decide(IReadOnlyList<RecordedEvent> existing, OfferingCommand c, long next, DateTimeOffset at)
    {
        var before = Fold.TryReplay([.. existing, new RecordedEvent(next, at, c.Filing)], c.Closing);
        return before.IsOk ? Decide(before.Value, c) : OfferingDecision.Refused(before.Refusal!);
    }

    /// <summary>
    /// Decides <paramref name="c"/> on <paramref name="before"/>, the ledger as of the closing with the command's filing
    /// folded. The plan uses the conversion prices in effect, the split factors of the history (the dollar bars move
    /// with splits and stock dividends) and the chosen readings. When no price-test reading is chosen, the charter
    /// names none and the two readings convert different series, the offering is refused with both outcomes: there
    /// is no silent default. The events carry the bar reading applied, so the fold decides exactly this plan.
    /// </summary>
    public static OfferingDecision Decide(CapTable before, OfferingCommand c)
    {
        if (c.SharesSold <= 0)
            return OfferingDecision.Refused(new Refusal("shares", c.SharesSold.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "give the positive number of common shares sold to the public in the offering"));
        var terms = new OfferingTerms(c.Closing, c.PricePerShare, c.AggregateProceeds, c.Kind);
        var factors = PublicOffering.SplitFactors(before);
        Result<OfferingPlan> PlanUnder(string? reading) =>
            PublicOffering.Plan(before.Charter, before.ConversionPrices, before.OriginalIssueDate, before.LastRegistrationFiling, terms, reading, factors, c.Bars,
                anchorOf: before.OriginalIssueDateOf);

        var planned = PlanUnder(c.Reading);
        if (!planned.IsOk)
        {
            // "As the case may be" undecided: show what each reading would do beside the refusal.
            if (c.Reading is null && PlanUnder(PublicOffering.AnySeries) is { IsOk: true } any && PlanUnder(PublicOffering.EachSeries) is { IsOk: true } each
                && !any.Value.Converting.SequenceEqual(each.Value.Converting))
                return OfferingDecision.Refused(planned.Refusal!, any.Value, each.Value);
            return OfferingDecision.Refused(planned.Refusal!);
        }

        var plan = planned.Value;
        var holders = PublicOffering.HolderResults(before, plan, c.MarketPrice ?? c.PricePerShare);
        // The shares sold are held on the register by the offering's registry holder: added with the offering if new.
        var holderName = c.PublicHolder ?? PublicOfferingClosed.DefaultPublicHolder;
        var close = new PublicOfferingClosed(c.Closing, c.PricePerShare, c.AggregateProceeds, c.Kind, c.Reading, c.MarketPrice, c.SharesSold, c.PublicHolder,
            BarAdjustment: plan.BarAdjustment);
        IReadOnlyList<LedgerEvent> events = before.HasHolder(holderName)
            ? [c.Filing, close]
            : [new StakeholderAdded(c.Closing, holderName, "public"), c.Filing, close];
        return new OfferingDecision(null, plan, events, holders) { OriginalIssueDate = before.OriginalIssueDate };
    }
}
