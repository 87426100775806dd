using System.Text.Json.Serialization;
using Charta.Core.Money;

namespace Charta.Core.Charter;

// The charter as data. Property names are the JSON names (camelCase) of the charter file format, whose
// JSON Schema is Charter/charter.schema.json. Every term carries the clause it comes from.

public sealed record CharterDocument
{
    public int FormatVersion { get; init; } = 1;
    public required string Id { get; init; }
    public required string Company { get; init; }
    public string? Document { get; init; }
    public string? Jurisdiction { get; init; }
    /// <summary>Name of the embedded or side-by-side text of the charter, for clause look-up.</summary>
    public string? SourceText { get; init; }
    public required AuthorizedShares Authorized { get; init; }
    /// <summary>The common stock; with <see cref="AdditionalCommonClasses"/>, the first of several classes of common.</summary>
    public required CommonClass Common { get; init; }
    /// <summary>
    /// Further classes of common beside <see cref="Common"/> (e.g. Class B Common, 10 votes a share). Every class of
    /// common shares the residual of a liquidation and a dividend on common pari passu, share for share; each has its
    /// own authorized number (adding up to authorized.common) and its own votes per share.
    /// </summary>
    public IReadOnlyList<CommonClass> AdditionalCommonClasses { get; init; } = [];
    public required IReadOnlyList<PreferredSeries> Series { get; init; }
    public DividendTerms? Dividends { get; init; }
    public LiquidationTerms? Liquidation { get; init; }
    public RedemptionTerms? Redemption { get; init; }
    public ConversionTerms? Conversion { get; init; }
    public AutomaticConversionTerms? AutomaticConversion { get; init; }
    public IReadOnlyList<ConversionPriceReset> ConversionPriceResets { get; init; } = [];
    public AntiDilutionTerms? AntiDilution { get; init; }
    /// <summary>Pay-to-play: a holder of a named series that does not buy its pro rata share of a Qualified Financing converts.</summary>
    public PayToPlayTerms? PayToPlay { get; init; }
    public VotingTerms? Voting { get; init; }
    public IReadOnlyList<ProtectiveProvision> ProtectiveProvisions { get; init; } = [];
    public DirectorTerms? Directors { get; init; }
    public NoticeTerms? Notices { get; init; }

    /// <summary>The series with this id, or null. Ids are compared exactly ("D1" is not "d1").</summary>
    public PreferredSeries? FindSeries(string id)
    {
        foreach (var s in Series)
            if (s.Id == id) return s;
        return null;
    }

    /// <summary>Whether the id names a class of common (<see cref="Common"/> or one of <see cref="AdditionalCommonClasses"/>).</summary>
    public bool IsCommon(string securityId)
    {
        if (securityId == Common.Id) return true;
        foreach (var k in AdditionalCommonClasses)
            if (k.Id == securityId) return true;
        return false;
    }

    /// <summary>Every class of common: <see cref="Common"/> first, then the additional classes in charter order.</summary>
    [JsonIgnore] public IReadOnlyList<CommonClass> CommonClasses => AdditionalCommonClasses.Count == 0 ? [Common] : [Common, .. AdditionalCommonClasses];

    /// <summary>The common class with this id, or null.</summary>
    public CommonClass? FindCommon(string id) => CommonClasses.FirstOrDefault(k => k.Id == id);

    /// <summary>Whether the charter has more than one class of common.</summary>
    [JsonIgnore] public bool HasSeveralCommonClasses => AdditionalCommonClasses.Count > 0;

    /// <summary>
    /// The common class the preferred converts into: every series' <c>convertsInto</c> (the loader refuses series that
    /// name different classes), else <see cref="Common"/>.
    /// </summary>
    [JsonIgnore] public string ConversionCommonId => Series.Select(s => s.ConvertsInto?.Class).FirstOrDefault(x => x is not null) ?? Common.Id;

