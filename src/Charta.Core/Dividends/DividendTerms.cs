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

    /// <summary>Per dividend rank (most senior first, <see cref="DividendRules.Ranks"/>): what the declaration pays on its arrears (whole cents).</summary>
    public IReadOnlyList<decimal> RankArrearsPaid { get; init; } = [];

    /// <summary>Per dividend rank: what the declaration pays on the year's rates (exact; whole cents unless an earlier declaration left a fraction).</summary>
    public IReadOnlyList<decimal> RankRatePaid { get; init; } = [];
}

/// <param name="Rate">The series' annual rate per share (FOURTH §3).</param>
/// <param name="PreferentialPerShare">Rate × the partial-payment fraction of the series' rank (the current period's part).</param>
/// <param name="ConversionRatio">Original Issue Price ÷ conversion price in effect at the record date (FOURTH §6(a)(i)).</param>
public sealed record SeriesDividendTerms(string Series, decimal Rate, long Outstanding, decimal PreferentialPerShare, decimal ConversionRatio, decimal ExcessPerShare)
{
    /// <summary>The series' dividend rank, 0 the most senior (every series 0 when the charter states no dividend seniority).</summary>
    public int Rank { get; init; }

    /// <summary>The fraction of the rate this declaration pays (the "same percentage of the respective dividend rate" within the rank).</summary>
    public decimal RateFraction { get; init; }

    /// <summary>The series' cumulative dividends in arrears at the record date, to the cent (0 unless the charter pays arrears first).</summary>
    public decimal Arrears { get; init; }

    /// <summary>The fraction of the arrears this declaration pays (1 when in full; the same on every series of the rank).</summary>
    public decimal ArrearsFraction { get; init; }

    /// <summary>What the declaration pays on the series' arrears: <see cref="Arrears"/> × <see cref="ArrearsFraction"/>, exact.</summary>
    public decimal ArrearsPaid => ArrearsFraction == 1 ? Arrears : Arrears * ArrearsFraction;

    /// <summary>Everything declared on one share of the series; while unpaid it adds to the liquidation preference (FOURTH §4(a)(ii)).</summary>
    public decimal DeclaredPerShare => (Outstanding == 0 || ArrearsPaid == 0 ? 0m : ArrearsPaid / Outstanding) + PreferentialPerShare + ExcessPerShare;
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
    /// The fraction of the year's preferential rates the <paramref name="earlier"/> dividends declared (0 to 1), on the
    /// first series with a rate (the same on every series when they rank together; see <see cref="UsedFractions"/>).
    /// </summary>
    public static decimal UsedFraction(CharterDocument charter, IEnumerable<Ledger.DeclaredDividend> earlier)
    {
        var rated = charter.Series.FirstOrDefault(s => s.Dividend.RatePerShare > 0);
        return rated is null ? 0m : UsedFractions(charter, earlier)(rated.Id);
    }

    /// <summary>
    /// Per series, the fraction of its year's rate the <paramref name="earlier"/> dividends paid (0 to 1): each one's
    /// rate part per share (its <see cref="Ledger.DeclaredDividend.RatePaidPerShare"/>; before it was kept, everything
    /// declared per share) over the rate, capped at what was left; exact decimal division.
    /// </summary>
    public static Func<string, decimal> UsedFractions(CharterDocument charter, IEnumerable<Ledger.DeclaredDividend> earlier)
    {
        var list = earlier.ToList();
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var s in charter.Series)
        {
            var rate = s.Dividend.RatePerShare;
            if (rate <= 0) continue;
            var used = 0m;
            foreach (var d in list)
            {
                var perShare = d.RatePaidPerShare is { } rp ? rp.GetValueOrDefault(s.Id) : d.DeclaredPerShare.GetValueOrDefault(s.Id);
                used += Math.Min(perShare / rate, 1m - used);
                if (used >= 1m) break;
            }

            result[s.Id] = Math.Min(used, 1m);
        }

        return id => result.GetValueOrDefault(id);
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
    public static Result<DividendTerms> Terms(CharterDocument charter, Func<string, long> outstanding, Func<string, Money.ExactPrice> conversionPrice, decimal amount, decimal usedFraction = 0m) =>
        Terms(charter, outstanding, conversionPrice, amount, _ => usedFraction, null);

