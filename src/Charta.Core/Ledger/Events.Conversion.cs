namespace Charta.Core.Ledger;

/// <summary>
/// The terms of an outstanding option or convertible change (FOURTH §6(d)(iii)(B)): a new exercise price and/or a
/// smaller number of shares still issuable (<paramref name="Outstanding"/>; null keeps it). An anti-dilution
/// adjustment made on the instrument's deemed issue is recomputed, within the (D) cap.
/// </summary>
[EventType("instrument-repriced", 1)]
public sealed record InstrumentRepriced(DateOnly Date, string GrantId, decimal ExercisePrice, long? Outstanding = null) : LedgerEvent(Date);

/// <summary>
/// A registration statement is filed with the SEC. <paramref name="Kind"/> is "underwritten-ipo" (a Qualifying
/// Registration Statement for the §6(c) D1 reset), "employee-plan" (S-8) or "rule-145".
/// </summary>
[EventType("registration-filed", 1)]
public sealed record RegistrationFiled(DateOnly Date, string Kind = "underwritten-ipo", string? Reference = null) : LedgerEvent(Date);

/// <summary>
/// A public offering of common closes (FOURTH §6(a)(ii)(a)). The fold applies the §6(c) D1 reset for the last
/// qualifying registration filed, tests each series' price threshold under <paramref name="PriceTestReading"/>
/// (null: the charter's default) and converts the qualifying preferred automatically (§6(b)(ii)); each holder's
/// fraction is paid in cash at <paramref name="FractionPricePerCommonShare"/> (null: the offering price).
/// <para>v2 stores the outcomes: <paramref name="SharesSold"/> common issued to the public (held on the register by
/// <paramref name="PublicHolder"/>) and, per holder, the common and cash delivered on the automatic conversion
/// (<paramref name="Conversions"/>). A v1 event has none: nothing is issued to the public and the conversion is derived.</para>
/// <para>v3 stores what moved the dollar bars of the price test (<paramref name="BarAdjustment"/>: "splits-only" or
/// "conversion-price-in-effect"; decided from the charter when not given). A v1 or v2 event has none and is folded as
/// it was recorded: with the conversion prices in effect.</para>
/// </summary>
[EventType("public-offering-closed", 3)]
[EventType("public-offering-closed", 2)]
[EventType("public-offering-closed", 1)]
public sealed record PublicOfferingClosed(
    DateOnly Date,
    decimal PricePerShare,
    decimal AggregateProceeds,
    string Kind = "firm-commitment",
    string? PriceTestReading = null,
    decimal? FractionPricePerCommonShare = null,
    long? SharesSold = null,
    string? PublicHolder = null,
    IReadOnlyList<HolderConversion>? Conversions = null,
    string? BarAdjustment = null) : LedgerEvent(Date)
{
    /// <summary>The register name of the shares sold in the offering when none is given.</summary>
    public const string DefaultPublicHolder = "Public (offering)";
}

/// <summary>
/// The holders of <paramref name="SharesInFavour"/> preferred shares vote to convert all preferred (FOURTH
/// §6(a)(ii)(b)); at least 2/3 of the preferred outstanding is needed. <paramref name="Approval"/> records the vote.
/// v2 stores each holder's common and fraction cash (<paramref name="Conversions"/>); v1 derives them.
/// </summary>
[EventType("preferred-conversion-voted", 2)]
[EventType("preferred-conversion-voted", 1)]
public sealed record PreferredConversionVoted(DateOnly Date, long SharesInFavour, string Approval, decimal FractionPricePerCommonShare,
    IReadOnlyList<HolderConversion>? Conversions = null) : LedgerEvent(Date);