    /// <summary>
    /// Votes per share of a common class: with several classes, the class's own votesPerShare (the loader requires it);
    /// with one, voting.commonVotesPerShare, else common.votesPerShare, else one (as before session 20).
    /// </summary>
    public long VotesPerShareOf(string commonId) => HasSeveralCommonClasses
        ? FindCommon(commonId)?.VotesPerShare?.Value ?? throw new InvalidOperationException($"no votes per share for common class '{commonId}'")
        : Voting?.CommonVotesPerShare ?? Common.VotesPerShare?.Value ?? 1;

    /// <summary>Every class id: the common classes first, then the series in charter order.</summary>
    [JsonIgnore] public IEnumerable<string> ClassIds => CommonClasses.Select(k => k.Id).Concat(Series.Select(s => s.Id));
}

public sealed record AuthorizedShares
{
    public required Term<long> Total { get; init; }
    public required Term<long> Common { get; init; }
    public required Term<long> Preferred { get; init; }
    public Term<decimal>? CommonParValue { get; init; }
    public Term<decimal>? PreferredParValue { get; init; }
}

public sealed record CommonClass
{
    public string Id { get; init; } = "common";
    public string Name { get; init; } = "Common Stock";
    public Term<long>? VotesPerShare { get; init; }
    public Term<int>? Seniority { get; init; }
    /// <summary>The class's own authorized number, where the charter has several classes of common (they add up to authorized.common).</summary>
    public Term<long>? Authorized { get; init; }
}

public sealed record PreferredSeries
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public ClauseRef? Designation { get; init; }
    public required Term<long> FixedShares { get; init; }
    public required Term<decimal> OriginalIssuePrice { get; init; }
    public required Term<decimal> InitialConversionPrice { get; init; }
    public required SeriesDividend Dividend { get; init; }
    public required SeriesLiquidation Liquidation { get; init; }
    /// <summary>FOURTH §6(a)(ii)(a): the IPO price must be at least this multiple of the series' conversion price.</summary>
    public Term<decimal>? IpoPriceMultiple { get; init; }
    /// <summary>
    /// The series' own anti-dilution terms (method, Original Issue Date, exclusions), when they differ from the charter's
    /// <c>antiDilution</c>; null: the charter's terms, for a series in <c>antiDilution.appliesTo</c>.
    /// </summary>
    public SeriesAntiDilution? AntiDilution { get; init; }
    /// <summary>The class of common the series converts into (required when the charter has several classes of common); null: <see cref="CharterDocument.Common"/>.</summary>
    public ConvertsIntoTerm? ConvertsInto { get; init; }
}

/// <summary>"convertible into fully paid shares of Class A Common Stock": the common class a series converts into.</summary>
public sealed record ConvertsIntoTerm(string Class, string Clause);

/// <summary>
/// One series' anti-dilution protection, where it differs from the charter's common terms: its method, the series whose
/// first issue is its Original Issue Date, and which of the charter's excluded issuances (by id) it excludes.
/// </summary>
public sealed record SeriesAntiDilution
{
    /// <summary>"broad-based-weighted-average", "narrow-based-weighted-average", "full-ratchet" or "none".</summary>
    public required string Method { get; init; }
    /// <summary>The series whose first issue is this series' Original Issue Date; null: the charter's antiDilution.originalIssueDate.</summary>
    public OriginalIssueDateRule? OriginalIssueDate { get; init; }
    /// <summary>The ids (of antiDilution.exclusions) this series excludes; null: every exclusion of the charter.</summary>
    public IReadOnlyList<string>? Exclusions { get; init; }
    public required string Clause { get; init; }
}

public sealed record ClauseRef(string Clause);

