using System.Collections.Immutable;
using Charta.Core.AntiDilution;
using Charta.Core.Charter;

namespace Charta.Core.Ledger;

// The folded state, one small immutable record per concern. Collections are persistent (System.Collections.Immutable):
// a new state shares all but the changed paths with the old one, so one evolve step costs O(log n), never a copy.

/// <summary>The company, its charter as amended, the stakeholder register, and the closing of a deemed liquidation
/// (its date and event; after it nothing may be dated later).</summary>
internal sealed record RegisterState(
    CharterDocument? Charter,
    string CharterId,
    DateOnly? IncorporatedOn,
    ImmutableList<string> Holders,
    ImmutableDictionary<string, string?> Kinds,
    ImmutableDictionary<string, string> CaseFolded,
    DateOnly? LiquidatedOn = null,
    long LiquidatedBy = 0);

/// <summary>Issuance: every holder's position, shares outstanding and retired by conversion (§9), first issue dates.
/// The two maps keyed by holder may be restored from a snapshot on first use (<see cref="Deferred{T}"/>).</summary>
internal sealed record IssuanceState(
    Deferred<ImmutableDictionary<(string Holder, string Security), long>> PositionsPart,
    SmallMap<long> Outstanding,
    SmallMap<long> Retired,
    SmallMap<DateOnly> FirstIssue,
    Deferred<ImmutableDictionary<(string Holder, string Security), LatestIssue>> LatestIssuesPart)
{
    public ImmutableDictionary<(string Holder, string Security), long> Positions => PositionsPart.Value;

    public ImmutableDictionary<(string Holder, string Security), LatestIssue> LatestIssues => LatestIssuesPart.Value;
}

/// <summary>The last day a holder was issued shares of a preferred series, and how many that day (FOURTH §6(a)(i) "after the date of issuance").</summary>
internal sealed record LatestIssue(DateOnly Date, long Shares);

/// <summary>Instruments: options, warrants and convertibles, and the shares they reserve per class (§6(i)). The map may be
/// restored from a snapshot on first use (<see cref="Deferred{T}"/>).</summary>
internal sealed record InstrumentState(
    Deferred<ImmutableDictionary<string, Instrument>> InstrumentsPart,
    SmallMap<long> Reserved)
{
    public ImmutableDictionary<string, Instrument> Instruments => InstrumentsPart.Value;
}

/// <summary>
/// The conversion book: prices in effect (as displayed, ten places), the same prices exact (FOURTH §6(e)(i): a base
/// times the cumulative split factor), their history, the §6(d) bookkeeping and the stored conversion outcomes.
/// </summary>
internal sealed record ConversionBook(
    SmallMap<decimal> Prices,
    SmallMap<Charta.Core.Money.ExactPrice> Exact,
    AppendList<ConversionPriceChange> History,
    AntiDilutionState AntiDilution,
    ImmutableDictionary<(long Event, string Holder), StoredOutcome> Outcomes);

/// <summary>
/// Dividends declared (FOURTH §3), the declared-and-unpaid amount per share of each series (§4(a)(ii)), and, per
/// cumulative series, its outstanding shares by issue date (oldest first) with what has been declared on them toward
/// their accrual (<see cref="Charta.Core.Dividends.AccrualLot"/>), and the holders' redemption requests, by id (they are
/// priced on the dividends: <see cref="Charta.Core.Redemption.RedemptionRules.Quote"/>).
/// </summary>
internal sealed record DividendState(
    ImmutableDictionary<string, DeclaredDividend> Declared,
    SmallMap<decimal> UnpaidPerShare,
    ImmutableDictionary<string, ImmutableList<Charta.Core.Dividends.AccrualLot>> AccrualLots,
    ImmutableDictionary<string, Charta.Core.Redemption.RedemptionRequest> Redemptions);

/// <summary>Vesting schedules, plan reserves and convertibles without a fixed share count.</summary>
internal sealed record VestingState(
    ImmutableDictionary<string, VestingSchedule> Schedules,
    ImmutableDictionary<string, PlanReserve> Plans,
    ImmutableDictionary<string, ConvertibleNote> Convertibles);

/// <summary>The whole folded state: what <see cref="Fold"/> evolves event by event.</summary>
internal sealed record LedgerState(
    RegisterState Register,
    IssuanceState Issuance,
    InstrumentState Instruments,
    ConversionBook Conversion,
    DividendState Dividends,
    VestingState Vesting,
    long EventCount)
{
    private static ImmutableDictionary<string, TValue> Named<TValue>() => ImmutableDictionary.Create<string, TValue>(StringComparer.Ordinal);

    public static readonly LedgerState Empty = new(
        new RegisterState(null, "", null, [], Named<string?>(), ImmutableDictionary.Create<string, string>(StringComparer.OrdinalIgnoreCase)),
        new IssuanceState(ImmutableDictionary<(string, string), long>.Empty, SmallMap<long>.Empty, SmallMap<long>.Empty, SmallMap<DateOnly>.Empty,
            ImmutableDictionary<(string, string), LatestIssue>.Empty),
        new InstrumentState(Named<Instrument>(), SmallMap<long>.Empty),
        new ConversionBook(SmallMap<decimal>.Empty, SmallMap<Charta.Core.Money.ExactPrice>.Empty, AppendList<ConversionPriceChange>.Empty, AntiDilutionState.Empty, ImmutableDictionary<(long, string), StoredOutcome>.Empty),
        new DividendState(Named<DeclaredDividend>(), SmallMap<decimal>.Empty, Named<ImmutableList<Charta.Core.Dividends.AccrualLot>>(), Named<Charta.Core.Redemption.RedemptionRequest>()),
        new VestingState(Named<VestingSchedule>(), Named<PlanReserve>(), Named<ConvertibleNote>()),
        0);
}
