using Charta.Core.Charter;

namespace Charta.Core.Ledger;

/// <summary>
/// An ILLUSTRATIVE cap table on a charter, for `charta demo`, tests and benchmarks: every series issued at its fixed
/// number of shares at its Original Issue Price, founders' common and a Board-approved employee option pool.
/// The holders, dates and common figures are invented; only the charter terms are real.
/// </summary>
public static class IllustrativeCompany
{
    public const long FounderCommon = 20_000_000;
    public const long OptionPool = 8_000_000;
    public const decimal OptionStrike = 0.50m;

    public static IReadOnlyList<LedgerEvent> Events(CharterDocument charter, string charterJson)
    {
        var start = new DateOnly(1996, 2, 6);
        var events = new List<LedgerEvent>
        {
            new CompanyCreated(start, charter.Id, charterJson, start),
            new StakeholderAdded(start, "Founders (illustrative)", "individual"),
            new StakeholderAdded(start, "Employee option pool (illustrative)", "plan"),
        };
        events.Add(new SharesIssued(start, "Founders (illustrative)", charter.Common.Id, FounderCommon, 0.01m));

        var date = new DateOnly(1996, 3, 1);
        foreach (var s in charter.Series)
        {
            var investor = $"Series {s.Id} investors (illustrative)";
            events.Add(new StakeholderAdded(start, investor, "investor"));
            events.Add(new SharesIssued(date, investor, s.Id, s.FixedShares.Value, s.OriginalIssuePrice.Value));
            date = date.AddMonths(8);
        }

        var plan = charter.AntiDilution?.FindExclusion("employee-plan");
        events.Add(new InstrumentGranted(new DateOnly(1996, 6, 1), "POOL-1", "Employee option pool (illustrative)", "option", charter.Common.Id,
            OptionPool, OptionStrike, new DateOnly(2006, 6, 1), 0m, plan?.Id, plan is null ? null : "Board-approved 1996 Stock Plan (illustrative)"));
        return events;
    }
}