public sealed record SeriesDividend
{
    public required decimal RatePerShare { get; init; }
    /// <summary>"non-cumulative" or "cumulative".</summary>
    public required string Kind { get; init; }
    public required string Clause { get; init; }
    /// <summary>How a cumulative dividend accrues (required for "cumulative", refused for "non-cumulative").</summary>
    public DividendAccrual? Accrual { get; init; }
    /// <summary>
    /// Dividend seniority between series: a higher number is paid first (its arrears and its rate) before a lower one
    /// sees a cent; equal numbers share pro rata. Null on every series: all series rank together (stated on one series,
    /// it must be stated on all).
    /// </summary>
    public Term<int>? Seniority { get; init; }
    /// <summary>
    /// The cumulative dividend is paid in kind: additional shares of the series at its Original Issue Price, each
    /// holder's fraction handled as <see cref="DividendInKind.Fractions"/> says (null: not paid in kind; a payment in
    /// kind is refused).
    /// </summary>
    public DividendInKind? InKind { get; init; }

    [JsonIgnore] public bool IsCumulative => Kind == "cumulative";
}

/// <summary>
/// A cumulative dividend paid in kind (PIK): on a payment, each holder's accrued and unpaid dividends on the series are
/// paid in whole shares of the series at its Original Issue Price; the fraction is "round-down-pay-cash" (paid in cash,
/// to the cent) or "round-down-carry" (not paid: it stays accrued and unpaid).
/// </summary>
public sealed record DividendInKind
{
    public required string Fractions { get; init; }
    public required string Clause { get; init; }

    public const string PayCash = "round-down-pay-cash";
    public const string Carry = "round-down-carry";
}

/// <summary>
/// The accrual of a cumulative dividend: the series' rate per share a year (<see cref="SeriesDividend.RatePerShare"/>,
/// e.g. 8% of the Original Issue Price) accrues from each share's issue date, whether or not declared, until paid.
/// </summary>
public sealed record DividendAccrual
{
    /// <summary>"daily" (from day to day, a year of 365 days) or "annual" (in whole years, on each anniversary of the issue date).</summary>
    public required string Basis { get; init; }
    /// <summary>"simple" (on the Original Issue Price only) or "annual" (compounded on each anniversary of the issue date).</summary>
    public required string Compounding { get; init; }
    /// <summary>"issue-date": from the date each share was issued.</summary>
    public string From { get; init; } = "issue-date";
    public required string Clause { get; init; }
}

public sealed record SeriesLiquidation
{
    /// <summary>Multiple of the Original Issue Price paid as the preference (1 for Juniper).</summary>
    public required decimal Multiple { get; init; }
    /// <summary>Seniority as OCF reads it: a higher number is paid first; equal numbers are pari passu.</summary>
    public required int Seniority { get; init; }
    public required Participation Participation { get; init; }
    public bool IncludesDeclaredUnpaidDividends { get; init; } = true;
    /// <summary>
    /// A catch-up of the common ahead of this series: after every rank senior to the series is paid, the common
    /// receives this (per common share outstanding, or an aggregate amount) before the series' preference is paid.
    /// </summary>
    public CommonCatchUp? CommonCatchUp { get; init; }
    public required string Clause { get; init; }
}

/// <summary>What the common receives ahead of a series: <see cref="PerShare"/> a common share, or an aggregate <see cref="Amount"/> (exactly one).</summary>
public sealed record CommonCatchUp
{
    public decimal? PerShare { get; init; }
    public decimal? Amount { get; init; }
    public required string Clause { get; init; }
}

public sealed record Participation
{
    /// <summary>"none", "full" or "capped".</summary>
    public required string Kind { get; init; }
    /// <summary>For "capped": total return cap as a multiple of the Original Issue Price.</summary>
    public decimal? CapMultiple { get; init; }
}

public sealed record DividendTerms
{
    public bool PreferredBeforeCommon { get; init; } = true;
    public bool ExceptCommonPaidInCommon { get; init; } = true;
    /// <summary>"same-percentage-of-rate".</summary>
    public string PartialPayment { get; init; } = "same-percentage-of-rate";
    /// <summary>"pro-rata-as-converted" or "none".</summary>
    public string Excess { get; init; } = "pro-rata-as-converted";
    /// <summary>
    /// How a cash declaration meets the arrears of the cumulative series: "before-current-period" (the accrued and
    /// unpaid dividends to the start of the record date's year are paid before the year's rate). Null: a declaration
    /// prefers the year's rate only (the arrears stay accrued, in the liquidation preference).
    /// </summary>
    public ArrearsTerm? Arrears { get; init; }
    public required string Clause { get; init; }
}

