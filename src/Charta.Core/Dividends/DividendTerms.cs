using Charta.Core.Charter;

namespace Charta.Core.Dividends;

/// <summary>What a dividend declares per share of each class: the §3 preference, the partial-payment percentage and the excess.</summary>
/// <param name="Amount">The aggregate amount declared, in whole cents.</param>
/// <param name="FullPreferential">Σ over series of rate × shares outstanding: the "full dividends" of FOURTH §3.</param>
/// <param name="Fraction">Preferential paid ÷ full preferential: the "same percentage of the respective dividend rate" (1 when paid in full).</param>
/// <param name="Excess">Declared above the full preferential amount; shared pro rata by common and preferred as converted.</param>
/// <param name="AsConvertedShares">Common outstanding plus every preferred share as converted, exactly (no fractional-share rounding: nothing converts).</param>
public sealed record DividendTerms(
    decimal Amount,
    decimal FullPreferential,
    decimal Preferential,
    decimal Fraction,
    decimal Excess,
    decimal AsConvertedShares,
    IReadOnlyList<SeriesDividendTerms> Series)
{
    /// <summary>Excess per common share, and per common share into which a preferred share converts.</summary>
    public decimal ExcessPerAsConvertedShare => Excess == 0 ? 0 : Excess / AsConvertedShares;

    /// <summary>The charter's dividend clause.</summary>
    public string Clause { get; init; } = "";
}

/// <param name="Rate">The series' annual rate per share (FOURTH §3).</param>
/// <param name="PreferentialPerShare">Rate × the partial-payment fraction.</param>
/// <param name="ConversionRatio">Original Issue Price ÷ conversion price in effect at the record date (FOURTH §6(a)(i)).</param>
public sealed record SeriesDividendTerms(string Series, decimal Rate, long Outstanding, decimal PreferentialPerShare, decimal ConversionRatio, decimal ExcessPerShare)
{
    /// <summary>Everything declared on one share of the series; while unpaid it adds to the liquidation preference (FOURTH §4(a)(ii)).</summary>
    public decimal DeclaredPerShare => PreferentialPerShare + ExcessPerShare;
}

/// <summary>FOURTH §3: the dividend preference of the preferred, computed from the shares outstanding at the record date.</summary>
public static class DividendRules
{
    public const string CashKind = "cash";
    public const string CommonStockKind = "common-stock";

    /// <summary>
    /// §3 "per annum … payable annually", a second cash declaration in the same (calendar) year of record dates: the
    /// preference is what is left unpaid of the year's rates (default; the "same percentage" rule keeps the fraction paid
    /// equal on every series, so what is left is (1 − the fraction already declared) of each rate).
    /// </summary>
    public const string UnpaidPartReading = "unpaid-part";

    /// <summary>The literal alternative: each declaration is a dividend of its own, the full rate preferred again.</summary>
    public const string EachDeclarationReading = "each-declaration";

    /// <summary>The cash dividends declared before <paramref name="recordDate"/> with a record date in its calendar year (in record-date order).</summary>
    public static IReadOnlyList<Ledger.DeclaredDividend> EarlierInTheYear(IEnumerable<Ledger.DeclaredDividend> declared, DateOnly recordDate, string? exceptId = null) =>
        declared.Where(d => d.Kind == CashKind && d.RecordDate.Year == recordDate.Year && d.RecordDate <= recordDate && d.Id != exceptId)
            .OrderBy(d => d.RecordDate).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The fraction of the year's preferential rates the <paramref name="earlier"/> dividends declared (0 to 1): each one's
    /// per-share amount on a series with a rate, over that rate, capped at what was left; exact decimal division.
    /// </summary>
    public static decimal UsedFraction(CharterDocument charter, IEnumerable<Ledger.DeclaredDividend> earlier)
    {
        var used = 0m;
        var rated = charter.Series.FirstOrDefault(s => s.Dividend.RatePerShare > 0);
        if (rated is null) return 0m;
        foreach (var d in earlier)
        {
            if (!d.DeclaredPerShare.TryGetValue(rated.Id, out var perShare)) continue;
            var f = perShare / rated.Dividend.RatePerShare;
            used += Math.Min(f, 1m - used);
            if (used >= 1m) return 1m;
        }

        return used;
    }

