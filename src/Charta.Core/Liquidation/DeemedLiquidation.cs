using System.Globalization;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Money;
using Charta.Core.Notices;

namespace Charta.Core.Liquidation;

/// <summary>Where a security given as consideration trades (FOURTH §4(d)(ii)(A)(1)-(3)).</summary>
public enum MarketKind
{
    /// <summary>(A)(1) a securities exchange or the Nasdaq National Market: average closing price.</summary>
    Exchange,
    /// <summary>(A)(2) actively traded over the counter: average closing bid or sale price.</summary>
    OverTheCounter,
    /// <summary>(A)(3) no active public market: fair market value approved by the corporation and the preferred.</summary>
    None,
}

/// <summary>A day's closing price; a null price marks a day the market was closed (a holiday).</summary>
public readonly record struct DailyPrice(DateOnly Date, decimal? Close);

/// <summary>A security received as consideration, with what is known about its market.</summary>
public sealed record SecurityConsideration(
    string Name,
    long Shares,
    MarketKind Market,
    IReadOnlyList<DailyPrice>? Prices = null,
    decimal? FairMarketValue = null,
    string? Approval = null,
    decimal DiscountPercent = 0m);

/// <summary>The value of one piece of consideration, with its window and the clause that valued it.</summary>
public sealed record ValuedConsideration(
    string Name,
    long Shares,
    string Method,
    DateOnly? WindowStart,
    DateOnly? WindowEnd,
    int PriceDays,
    decimal PricePerShare,
    decimal DiscountPercent,
    decimal Value,
    string Clause,
    string? Approval);

/// <summary>FOURTH §4(d)(i): whether the transaction is a deemed liquidation.</summary>
public sealed record RetentionTest(decimal RetainedPercent, bool IsDeemedLiquidation, string Reason, string Clause);

/// <summary>What `charta merger` reports: FOURTH §4(d)(i)-(iv) and, when all is in order, the §4 waterfall.</summary>
public sealed record MergerReport(
    RetentionTest Retention,
    decimal Cash,
    IReadOnlyList<ValuedConsideration> Securities,
    decimal TotalConsideration,
    DeemedLiquidationTimeline Notices,
    string Status,
    WaterfallResult? Waterfall)
{
    /// <summary>The charter's deemed-liquidation clause: what values the cash (at its amount).</summary>
    public string Clause { get; init; } = "";
}