/// <summary>Cumulative dividends in arrears are paid first: "before-current-period" (the only value).</summary>
public sealed record ArrearsTerm
{
    public required string Order { get; init; }
    public required string Clause { get; init; }

    public const string BeforeCurrentPeriod = "before-current-period";
}

public sealed record LiquidationTerms
{
    /// <summary>"original-issue-price-times-shares" or "preference-amount".</summary>
    public required Term<string> ShortfallBasis { get; init; }
    public ClauseRef? ResidualToCommon { get; init; }
    /// <summary>
    /// Declared and unpaid dividends of a series that converts at a liquidation: "owed-to-holders-of-record" (null:
    /// the default) or "forfeited". See docs/interpretations.md, "Declared dividends of a converting series".
    /// </summary>
    public string? DividendsOnConversion { get; init; }
    public DeemedLiquidationTerms? DeemedLiquidation { get; init; }
    public NonCashValuationTerms? NonCashValuation { get; init; }
}

public sealed record DeemedLiquidationTerms
{
    public IReadOnlyList<string> Transactions { get; init; } = [];
    public required FractionTerm RetainedVotingEquity { get; init; }
    public required string Clause { get; init; }
}

public sealed record NonCashValuationTerms
{
    public required Term<int> WindowDays { get; init; }
    public required Term<int> WindowEndsDaysBeforeClosing { get; init; }
    /// <summary>The clause for securities traded over the counter, when the charter has one apart from exchange-traded.</summary>
    public ClauseRef? OverTheCounter { get; init; }
    public ApprovalTerm? FairMarketValueApproval { get; init; }
    public ApprovalTerm? RestrictedDiscountApproval { get; init; }
}

/// <summary>A threshold: "more than 1/2", "at least 2/3".</summary>
public record FractionTerm
{
    public required string Fraction { get; init; }
    /// <summary>"at-least" or "more-than".</summary>
    public required string Comparison { get; init; }
    public required string Clause { get; init; }

    [JsonIgnore] public Fraction Value => Money.Fraction.Parse(Fraction);
    [JsonIgnore] public ThresholdComparison Compare => Comparison == "more-than" ? ThresholdComparison.MoreThan : ThresholdComparison.AtLeast;
}

/// <summary>A threshold measured on a base: "preferred-shares", "preferred-voting-power" or "all-votes".</summary>
public record ApprovalTerm : FractionTerm
{
    public required string Base { get; init; }
}

/// <summary>
/// Redemption rights. <see cref="Redeemable"/> false: the preferred "shall not be redeemable" (Juniper FOURTH §5). True:
/// the shares of <see cref="Series"/> are redeemable at the holder's option on or after a date (<see cref="Option"/>), at
/// a price (<see cref="Price"/>), in instalments (<see cref="Instalments"/>); redeemed shares are cancelled and, unless
/// <see cref="RedeemedSharesReissuable"/> says so, never reissued. A redeemable charter must state all four; a
/// non-redeemable one none of them.
/// </summary>
public sealed record RedemptionTerms(bool Redeemable, string Clause)
{
    /// <summary>The series redeemable at the holder's option.</summary>
    public IReadOnlyList<string> Series { get; init; } = [];
    public RedemptionOption? Option { get; init; }
    public RedemptionPriceTerm? Price { get; init; }
    public RedemptionInstalments? Instalments { get; init; }
    /// <summary>Whether redeemed shares return to authorized but unissued shares of the series (false: cancelled and retired).</summary>
    public Term<bool>? RedeemedSharesReissuable { get; init; }
}