    /// <summary>
    /// As above, with the charter's order of payment: the series' dividend ranks (<see cref="Ranks"/>), most senior first;
    /// in each rank first the arrears of its cumulative series (<paramref name="arrears"/>: each series' arrears at the
    /// record date to the cent, when the charter pays arrears first), pro rata to the arrears, then the year's rates
    /// (less <paramref name="used"/>, the fraction of each series' rate the year's earlier declarations paid), the same
    /// percentage of the rate on each series of the rank; what is left is the excess.
    /// </summary>
    public static Result<DividendTerms> Terms(CharterDocument charter, Func<string, long> outstanding, Func<string, Money.ExactPrice> conversionPrice, decimal amount,
        Func<string, decimal> used, Func<string, decimal>? arrears)
    {
        var clauseText = charter.Dividends?.Clause ?? charter.Series.Select(x => x.Dividend.Clause).FirstOrDefault() ?? "(the charter cites no dividend clause)";
        var clause = Clause.Of(clauseText);
        if (amount <= 0) return new Refusal("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "a dividend must be a positive amount", clause);
        if (decimal.Round(amount, 2, MidpointRounding.AwayFromZero) != amount)
            return new Refusal("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "a cash dividend is declared in whole cents", clause);

        var count = charter.Series.Count;
        decimal full = 0;
        decimal asConverted = 0;
        foreach (var k in charter.CommonClasses) asConverted += outstanding(k.Id);
        var ratios = new decimal[count];
        var n = new long[count];
        for (var i = 0; i < count; i++)
        {
            var s = charter.Series[i];
            n[i] = outstanding(s.Id);
            full += s.Dividend.RatePerShare * n[i];
            ratios[i] = conversionPrice(s.Id).Quotient(s.OriginalIssuePrice.Value);
            asConverted += n[i] * ratios[i];
        }

        if (asConverted == 0) return new Refusal("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "no shares are outstanding at the record date to receive it", clause);

        var rankOf = new int[count];
        var rateFraction = new decimal[count];
        var arrearsOf = new decimal[count];
        var arrearsFraction = new decimal[count];
        var left = amount;
        decimal payableTotal = 0m;
        var ranks = Ranks(charter);
        var rankArrearsPaid = new decimal[ranks.Count];
        var rankRatePaid = new decimal[ranks.Count];
        for (var r = 0; r < ranks.Count; r++)
        {
            // The rank's arrears first, pro rata to each series' arrears.
            decimal rankArrears = 0m;
            foreach (var i in ranks[r])
            {
                rankOf[i] = r;
                var s = charter.Series[i];
                arrearsOf[i] = arrears is not null && n[i] > 0 && s.Dividend.IsCumulative ? arrears(s.Id) : 0m;
                rankArrears += arrearsOf[i];
            }

            var paidArrears = Math.Min(left, rankArrears);
            var fa = rankArrears == 0 ? 0m : paidArrears == rankArrears ? 1m : paidArrears / rankArrears;
            foreach (var i in ranks[r]) arrearsFraction[i] = arrearsOf[i] == 0 ? 0m : fa;
            left -= paidArrears;
            rankArrearsPaid[r] = paidArrears;

            // Then what is left unpaid of the year's rates: (1 − used) of each rate, the same percentage on every series of the rank.
            decimal rankFull = 0m;
            foreach (var i in ranks[r]) rankFull += charter.Series[i].Dividend.RatePerShare * n[i];
            var u = ranks[r].Select(i => charter.Series[i]).Where(x => x.Dividend.RatePerShare > 0).Select(x => used(x.Id)).FirstOrDefault();
            var payable = u <= 0 ? rankFull : u >= 1 ? 0 : rankFull * (1 - u);
            var paid = Math.Min(left, payable);
            var f = rankFull == 0 ? 0 : paid == rankFull ? 1 : paid / rankFull;
            foreach (var i in ranks[r]) rateFraction[i] = f;
            left -= paid;
            rankRatePaid[r] = paid;
            payableTotal += payable + rankArrears;
        }

        var preferential = amount - left;
        var excess = left;
        // A charter that shares no excess (Excess = "none") cannot declare more than the full preferential amount.
        if (charter.Dividends is { Excess: "none" } && excess > 0)
            return new Refusal("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"exceeds the full preferential amount {payableTotal} and this charter shares no excess", clause);
        var excessPerAsConverted = excess == 0 ? 0 : excess / asConverted;

        var series = new SeriesDividendTerms[count];
        for (var i = 0; i < count; i++)
        {
            var s = charter.Series[i];
            var rate = s.Dividend.RatePerShare;
            var fr = rateFraction[i];
            series[i] = new SeriesDividendTerms(s.Id, rate, n[i], fr == 1 ? rate : rate * fr, ratios[i], excessPerAsConverted * ratios[i])
            {
                Rank = rankOf[i], RateFraction = fr, Arrears = arrearsOf[i], ArrearsFraction = arrearsFraction[i],
            };
        }

        // The one fraction of the rates paid (the same on every series when they rank together): the junior-most rank's with a rate.
        var fraction = full == 0 ? 0 : series.Where(x => x.Rate > 0 && x.Outstanding > 0).Select(x => x.RateFraction).DefaultIfEmpty(0m).Min();
        return new DividendTerms(amount, payableTotal, preferential, fraction, excess, asConverted, series)
        {
            Clause = clauseText, RankArrearsPaid = rankArrearsPaid, RankRatePaid = rankRatePaid,
        };
    }

    /// <summary>
    /// The series' dividend ranks, most senior first (series indexes in charter order within a rank): by
    /// <c>dividend.seniority</c>, a higher number first; one rank of every series when the charter states none.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> Ranks(CharterDocument charter) =>
        Enumerable.Range(0, charter.Series.Count)
            .GroupBy(i => charter.Series[i].Dividend.Seniority?.Value ?? 0)
            .OrderByDescending(g => g.Key)
            .Select(g => (IReadOnlyList<int>)g.ToArray())
            .ToArray();

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