/// <summary>
/// FOURTH §6(e)(ii): a distribution to the common payable in securities of the company other than common
/// (<paramref name="Security"/>, <paramref name="AmountPerCommonShare"/> per common share). The preferred's
/// entitlement on conversion is recorded; conversion prices do not move.
/// </summary>
[EventType("other-securities-distributed", 1)]
public sealed record OtherSecuritiesDistributed(DateOnly Date, string Security, decimal AmountPerCommonShare) : LedgerEvent(Date);

/// <summary>
/// FOURTH §6(e)(iii): the common issuable on conversion is changed into <paramref name="SharesPerCommonShare"/> shares
/// of <paramref name="NewClass"/> per common share (a reclassification other than a split).
/// </summary>
[EventType("common-reclassified", 1)]
public sealed record CommonReclassified(DateOnly Date, string NewClass, decimal SharesPerCommonShare) : LedgerEvent(Date);

/// <summary>
/// FOURTH §6(d)(v)(A)(3): <paramref name="Shares"/> of common issued together with <paramref name="OtherItems"/> (other
/// shares, securities or assets) for one <paramref name="TotalConsideration"/>; the Board's good-faith allocation of
/// <paramref name="AllocatedToCommon"/> to the common is the consideration for the anti-dilution test, and
/// <paramref name="Approval"/> is its record.
/// </summary>
[EventType("shares-issued-mixed-consideration", 1)]
public sealed record SharesIssuedForMixedConsideration(
    DateOnly Date,
    string Holder,
    long Shares,
    decimal TotalConsideration,
    decimal AllocatedToCommon,
    string OtherItems,
    string Approval) : LedgerEvent(Date);

/// <summary>
/// The holders of one series vote (or consent in writing) to convert (the charter's
/// <c>automaticConversion.seriesVotes</c>): <paramref name="SharesInFavour"/> shares of <paramref name="Series"/> in
/// favour, measured on that series' shares outstanding alone. What converts (the series, or every series) is the
/// charter's; each holder's common and fraction cash are the stored outcome (<paramref name="Conversions"/>).
/// </summary>
[EventType("series-conversion-voted", 1)]
public sealed record SeriesConversionVoted(DateOnly Date, string Series, long SharesInFavour, string Approval, decimal FractionPricePerCommonShare,
    IReadOnlyList<HolderConversion>? Conversions = null) : LedgerEvent(Date);

/// <summary>One holder's pro rata offer in a Qualified Financing and what it bought (shares of the new securities).</summary>
public sealed record ProRataTakeup(string Holder, long Offered, long Purchased)
{
    public bool Plays => Purchased >= Offered;
}

/// <summary>
/// A Qualified Financing closes (the charter's <c>payToPlay</c>): <paramref name="Designation"/> records the Board's
/// designation, <paramref name="Takeup"/> each holder of the series subject to pay-to-play with its pro rata offer and
/// the shares it bought (the facts). A holder that bought less than its offer converts all its shares of those series
/// at the conversion rate in effect; each such holder's common and fraction cash are the stored outcome
/// (<paramref name="Conversions"/>). The new securities themselves are recorded by their own issues.
/// <para>v2: a series the charter gives a shadow series (payToPlay.shadowSeries, or into) converts share for share into
/// it instead; the shadow shares each holder received are stored too (<paramref name="Shadows"/>). v1 events have none.</para>
/// </summary>
[EventType("qualified-financing-closed", 2)]
[EventType("qualified-financing-closed", 1)]
public sealed record QualifiedFinancingClosed(DateOnly Date, string Financing, string Designation, IReadOnlyList<ProRataTakeup> Takeup,
    decimal FractionPricePerCommonShare, IReadOnlyList<HolderConversion>? Conversions = null, IReadOnlyList<ShadowConversion>? Shadows = null) : LedgerEvent(Date);

/// <summary>What one holder received in a pay-to-play conversion into a shadow series: <paramref name="Shares"/> of <paramref name="Shadow"/> for as many of <paramref name="Series"/> (a stored fact).</summary>
public sealed record ShadowConversion(string Holder, string Series, string Shadow, long Shares);