/// <summary>"At any time on or after the [fifth] anniversary of the Original Issue Date of <see cref="OriginalIssueDateSeries"/>" (the first issue of that series).</summary>
public sealed record RedemptionOption
{
    public required int YearsAfterOriginalIssueDate { get; init; }
    public required string OriginalIssueDateSeries { get; init; }
    public required string Clause { get; init; }
}

/// <summary>
/// The Redemption Price per share: "original-issue-price-plus-dividends" (the Original Issue Price plus dividends
/// declared but unpaid and, on a cumulative series, accrued but unpaid to the redemption date) or "original-issue-price".
/// </summary>
public sealed record RedemptionPriceTerm
{
    public required string Basis { get; init; }
    public required string Clause { get; init; }

    public const string PlusDividends = "original-issue-price-plus-dividends";
    public const string OriginalIssuePriceOnly = "original-issue-price";
}

/// <summary>
/// The Redemption Dates: the first <see cref="FirstAfterDays"/> days after the request, then every
/// <see cref="IntervalMonths"/> months, <see cref="Count"/> in all; on each, the shares still to redeem divided by the
/// Redemption Dates left (this one included), rounded down to whole shares, the last taking the rest.
/// </summary>
public sealed record RedemptionInstalments
{
    public required int Count { get; init; }
    public required int IntervalMonths { get; init; }
    public int FirstAfterDays { get; init; }
    public required string Clause { get; init; }
}

public sealed record ConversionTerms
{
    public ConversionFormula? Optional { get; init; }
    public FractionalShareTerms? FractionalShares { get; init; }
    public Term<bool>? ConvertedSharesReissuable { get; init; }
    public ClauseRef? Reservation { get; init; }
    public ClauseRef? SplitAdjustment { get; init; }
    /// <summary>The clause requiring a certificate of each adjustment (FOURTH §6(g)(ii) for Juniper).</summary>
    public ClauseRef? AdjustmentCertificate { get; init; }
}

public sealed record ConversionFormula(string Formula, string Clause)
{
    /// <summary>
    /// From when a share may be converted: "after-issue-date" (Juniper FOURTH §6(a)(i): "at any time after the date of
    /// issuance of such share": not on the issue date itself) or "issue-date"; a charter that states nothing is read as
    /// "issue-date" (no restriction is invented).
    /// </summary>
    public string? From { get; init; }

    [System.Text.Json.Serialization.JsonIgnore] public bool OnlyAfterIssueDate => From == "after-issue-date";
}

public sealed record FractionalShareTerms(string Rule, bool AggregatePerHolder, string Clause);

public sealed record AutomaticConversionTerms
{
    public PublicOfferingTrigger? PublicOffering { get; init; }
    public ApprovalTerm? PreferredVote { get; init; }
    /// <summary>Automatic conversion on the vote of one series alone: the series whose holders' threshold triggers it, and what converts.</summary>
    public IReadOnlyList<SeriesVoteConversion> SeriesVotes { get; init; } = [];

    public SeriesVoteConversion? FindSeriesVote(string series) => SeriesVotes.FirstOrDefault(v => v.Series == series);
}

/// <summary>
/// Automatic conversion on the vote (or written consent) of the holders of <see cref="Series"/> alone, measured on that
/// series' shares outstanding: "series" converts that series only, "all-preferred" every series.
/// </summary>
public sealed record SeriesVoteConversion : FractionTerm
{
    public required string Series { get; init; }
    /// <summary>"series" (the voting series only) or "all-preferred".</summary>
    public string Converts { get; init; } = SeriesOnly;

    public const string SeriesOnly = "series";
    public const string AllPreferred = "all-preferred";
}