/// <summary>FOURTH §4(d): mergers, consolidations and asset sales treated as a liquidation.</summary>
public static class DeemedLiquidation
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static Clause? Cite(string? clause) => clause is null ? null : Clause.Of(clause);

    /// <summary>
    /// FOURTH §4(d)(i): not a liquidation "if the holders of the voting equity securities of the corporation
    /// immediately prior … hold more than 50%" of the survivor's or buyer's voting equity. Exactly 50% is not more than
    /// 50%; the threshold is the charter's exact fraction, compared by cross-multiplication.
    /// </summary>
    public static Result<RetentionTest> Retention(CharterDocument charter, decimal retainedPercent)
    {
        var term = charter.Liquidation?.DeemedLiquidation?.RetainedVotingEquity;
        if (term is null)
            return new Refusal("charter", charter.Id, "states no deemed-liquidation retention threshold (liquidation.deemedLiquidation.retainedVotingEquity): Charta does not assume one");
        var clause = term.Clause;
        if (retainedPercent < 0 || retainedPercent > 100)
            return new Refusal("retained-voting", retainedPercent.ToString(C), "must be a percentage from 0 to 100", Clause.Of(clause));
        var fraction = term.Value;
        var comparison = term.Compare;
        var kept = fraction.IsMet(retainedPercent, 100m, comparison);
        var need = $"{(comparison == ThresholdComparison.MoreThan ? "more than" : "at least")} {fraction.ToDecimal() * 100m:0.##}%";
        return new RetentionTest(retainedPercent, !kept,
            kept ? $"the pre-transaction holders keep {retainedPercent.ToString(C)}% of the voting equity, {need}: not a deemed liquidation"
                 : $"the pre-transaction holders keep {retainedPercent.ToString(C)}% of the voting equity, not {need}: a deemed liquidation",
            clause);
    }

    /// <summary>
    /// FOURTH §4(d)(ii): the value of a security received. Traded securities: the average of the closing prices over
    /// the thirty-day period ending three days before the closing (docs/interpretations.md: 30 calendar days, the last
    /// being closing − 3, averaged over the days with a price; every weekday must have a price or be marked closed).
    /// No market: the approved fair market value. Restricted: less the approved discount (§4(d)(ii)(B)).
    /// </summary>
    public static Result<ValuedConsideration> Value(CharterDocument charter, SecurityConsideration s, DateOnly closing)
    {
        var terms = charter.Liquidation?.NonCashValuation;
        var field = $"security {s.Name}";
        if (terms is null)
            return new Refusal(field, s.Name, "the charter states no valuation of non-cash consideration (liquidation.nonCashValuation): Charta does not assume one");
        var traded = terms.WindowDays.Clause;
        if (s.Shares <= 0) return new Refusal(field, s.Shares.ToString(C), "shares must be positive", Clause.Of(traded));
        if (s.DiscountPercent < 0 || s.DiscountPercent >= 100)
            return new Refusal($"{field} discount", s.DiscountPercent.ToString(C), "must be a percentage from 0 to below 100", Cite(terms.RestrictedDiscountApproval?.Clause));
        if (s.DiscountPercent > 0 && terms.RestrictedDiscountApproval is null)
            return new Refusal($"{field} discount", s.DiscountPercent.ToString(C), "the charter provides no discount for restricted securities (liquidation.nonCashValuation.restrictedDiscountApproval)");

        decimal perShare;
        string method, clause;
        DateOnly? start = null, end = null;
        var days = 0;
        string? approval = s.Approval;
        if (s.Market == MarketKind.None)
        {
            if (terms.FairMarketValueApproval is null)
                return new Refusal($"{field} market", "none", "the charter states no fair-market-value determination (liquidation.nonCashValuation.fairMarketValueApproval)");
            clause = terms.FairMarketValueApproval.Clause;
            if (s.FairMarketValue is not { } fmv)
                return new Refusal($"{field} fmv", "missing", "a security with no active public market needs a fair market value (fmv=V)", Clause.Of(clause));
            if (fmv < 0) return new Refusal($"{field} fmv", fmv.ToString(C), "must not be negative", Clause.Of(clause));
            if (string.IsNullOrWhiteSpace(s.Approval))
                return new Refusal($"{field} approval", "missing",
                    "the fair market value must be mutually determined by the corporation and a majority of the preferred voting power: give the record of approval (approval=TEXT)", Clause.Of(clause));
            perShare = fmv;
            method = "fair market value (no active public market)";
        }
        else
        {
            clause = s.Market == MarketKind.OverTheCounter ? terms.OverTheCounter?.Clause ?? traded : traded;
            var windowDays = terms.WindowDays.Value;
            var endsBefore = terms.WindowEndsDaysBeforeClosing.Value;
            end = closing.AddDays(-endsBefore);
            start = end.Value.AddDays(-(windowDays - 1));
            if (s.Prices is null || s.Prices.Count == 0)
                return new Refusal($"{field} prices", "missing", $"a traded security needs its daily closing prices for {start:yyyy-MM-dd}..{end:yyyy-MM-dd}", Clause.Of(clause));
            var byDay = new Dictionary<DateOnly, decimal?>();
            foreach (var d in s.Prices)
                if (!byDay.TryAdd(d.Date, d.Close))
                    return new Refusal($"{field} prices", d.Date.ToString("yyyy-MM-dd", C), "the date appears twice", Clause.Of(clause));
            decimal sum = 0m;
            for (var d = start.Value; d <= end.Value; d = d.AddDays(1))
            {
                if (byDay.TryGetValue(d, out var close))
                {
                    if (close is { } c)
                    {
                        if (c < 0) return new Refusal($"{field} prices", $"{d:yyyy-MM-dd},{c.ToString(C)}", "a price must not be negative", Clause.Of(clause));
                        sum += c;
                        days++;
                    }
                }
                else if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    return new Refusal($"{field} prices", d.ToString("yyyy-MM-dd", C),
                        $"no closing price for this weekday in the window {start:yyyy-MM-dd}..{end:yyyy-MM-dd} (give a price, or 'closed' for a market holiday)", Clause.Of(clause));
                }
            }

            if (days == 0)
                return new Refusal($"{field} prices", $"{start:yyyy-MM-dd}..{end:yyyy-MM-dd}", "the window has no closing price to average", Clause.Of(clause));
            perShare = sum / days;
            method = s.Market == MarketKind.Exchange
                ? $"average closing price over {days} trading days"
                : $"average closing bid or sale price over {days} trading days";
        }

        var gross = s.Shares * perShare;
        if (s.DiscountPercent > 0)
        {
            clause += ", " + terms.RestrictedDiscountApproval!.Clause;
            method += $", less a {s.DiscountPercent.ToString(C)}% discount for restricted marketability";
        }

        var value = Rounding.ConsiderationToNearestCent(gross * (100m - s.DiscountPercent) / 100m);
        return new ValuedConsideration(s.Name, s.Shares, method, start, end, days, perShare, s.DiscountPercent, value, clause, approval);
    }

    /// <summary>
    /// The whole of FOURTH §4(d) for one transaction: (i) is it a liquidation; (ii) what the consideration is worth;
    /// (iv) do the notices comply; and only then the waterfall. A non-compliant transaction must be postponed or
    /// cancelled (§4(d)(iii)), so no payout is computed for it.
    /// </summary>
    public static Result<MergerReport> Assess(CapTable table, decimal cash, IReadOnlyList<SecurityConsideration> securities, decimal retainedPercent,
        DateOnly closing, DateOnly? meeting, DateOnly? firstNotice, IReadOnlyList<DateOnly> materialChanges, bool shortenedByConsent)
    {
        var dl = table.Charter.Liquidation?.DeemedLiquidation;
        if (cash < 0) return new Refusal("cash", cash.ToString(C), "must not be negative", Cite(dl?.Clause));
        var retention = Retention(table.Charter, retainedPercent);
        if (!retention.IsOk) return retention.Refusal!;
        var valued = new List<ValuedConsideration>();
        foreach (var s in securities)
        {
            var v = Value(table.Charter, s, closing);
            if (!v.IsOk) return v.Refusal!;
            valued.Add(v.Value);
        }

        var total = cash + valued.Sum(v => v.Value);
        if (Waterfall.CheckExit(total, "cash") is { } bad) return bad;
        var checkedNotices = DeemedLiquidationNotices.Check(table.Charter, closing, meeting, firstNotice, materialChanges, shortenedByConsent);
        if (!checkedNotices.IsOk) return checkedNotices.Refusal!;
        var notices = checkedNotices.Value;
        var noticeClause = table.Charter.Notices!.DeemedLiquidation!.Clause;
        var dlClause = dl?.Clause ?? retention.Value.Clause;
        if (!retention.Value.IsDeemedLiquidation)
            return new MergerReport(retention.Value, cash, valued, total, notices, $"not a deemed liquidation: {dlClause} does not apply, no waterfall", null) { Clause = dlClause };
        if (!notices.Complies)
            return new MergerReport(retention.Value, cash, valued, total, notices,
                $"does not comply with {noticeClause}: the closing must be postponed until it complies, or the transaction cancelled with the preferred's rights reverting ({dlClause}); no payout is computed",
                null) { Clause = dlClause };
        var model = LiquidationModel.From(table);
        var w = Waterfall.Solve(model, total);
        if (!w.IsOk) return w.Refusal!;
        return new MergerReport(retention.Value, cash, valued, total, notices,
            $"a deemed liquidation that complies with {noticeClause}: distributed under {model.Clauses.Preference} to {model.Clauses.Residual}", w.Value) { Clause = dlClause };
    }

    /// <summary>
    /// Reads daily prices from CSV text: one "YYYY-MM-DD,PRICE" per line ("closed" for a market holiday); a header
    /// line and blank lines are skipped.
    /// </summary>
    public static Result<IReadOnlyList<DailyPrice>> ParsePrices(string csv, string source)
    {
        var list = new List<DailyPrice>();
        var lineNo = 0;
        foreach (var raw in csv.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(',');
            if (parts.Length < 2) return new Refusal($"{source}:{lineNo}", line, "expected DATE,PRICE");
            if (!DateOnly.TryParseExact(parts[0].Trim(), "yyyy-MM-dd", C, DateTimeStyles.None, out var date))
            {
                if (lineNo == 1 || list.Count == 0 && !char.IsDigit(parts[0].Trim().FirstOrDefault())) continue; // header
                return new Refusal($"{source}:{lineNo}", parts[0], "expected a date YYYY-MM-DD");
            }

            var p = parts[1].Trim();
            if (p.Equals("closed", StringComparison.OrdinalIgnoreCase))
            {
                list.Add(new DailyPrice(date, null));
                continue;
            }

            if (!decimal.TryParse(p, NumberStyles.AllowDecimalPoint, C, out var price))
                return new Refusal($"{source}:{lineNo}", p, "expected a price such as 42.17, or 'closed'");
            list.Add(new DailyPrice(date, price));
        }

        return list;
    }
}
