using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Money;

namespace Charta.Core.Conversion;

/// <summary>One series' part of a conversion: OIP ÷ CP common per share, before rounding.</summary>
public sealed record ConversionLotQuote(string Series, long Shares, decimal OriginalIssuePrice, decimal ConversionPrice, decimal ExactCommon);

/// <summary>Other property one converting share carries under FOURTH §6(e)(ii).</summary>
public sealed record OtherProperty(string Security, decimal Amount, DateOnly Since, string Clause);

/// <summary>What one conversion gives a holder (FOURTH §6(a)(i), §6(g)(i), §6(e)(ii)).</summary>
public sealed record ConversionQuote(
    string Holder,
    DateOnly Date,
    IReadOnlyList<ConversionLotQuote> Lots,
    decimal ExactCommon,
    long CommonIssued,
    decimal Fraction,
    decimal MarketPricePerCommonShare,
    decimal CashForFraction,
    string? ConversionClass,
    IReadOnlyList<OtherProperty> OtherProperty,
    string Clause);

/// <summary>FOURTH §6(a)(i) and §6(g)(i): a voluntary conversion, priced at the conversion prices in effect.</summary>
public static class Conversions
{
    /// <summary>
    /// The common issued for converting <paramref name="lots"/> at once: Σ shares × OIP ÷ CP, rounded down once over the
    /// whole conversion, and the fraction paid in cash at the Board's current market value per common share.
    /// </summary>
    public static Result<ConversionQuote> Quote(CapTable t, string holder, DateOnly date, IReadOnlyList<ConvertedLot> lots, decimal marketPrice)
    {
        var conversion = t.Charter.Conversion?.Optional?.Clause;
        var fractions = t.Charter.Conversion?.FractionalShares?.Clause;
        if (conversion is null || fractions is null)
            return new Refusal("charter", t.CharterId,
                "states no optional conversion (conversion.optional) or fractional-share rule (conversion.fractionalShares): Charta does not assume one");
        if (!t.HasHolder(holder)) return new Refusal("holder", holder, "is not a stakeholder of the company (add it with 'charta holder add')");
        if (marketPrice < 0) return new Refusal("market-price", marketPrice.ToString(System.Globalization.CultureInfo.InvariantCulture), "must not be negative", Clause.Of(fractions));
        if (lots.Count == 0) return new Refusal("shares", "0", "a conversion needs at least one series and number of shares");
        var quoted = new List<ConversionLotQuote>();
        var exact = Rational.Zero;
        var other = new Dictionary<string, (decimal Amount, DateOnly Since, string Clause)>(StringComparer.Ordinal);
        foreach (var lot in lots)
        {
            var s = t.Charter.FindSeries(lot.Series);
            if (s is null) return new Refusal("series", lot.Series, $"is not a preferred series of {t.Charter.Company} ({string.Join(", ", t.Charter.Series.Select(x => x.Id))})");
            if (lot.Shares <= 0) return new Refusal("shares", lot.Shares.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be a positive number of shares");
            var held = t.SharesHeld(holder, lot.Series);
            if (lot.Shares > held)
                return new Refusal("shares", lot.Shares.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    $"{holder} holds only {held.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} shares of {s.Name} on {date:yyyy-MM-dd}", Clause.Of(conversion));
            var cp = t.ConversionPrice(lot.Series);
            var lotExact = t.ExactCommonOnConversion(lot.Series, lot.Shares);
            exact += lotExact;
            quoted.Add(new ConversionLotQuote(lot.Series, lot.Shares, s.OriginalIssuePrice.Value, cp, lotExact.ToDecimal()));
            foreach (var e in t.ConversionEntitlements.Where(x => x.Series == lot.Series))
            {
                var prev = other.GetValueOrDefault(e.Security, (Amount: 0m, Since: e.Date, Clause: e.Clause));
                other[e.Security] = (prev.Amount + lot.Shares * e.AmountPerPreferredShare, prev.Since, e.Clause);
            }
        }

        var whole = Rounding.RoundDownToWholeShares(exact);
        var fraction = exact - whole;
        return new ConversionQuote(holder, date, quoted, exact.ToDecimal(), whole, fraction.ToDecimal(), marketPrice,
            Rounding.FractionCashToNearestCent(fraction * marketPrice), t.ConversionTarget?.Class,
            other.Select(kv => new OtherProperty(kv.Key, kv.Value.Amount, kv.Value.Since, kv.Value.Clause)).ToArray(),
            $"{conversion}, {fractions}");
    }
}