/// <summary>
/// Pay-to-play: in a Qualified Financing (a financing the Board designates as one, with each holder's pro rata offer
/// recorded), a holder of a series in <see cref="AppliesTo"/> that does not buy its full pro rata share converts all its
/// shares of those series into <see cref="Into"/> at the conversion rate in effect.
/// </summary>
public sealed record PayToPlayTerms
{
    public required IReadOnlyList<string> AppliesTo { get; init; }
    /// <summary>"common" (the common's id), or the id of the shadow series every series without its own <see cref="ShadowSeries"/> converts into.</summary>
    public string Into { get; init; } = "common";
    /// <summary>
    /// The shadow series of each series that has one: a holder that does not play converts each share of the series into
    /// one share of its shadow, a series of the charter identical but for the differences the charter states (typically
    /// no anti-dilution protection), whose conversion price is the series' in effect at its first issue.
    /// </summary>
    public IReadOnlyList<ShadowSeriesTerm> ShadowSeries { get; init; } = [];
    /// <summary>What a holder's shares of <paramref name="series"/> convert into when it does not play: its shadow, else <see cref="Into"/>.</summary>
    public string TargetOf(string series) => ShadowSeries.FirstOrDefault(x => x.Series == series)?.Shadow ?? Into;
    /// <summary>What makes a financing a Qualified Financing: "board-designation" (the Board designates it, recorded).</summary>
    public required QualifiedFinancingTerms QualifiedFinancing { get; init; }
    public required string Clause { get; init; }
}

/// <summary>One series' shadow series under pay-to-play (<see cref="PayToPlayTerms.ShadowSeries"/>).</summary>
public sealed record ShadowSeriesTerm
{
    public required string Series { get; init; }
    public required string Shadow { get; init; }
    public required string Clause { get; init; }
}

public sealed record QualifiedFinancingTerms
{
    /// <summary>"board-designation": the Board designates the financing as a Qualified Financing (the record is required).</summary>
    public string Designation { get; init; } = "board-designation";
    public required string Clause { get; init; }
}

public sealed record PublicOfferingTrigger
{
    public bool FirmCommitment { get; init; } = true;
    public IReadOnlyList<string> ExcludedRegistrations { get; init; } = [];
    public required ComparedAmount MinimumAggregateProceeds { get; init; }
    /// <summary>
    /// "any-series" (any series' price test met converts all) or "each-series" (each on its own); null when the
    /// charter does not choose, and then an offering on which the readings differ is refused until one is chosen.
    /// </summary>
    public string? PriceTestReading { get; init; }
    /// <summary>
    /// "splits-only" (null: the default, the parenthetical read literally) or "conversion-price-in-effect": what moves
    /// the dollar bars of the price test.
    /// </summary>
    public string? BarAdjustment { get; init; }
    public required string Clause { get; init; }
}

public sealed record ComparedAmount
{
    public required decimal Value { get; init; }
    public required string Comparison { get; init; }
    public required string Clause { get; init; }
}

public sealed record ConversionPriceReset
{
    public required string Series { get; init; }
    public required string Trigger { get; init; }
    public required string Anchor { get; init; }
    public required IReadOnlyList<ResetWindow> Windows { get; init; }
    public required string Clause { get; init; }
}

/// <summary>A window that ends either a number of days or a number of calendar months after the anchor date.</summary>
public sealed record ResetWindow
{
    public int? UpToDays { get; init; }
    public int? UpToMonths { get; init; }
    public required decimal PercentOfOfferingPrice { get; init; }
    public required string Clause { get; init; }
}

public sealed record AntiDilutionTerms
{
    /// <summary>"broad-based-weighted-average", "narrow-based-weighted-average", "full-ratchet" or "none".</summary>
    public required string Method { get; init; }
    /// <summary>"nearest-cent".</summary>
    public string Rounding { get; init; } = "nearest-cent";
    public IReadOnlyList<string> AppliesTo { get; init; } = [];
    /// <summary>
    /// Preferred series that are "Convertible Securities" under the charter's definitions (a series added by an
    /// amendment that does not bring it into the defined Preferred Stock): issuing their shares is a deemed issue of
    /// the common they convert into, at the consideration received (the §6(d)(iii)-style deemed issue).
    /// </summary>
    public IReadOnlyList<string> ConvertibleSecuritySeries { get; init; } = [];
    public OriginalIssueDateRule? OriginalIssueDate { get; init; }
    public Term<int>? ShortOptionDays { get; init; }
    /// <summary>
    /// Reading of §6(d)(iii)(C) "upon the expiration of any such Options": "readjusts-like-expiry" (the default when
    /// absent: a cancellation or termination of unexercised deemed-issued options readjusts as an expiry does, as
    /// practitioners read it) or "expiry-only" (the literal text: only an expiry readjusts). docs/interpretations.md.
    /// </summary>
    public string? Cancellation { get; init; }

