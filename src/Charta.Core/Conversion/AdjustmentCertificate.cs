using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Conversion;

/// <summary>One series' conversion terms as the certificate states them today.</summary>
public sealed record SeriesInEffect(string Series, string Name, decimal OriginalIssuePrice, decimal ConversionPrice, decimal CommonPerShare, string? ConversionClass,
    IReadOnlyList<OtherProperty> OtherPropertyPerShare);

/// <summary>A holder's preferred and what it would convert into today.</summary>
public sealed record HolderPosition(string Series, long Shares, long CommonOnConversion);

/// <summary>
/// The clauses a certificate's facts cite, from the charter in use: the anti-dilution rules by the charter's clause
/// look-up under its anti-dilution clause (sub-clauses the charter's own text has, else the anti-dilution clause itself),
/// the Original Issue Date and a reset by the clauses the charter names for them.
/// </summary>
public sealed record CertificateCitations(
    string Below,
    string DeemedIssue,
    string DeemedConsideration,
    string ShortOption,
    string Rounding,
    string Reprice,
    string Expiry,
    string Limit,
    string OriginalIssueDate,
    int? ShortOptionDays = null)
{
    public static CertificateCitations Of(CharterDocument charter)
    {
        var anchor = charter.AntiDilution?.Clause;
        string Near(string path) => ClauseLookup.Near(charter, anchor, path) ?? "the charter's anti-dilution terms";
        return new CertificateCitations(
            Near("(ii)"), Near("(iii)"), Near("(v)(B)"), charter.AntiDilution?.ShortOptionDays?.Clause ?? Near("(iii)(E)"), Near("(iv)"),
            Near("(iii)(B)"), Near("(iii)(C)"), Near("(iii)(D)"),
            charter.AntiDilution?.OriginalIssueDate?.Clause ?? Near("(i)(B)"), charter.AntiDilution?.ShortOptionDays?.Value);
    }
}

/// <summary>
/// FOURTH §6(g)(ii): the certificate of the Chief Financial Officer "setting forth such adjustment or readjustment and
/// showing in detail the facts upon which such adjustment or readjustment is based", with (B) the conversion price in
/// effect and (C) the common and other property one share would receive on conversion.
/// </summary>
public sealed record AdjustmentCertificate(
    string Company,
    long EventSequence,
    DateOnly EventDate,
    IReadOnlyList<ConversionPriceChange> Adjustments,
    IReadOnlyList<SeriesInEffect> InEffect,
    DateOnly? AsOf,
    string? Holder,
    IReadOnlyList<HolderPosition> HolderPositions,
    string Clause)
{
    /// <summary>The charter's conversion clause and fractional-share clause, for the certificate's closing note.</summary>
    public string ConversionClause { get; init; } = "";
    public string FractionClause { get; init; } = "";

    /// <summary>The clauses the facts cite, from the charter in use.</summary>
    public CertificateCitations? Citations { get; init; }

    /// <summary>The certificate for the adjustments made by ledger event <paramref name="eventSequence"/>, on the cap table <paramref name="now"/>.</summary>
    public static Result<AdjustmentCertificate> For(CapTable now, long eventSequence, string? holder)
    {
        if (now.Charter.Conversion?.AdjustmentCertificate?.Clause is not { } certificateClause)
            return new Refusal("charter", now.CharterId, "requires no certificate of adjustment (conversion.adjustmentCertificate): Charta does not assume one");
        var changes = now.ConversionPriceHistory.Where(c => c.EventSequence == eventSequence).ToArray();
        if (changes.Length == 0)
        {
            var known = now.ConversionPriceHistory.Select(c => c.EventSequence).Distinct().ToArray();
            return new Refusal("event", eventSequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "made no conversion-price adjustment" + (known.Length > 0 ? $"; events that did: {string.Join(", ", known)}" : "; no event has adjusted a conversion price yet"),
                Charter.Clause.Of(certificateClause));
        }

        if (holder is not null && !now.HasHolder(holder))
            return new Refusal("holder", holder, "is not a stakeholder of the company");

        var inEffect = now.Charter.Series.Select(s => new SeriesInEffect(s.Id, s.Name, s.OriginalIssuePrice.Value, now.ConversionPrice(s.Id),
            now.ConversionRatio(s.Id) * (now.ConversionTarget?.SharesPerCommonShare ?? 1m), now.ConversionTarget?.Class,
            now.ConversionEntitlements.Where(e => e.Series == s.Id).Select(e => new OtherProperty(e.Security, e.AmountPerPreferredShare, e.Date, e.Clause)).ToArray())).ToArray();
        var positions = holder is null ? [] : now.PositionsOf(holder).Where(p => !now.Charter.IsCommon(p.Security))
            .Select(p => new HolderPosition(p.Security, p.Shares, now.AsConverted(p.Security, p.Shares))).ToArray();
        return new AdjustmentCertificate(now.Charter.Company, eventSequence, changes[0].Date, changes, inEffect, now.AsOf, holder, positions, certificateClause)
        {
            ConversionClause = now.Charter.Conversion?.Optional?.Clause ?? "the conversion terms",
            FractionClause = now.Charter.Conversion?.FractionalShares?.Clause ?? "the fractional-share terms",
            Citations = CertificateCitations.Of(now.Charter),
        };
    }
}
