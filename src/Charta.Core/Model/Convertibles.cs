using Charta.Core.Money;

namespace Charta.Core.Model;

/// <summary>Interest on a convertible note, accrued from its issue to the closing.</summary>
public static class NoteInterest
{
    public const string Simple = "simple";
    public const string Compound = "compound";
    public const string Actual365 = "actual/365";
    public const string Thirty360 = "30/360";

    /// <summary>
    /// Years between two dates under a day count: actual/365 is days ÷ 365; 30/360 (US bond basis) counts each month
    /// as 30 days (a 31st is the 30th; an end date on the 31st is the 30th when the start is the 30th or 31st) ÷ 360.
    /// </summary>
    public static decimal YearFraction(DateOnly from, DateOnly to, string dayCount)
    {
        Preconditions.Check(to >= from, "the end date must not be before the start");
        if (dayCount == Actual365) return (decimal)(to.DayNumber - from.DayNumber) / 365m;
        var d1 = Math.Min(from.Day, 30);
        var d2 = to.Day == 31 && d1 == 30 ? 30 : to.Day;
        var days = 360 * (to.Year - from.Year) + 30 * (to.Month - from.Month) + (d2 - d1);
        return days / 360m;
    }

    /// <summary>
    /// Interest to <paramref name="to"/>, to the cent. Simple: principal × rate × years. Compound: compounded annually on
    /// each anniversary of the issue, simple for the part-year since the last anniversary (docs/interpretations.md).
    /// </summary>
    public static decimal Accrued(decimal principal, decimal ratePercent, DateOnly from, DateOnly to, string interest, string dayCount)
    {
        var r = ratePercent / 100m;
        if (interest == Simple) return Rounding.InterestToNearestCent(principal * r * YearFraction(from, to, dayCount));
        var years = 0;
        while (from.AddYears(years + 1) <= to) years++;
        var balance = principal;
        for (var i = 0; i < years; i++) balance *= 1 + r;
        balance *= 1 + r * YearFraction(from.AddYears(years), to, dayCount);
        return Rounding.InterestToNearestCent(balance - principal);
    }
}

/// <summary>How a convertible converts at a given round price: the cap price, the discount price, and the lower of the two.</summary>
public static class ConversionBranch
{
    public const string Cap = "cap";
    public const string Discount = "discount";
    public const string RoundPrice = "round-price";

    /// <summary>
    /// The lower of the cap price (cap ÷ the cap's share count) and the discount price (round price × (1 − discount));
    /// with neither, the round price. Each price is stated to four decimals, rounded down. A tie is reported as "cap".
    /// </summary>
    public static (decimal Price, string Branch, decimal? CapPrice, decimal? DiscountPrice) Choose(decimal roundPrice, decimal? cap, long capShares, decimal? discountPercent)
    {
        decimal? capPrice = cap is { } c && capShares > 0 ? Rounding.ModelPricePerShare(c / capShares) : null;
        decimal? discountPrice = discountPercent is { } d ? Rounding.ModelPricePerShare(roundPrice * (100m - d) / 100m) : null;
        var price = roundPrice;
        var branch = RoundPrice;
        if (discountPrice is { } dp && dp < price) (price, branch) = (dp, Discount);
        if (capPrice is { } cp && cp <= price && cp < roundPrice) (price, branch) = (cp, Cap);
        return (price, branch, capPrice, discountPrice);
    }
}
