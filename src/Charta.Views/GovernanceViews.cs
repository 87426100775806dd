using Charta.Core.Covenants;
using Charta.Core.Dividends;
using Charta.Core.Money;
using Charta.Core.Voting;

namespace Charta.Views;

/// <summary>The `--json` documents of `votes`, `approvals` (and `tally`'s outcomes) and `dividend declare`, shared by the CLI and the HTTP API.</summary>
public static class GovernanceViews
{
    /// <summary>`votes --json`; <paramref name="holders"/> keeps the rows shown (a stockholder's own), the totals stay whole.</summary>
    public static object Votes(VoteCount v, Func<string, bool>? holders = null) => new
    {
        recordDate = v.RecordDate,
        clause = v.Clause,
        rounding = $"preferred aggregated per holder, then rounded to the nearest whole vote, midpoint {v.Midpoint}",
        holders = v.Holders.Where(h => holders?.Invoke(h.Name) ?? true).Select(h => new
        {
            name = h.Name, common = h.CommonVotes, commonByClass = h.CommonByClass.Select(k => new { @class = k.Series, shares = k.Shares }),
            preferredShares = h.PreferredShares, preferredBySeries = h.BySeries,
            preferredAsConverted = h.PreferredAsConverted, preferredVotes = h.PreferredVotes, total = h.Total,
        }),
        commonClasses = v.CommonClasses.Select(k => new { @class = k.Class, name = k.Name, shares = k.Shares, votesPerShare = k.VotesPerShare, votes = k.Votes, clause = k.Clause }),
        totals = new { common = v.CommonVotes, preferredShares = v.PreferredShares, preferredVotes = v.PreferredVotes, total = v.TotalVotes },
    };

    /// <summary>`approvals --json`.</summary>
    public static object Approvals(string action, DateOnly? asOf, IEnumerable<ApprovalOutcome> outcomes) =>
        new { action, asOf, approvals = outcomes.Select(Outcome) };

    /// <summary>One approval with its clause, base, threshold and (with consents) whether it is met.</summary>
    public static object Outcome(ApprovalOutcome o) => new
    {
        clause = o.Approval.Clause,
        kind = o.Approval.Kind,
        body = o.Approval.Body,
        @base = o.Approval.Base,
        threshold = o.Approval.Fraction is null ? null : new
        {
            fraction = o.Approval.Fraction,
            comparison = o.Approval.Comparison,
            percent = Percent(o.Approval.Fraction),
        },
        outstanding = o.Approval.Whole,
        needed = o.Approval.Needed,
        applies = o.Approval.Applies,
        consenting = o.Consenting,
        met = o.Met,
        margin = o.Margin,
        note = o.Approval.Note,
    };

    /// <summary>66⅔% style display of an exact fraction ("2/3" → "66 2/3%"); the fraction itself is what is compared.</summary>
    public static string? Percent(string? fraction)
    {
        if (fraction is null) return null;
        var f = Fraction.Parse(fraction);
        var whole = f.Numerator * 100 / f.Denominator;
        var rest = new Fraction(f.Numerator * 100 % f.Denominator, f.Denominator);
        return rest.Numerator == 0 ? $"{whole}%" : $"{whole} {rest}%";
    }

    /// <summary>`dividend declare --json` for a cash dividend; <paramref name="holders"/> keeps the payee rows shown.</summary>
    public static object CashDividend(string id, bool dryRun, DateOnly? payDate, DividendPlan plan, Func<string, bool>? holders = null) => new
    {
        id,
        kind = DividendRules.CashKind,
        dryRun,
        amount = plan.Amount,
        recordDate = plan.RecordDate,
        payDate,
        fullPreferentialAmount = plan.FullPreferentialAmount,
        // The arrears (a cumulative series whose charter pays them first: 0 and no clause otherwise) and the series'
        // dividend rank (0 the most senior; no clause when the charter states no seniority among the series).
        preferential = plan.Preferential.Select(l => new
        {
            series = l.Series, rate = l.Rate, percentOfRate = l.PercentOfRate, perShare = l.PerShare, sharesOutstanding = l.SharesOutstanding, total = l.Total, clause = l.Clause,
            arrears = l.Arrears, arrearsPaid = l.ArrearsPaid, arrearsClause = l.ArrearsClause, rank = l.Rank, rankClause = l.RankClause,
        }),
        excess = new { perAsConvertedShare = plan.Excess.PerAsConvertedShare, asConvertedShares = plan.Excess.AsConvertedShares, total = plan.Excess.Total, clause = plan.Excess.Clause },
        holders = plan.Holders.Where(h => holders?.Invoke(h.Name) ?? true).Select(h => new { name = h.Name, preferential = h.Preferential, excess = h.Excess, total = h.Total }),
        remainderRule = plan.RemainderRule,
        clause = plan.Clause,
    };

    /// <summary>`dividend declare --kind common-stock --json`: outside the preference; a subdivision of the common when paid.</summary>
    public static object StockDividend(string id, bool dryRun, DateOnly recordDate, DateOnly? payDate, decimal newSharesPer, long sharesHeld, long numerator, long denominator, string clause) => new
    {
        id, kind = DividendRules.CommonStockKind, dryRun, recordDate, payDate,
        newSharesPer, sharesHeld, subdivision = $"{numerator}:{denominator}",
        clause,
        note = "a dividend payable in common on the common is outside the preferred's dividend preference; when paid it subdivides the common and every conversion price falls in proportion; it is not an issue of Additional Shares (the split adjustment covers it)",
    };
}