    [System.Text.Json.Serialization.JsonIgnore] public bool CancellationReadjusts => Cancellation != "expiry-only";

    /// <summary>
    /// Reading of "Additional Shares of Common Stock" (§6(d)(i)(D) in Juniper's numbering) for the exercise, after the
    /// Original Issue Date, of an option or warrant granted on or before it: "additional-shares" (the default when absent:
    /// the literal text, no exclusion covers those shares, so the exercise is an issue tested at its exercise price) or
    /// "excluded" (the reading Charta applied before: an instrument granted before the date never adjusts). docs/interpretations.md.
    /// </summary>
    public string? EarlierInstruments { get; init; }

    [System.Text.Json.Serialization.JsonIgnore] public bool EarlierExercisesAreAdditionalShares => EarlierInstruments != "excluded";
    public IReadOnlyList<Exclusion> Exclusions { get; init; } = [];
    public required string Clause { get; init; }

    public Exclusion? FindExclusion(string id) => Exclusions.FirstOrDefault(e => e.Id == id);

    public const string BroadBased = "broad-based-weighted-average";
    public const string NarrowBased = "narrow-based-weighted-average";
    public const string FullRatchet = "full-ratchet";
    public const string NoProtection = "none";
}

public sealed record OriginalIssueDateRule(string Series, string Clause);

public sealed record Exclusion
{
    public required string Id { get; init; }
    public required string Description { get; init; }
    /// <summary>"none" or "board": whose approval the excluded issuance needs.</summary>
    public string Approval { get; init; } = "none";
    public required string Clause { get; init; }
}

public sealed record VotingTerms
{
    /// <summary>Votes per share of common, for a charter with one class of common (null: common.votesPerShare, else one).</summary>
    public long? CommonVotesPerShare { get; init; }
    public string PreferredBasis { get; init; } = "as-converted";
    public string Rounding { get; init; } = "nearest-whole-vote-after-aggregating-per-holder";
    public string Midpoint { get; init; } = "away-from-zero";
    public required string Clause { get; init; }
}

public sealed record ProtectiveProvision : ApprovalTerm
{
    public required string Id { get; init; }
    public required string Matter { get; init; }
    public bool VotingTogether { get; init; } = true;
    public string? ExemptIfRetainedEquityMoreThan { get; init; }
    /// <summary>A series class vote: the consent is of the holders of this series alone, measured on its shares (base "preferred-shares").</summary>
    public string? Series { get; init; }
    /// <summary>The action (Approvals.Actions) the provision governs; null: the action its <see cref="Id"/> names.</summary>
    public string? Action { get; init; }

    [JsonIgnore] public string Governs => Action ?? Id;
}

public sealed record DirectorTerms(bool CumulativeVoting, string Clause);

public sealed record NoticeTerms
{
    public DeemedLiquidationNotice? DeemedLiquidation { get; init; }
    public DaysTerm? RecordDate { get; init; }
    public MailingTerm? Mailing { get; init; }
}

public sealed record DeemedLiquidationNotice
{
    public required int FirstNoticeDaysBefore { get; init; }
    public required int ClosingAfterFirstNoticeDays { get; init; }
    public required int ClosingAfterMaterialChangeDays { get; init; }
    public ShorteningApproval? Shortening { get; init; }
    public required string Clause { get; init; }
}

public sealed record ShorteningApproval(string Base, string Fraction, string Comparison);

public sealed record DaysTerm(int DaysBefore, string Clause);

public sealed record MailingTerm(int DeemedGivenDaysAfterDeposit, string Clause);