    /// <summary>
    /// FOURTH §3: "…prior and in preference to any declaration or payment of any dividend (payable other than in Common
    /// Stock…) on the Common Stock… if less than full dividends are paid… then the same percentage of the respective
    /// dividend rate on each outstanding series… In the event that the Board… shall declare dividends in excess of such
    /// amount, any such dividends shall be paid on a pro rata basis on the outstanding Common Stock and the Preferred
    /// Stock (with the outstanding Preferred Stock sharing in such dividend on an as converted into Common Stock basis)."
    /// </summary>
    /// <param name="usedFraction">The fraction of the year's rates already declared (<see cref="UsedFraction"/>, the unpaid-part
    /// reading of a second declaration): the preference is the rest. 0 for the first declaration of a year.</param>
    public static Result<DividendTerms> Terms(CharterDocument charter, Func<string, long> outstanding, Func<string, Money.ExactPrice> conversionPrice, decimal amount, decimal usedFraction = 0m)
    {
        var clauseText = charter.Dividends?.Clause ?? charter.Series.Select(x => x.Dividend.Clause).FirstOrDefault() ?? "(the charter cites no dividend clause)";
        var clause = Clause.Of(clauseText);
        if (amount <= 0) return new Refusal("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "a dividend must be a positive amount", clause);
        if (decimal.Round(amount, 2, MidpointRounding.AwayFromZero) != amount)
            return new Refusal("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "a cash dividend is declared in whole cents", clause);

        decimal full = 0;
        decimal asConverted = 0;
        foreach (var k in charter.CommonClasses) asConverted += outstanding(k.Id);
        var ratios = new decimal[charter.Series.Count];
        for (var i = 0; i < charter.Series.Count; i++)
        {
            var s = charter.Series[i];
            var n = outstanding(s.Id);
            full += s.Dividend.RatePerShare * n;
            ratios[i] = conversionPrice(s.Id).Quotient(s.OriginalIssuePrice.Value);
            asConverted += n * ratios[i];
        }

        if (asConverted == 0) return new Refusal("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "no shares are outstanding at the record date to receive it", clause);

        // What is left of the year's preference: (1 − used) of every rate (the "same percentage" on each series).
        var payable = usedFraction <= 0 ? full : usedFraction >= 1 ? 0 : full * (1 - usedFraction);
        var preferential = Math.Min(amount, payable);
        var fraction = full == 0 ? 0 : preferential == full ? 1 : preferential / full;
        var excess = amount - preferential;
        // A charter that shares no excess (Excess = "none") cannot declare more than the full preferential amount.
        if (charter.Dividends is { Excess: "none" } && excess > 0)
            return new Refusal("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"exceeds the full preferential amount {payable} and this charter shares no excess", clause);
        var excessPerAsConverted = excess == 0 ? 0 : excess / asConverted;

        var series = new SeriesDividendTerms[charter.Series.Count];
        for (var i = 0; i < charter.Series.Count; i++)
        {
            var s = charter.Series[i];
            var rate = s.Dividend.RatePerShare;
            series[i] = new SeriesDividendTerms(s.Id, rate, outstanding(s.Id), fraction == 1 ? rate : rate * fraction, ratios[i], excessPerAsConverted * ratios[i]);
        }

        return new DividendTerms(amount, payable, preferential, fraction, excess, asConverted, series) { Clause = clauseText };
    }

    /// <summary>
    /// A dividend payable in common on the common is outside the §3 preference ("payable other than in Common Stock")
    /// and is a subdivision of the common by "stock dividend" (FOURTH §6(e)(i)): K new shares for every N held is a
    /// (N + K):N split, and the conversion prices fall in proportion. The new shares are excluded from Additional
    /// Shares of Common Stock by §6(d)(i)(D)(3) (an event adjusted under §6(e)), so there is no second adjustment.
    /// </summary>
    /// <param name="splitClause">The charter's split-adjustment clause (<c>conversion.splitAdjustment</c>), for refusals.</param>
    public static Result<(long Numerator, long Denominator)> StockDividendAsSubdivision(decimal newShares, long perShares, string? splitClause = null)
    {
        Clause? clause = splitClause is null ? null : Clause.Of(splitClause);
        if (newShares <= 0 || decimal.Truncate(newShares) != newShares)
            return new Refusal("amount", newShares.ToString(System.Globalization.CultureInfo.InvariantCulture), "a dividend in common is a whole number of new shares per --per shares held", clause);
        if (perShares <= 0) return new Refusal("per", perShares.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be a positive number of shares held", clause);
        return (checked(perShares + (long)newShares), perShares);
    }

    /// <summary>Cents in a whole-cent amount (the money of a cash dividend is paid to the cent).</summary>
    internal static long Cents(decimal amount) => checked((long)(amount * 100m));

    /// <summary>A whole number of cents as dollars.</summary>
    internal static decimal Dollars(long cents) =>
        cents >= 0 ? new decimal(unchecked((int)cents), unchecked((int)(cents >> 32)), 0, false, 2) : -Dollars(-cents);

}
